package io.github.sfnconnect.emulator;

/**
 * What makes an execution a Map Run's child: the Map Run that dispatched it and, for an EXPRESS child, the express
 * id that ends its ARN ({@code express:<stateMachineName>/<label>:<executionId>:<expressId>}); null for STANDARD.
 */
record MapRunChild(MapRun mapRun, String expressId) {
}
