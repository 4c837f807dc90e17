package io.github.sfnconnect.tracking;

import io.github.sfnconnect.model.ExecutionStatus;

/**
 * The redrive mark and horizon of one state machine: redrives made before the mark were listed and recorded; the
 * {@link RedriveHorizon} says how far back by start date the redriven listing must go for later ones.
 */
final class Redrives {

    private long settledBelowMs;
    /** Redrives made before this were listed by the last complete cycle. */
    private long checkedMs;
    private RedriveHorizon horizon;

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
        if (status == ExecutionStatus.FAILED || status == ExecutionStatus.TIMED_OUT || status == ExecutionStatus.ABORTED) {
            horizon = horizon.withStopped(startMs, stopMs, nowMs);
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
