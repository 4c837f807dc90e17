package io.github.sfnconnect.tracking;

import java.util.Map;

/**
 * The source offset of a state machine.
 *
 * @param sinceMs     executions started before this were never to be emitted (the resolved initial position)
 * @param watermarkMs every execution started before this was listed, and its current state emitted and
 *                    acknowledged by Kafka, when the checkpoint was written; none of them was still open.
 *                    A restarted task lists down to this minus the consistency window.
 */
public record Checkpoint(long sinceMs, long watermarkMs) {

    static final String VERSION_KEY = "v";
    static final String SINCE_KEY = "since_ms";
    static final String WATERMARK_KEY = "watermark_ms";
    static final int VERSION = 1;

    public Map<String, Object> toMap() {
        return Map.of(VERSION_KEY, VERSION, SINCE_KEY, sinceMs, WATERMARK_KEY, watermarkMs);
    }

    /** Parses a stored offset; null for none. */
    public static Checkpoint fromMap(Map<String, ?> offset, String stateMachineArn) {
        if (offset == null || offset.isEmpty()) {
            return null;
        }
        return new Checkpoint(OffsetValues.requireLong(offset, SINCE_KEY, stateMachineArn),
                OffsetValues.requireLong(offset, WATERMARK_KEY, stateMachineArn));
    }
}
