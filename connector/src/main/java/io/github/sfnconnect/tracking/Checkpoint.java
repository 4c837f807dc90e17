package io.github.sfnconnect.tracking;

import java.util.HashMap;
import java.util.Map;

/**
 * The source offset of a state machine: where a restarted task resumes. It travels on checkpoint records and on the
 * records of executions that were new and could no longer change when emitted ({@link ExecutionTracker}); Connect
 * commits a source partition's offsets in the order of its records, so a committed checkpoint never claims a record
 * that is not in Kafka.
 *
 * @param sinceMs                executions started before this are never emitted (the resolved initial position)
 * @param watermarkMs            a restarted task lists again every execution started from {@code watermarkMs - window}
 * @param claims                 start dates whose closed executions were all recorded (see {@link Claims})
 * @param redriveSettledBelowMs  every redrive made before this was recorded: a closed execution without an offset
 *                               whose last redrive is older is not new
 * @param horizon                which start dates the redriven listing must still reach
 * @param openNames              names (with start dates) of open executions behind the window that are not yet in the
 *                               state machine's open-name parts ({@link OpenNamesPart}); a restart checks them too
 */
public record Checkpoint(long sinceMs, long watermarkMs, Claims claims, long redriveSettledBelowMs,
                         RedriveHorizon horizon, Map<String, Long> openNames) {

    static final String VERSION_KEY = "v";
    static final String SINCE_KEY = "since_ms";
    static final String WATERMARK_KEY = "watermark_ms";
    static final String CLAIMS_KEY = "claims";
    static final String REDRIVE_SETTLED_KEY = "redrive_settled_below_ms";
    static final String HORIZON_KEY = "redrive_horizon";
    static final String OPEN_KEY = "open";
    /** Version 3: the open-name parts are on one-key partitions ({@link SourcePartitions#openNames}). */
    static final int VERSION = 3;

    // version 1
    private static final String V1_REDRIVE_HORIZON_KEY = "redrive_horizon_ms";
    private static final String V1_REDRIVE_HORIZON_UNTIL_KEY = "redrive_horizon_until_ms";
    private static final String V1_SETTLED_BELOW_KEY = "settled_below_ms";

    public Checkpoint {
        openNames = Map.copyOf(openNames);
    }

    /**
     * Whether the offset is older than version 3, so that the open-name parts it relies on are the two-key ones of
     * 0.1.0 snapshots ({@link SourcePartitions#snapshotOpenNames}).
     */
    public static boolean reliesOnSnapshotParts(Map<String, ?> offset, String stateMachineArn) {
        return offset != null && !offset.isEmpty() && (!offset.containsKey(VERSION_KEY)
                || OffsetValues.requireLong(offset, VERSION_KEY, stateMachineArn) < 3);
    }

    /** This checkpoint carrying more open names not in the (one-key) parts. */
    public Checkpoint withMoreOpenNames(Map<String, Long> more) {
        Map<String, Long> names = new HashMap<>(more);
        names.putAll(openNames);
        return new Checkpoint(sinceMs, watermarkMs, claims, redriveSettledBelowMs, horizon, names);
    }

    /** A first checkpoint: nothing recorded yet. */
    public static Checkpoint initial(long sinceMs) {
        return new Checkpoint(sinceMs, sinceMs, Claims.NONE, Long.MIN_VALUE, RedriveHorizon.NONE, Map.of());
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new HashMap<>();
        map.put(VERSION_KEY, VERSION);
        map.put(SINCE_KEY, sinceMs);
        map.put(WATERMARK_KEY, watermarkMs);
        if (!claims.ranges().isEmpty()) {
            map.put(CLAIMS_KEY, claims.encode());
        }
        if (redriveSettledBelowMs != Long.MIN_VALUE) {
            map.put(REDRIVE_SETTLED_KEY, redriveSettledBelowMs);
        }
        if (!horizon.isEmpty()) {
            map.put(HORIZON_KEY, horizon.encode());
        }
        if (!openNames.isEmpty()) {
            map.put(OPEN_KEY, OpenNamesPart.encode(openNames));
        }
        return Map.copyOf(map); // shared by every record that carries it
    }

    /** Parses a stored offset (version 1 to 3; 2 and 3 differ only in where the parts are); null for none. */
    public static Checkpoint fromMap(Map<String, ?> offset, String stateMachineArn) {
        if (offset == null || offset.isEmpty()) {
            return null;
        }
        long since = OffsetValues.requireLong(offset, SINCE_KEY, stateMachineArn);
        long watermark = OffsetValues.requireLong(offset, WATERMARK_KEY, stateMachineArn);
        String open = offset.get(OPEN_KEY) == null ? "" : OffsetValues.requireString(offset, OPEN_KEY, stateMachineArn);
        Map<String, Long> names = OpenNamesPart.decode(open, stateMachineArn);
        long version = offset.containsKey(VERSION_KEY) ? OffsetValues.requireLong(offset, VERSION_KEY, stateMachineArn) : 1;
        if (version < 2) {
            return fromVersion1(offset, stateMachineArn, since, watermark, names);
        }
        return new Checkpoint(since, watermark,
                Claims.decode(optionalString(offset, CLAIMS_KEY, stateMachineArn), stateMachineArn),
                offset.containsKey(REDRIVE_SETTLED_KEY)
                        ? OffsetValues.requireLong(offset, REDRIVE_SETTLED_KEY, stateMachineArn) : Long.MIN_VALUE,
                RedriveHorizon.decode(optionalString(offset, HORIZON_KEY, stateMachineArn), stateMachineArn),
                names);
    }

    /**
     * Version 1 (0.1.0 snapshots) kept the redrive horizon as one start date and its end, and no redrive mark:
     * redrives older than the redrive period before the watermark count as recorded, as that version forgot only
     * executions past their redrive period.
     */
    private static Checkpoint fromVersion1(Map<String, ?> offset, String arn, long since, long watermark,
                                           Map<String, Long> names) {
        long settledBelow = offset.containsKey(V1_SETTLED_BELOW_KEY)
                ? OffsetValues.requireLong(offset, V1_SETTLED_BELOW_KEY, arn) : Long.MIN_VALUE;
        RedriveHorizon horizon = RedriveHorizon.NONE;
        if (offset.containsKey(V1_REDRIVE_HORIZON_KEY)) {
            horizon = horizon.with(OffsetValues.requireLong(offset, V1_REDRIVE_HORIZON_KEY, arn),
                    OffsetValues.requireLong(offset, V1_REDRIVE_HORIZON_UNTIL_KEY, arn));
        }
        return new Checkpoint(since, watermark, Claims.below(settledBelow),
                watermark - RedriveHorizon.REDRIVE_PERIOD_MS, horizon, names);
    }

    private static String optionalString(Map<String, ?> offset, String key, Object partition) {
        return offset.get(key) == null ? null : OffsetValues.requireString(offset, key, partition);
    }
}
