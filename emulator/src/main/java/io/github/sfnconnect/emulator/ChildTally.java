package io.github.sfnconnect.emulator;

/**
 * How many of a Map Run's children are in each status. Kept as the children change rather than counted from them,
 * because a child ages out of retention (90 days after it closes) while the Map Run's counts keep it.
 */
final class ChildTally {
    private final long[] byStatus = new long[ExecutionStatus.values().length];

    void added(ExecutionStatus status) {
        byStatus[status.ordinal()]++;
    }

    void moved(ExecutionStatus from, ExecutionStatus to) {
        byStatus[from.ordinal()]--;
        byStatus[to.ordinal()]++;
    }

    long of(ExecutionStatus status) {
        return byStatus[status.ordinal()];
    }

    /** FAILED, TIMED_OUT and ABORTED children: what the tolerated failure threshold is measured against. */
    long failures() {
        return of(ExecutionStatus.FAILED) + of(ExecutionStatus.TIMED_OUT) + of(ExecutionStatus.ABORTED);
    }
}
