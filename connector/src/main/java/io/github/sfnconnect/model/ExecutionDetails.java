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
