package io.github.sfnconnect.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Whether an execution can be redriven at a given time, and if not, the API's {@code redriveStatusReason}. */
final class Redrivability {
    static final Duration REDRIVABLE_PERIOD = Duration.ofDays(14);

    private Redrivability() {
    }

    /**
     * Empty when the execution can be redriven as of {@code at}, judging it in state {@code state}. For a Map Run's
     * child this is whether the Map Run can redrive it (DescribeExecution, redriveStatus: "For a Distributed Map
     * that includes child workflows of type STANDARD, redriveStatus indicates whether or not the Map Run can redrive
     * child workflow executions").
     */
    static Optional<String> reason(Execution execution, ExecutionState state, Instant at) {
        if (execution.child != null && execution.stateMachine.express()) {
            return expressChild(state);
        }
        if (execution.stateMachine.express()) {
            return Optional.of("Executions of an EXPRESS state machine cannot be redriven");
        }
        if (execution.rootMachine().deleting) {
            return Optional.of("State machine is in DELETING status");
        }
        if (!state.status().unsuccessfulEnd()) {
            return Optional.of(notUnsuccessful(state));
        }
        if (at.isAfter(state.stopDate().plus(REDRIVABLE_PERIOD))) {
            return Optional.of("Execution redrivable period exceeded");
        }
        return Optional.empty();
    }

    /** Whether a redriven Map Run runs this unsuccessful child again. */
    static boolean rerunByMapRun(Execution child, Instant at) {
        ExecutionState state = child.state();
        return state.status().unsuccessfulEnd() && reason(child, state, at).isEmpty();
    }

    /**
     * EXPRESS children are rerun with StartExecution, so "Unsuccessful executions can always be redriven" (developer
     * guide, "Redriving Map Runs", child workflow execution redrive behavior), and "redriveStatusReason is only
     * returned if the child workflows are not redrivable. This happens when the child workflow executions have
     * completed successfully" (DescribeExecution).
     */
    private static Optional<String> expressChild(ExecutionState state) {
        return state.status() == ExecutionStatus.SUCCEEDED ? Optional.of(notUnsuccessful(state)) : Optional.empty();
    }

    private static String notUnsuccessful(ExecutionState state) {
        return "Execution is " + state.status() + " and cannot be redriven";
    }
}
