package io.github.sfnconnect;

import java.util.function.LongSupplier;

/**
 * The Step Functions service's time, as far as the connector can tell: the {@code Date} header of its latest
 * response (plus the time elapsed since), and never earlier than any timestamp the API returned. Every decision that
 * compares the API's timestamps with "now" (how long an execution may still be redriven, when a closed execution
 * can no longer be listed as open) uses it, so that a skew between the worker's clock and AWS's changes nothing.
 * Until the service has answered once, the worker's clock stands in. Never goes backwards. Thread-safe.
 */
final class ServiceClock {

    private final LongSupplier wallMs;
    private final LongSupplier monotonicNanos;
    private long serverMs = Long.MIN_VALUE;
    private long serverAtNanos;
    private long newestTimestampMs = Long.MIN_VALUE;
    private long lastMs = Long.MIN_VALUE;

    ServiceClock() {
        this(System::currentTimeMillis, System::nanoTime);
    }

    ServiceClock(LongSupplier wallMs, LongSupplier monotonicNanos) {
        this.wallMs = wallMs;
        this.monotonicNanos = monotonicNanos;
    }

    /** The Date header of a response (whole seconds, so at most the service's time when it answered). */
    synchronized void dateHeader(long epochMs) {
        serverMs = epochMs;
        serverAtNanos = monotonicNanos.getAsLong();
    }

    /** A timestamp the API returned (a start, stop or redrive date): the service's time is at least that. */
    synchronized void observed(long epochMs) {
        newestTimestampMs = Math.max(newestTimestampMs, epochMs);
    }

    /**
     * Where {@code initial.position=latest} begins: the worker's clock, unless it runs ahead of the service's, whose
     * {@code Date} header is cut to whole seconds and is used from above here. A worker clock that runs ahead would
     * skip the executions started in the difference; one that runs behind only adds a few.
     */
    synchronized long latestMs() {
        long wall = wallMs.getAsLong();
        if (serverMs == Long.MIN_VALUE) {
            return wall;
        }
        long serviceFromAbove = Math.max(nowMs(), serverMs + 999 + (monotonicNanos.getAsLong() - serverAtNanos) / 1_000_000);
        return Math.min(wall, serviceFromAbove);
    }

    synchronized long nowMs() {
        long estimate = serverMs == Long.MIN_VALUE && newestTimestampMs == Long.MIN_VALUE ? wallMs.getAsLong()
                : serverMs == Long.MIN_VALUE ? newestTimestampMs
                : Math.max(newestTimestampMs, serverMs + (monotonicNanos.getAsLong() - serverAtNanos) / 1_000_000);
        lastMs = Math.max(lastMs, estimate);
        return lastMs;
    }
}
