package io.github.sfnconnect.emulator;

/** The status of a Map Run, spelled as the API's {@code MapRunStatus} enum. */
public enum MapRunStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    ABORTED
}
