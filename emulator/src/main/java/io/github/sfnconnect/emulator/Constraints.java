package io.github.sfnconnect.emulator;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Checks of the API model's member constraints, failing with the service's ValidationException wording. */
final class Constraints {
    private Constraints() {
    }

    static ApiException violation(String field, Object value, String constraint) {
        String shown = value == null ? "null" : "'" + value + "'";
        return new ApiException(ErrorType.VALIDATION,
                "1 validation error detected: Value " + shown + " at '" + field
                        + "' failed to satisfy constraint: " + constraint);
    }

    /** Length in UTF-16 code units would miscount non-BMP text: the model counts characters. */
    static void length(String field, String value, int min, int max) {
        int length = value.codePointCount(0, value.length());
        if (length < min) {
            throw violation(field, value, "Member must have length greater than or equal to " + min);
        }
        if (length > max) {
            throw violation(field, value, "Member must have length less than or equal to " + max);
        }
    }

    /** Payload limits are documented in bytes of UTF-8; the value is not echoed back because it may be huge. */
    static void utf8Bytes(String field, String value, int max) {
        if (value.getBytes(StandardCharsets.UTF_8).length > max) {
            throw new ApiException(ErrorType.VALIDATION,
                    "1 validation error detected: Value at '" + field
                            + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
        }
    }

    static void range(String field, int value, int min, int max) {
        if (value < min) {
            throw violation(field, value, "Member must have value greater than or equal to " + min);
        }
        if (value > max) {
            throw violation(field, value, "Member must have value less than or equal to " + max);
        }
    }

    static void oneOf(String field, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw violation(field, value, "Member must satisfy enum value set: " + allowed);
        }
    }

    static void ascii(String field, String value) {
        if (!value.chars().allMatch(c -> c < 128)) {
            throw violation(field, value, "Member must satisfy regular expression pattern: \\p{ASCII}*");
        }
    }
}
