package io.github.sfnconnect.benchmark;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The emulator's clock: pinned to past instants while the history is written (so that 100,000 executions spread over
 * hours take a second to create), then the system clock, so that live dates, token buckets and latencies are real.
 */
final class HistoryClock extends Clock {
    private volatile Instant pinned;

    /** Stamps what the emulator does next with this instant, until {@link #release()}. */
    void pin(Instant instant) {
        pinned = instant;
    }

    void release() {
        pinned = null;
    }

    @Override
    public Instant instant() {
        Instant p = pinned;
        return p != null ? p : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the emulator keeps UTC");
    }
}
