package io.github.sfnconnect.model;

/**
 * A state machine as {@code ListStateMachines} shows it: enough to select it by name, to skip an EXPRESS one, and to
 * tell whether it was created since the connector first started ({@code creationDateMs}; null if not answered).
 */
public record StateMachineSummary(String stateMachineArn, String name, String type, Long creationDateMs) {

    public boolean isExpress() {
        return "EXPRESS".equalsIgnoreCase(type);
    }
}
