package io.github.sfnconnect.emulator;

import java.util.Map;

/**
 * The documented API throttling quotas of Step Functions in us-east-1, us-west-2 and eu-west-1 (the developer
 * guide's "Step Functions service quotas", API action throttling,
 * https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html), for the actions a connector or its tests
 * call. DescribeMapRun (200, 1 per second) and ListMapRuns (100, 1 per second) are in its "Other quotas" table, as
 * are the tagging actions: TagResource and UntagResource 200, 1 per second, ListTagsForResource 100, 1 per second,
 * the same in every region (read from a stored copy of the page's markdown source, "Other quotas" under "Quotas
 * related to API action throttling"; the archived awsdocs/aws-step-functions-developer-guide
 * {@code doc_source/limits-overview.md} has the same figures).
 */
final class StandardQuotas {
    /** One action's token bucket: its size and how many tokens it regains per second. */
    record Quota(int bucketSize, double refillPerSecond) {
    }

    static final Map<String, Quota> BY_ACTION = Map.ofEntries(
            Map.entry("CreateStateMachine", new Quota(100, 1)),
            Map.entry("DeleteStateMachine", new Quota(100, 1)),
            Map.entry("DescribeExecution", new Quota(300, 15)),
            Map.entry("DescribeMapRun", new Quota(200, 1)),
            Map.entry("DescribeStateMachine", new Quota(200, 20)),
            Map.entry("GetExecutionHistory", new Quota(400, 20)),
            Map.entry("ListExecutions", new Quota(200, 5)),
            Map.entry("ListMapRuns", new Quota(100, 1)),
            Map.entry("ListStateMachines", new Quota(100, 5)),
            Map.entry("ListTagsForResource", new Quota(100, 1)),
            Map.entry("RedriveExecution", new Quota(1300, 300)),
            Map.entry("StartExecution", new Quota(1300, 300)),
            Map.entry("StopExecution", new Quota(1000, 200)),
            Map.entry("TagResource", new Quota(200, 1)),
            Map.entry("UntagResource", new Quota(200, 1)));

    private StandardQuotas() {
    }
}
