package io.github.sfnconnect.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A clock for long-horizon tests: it runs at {@code factor} times real time from a start instant, can jump ahead
 * ({@link #advance}, e.g. a three-day outage in one call) and can stand still ({@link #pause}, {@link #resume}).
 * It never goes backwards, whichever thread reads it. Thread-safe; {@link #withZone} shares the same time line.
 *
 * <p>Real elapsed time comes from {@link System#nanoTime()}, so changes of the machine's wall clock do not move it.
 */
public final class ScaledClock extends Clock {
    private final Timeline timeline;
    private final ZoneId zone;

    /** Starts at {@code start}, running {@code factor} (finite, greater than 0) times as fast as real time. */
    public ScaledClock(Instant start, double factor) {
        this(new Timeline(Objects.requireNonNull(start, "start"), requireFactor(factor), System::nanoTime),
                ZoneOffset.UTC);
    }

    /** As {@link #ScaledClock(Instant, double)}, with the real time read from {@code nanoTime}; for its own tests. */
    ScaledClock(Instant start, double factor, LongSupplier nanoTime) {
        this(new Timeline(Objects.requireNonNull(start, "start"), requireFactor(factor), nanoTime), ZoneOffset.UTC);
    }

    private ScaledClock(Timeline timeline, ZoneId zone) {
        this.timeline = timeline;
        this.zone = zone;
    }

    /** The speed-up over real time. */
    public double factor() {
        return timeline.factor;
    }

    /** Jumps ahead by {@code duration} (not negative) and returns the new time. */
    public Instant advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a ScaledClock never goes backwards; duration was " + duration);
        }
        return timeline.advance(duration);
    }

    /** Stops the clock where it is until {@link #resume()}; pausing a paused clock changes nothing. */
    public void pause() {
        timeline.pause();
    }

    /** Lets a paused clock run again from where it stood; resuming a running clock changes nothing. */
    public void resume() {
        timeline.resume();
    }

    public boolean paused() {
        return timeline.paused();
    }

    @Override
    public Instant instant() {
        return timeline.now();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new ScaledClock(timeline, Objects.requireNonNull(newZone, "zone"));
    }

    private static double requireFactor(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor must be finite and greater than 0, not " + factor);
        }
        return factor;
    }

    /**
     * The shared time line: an anchor instant and the real time it was taken at. Every change re-anchors at the
     * current reading, so the scaled time is continuous; the last answer is kept so no reader ever sees it go back.
     */
    private static final class Timeline {
        private final double factor;
        private final LongSupplier nanoTime;
        private Instant anchor;
        private long anchorNanos;
        private boolean paused;
        private Instant last;

        Timeline(Instant start, double factor, LongSupplier nanoTime) {
            this.factor = factor;
            this.nanoTime = nanoTime;
            this.anchor = start;
            this.anchorNanos = nanoTime.getAsLong();
            this.last = start;
        }

        synchronized Instant now() {
            Instant scaled = paused ? anchor
                    : anchor.plusNanos((long) ((nanoTime.getAsLong() - anchorNanos) * factor));
            if (scaled.isAfter(last)) {
                last = scaled;
            }
            return last;
        }

        synchronized Instant advance(Duration duration) {
            reanchor();
            anchor = anchor.plus(duration);
            last = anchor;
            return anchor;
        }

        synchronized void pause() {
            if (!paused) {
                reanchor();
                paused = true;
            }
        }

        synchronized void resume() {
            if (paused) {
                anchorNanos = nanoTime.getAsLong();
                paused = false;
            }
        }

        synchronized boolean paused() {
            return paused;
        }

        private void reanchor() {
            Instant current = now();
            anchor = current;
            anchorNanos = nanoTime.getAsLong();
        }
    }
}
