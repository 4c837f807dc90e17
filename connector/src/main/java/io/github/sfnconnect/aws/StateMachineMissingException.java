package io.github.sfnconnect.aws;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * Step Functions says the state machine (or the version or alias named) does not exist. Fatal for a state machine
 * never seen (a wrong ARN); for one the connector already streamed, it was deleted, and infrastructure tools often
 * create it again under the same name, so the caller may wait for it instead.
 */
public final class StateMachineMissingException extends ConnectException {

    private static final long serialVersionUID = 1L;

    public StateMachineMissingException(String message, Throwable cause) {
        super(message, cause);
    }
}
