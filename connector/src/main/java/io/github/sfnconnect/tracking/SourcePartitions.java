package io.github.sfnconnect.tracking;

import java.util.Map;

/**
 * The kinds of source partition the connector writes offsets for: one per execution (what was last recorded for
 * it), one per state machine (its {@link Checkpoint}) and, for state machines with open executions behind the
 * window, up to {@link OpenNamesPart#PARTS} parts of their names.
 */
public final class SourcePartitions {

    public static final String EXECUTION_ARN_KEY = "execution_arn";
    public static final String STATE_MACHINE_ARN_KEY = "state_machine_arn";
    public static final String OPEN_PART_KEY = "open_part";

    private SourcePartitions() {
    }

    public static Map<String, Object> execution(String executionArn) {
        return Map.of(EXECUTION_ARN_KEY, executionArn);
    }

    public static Map<String, Object> stateMachine(String stateMachineArn) {
        return Map.of(STATE_MACHINE_ARN_KEY, stateMachineArn);
    }

    public static Map<String, Object> openNames(String stateMachineArn, int part) {
        return Map.of(STATE_MACHINE_ARN_KEY, stateMachineArn, OPEN_PART_KEY, part);
    }
}
