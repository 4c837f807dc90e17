package io.github.sfnconnect.emulator;

/**
 * What a state machine ARN names: the state machine itself (unqualified), one of its versions
 * ({@code <arn>:<number>}) or one of its aliases ({@code <arn>:<name>}); {@code version} and {@code alias} are null
 * when not named.
 */
record Target(StateMachine machine, MachineVersion version, Alias alias) {
    boolean unqualified() {
        return version == null && alias == null;
    }

    /** Whether ListExecutions on this ARN includes the execution: all of them, or those of the version or alias. */
    boolean lists(Execution execution) {
        if (version != null) {
            return version.arn().equals(execution.versionArn);
        }
        if (alias != null) {
            return alias.arn().equals(execution.aliasArn);
        }
        return true;
    }
}
