package io.github.sfnconnect.tracking;

import io.github.sfnconnect.model.ExecutionStatus;

/**
 * The redrive mark and horizon of one state machine: redrives made before the mark were listed and recorded; the
 * {@link RedriveHorizon} says how far back by start date the redriven listing must go for later ones.
 * <p>
 * The redriven listing may also have a cadence of its own ({@link #listEvery}): a state machine with a failure in
 * the last 14 days would otherwise pay a second list call at every check, doubling the cost of its busiest days,
 * for redrives that are rare. It lists them once in the first cycle at least the shortest interval after each
 * failure it records (when automated redrives come), and otherwise after a quarter of the time since the newest
 * redrive it recorded (redrives come in series), within the bounds given. Skipping it holds the mark: a redrive
 * is found by the next redriven listing.
 */
final class Redrives {

    private static final double QUIET_FACTOR = 0.25;

    private long settledBelowMs;
    /** Redrives made before this were listed by the last complete cycle. */
    private long checkedMs;
    private RedriveHorizon horizon;
    /** The redriven listing's shortest and longest interval; 0 and 0: every cycle. */
    private long minIntervalMs;
    private long maxIntervalMs;
    /** When the last cycle that listed redriven executions began (service time). */
    private long listedAtMs = Long.MIN_VALUE;
    /** The newest redrive recorded (its redrive date, service time). */
    private long redriveMs = Long.MIN_VALUE;
    /** When the newest failure, time-out or abort was recorded (service time). */
    private long failureRecordedMs = Long.MIN_VALUE;

    Redrives(long settledBelowMs, RedriveHorizon horizon) {
        this.settledBelowMs = settledBelowMs;
        this.checkedMs = settledBelowMs;
        this.horizon = horizon;
    }

    /** The mark: redrives made before it were recorded. */
    long settledBelowMs() {
        return settledBelowMs;
    }

    RedriveHorizon horizon() {
        return horizon;
    }

    /** An execution reached {@code status}: if it can be redriven, the horizon covers it for the redrive period. */
    void recorded(ExecutionStatus status, long startMs, Long stopMs, long nowMs) {
        recorded(status, startMs, stopMs, 0, null, nowMs);
    }

    /** As {@link #recorded(ExecutionStatus, long, Long, long)}; a failure or a redrive also sets the cadence. */
    void recorded(ExecutionStatus status, long startMs, Long stopMs, int redriveCount, Long redriveDateMs, long nowMs) {
        if (status == ExecutionStatus.FAILED || status == ExecutionStatus.TIMED_OUT || status == ExecutionStatus.ABORTED) {
            horizon = horizon.withStopped(startMs, stopMs, nowMs);
            failureRecordedMs = Math.max(failureRecordedMs, nowMs);
        }
        if (redriveCount > 0) {
            redriveMs = Math.max(redriveMs, redriveDateMs == null ? nowMs : redriveDateMs);
        }
    }

    /** Gives the redriven listing its own cadence between {@code minMs} and {@code maxMs} (see the class comment). */
    void listEvery(long minMs, long maxMs) {
        if (minMs < 0 || maxMs < minMs) {
            throw new IllegalArgumentException("Need 0 <= min <= max: " + minMs + ", " + maxMs);
        }
        this.minIntervalMs = minMs;
        this.maxIntervalMs = maxMs;
    }

    /** Whether the cycle begun at {@code cycleStartMs} lists redriven executions (if the horizon asks for any). */
    boolean listingDue(long cycleStartMs) {
        if (maxIntervalMs == 0 || listedAtMs == Long.MIN_VALUE) {
            return true;
        }
        long sinceListedMs = cycleStartMs - listedAtMs;
        if (failureRecordedMs >= listedAtMs && cycleStartMs - failureRecordedMs >= minIntervalMs) {
            return sinceListedMs >= minIntervalMs;
        }
        long quietMs = redriveMs == Long.MIN_VALUE ? Long.MAX_VALUE : cycleStartMs - redriveMs;
        long intervalMs = Math.max(minIntervalMs, Math.min(maxIntervalMs, (long) (quietMs * QUIET_FACTOR)));
        return sinceListedMs >= intervalMs;
    }

    /**
     * A cycle begun at {@code cycleStartMs} completed; it listed every redrive made a window before it began, or
     * had none to list, unless it skipped the redriven listing.
     */
    void cycleCompleted(long cycleStartMs, long windowMs, boolean listed) {
        if (listed) {
            listedAtMs = cycleStartMs;
            checked(cycleStartMs - windowMs);
        }
    }

    /** A cycle listed every redrive made before {@code checkedMs}. */
    void checked(long checkedMs) {
        this.checkedMs = Math.max(this.checkedMs, checkedMs);
    }

    /** The oldest start date the redriven listing must reach below {@code windowFloorMs}, or MAX_VALUE for none. */
    long listFromMs(long windowFloorMs) {
        return horizon.oldestStartMs(windowFloorMs, settledBelowMs);
    }

    /** How far the mark may move, given the redrives still unresolved. */
    long nextMark(Unresolved unresolved) {
        return Math.max(settledBelowMs, unresolved.redriveSettledBelowMs(checkedMs));
    }

    /** Whether moving the mark to {@code mark} lets days of the horizon go. */
    boolean expiresHorizon(long mark) {
        return horizon.expire(mark) != horizon;
    }

    void moveTo(long mark) {
        settledBelowMs = mark;
        horizon = horizon.expire(mark);
    }
}
