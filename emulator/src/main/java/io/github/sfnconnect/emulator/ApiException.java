package io.github.sfnconnect.emulator;

import java.util.Map;

/** A Step Functions API error: sent on the wire as {@code {"__type": errorType, "message": message}}. */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ErrorType type;
    private final transient Map<String, String> members;

    ApiException(ErrorType type, String message) {
        this(type, message, Map.of());
    }

    /** An error whose shape has members besides the message, e.g. KmsInvalidStateException's kmsKeyState. */
    ApiException(ErrorType type, String message, Map<String, String> members) {
        super(type.wireName() + ": " + message);
        this.type = type;
        this.members = Map.copyOf(members);
    }

    /** The error shape's members other than the message, e.g. {@code kmsKeyState}; usually empty. */
    public Map<String, String> members() {
        return members;
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
