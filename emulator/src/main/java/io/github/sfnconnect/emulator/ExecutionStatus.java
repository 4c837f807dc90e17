package io.github.sfnconnect.emulator;

/** The status of an execution, spelled as the API's {@code ExecutionStatus} enum. */
public enum ExecutionStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    ABORTED,
    PENDING_REDRIVE;

    /** Whether an execution that ended with this status may be redriven (the period aside). */
    boolean unsuccessfulEnd() {
        return this == FAILED || this == TIMED_OUT || this == ABORTED;
    }

    /**
     * Whether an execution in this status has yet to end: it runs, or, as a child of a redriven Map Run, waits to
     * run again. Such an execution is never aged out.
     */
    boolean open() {
        return this == RUNNING || this == PENDING_REDRIVE;
    }
}
