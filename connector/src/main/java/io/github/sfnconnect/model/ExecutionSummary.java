package io.github.sfnconnect.model;

import java.util.Objects;

/**
 * One item of a {@code ListExecutions} page: enough to tell whether an execution changed.
 *
 * @param stopDateMs   null while the execution is open
 * @param redriveDateMs null if the execution was never redriven
 */
public record ExecutionSummary(
        String executionArn,
        ExecutionStatus status,
        long startDateMs,
        Long stopDateMs,
        int redriveCount,
        Long redriveDateMs) {

    public ExecutionSummary {
        Objects.requireNonNull(executionArn, "executionArn");
        Objects.requireNonNull(status, "status");
    }
}
