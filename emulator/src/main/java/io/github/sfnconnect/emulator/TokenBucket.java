package io.github.sfnconnect.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A token bucket on the emulator's clock: starts full, refills continuously, and each call takes one token. */
final class TokenBucket {
    /** Absorbs floating-point error, so 0.2 s at 5 tokens/s refills one whole token. */
    private static final double EPSILON = 1e-9;

    private final Clock clock;
    private final int size;
    private final double refillPerSecond;
    private double tokens;
    private Instant refilledAt;

    TokenBucket(Clock clock, int size, double refillPerSecond) {
        this.clock = clock;
        this.size = size;
        this.refillPerSecond = refillPerSecond;
        this.tokens = size;
        this.refilledAt = clock.instant();
    }

    /** Takes a token if there is one; false means the call is throttled. */
    synchronized boolean tryTake() {
        Instant now = clock.instant();
        // a clock set back refills nothing until it passes the last refill again
        if (now.isAfter(refilledAt)) {
            double seconds = Duration.between(refilledAt, now).toNanos() / 1e9;
            tokens = Math.min(size, tokens + seconds * refillPerSecond);
            refilledAt = now;
        }
        if (tokens + EPSILON >= 1) {
            tokens = Math.max(0, tokens - 1);
            return true;
        }
        return false;
    }
}
