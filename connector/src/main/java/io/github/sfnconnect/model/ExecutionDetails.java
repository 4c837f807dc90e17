package io.github.sfnconnect.model;

import java.util.Objects;

/** Everything {@code DescribeExecution} returns. Dates are epoch milliseconds; absent values are null. */
public record ExecutionDetails(
        String executionArn,
        String stateMachineArn,
        String name,
        ExecutionStatus status,
        long startDateMs,
        Long stopDateMs,
        String input,
        Boolean inputIncluded,
        String output,
        Boolean outputIncluded,
        String error,
        String cause,
        String traceHeader,
        String mapRunArn,
        String stateMachineVersionArn,
        String stateMachineAliasArn,
        int redriveCount,
        Long redriveDateMs,
        String redriveStatus,
        String redriveStatusReason) {

    public ExecutionDetails {
        Objects.requireNonNull(executionArn, "executionArn");
        Objects.requireNonNull(stateMachineArn, "stateMachineArn");
        Objects.requireNonNull(status, "status");
    }

    /** What a {@code ListExecutions} item tells on its own; the fields only {@code DescribeExecution} has are null. */
    public static ExecutionDetails fromSummary(ExecutionSummary s) {
        return new ExecutionDetails(s.executionArn(), s.stateMachineArn(), s.name(), s.status(), s.startDateMs(),
                s.stopDateMs(), null, null, null, null, null, null, null, null, s.stateMachineVersionArn(),
                s.stateMachineAliasArn(), s.redriveCount(), s.redriveDateMs(), null, null);
    }

    /**
     * These details cut down to what a {@code ListExecutions} item (listed by state machine) holds, so that a record
     * has the same fields whether the list or {@code DescribeExecution} told the connector about the change.
     */
    public ExecutionDetails summaryOnly() {
        return new ExecutionDetails(executionArn, stateMachineArn, name, status, startDateMs, stopDateMs, null, null,
                null, null, null, null, null, null, stateMachineVersionArn, stateMachineAliasArn, redriveCount,
                redriveDateMs, null, null);
    }

    /** When the change this status represents happened: the stop, the latest redrive, or the start. */
    public long changeTimeMs() {
        if (!status.isOpen() && stopDateMs != null) {
            return stopDateMs;
        }
        if (redriveCount > 0 && redriveDateMs != null) {
            return redriveDateMs;
        }
        return startDateMs;
    }
}
