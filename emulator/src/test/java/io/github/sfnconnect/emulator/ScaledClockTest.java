package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** ScaledClock on a scripted real time: speed, jumps, pauses, and never going back. */
class ScaledClockTest {
    private static final Instant START = Instant.parse("2024-05-01T00:00:00Z");
    private final AtomicLong realNanos = new AtomicLong(1_000_000_000L);

    private void realTimePasses(Duration duration) {
        realNanos.addAndGet(duration.toNanos());
    }

    @Test
    void runsAtTheFactorTimesRealTime() {
        ScaledClock clock = new ScaledClock(START, 3600, realNanos::get);

        realTimePasses(Duration.ofSeconds(2));

        assertThat(clock.instant()).as("2 s of real time at 3600x").isEqualTo(START.plus(Duration.ofHours(2)));
    }

    @Test
    void advanceJumpsAndKeepsRunning() {
        ScaledClock clock = new ScaledClock(START, 10, realNanos::get);
        realTimePasses(Duration.ofSeconds(1));

        Instant afterJump = clock.advance(Duration.ofDays(3));
        realTimePasses(Duration.ofSeconds(1));

        assertThat(afterJump).as("jump").isEqualTo(START.plusSeconds(10).plus(Duration.ofDays(3)));
        assertThat(clock.instant()).as("running on after the jump").isEqualTo(afterJump.plusSeconds(10));
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).as("a negative jump")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPausedClockStandsStillAndResumesWhereItStood() {
        ScaledClock clock = new ScaledClock(START, 100, realNanos::get);
        realTimePasses(Duration.ofSeconds(1));
        clock.pause();
        realTimePasses(Duration.ofHours(1));

        assertThat(clock.instant()).as("paused").isEqualTo(START.plusSeconds(100));
        assertThat(clock.advance(Duration.ofMinutes(1))).as("a jump while paused")
                .isEqualTo(START.plusSeconds(160));
        clock.resume();
        realTimePasses(Duration.ofSeconds(1));
        assertThat(clock.instant()).as("resumed").isEqualTo(START.plusSeconds(260));
        assertThat(clock.paused()).isFalse();
    }

    @Test
    void neverGoesBackwardsEvenIfTheRealTimeSourceDoes() {
        ScaledClock clock = new ScaledClock(START, 1, realNanos::get);
        realTimePasses(Duration.ofSeconds(5));
        Instant seen = clock.instant();

        realNanos.addAndGet(-Duration.ofSeconds(3).toNanos());

        assertThat(clock.instant()).as("after the source stepped back").isEqualTo(seen);
    }

    @Test
    void withZoneSharesTheTimeLine() {
        ScaledClock clock = new ScaledClock(START, 1, realNanos::get);
        var tokyo = clock.withZone(ZoneId.of("Asia/Tokyo"));

        clock.advance(Duration.ofHours(5));

        assertThat(tokyo.instant()).isEqualTo(START.plus(Duration.ofHours(5)));
        assertThat(tokyo.getZone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
    }

    @Test
    void onTheRealTimeSourceItMovesAtTheFactor() throws InterruptedException {
        ScaledClock clock = new ScaledClock(START, 1000, System::nanoTime);
        Thread.sleep(20);
        assertThat(Duration.between(START, clock.instant())).as("20 ms of real time at 1000x")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(20));
        assertThatThrownBy(() -> new ScaledClock(START, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
