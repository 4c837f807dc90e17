package io.github.sfnconnect.tracking;

import java.util.Map;

import io.github.sfnconnect.model.ExecutionStatus;

/**
 * The source offset of an execution: the change last emitted for it. A listed execution whose status and
 * redrive count equal these was already emitted in that state and is neither described nor emitted again.
 */
public record ExecutionOffset(ExecutionStatus status, int redriveCount) {

    static final String VERSION_KEY = "v";
    static final String STATUS_KEY = "status";
    static final String REDRIVE_COUNT_KEY = "redrive_count";
    static final int VERSION = 1;

    public Map<String, Object> toMap() {
        return Map.of(VERSION_KEY, VERSION, STATUS_KEY, status.name(), REDRIVE_COUNT_KEY, redriveCount);
    }

    /** Parses a stored offset; null for none. */
    public static ExecutionOffset fromMap(Map<String, ?> offset, String executionArn) {
        if (offset == null || offset.isEmpty()) {
            return null;
        }
        String status = OffsetValues.requireString(offset, STATUS_KEY, executionArn);
        try {
            return new ExecutionOffset(ExecutionStatus.valueOf(status),
                    (int) OffsetValues.requireLong(offset, REDRIVE_COUNT_KEY, executionArn));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Source offset " + offset + " for execution " + executionArn
                    + " has an unknown status '" + status + "'", e);
        }
    }

    boolean matches(ExecutionStatus otherStatus, int otherRedriveCount) {
        return status == otherStatus && redriveCount == otherRedriveCount;
    }
}
