package io.github.sfnconnect.model;

/**
 * What {@code DescribeMapRun} tells of a Map Run: its progress, its failure tolerance and its redrives.
 *
 * @param status        {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED} or {@code ABORTED}
 * @param stopDateMs    null while it runs
 * @param redriveDateMs null if it was never redriven
 */
public record MapRunDetails(String mapRunArn, String executionArn, String status, long startDateMs, Long stopDateMs,
                            int maxConcurrency, float toleratedFailurePercentage, long toleratedFailureCount,
                            MapRunCounts itemCounts, MapRunCounts executionCounts, int redriveCount,
                            Long redriveDateMs) {
}
