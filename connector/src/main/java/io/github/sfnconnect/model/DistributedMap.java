package io.github.sfnconnect.model;

/**
 * A Distributed Map state of a state machine's definition: each run of it is a Map Run whose child executions
 * {@code ListExecutions} by state machine never shows.
 *
 * @param statePath     the state's name, prefixed by the names of the states it is nested in ({@code Outer/Inner})
 * @param label         its {@code Label} (part of the Map Run ARN), or null if the definition sets none
 * @param executionType the child executions' type, {@code STANDARD} or {@code EXPRESS}
 * @param inChildWorkflow whether it runs inside the child workflow of another Distributed Map, so that its Map Runs
 *                        belong to child executions rather than to the state machine's own executions
 */
public record DistributedMap(String statePath, String label, String executionType, boolean inChildWorkflow) {

    public boolean expressChildren() {
        return "EXPRESS".equals(executionType);
    }
}
