package io.github.sfnconnect.tracking;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Executions whose latest state is not yet safely in Kafka: awaiting their describe, or with a record Kafka has not
 * acknowledged. They hold back what a checkpoint may claim, each by the path a restarted task would find it again:
 * <ul>
 * <li>one found by the listing of recent executions keeps the watermark within a window of its start, and its
 * start date out of new {@link Claims};</li>
 * <li>one in a redrive attempt keeps the redrive marks (the state machine's, and those of new claims) at or before
 * its redrive date;</li>
 * <li>one named in the open-name parts needs neither: a restarted task checks it by name.</li>
 * </ul>
 * Multisets keyed by time answer each bound in O(log n).
 */
final class Unresolved {

    private record Hold(long startMs, Long watermarkBoundMs, Long redriveBoundMs) {
    }

    /** Per execution: its hold and how many reasons (pending describe, records in flight) it is unresolved for. */
    private final Map<String, Hold> holds = new HashMap<>();
    private final Map<String, Integer> reasons = new HashMap<>();
    private final TreeMap<Long, Integer> starts = new TreeMap<>();
    private final TreeMap<Long, Integer> watermarkBounds = new TreeMap<>();
    private final TreeMap<Long, Integer> redriveBounds = new TreeMap<>();

    /**
     * Adds a reason for the execution to be unresolved. The first reason decides its hold: a redrive attempt
     * ({@code redriveDateMs} not null) bounds the redrive mark; otherwise, unless named, it bounds the watermark to
     * {@code startMs + windowMs}.
     */
    void add(String arn, long startMs, Long redriveDateMs, boolean named, long windowMs) {
        Integer count = reasons.merge(arn, 1, Integer::sum);
        if (count > 1) {
            return;
        }
        Hold hold = new Hold(startMs, redriveDateMs == null && !named ? startMs + windowMs : null, redriveDateMs);
        holds.put(arn, hold);
        if (hold.watermarkBoundMs() != null) {
            increment(starts, hold.startMs());
            increment(watermarkBounds, hold.watermarkBoundMs());
        }
        if (hold.redriveBoundMs() != null) {
            increment(redriveBounds, hold.redriveBoundMs());
        }
    }

    /** Removes one reason; the execution is resolved when none is left. */
    void remove(String arn) {
        Integer count = reasons.get(arn);
        if (count == null) {
            return;
        }
        if (count > 1) {
            reasons.put(arn, count - 1);
            return;
        }
        reasons.remove(arn);
        Hold hold = holds.remove(arn);
        if (hold.watermarkBoundMs() != null) {
            decrement(starts, hold.startMs());
            decrement(watermarkBounds, hold.watermarkBoundMs());
        }
        if (hold.redriveBoundMs() != null) {
            decrement(redriveBounds, hold.redriveBoundMs());
        }
    }

    boolean contains(String arn) {
        return reasons.containsKey(arn);
    }

    int size() {
        return reasons.size();
    }

    /** The newest start date in (low, high) of an unresolved execution that holds claims back, or null if none. */
    Long newestStartBetween(long low, long high) {
        if (high == Long.MIN_VALUE) {
            return null;
        }
        Long key = starts.lowerKey(high);
        return key != null && key > low ? key : null;
    }

    /** Up to {@code max} start dates in (low, high) of unresolved executions that hold claims back, newest first. */
    java.util.List<Long> startsBetween(long low, long high, int max) {
        java.util.List<Long> found = new java.util.ArrayList<>();
        if (high == Long.MIN_VALUE || low >= high) {
            return found;
        }
        for (Long start : starts.descendingMap().subMap(high, false, low, false).keySet()) {
            if (found.size() == max) {
                break;
            }
            found.add(start);
        }
        return found;
    }

    /** Whether an unresolved execution that holds claims back started in [from, high). */
    boolean anyStartedBetween(long from, long high) {
        Long key = starts.ceilingKey(from);
        return key != null && key < high;
    }

    /** The highest watermark a checkpoint may store, given {@code floorMs}. */
    long watermarkMs(long floorMs) {
        return watermarkBounds.isEmpty() ? floorMs : Math.min(floorMs, watermarkBounds.firstKey());
    }

    /** The highest redrive mark a checkpoint (or a new claim) may store, given {@code checkedMs}. */
    long redriveSettledBelowMs(long checkedMs) {
        return redriveBounds.isEmpty() ? checkedMs : Math.min(checkedMs, redriveBounds.firstKey());
    }

    private static void increment(TreeMap<Long, Integer> multiset, long key) {
        multiset.merge(key, 1, Integer::sum);
    }

    private static void decrement(TreeMap<Long, Integer> multiset, long key) {
        multiset.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
    }
}
