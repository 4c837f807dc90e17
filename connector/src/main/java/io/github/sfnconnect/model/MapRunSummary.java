package io.github.sfnconnect.model;

/**
 * One item of a {@code ListMapRuns} page: a Map Run that an execution started.
 *
 * @param stopDateMs null while the Map Run runs
 */
public record MapRunSummary(String mapRunArn, String executionArn, String stateMachineArn, long startDateMs,
                            Long stopDateMs) {
}
