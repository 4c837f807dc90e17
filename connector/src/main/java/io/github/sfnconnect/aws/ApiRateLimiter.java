package io.github.sfnconnect.aws;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;

/**
 * A client-side limit on one API action's call rate, so that the connector never spends more than its configured
 * share of the account's token bucket. One permit per refresh period keeps calls evenly spaced.
 */
final class ApiRateLimiter {

    private final RateLimiter limiter;

    ApiRateLimiter(String action, double callsPerSecond) {
        long periodNanos = Math.max(1L, Math.round(1_000_000_000d / callsPerSecond));
        this.limiter = RateLimiter.of(action, RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofNanos(periodNanos))
                .timeoutDuration(Duration.ofDays(1))
                .build());
    }

    /** How long a call made now would wait for its permit, in ms (0: it would go through at once). */
    long waitMs() {
        if (limiter.getMetrics().getAvailablePermissions() > 0) {
            return 0;
        }
        long nanos = limiter instanceof AtomicRateLimiter atomic ? atomic.getDetailedMetrics().getNanosToWait() : 1;
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos));
    }

    /**
     * Blocks until a call is allowed, returning how long it waited; interruptible, so that a stopping task does not
     * wait.
     */
    long acquire() throws InterruptedException {
        long waitNanos = limiter.reservePermission();
        if (waitNanos > 0) {
            TimeUnit.NANOSECONDS.sleep(waitNanos);
        }
        return Math.max(0, waitNanos);
    }
}
