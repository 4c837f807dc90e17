package io.github.sfnconnect.config;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Where a state machine's stream begins when the connector has no stored offsets for it:
 * {@code latest} (executions started from the first start on), {@code earliest} (all retained history),
 * or an ISO-8601 instant (executions started at or after it).
 */
public record InitialPosition(Kind kind, Instant timestamp) {

    public enum Kind { LATEST, EARLIEST, TIMESTAMP }

    public static final String LATEST = "latest";
    public static final String EARLIEST = "earliest";

    public static InitialPosition parse(String value) {
        String v = value == null ? "" : value.trim();
        switch (v.toLowerCase(Locale.ROOT)) {
            case LATEST:
                return new InitialPosition(Kind.LATEST, null);
            case EARLIEST:
                return new InitialPosition(Kind.EARLIEST, null);
            default:
                try {
                    return new InitialPosition(Kind.TIMESTAMP, Instant.parse(v));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("'" + value + "' is neither '" + LATEST + "', '" + EARLIEST
                            + "' nor an ISO-8601 UTC instant such as 2026-01-31T00:00:00Z");
                }
        }
    }

    /** The earliest start date, in epoch ms, of the executions to emit, given the time of the first start. */
    public long sinceMs(long nowMs) {
        return switch (kind) {
            case LATEST -> nowMs;
            case EARLIEST -> 0L;
            case TIMESTAMP -> timestamp.toEpochMilli();
        };
    }
}
