package io.github.sfnconnect.emulator;

import java.util.Map;

/**
 * The documented API throttling quotas of Step Functions in us-east-1, us-west-2 and eu-west-1 (the developer
 * guide's "Step Functions service quotas", API action throttling), for the actions a connector or its tests call.
 */
final class StandardQuotas {
    /** One action's token bucket: its size and how many tokens it regains per second. */
    record Quota(int bucketSize, double refillPerSecond) {
    }

    static final Map<String, Quota> BY_ACTION = Map.of(
            "CreateStateMachine", new Quota(100, 1),
            "DeleteStateMachine", new Quota(100, 1),
            "DescribeExecution", new Quota(300, 15),
            "DescribeStateMachine", new Quota(200, 20),
            "GetExecutionHistory", new Quota(400, 20),
            "ListExecutions", new Quota(200, 5),
            "ListStateMachines", new Quota(100, 5),
            "RedriveExecution", new Quota(1300, 300),
            "StartExecution", new Quota(1300, 300),
            "StopExecution", new Quota(1000, 200));

    private StandardQuotas() {
    }
}
