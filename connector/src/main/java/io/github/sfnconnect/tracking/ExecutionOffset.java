package io.github.sfnconnect.tracking;

import java.util.Map;

import io.github.sfnconnect.model.ExecutionStatus;

/**
 * The source offset of an execution: the state last recorded for it. A listed execution whose status, redrive count
 * and start date equal these was already recorded in that state and is neither described nor emitted again.
 * <p>
 * The start date tells two lives of one ARN apart: Step Functions lets a name be used again 90 days after its
 * execution closed, and a state machine deleted and created again under the same name reuses its ARNs. Offsets of
 * version 1 have no start date ({@link #UNKNOWN_START}) and match any.
 */
public record ExecutionOffset(ExecutionStatus status, int redriveCount, long startMs) {

    public static final long UNKNOWN_START = Long.MIN_VALUE;

    static final String VERSION_KEY = "v";
    static final String STATUS_KEY = "status";
    static final String REDRIVE_COUNT_KEY = "redrive_count";
    static final String START_KEY = "start_ms";
    static final int VERSION = 2;

    public Map<String, Object> toMap() {
        return Map.of(VERSION_KEY, VERSION, STATUS_KEY, status.name(), REDRIVE_COUNT_KEY, redriveCount,
                START_KEY, startMs);
    }

    /** Parses a stored offset; null for none. */
    public static ExecutionOffset fromMap(Map<String, ?> offset, String executionArn) {
        if (offset == null || offset.isEmpty()) {
            return null;
        }
        String status = OffsetValues.requireString(offset, STATUS_KEY, executionArn);
        long start = offset.containsKey(START_KEY) ? OffsetValues.requireLong(offset, START_KEY, executionArn)
                : UNKNOWN_START;
        try {
            return new ExecutionOffset(ExecutionStatus.valueOf(status),
                    (int) OffsetValues.requireLong(offset, REDRIVE_COUNT_KEY, executionArn), start);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Source offset " + offset + " for execution " + executionArn
                    + " has an unknown status '" + status + "'", e);
        }
    }

    /** Whether this offset belongs to the execution that started at {@code otherStartMs} (not an earlier life). */
    public boolean sameLife(long otherStartMs) {
        return startMs == UNKNOWN_START || startMs == otherStartMs;
    }
}
