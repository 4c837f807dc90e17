package io.github.sfnconnect.tracking;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The source offset of a state machine: where a restarted task resumes.
 *
 * @param sinceMs              executions started before this are never emitted (the resolved initial position)
 * @param watermarkMs          every execution started before this was listed, and the state it was listed in was
 *                             recorded (emitted, or observed if filtered) and acknowledged by Kafka
 * @param openNames            names of the executions started before {@code watermarkMs - window} that were still
 *                             open: a restarted task checks them, since no listing of recent executions shows them
 * @param redriveHorizonMs     oldest start date of a closed execution that may still be redriven, or
 *                             {@link Long#MAX_VALUE} if none; a restarted task lists redriven executions down to it
 * @param redriveHorizonUntilMs when every execution behind {@code redriveHorizonMs} has left its redrive period
 * @param settledBelowMs       every execution started before this that can no longer change was recorded (its
 *                             offset may since have been deleted); it only grows, while the watermark may step back
 */
public record Checkpoint(long sinceMs, long watermarkMs, List<String> openNames, long redriveHorizonMs,
                         long redriveHorizonUntilMs, long settledBelowMs) {

    static final String VERSION_KEY = "v";
    static final String SINCE_KEY = "since_ms";
    static final String WATERMARK_KEY = "watermark_ms";
    static final String OPEN_KEY = "open";
    static final String REDRIVE_HORIZON_KEY = "redrive_horizon_ms";
    static final String REDRIVE_HORIZON_UNTIL_KEY = "redrive_horizon_until_ms";
    static final String SETTLED_BELOW_KEY = "settled_below_ms";
    static final int VERSION = 1;
    /** Execution names cannot contain a comma, so a comma-joined string holds the set in one offset value. */
    private static final String SEPARATOR = ",";

    public Checkpoint {
        openNames = List.copyOf(openNames);
    }

    public Checkpoint(long sinceMs, long watermarkMs) {
        this(sinceMs, watermarkMs, List.of(), Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE);
    }

    public boolean hasRedriveHorizon(long nowMs) {
        return redriveHorizonMs != Long.MAX_VALUE && nowMs < redriveHorizonUntilMs;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new HashMap<>();
        map.put(VERSION_KEY, VERSION);
        map.put(SINCE_KEY, sinceMs);
        map.put(WATERMARK_KEY, watermarkMs);
        if (!openNames.isEmpty()) {
            map.put(OPEN_KEY, String.join(SEPARATOR, openNames));
        }
        if (redriveHorizonMs != Long.MAX_VALUE) {
            map.put(REDRIVE_HORIZON_KEY, redriveHorizonMs);
            map.put(REDRIVE_HORIZON_UNTIL_KEY, redriveHorizonUntilMs);
        }
        if (settledBelowMs != Long.MIN_VALUE) {
            map.put(SETTLED_BELOW_KEY, settledBelowMs);
        }
        return map;
    }

    /** Parses a stored offset; null for none. */
    public static Checkpoint fromMap(Map<String, ?> offset, String stateMachineArn) {
        if (offset == null || offset.isEmpty()) {
            return null;
        }
        String open = offset.get(OPEN_KEY) == null ? "" : OffsetValues.requireString(offset, OPEN_KEY, stateMachineArn);
        List<String> names = open.isEmpty() ? List.of() : Arrays.asList(open.split(SEPARATOR));
        boolean hasHorizon = offset.containsKey(REDRIVE_HORIZON_KEY);
        return new Checkpoint(OffsetValues.requireLong(offset, SINCE_KEY, stateMachineArn),
                OffsetValues.requireLong(offset, WATERMARK_KEY, stateMachineArn), names,
                hasHorizon ? OffsetValues.requireLong(offset, REDRIVE_HORIZON_KEY, stateMachineArn) : Long.MAX_VALUE,
                hasHorizon ? OffsetValues.requireLong(offset, REDRIVE_HORIZON_UNTIL_KEY, stateMachineArn) : Long.MIN_VALUE,
                offset.containsKey(SETTLED_BELOW_KEY) ? OffsetValues.requireLong(offset, SETTLED_BELOW_KEY, stateMachineArn)
                        : Long.MIN_VALUE);
    }
}
