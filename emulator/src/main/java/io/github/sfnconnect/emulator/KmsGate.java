package io.github.sfnconnect.emulator;

import java.util.Map;

/**
 * Where the service would call KMS for a customer managed key, the KMS faults switched on in {@link Faults} answer
 * instead: throttling first (KMS rejects over-rate calls before looking at the key), then access denied, then a
 * key in a state that cannot be used. HTTP calls only; AWS-owned keys never fail.
 */
final class KmsGate {
    private final Faults faults;

    KmsGate(Faults faults) {
        this.faults = faults;
    }

    /**
     * Throws the error the service would send for {@code action}, which needs {@code kmsOperation} (e.g.
     * {@code kms:Decrypt}) on the state machine's key; does nothing for AWS-owned keys or with no KMS fault on.
     */
    void check(String action, String kmsOperation, Encryption encryption) {
        if (encryption == null || !encryption.customerManaged()) {
            return;
        }
        String key = encryption.kmsKeyId();
        if (faults.dice().roll(Dice.Stream.KMS_THROTTLING, faults.kmsThrottlingProbability())) {
            throw fired(action, new ApiException(ErrorType.KMS_THROTTLING,
                    "Rate exceeded for " + kmsOperation + " on KMS key '" + key + "'"));
        }
        if (faults.kmsAccessDeniedFor(key)) {
            throw fired(action, new ApiException(ErrorType.KMS_ACCESS_DENIED,
                    "Access denied: Step Functions is not authorized to perform " + kmsOperation
                            + " on KMS key '" + key + "'"));
        }
        Faults.KmsKeyState state = faults.kmsKeyStateOf(key);
        if (state != null) {
            throw fired(action, new ApiException(ErrorType.KMS_INVALID_STATE,
                    "KMS key '" + key + "' is " + state.describe() + ", so " + kmsOperation + " cannot use it",
                    Map.of("kmsKeyState", state.name())));
        }
    }

    private ApiException fired(String action, ApiException error) {
        faults.injected(error.errorType(), action);
        return error;
    }
}
