package io.github.sfnconnect.emulator;

/** The error names this emulator returns in {@code __type}, with their HTTP status codes. */
enum ErrorType {
    CONFLICT("ConflictException", 409),
    EXECUTION_ALREADY_EXISTS("ExecutionAlreadyExists", 400),
    EXECUTION_DOES_NOT_EXIST("ExecutionDoesNotExist", 400),
    EXECUTION_NOT_REDRIVABLE("ExecutionNotRedrivable", 400),
    INVALID_ARN("InvalidArn", 400),
    INVALID_DEFINITION("InvalidDefinition", 400),
    INVALID_ENCRYPTION_CONFIGURATION("InvalidEncryptionConfiguration", 400),
    INVALID_EXECUTION_INPUT("InvalidExecutionInput", 400),
    INVALID_NAME("InvalidName", 400),
    INVALID_TOKEN("InvalidToken", 400),
    KMS_ACCESS_DENIED("KmsAccessDeniedException", 400),
    KMS_INVALID_STATE("KmsInvalidStateException", 400),
    KMS_THROTTLING("KmsThrottlingException", 400),
    MISSING_REQUIRED_PARAMETER("MissingRequiredParameter", 400),
    RESOURCE_NOT_FOUND("ResourceNotFound", 400),
    SERVICE_QUOTA_EXCEEDED("ServiceQuotaExceededException", 402),
    STATE_MACHINE_ALREADY_EXISTS("StateMachineAlreadyExists", 400),
    STATE_MACHINE_DELETING("StateMachineDeleting", 400),
    STATE_MACHINE_DOES_NOT_EXIST("StateMachineDoesNotExist", 400),
    STATE_MACHINE_TYPE_NOT_SUPPORTED("StateMachineTypeNotSupported", 400),
    TOO_MANY_TAGS("TooManyTags", 400),
    VALIDATION("ValidationException", 400),
    SERIALIZATION("SerializationException", 400),
    UNKNOWN_OPERATION("UnknownOperationException", 400),
    // common errors of every AWS service, sent here only as injected faults
    THROTTLING("ThrottlingException", 400),
    INTERNAL_FAILURE("InternalFailure", 500),
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503);

    private final String wireName;
    private final int httpStatus;

    ErrorType(String wireName, int httpStatus) {
        this.wireName = wireName;
        this.httpStatus = httpStatus;
    }

    String wireName() {
        return wireName;
    }

    int httpStatus() {
        return httpStatus;
    }
}
