package io.github.sfnconnect.record;

/**
 * How large the payload fields (input, output, error, cause) of one record may be, and what to do with an
 * execution whose payloads are larger: fail the task naming it, or cut input and output and flag them.
 */
public record PayloadLimit(int maxBytes, boolean truncate) {

    public static final PayloadLimit NONE = new PayloadLimit(Integer.MAX_VALUE, false);
}
