package io.github.sfnconnect.aws;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * {@code DescribeExecution} could not decrypt an execution's data with the state machine's customer managed KMS key:
 * the connector's credentials may not use it ({@code KmsAccessDeniedException}), or it is disabled or pending
 * deletion ({@code KmsInvalidStateException}). Retrying cannot help; the message says what can.
 */
public final class KmsKeyException extends ConnectException {

    private static final long serialVersionUID = 1L;

    private final String errorCode;

    KmsKeyException(String message, String errorCode, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    public String errorCode() {
        return errorCode;
    }
}
