package io.github.sfnconnect.emulator;

import java.time.Instant;

/**
 * An immutable snapshot of one Map Run, with every field DescribeMapRun returns, and the state machine that
 * ListMapRuns reports (the parent execution's).
 *
 * <p>Nullable components: {@code stopDate} (while RUNNING) and {@code redriveDate} (before the first redrive).
 * {@code itemCounts} and {@code executionCounts} are equal, as every child processes one item.
 */
public record MapRunView(
        String mapRunArn,
        String executionArn,
        String stateMachineArn,
        MapRunStatus status,
        Instant startDate,
        Instant stopDate,
        int maxConcurrency,
        float toleratedFailurePercentage,
        long toleratedFailureCount,
        MapRunCounts itemCounts,
        MapRunCounts executionCounts,
        int redriveCount,
        Instant redriveDate) {
}
