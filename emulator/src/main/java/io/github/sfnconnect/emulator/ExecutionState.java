package io.github.sfnconnect.emulator;

import java.time.Instant;

/** The members of an execution that change after it starts, as they stood at one moment. */
record ExecutionState(ExecutionStatus status, Instant stopDate, String output, String error, String cause,
        int redriveCount, Instant redriveDate) {

    static final ExecutionState STARTED = new ExecutionState(ExecutionStatus.RUNNING, null, null, null, null, 0, null);

    ExecutionState ended(ExecutionStatus endStatus, Instant at, String endOutput, String endError, String endCause) {
        return new ExecutionState(endStatus, at, endOutput, endError, endCause, redriveCount, redriveDate);
    }

    /** The redriven attempt runs again, so the previous attempt's end no longer describes it. */
    ExecutionState redriven(Instant at) {
        return new ExecutionState(ExecutionStatus.RUNNING, null, null, null, null, redriveCount + 1, at);
    }

    /**
     * A Map Run's unsuccessful child waiting to run again after the Map Run was redriven: until it does, it still
     * shows its last attempt's end (stop date, error, cause); only its status says that it will run again.
     */
    ExecutionState awaitingRedrive() {
        return new ExecutionState(ExecutionStatus.PENDING_REDRIVE, stopDate, null, error, cause, redriveCount,
                redriveDate);
    }
}
