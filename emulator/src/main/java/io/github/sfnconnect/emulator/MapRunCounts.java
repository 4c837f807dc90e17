package io.github.sfnconnect.emulator;

/**
 * A Map Run's {@code MapRunItemCounts} or {@code MapRunExecutionCounts}: in the emulator every child processes one
 * item, so the two are equal.
 *
 * <p>{@code pending} counts the items no child has started yet (they stay pending when the Map Run stops);
 * {@code total} counts all items; {@code resultsWritten} stays 0, as the emulator has no ResultWriter;
 * {@code failuresNotRedrivable} counts FAILED, ABORTED and TIMED_OUT children whose redrive is no longer possible;
 * {@code pendingRedrive} counts children waiting to run again after a redrive.
 */
public record MapRunCounts(
        long pending,
        long running,
        long succeeded,
        long failed,
        long timedOut,
        long aborted,
        long total,
        long resultsWritten,
        long failuresNotRedrivable,
        long pendingRedrive) {
}
