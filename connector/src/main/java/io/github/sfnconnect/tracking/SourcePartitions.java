package io.github.sfnconnect.tracking;

import java.util.Map;

/**
 * The two kinds of source partition the connector writes offsets for:
 * one per execution (what was last emitted for it) and one per state machine (its {@link Checkpoint}).
 */
public final class SourcePartitions {

    public static final String EXECUTION_ARN_KEY = "execution_arn";
    public static final String STATE_MACHINE_ARN_KEY = "state_machine_arn";

    private SourcePartitions() {
    }

    public static Map<String, Object> execution(String executionArn) {
        return Map.of(EXECUTION_ARN_KEY, executionArn);
    }

    public static Map<String, Object> stateMachine(String stateMachineArn) {
        return Map.of(STATE_MACHINE_ARN_KEY, stateMachineArn);
    }
}
