package io.github.sfnconnect.aws;

import org.apache.kafka.connect.errors.RetriableException;

/** A {@code nextToken} was refused (tokens expire after 24 hours): the listing must start again from the top. */
public class PageTokenExpiredException extends RetriableException {

    public PageTokenExpiredException(String message, Throwable cause) {
        super(message, cause);
    }
}
