package io.github.sfnconnect.emulator;

/** A Step Functions API error: sent on the wire as {@code {"__type": errorType, "message": message}}. */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ErrorType type;

    ApiException(ErrorType type, String message) {
        super(type.wireName() + ": " + message);
        this.type = type;
    }

    /** The error name as the API spells it, e.g. {@code ExecutionDoesNotExist}. */
    public String errorType() {
        return type.wireName();
    }

    /** The message without the error-name prefix, as sent in the {@code message} member. */
    public String apiMessage() {
        return getMessage().substring(type.wireName().length() + 2);
    }

    ErrorType type() {
        return type;
    }
}
