package io.github.sfnconnect.tracking;

/**
 * How far below the floor (the newest start date the last complete cycle saw) the next cycle's window listing
 * reaches. Re-listing the whole {@code consistency.window.ms} every poll costs a page per 1,000 executions of it
 * whether or not the list ever lags: at 1,000 starts a second, 60 pages a poll that mostly show what was seen. The
 * depth follows what the listing shows instead, within {@code consistency.window.min.ms} and
 * {@code consistency.window.ms}:
 * <ul>
 * <li><b>Late arrivals.</b> An execution new to the tracker that started before the floor appeared after younger
 * ones: its lateness is how far behind the floor it started. The depth grows at once to twice that, plus
 * {@link #MARGIN_MS}; to the bound if it was found below the depth (on the part of the last page below it, or in
 * the running list), since others as late may have been missed and the full window lists them again.</li>
 * <li><b>Run times</b> (only with {@code execution.detail=summary}, where an end the window listing does not show
 * costs a describe): the depth covers the second-longest run time among the ends recorded in a cycle, plus the
 * margin. One describe a cycle is cheaper than any page.</li>
 * <li><b>Shrinking</b>: after each complete cycle that listed new executions, by a quarter of the way to what that
 * cycle needed; never below the floor. A cycle without new executions says nothing about lateness and shrinks
 * nothing.</li>
 * </ul>
 * A list that lags as a whole (every execution appears the same time after its start) makes nothing late relative
 * to the floor, which trails with it: it costs no depth. Only the listing depth adapts; whatever relies on what a
 * restart lists again (the watermark, claims, forgetting offsets, the redrive mark, open names) keeps the bound,
 * and a restarted task begins at the bound, so that nothing of this needs to be stored.
 */
final class ListingWindow {

    /** Added to what was observed: the service's clock is read in whole seconds, and cycles start a little apart. */
    static final long MARGIN_MS = 1_000;

    private final long boundMs;
    private final long floorMs;
    private final boolean coverRunTimes;
    private long depthMs;
    /** Whether a cycle completed: before that (a first cycle, a backfill) every execution is new to the tracker. */
    private boolean observing;
    /** This cycle's observations. */
    private boolean sawNew;
    /** Whether a late arrival was found below the depth: the next cycle lists the bound whole. */
    private boolean foundBelow;
    private long latestMs = -1;
    private long longestRunMs = -1;
    private long secondRunMs = -1;

    /**
     * @param boundMs       {@code consistency.window.ms}: the largest depth, and the first
     * @param floorMs       {@code consistency.window.min.ms}: the smallest (at most the bound)
     * @param coverRunTimes whether the depth also covers run times ({@code execution.detail=summary})
     */
    ListingWindow(long boundMs, long floorMs, boolean coverRunTimes) {
        if (boundMs < 0 || floorMs < 0) {
            throw new IllegalArgumentException("window sizes must not be negative: " + boundMs + ", " + floorMs);
        }
        this.boundMs = boundMs;
        this.floorMs = Math.min(floorMs, boundMs);
        this.coverRunTimes = coverRunTimes;
        this.depthMs = boundMs;
    }

    /** A window that never moves from {@code windowMs}. */
    static ListingWindow fixed(long windowMs) {
        return new ListingWindow(windowMs, windowMs, false);
    }

    /** How far below the floor the next cycle's window listing reaches. */
    long depthMs() {
        return depthMs;
    }

    /** {@code consistency.window.ms}: what a restart lists again below the watermark. */
    long boundMs() {
        return boundMs;
    }

    /**
     * An execution new to the tracker was listed, started {@code behindFloorMs} before the cycle's floor (0 or less:
     * at or after it, so not late).
     */
    void listedNew(long behindFloorMs) {
        if (!observing) {
            return;
        }
        sawNew = true;
        if (behindFloorMs <= 0) {
            return;
        }
        latestMs = Math.max(latestMs, behindFloorMs);
        if (behindFloorMs > depthMs) {
            depthMs = boundMs; // found below the depth: any as late were missed by this one, the bound lists them again
            foundBelow = true;
        } else {
            depthMs = Math.max(depthMs, needed(behindFloorMs));
        }
    }

    /** An execution started {@code runMs} before its end was recorded (never redriven: its start date is its run's). */
    void ended(long runMs) {
        if (!observing || !coverRunTimes || runMs < 0) {
            return;
        }
        if (runMs > longestRunMs) {
            secondRunMs = longestRunMs;
            longestRunMs = runMs;
        } else if (runMs > secondRunMs) {
            secondRunMs = runMs;
        }
    }

    /** A cycle completed: the depth moves towards what it needed. */
    void cycleCompleted() {
        if (observing && sawNew && !foundBelow) {
            long target = floorMs;
            if (latestMs >= 0) {
                target = Math.max(target, needed(latestMs));
            }
            if (secondRunMs >= 0) {
                target = Math.max(target, Math.min(boundMs, secondRunMs + MARGIN_MS));
            }
            depthMs = target >= depthMs ? target : depthMs - (depthMs - target + 3) / 4;
        }
        observing = true;
        sawNew = false;
        foundBelow = false;
        latestMs = -1;
        longestRunMs = -1;
        secondRunMs = -1;
    }

    private long needed(long latenessMs) {
        return Math.max(floorMs, Math.min(boundMs, 2 * latenessMs + MARGIN_MS));
    }

    @Override
    public String toString() {
        return "ListingWindow[depth " + depthMs + " ms in " + floorMs + ".." + boundMs + " ms]";
    }
}
