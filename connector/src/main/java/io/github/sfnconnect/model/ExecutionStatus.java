package io.github.sfnconnect.model;

/** The status of a Step Functions execution, as the API reports it. */
public enum ExecutionStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    ABORTED,
    PENDING_REDRIVE;

    /** True while the execution can still change without a redrive. */
    public boolean isOpen() {
        return this == RUNNING || this == PENDING_REDRIVE;
    }
}
