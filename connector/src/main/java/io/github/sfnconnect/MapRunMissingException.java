package io.github.sfnconnect;

/** A Map Run whose children were being listed no longer exists: its poller ends, and the task reports it. */
final class MapRunMissingException extends RuntimeException {
    MapRunMissingException(String message) {
        super(message);
    }
}
