package io.github.sfnconnect.model;

import java.util.List;

/** One page of {@code ListExecutions}, newest execution first; {@code nextToken} is null on the last page. */
public record ExecutionPage(List<ExecutionSummary> executions, String nextToken) {

    public ExecutionPage {
        executions = List.copyOf(executions);
    }
}
