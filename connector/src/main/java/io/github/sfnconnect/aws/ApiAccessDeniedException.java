package io.github.sfnconnect.aws;

import org.apache.kafka.connect.errors.ConnectException;

/** Step Functions refused a call for want of a permission: retrying cannot fix it, a policy change can. */
public final class ApiAccessDeniedException extends ConnectException {

    private static final long serialVersionUID = 1L;

    public ApiAccessDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}
