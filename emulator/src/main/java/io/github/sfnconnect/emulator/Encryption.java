package io.github.sfnconnect.emulator;

/**
 * A state machine's EncryptionConfiguration (API reference, "EncryptionConfiguration"): {@code type}
 * {@code AWS_OWNED_KEY} or {@code CUSTOMER_MANAGED_KMS_KEY}, the key for the latter, and how long a data key is
 * reused (60 to 900 seconds, customer managed keys only; null when not given).
 */
record Encryption(String type, String kmsKeyId, Integer kmsDataKeyReusePeriodSeconds) {
    static final String AWS_OWNED_KEY = "AWS_OWNED_KEY";
    static final String CUSTOMER_MANAGED_KMS_KEY = "CUSTOMER_MANAGED_KMS_KEY";
    /** What a state machine created without an encryptionConfiguration has. */
    static final Encryption AWS_OWNED = new Encryption(AWS_OWNED_KEY, null, null);

    /** The member constraints, then the rules between members, which the service reports as an invalid configuration. */
    static Encryption validated(String type, String kmsKeyId, Integer reusePeriod) {
        if (type == null) {
            throw Constraints.violation("encryptionConfiguration.type", null, "Member must not be null");
        }
        Constraints.oneOf("encryptionConfiguration.type", type,
                java.util.List.of(AWS_OWNED_KEY, CUSTOMER_MANAGED_KMS_KEY));
        if (kmsKeyId != null) {
            Constraints.length("encryptionConfiguration.kmsKeyId", kmsKeyId, 1, 2048);
        }
        if (reusePeriod != null) {
            Constraints.range("encryptionConfiguration.kmsDataKeyReusePeriodSeconds", reusePeriod, 60, 900);
        }
        if (type.equals(CUSTOMER_MANAGED_KMS_KEY) && kmsKeyId == null) {
            throw new ApiException(ErrorType.INVALID_ENCRYPTION_CONFIGURATION,
                    "kmsKeyId is required when the type is " + CUSTOMER_MANAGED_KMS_KEY);
        }
        if (type.equals(AWS_OWNED_KEY) && (kmsKeyId != null || reusePeriod != null)) {
            throw new ApiException(ErrorType.INVALID_ENCRYPTION_CONFIGURATION,
                    "kmsKeyId and kmsDataKeyReusePeriodSeconds apply only to " + CUSTOMER_MANAGED_KMS_KEY);
        }
        return new Encryption(type, kmsKeyId, reusePeriod);
    }

    boolean customerManaged() {
        return type.equals(CUSTOMER_MANAGED_KMS_KEY);
    }
}
