package io.github.sfnconnect.tracking;

import java.util.ArrayList;
import java.util.List;

import io.github.sfnconnect.tracking.ListingCycle.Region;

/**
 * Claims in the making. The start dates a cycle listed wait here until their executions are resolved
 * ({@link Unresolved}: described, and acknowledged by Kafka if they were recorded under their own offsets), then join
 * the {@link Claims}; while they wait they hold the watermark back, so that a restart lists them again.
 */
final class PendingClaims {

    /** Regions waiting at most; only a broker that acknowledges nothing for many cycles gets there. */
    static final int MAX_REGIONS = 16;
    /** Gaps a claim may leave in one region for unresolved executions; beyond them the rest waits as one region. */
    static final int MAX_GAPS = 4;

    private final long windowMs;
    private Claims claims;
    private final List<Region> waiting = new ArrayList<>();

    PendingClaims(Claims claims, long windowMs) {
        this.claims = claims;
        this.windowMs = windowMs;
    }

    Claims claims() {
        return claims;
    }

    /** Claims every start date up to {@code highMs} at once: see {@link ExecutionTracker#seal}. */
    void claimUpTo(long highMs, long redriveBefore) {
        claims = claims.plus(Long.MIN_VALUE, highMs + 1, redriveBefore);
    }

    /** A cycle finished listing {@code region}: it waits for its executions. */
    void listed(Region region) {
        waiting.add(region);
        while (waiting.size() > MAX_REGIONS) {
            waiting.set(1, waiting.get(0).union(waiting.get(1))); // the oldest two wait together
            waiting.remove(0);
        }
    }

    /**
     * Claims what is resolved of the waiting regions and of {@code current} (what the cycle in progress listed so
     * far, or null).
     */
    void claimResolved(Region current, Unresolved unresolved) {
        if (current != null) {
            claimResolved(current, unresolved, new ArrayList<>());
        }
        List<Region> left = new ArrayList<>();
        for (Region region : waiting) {
            claimResolved(region, unresolved, left);
        }
        waiting.clear();
        waiting.addAll(left);
    }

    /**
     * Claims the region but for its unresolved executions (a few gaps at most; below the last gap allowed, the rest
     * of the region waits whole); adds to {@code left} what is left to claim: the gaps, each just around its
     * execution.
     */
    private void claimResolved(Region region, Unresolved unresolved, List<Region> left) {
        long redriveBefore = unresolved.redriveSettledBelowMs(region.redriveBefore());
        List<Long> holes = unresolved.startsBetween(region.low(), region.high(), MAX_GAPS + 1);
        long high = region.high();
        for (int i = 0; i < holes.size() && i < MAX_GAPS; i++) {
            long hole = holes.get(i);
            claims = claims.plus(hole, high, redriveBefore);
            left.add(new Region(hole - 1, hole + 1, region.redriveBefore()));
            high = hole;
        }
        if (holes.size() > MAX_GAPS) {
            left.add(new Region(region.low(), high, region.redriveBefore()));
        } else {
            claims = claims.plus(region.low(), high, redriveBefore);
        }
    }

    /** {@code watermarkMs}, held back so that a restart lists every waiting start date again. */
    long holdWatermark(long watermarkMs) {
        for (Region region : waiting) {
            watermarkMs = Math.min(watermarkMs, region.low() + 1 + windowMs);
        }
        return watermarkMs;
    }
}
