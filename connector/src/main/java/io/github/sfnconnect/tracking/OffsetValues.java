package io.github.sfnconnect.tracking;

import java.util.Map;

/** Reading values back from the offset store, where numbers come back as Integer or Long depending on size. */
final class OffsetValues {

    private OffsetValues() {
    }

    static long requireLong(Map<String, ?> offset, String key, Object partition) {
        Object value = offset.get(key);
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException(String.format(
                "Source offset %s for source partition %s has an invalid value %s for the '%s' key, which must be a number",
                offset, partition, value, key));
    }

    static String requireString(Map<String, ?> offset, String key, Object partition) {
        Object value = offset.get(key);
        if (value instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(String.format(
                "Source offset %s for source partition %s has an invalid value %s for the '%s' key, which must be a string",
                offset, partition, value, key));
    }
}
