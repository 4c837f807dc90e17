package io.github.sfnconnect.emulator;

import java.time.Instant;

/**
 * An immutable snapshot of one execution, with every field DescribeExecution can return.
 *
 * <p>Nullable components: {@code stopDate}, {@code input}, {@code output}, {@code error}, {@code cause},
 * {@code traceHeader}, {@code mapRunArn}, {@code stateMachineVersionArn}, {@code stateMachineAliasArn},
 * {@code redriveDate} and {@code redriveStatusReason}. {@code redriveStatus} and
 * {@code redriveStatusReason} are evaluated at the moment the snapshot was taken.
 */
public record ExecutionView(
        String executionArn,
        String stateMachineArn,
        String name,
        ExecutionStatus status,
        Instant startDate,
        Instant stopDate,
        String input,
        String output,
        String error,
        String cause,
        String traceHeader,
        String mapRunArn,
        String stateMachineVersionArn,
        String stateMachineAliasArn,
        int redriveCount,
        Instant redriveDate,
        String redriveStatus,
        String redriveStatusReason,
        boolean express) {
}
