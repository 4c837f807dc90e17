package io.github.sfnconnect.model;

/** A state machine as {@code ListStateMachines} shows it: enough to select it by name and to skip an EXPRESS one. */
public record StateMachineSummary(String stateMachineArn, String name, String type) {

    public boolean isExpress() {
        return "EXPRESS".equalsIgnoreCase(type);
    }
}
