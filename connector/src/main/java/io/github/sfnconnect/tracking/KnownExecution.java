package io.github.sfnconnect.tracking;

import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.ExecutionSummary;

/** The last recorded state of an execution. */
final class KnownExecution {
    ExecutionStatus status;
    int redriveCount;
    /** False for an execution named in a checkpoint whose state no stored offset tells. */
    boolean recorded;
    long startMs;
    boolean startKnown = true;
    Long stopMs;
    Long redriveDateMs;
    /** Records sent and not yet acknowledged. */
    int inFlight;
    long ackGeneration = -1;
    /** Records sent by this task. */
    int records;
    /** Whether its state came from a stored offset. */
    boolean loaded;
    /** Its ARN no longer names it: forgotten once its records in flight are acknowledged. */
    boolean gone;

    static KnownExecution stored(ExecutionStatus status, int redriveCount, long startMs) {
        KnownExecution k = new KnownExecution();
        k.status = status;
        k.redriveCount = redriveCount;
        k.recorded = true;
        k.startMs = startMs;
        k.loaded = true;
        return k;
    }

    static KnownExecution unrecorded(long startMs) {
        KnownExecution k = new KnownExecution();
        k.status = ExecutionStatus.RUNNING;
        k.startMs = startMs;
        return k;
    }

    boolean matches(ExecutionStatus s, int rc) {
        return recorded && status == s && redriveCount == rc;
    }

    /** A state older than this one: the list or describe lags behind what was already recorded. */
    boolean isNewerThan(ExecutionStatus s, int rc) {
        return recorded && (redriveCount > rc || (redriveCount == rc && rank(status) > rank(s)));
    }

    /**
     * The order of the states of one redrive count: running, then ended, then (a redriven Map Run's child only)
     * waiting to be redriven, which the next count's RUNNING follows.
     */
    private static int rank(ExecutionStatus s) {
        return s == ExecutionStatus.RUNNING ? 0 : s == ExecutionStatus.PENDING_REDRIVE ? 2 : 1;
    }

    /** Open, or named without a recorded state: the running list tells whether it is still open. */
    boolean watchedWhileOpen() {
        return !gone && (!recorded || status.isOpen());
    }

    boolean sameLife(long otherStartMs) {
        return !startKnown || startMs == otherStartMs;
    }

    boolean hasOffset() {
        return loaded || records > 0;
    }

    void recorded(ExecutionStatus s, int rc, long start, Long stop, Long redriveDate) {
        status = s;
        redriveCount = rc;
        recorded = true;
        startMs = start;
        startKnown = true;
        stopMs = stop;
        redriveDateMs = redriveDate;
    }

    void listed(ExecutionSummary s) {
        startMs = s.startDateMs();
        startKnown = true;
        stopMs = s.stopDateMs();
        redriveDateMs = s.redriveDateMs();
    }

    void described(ExecutionDetails d) {
        startMs = d.startDateMs();
        startKnown = true;
        stopMs = d.stopDateMs();
        redriveDateMs = d.redriveDateMs();
    }
}
