package io.github.sfnconnect.model;

import java.util.List;

/** A page of {@code ListStateMachines}; {@code nextToken} null on the last one. */
public record StateMachinePage(List<StateMachineSummary> stateMachines, String nextToken) {

    public StateMachinePage {
        stateMachines = List.copyOf(stateMachines);
    }
}
