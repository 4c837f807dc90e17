package io.github.sfnconnect.record;

/**
 * What a Map Run's child execution record says of where it came from: the Map Run (which {@code ListExecutions} by
 * Map Run shows but the summary of an execution does not carry) and the execution whose Distributed Map state
 * started it.
 */
public record MapRunParent(String mapRunArn, String parentExecutionArn) {
}
