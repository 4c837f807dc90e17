package io.github.sfnconnect.model;

import java.util.Objects;

/**
 * One item of a {@code ListExecutions} page (listed by state machine, so without {@code mapRunArn}): enough to tell
 * whether an execution changed, and the whole record with {@code execution.detail=summary}.
 *
 * @param stopDateMs    null while the execution is open
 * @param redriveDateMs null if the execution was never redriven
 */
public record ExecutionSummary(
        String executionArn,
        String stateMachineArn,
        String name,
        ExecutionStatus status,
        long startDateMs,
        Long stopDateMs,
        int redriveCount,
        Long redriveDateMs,
        String stateMachineVersionArn,
        String stateMachineAliasArn) {

    public ExecutionSummary {
        Objects.requireNonNull(executionArn, "executionArn");
        Objects.requireNonNull(stateMachineArn, "stateMachineArn");
        Objects.requireNonNull(status, "status");
    }
}
