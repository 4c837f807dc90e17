package io.github.sfnconnect.schedule;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * When each of a task's state machines is checked (a poll cycle: its {@code ListExecutions} calls), so that the
 * task's share of the list quota goes where changes are likely. Pure logic over the worker's clock.
 * <p>
 * A state machine whose last check found a change is due again {@code poll.interval.ms} after that check began; each
 * check that finds nothing doubles its interval, or sets it to the time that check covered if that was longer (a
 * state machine found quiet over 8 minutes waits 8 minutes, not 10 seconds: under a tight budget the first checks
 * come late), up to the bound ({@code poll.interval.max.ms}); its first change brings it back to the fast interval. The task begins a check only when its list rate limiter would let a call
 * through at once, and then begins the best due one: first any whose bound is about to pass (oldest first), then
 * the others by due time. So the rate limiter is never queued on, the order of checks is the schedule's, and no state
 * machine waits past its bound while the budget can afford the bounds.
 * <p>
 * When it cannot (quiet state machines alone would need more than {@link #QUIET_SHARE} of the rate), the bound is
 * stretched to what they can have ({@link #quietIntervalMs()}), so that state machines with changes keep the rest.
 * <p>
 * Only the task's thread changes it; metrics read the intervals from other threads, hence the volatile fields.
 */
public final class CheckSchedule {

    /** The most of the list rate that checks at the bound may take; the rest is for state machines with changes. */
    static final double QUIET_SHARE = 0.8;
    /** A check whose bound is this close (a share of the bound) goes before every merely due one. */
    static final double URGENT_MARGIN = 0.1;
    /** Weight of the latest check in the running average of list calls per check. */
    private static final double CALLS_WEIGHT = 0.2;

    private final long fastMs;
    private final long boundMs;
    private final double callsPerSecond;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Random spread = new Random(1);
    /** The sum of the entries' list calls per check. */
    private volatile double callsOfAll;

    private static final class Entry {
        final String key;
        /** When its last check began, and the one before; Long.MIN_VALUE before the first. */
        long lastStartMs = Long.MIN_VALUE;
        long previousStartMs = Long.MIN_VALUE;
        /** Not due before this: a check that could not begin waits a fast interval. */
        long notBeforeMs = Long.MIN_VALUE;
        volatile long intervalMs;
        /** Whether its interval is at the bound (drawn from its last quarter), so stretched with it. */
        volatile boolean atBound;
        boolean checking;
        double callsPerCheck = 1;

        final long addedMs;

        Entry(String key, long intervalMs, long addedMs) {
            this.key = key;
            this.intervalMs = intervalMs;
            this.addedMs = addedMs;
        }
    }

    /**
     * @param fastMs         the interval of a state machine with changes ({@code poll.interval.ms})
     * @param boundMs        the longest a quiet state machine waits between checks ({@code poll.interval.max.ms})
     * @param callsPerSecond the task's share of the list rate
     */
    public CheckSchedule(long fastMs, long boundMs, double callsPerSecond) {
        if (fastMs <= 0 || boundMs < fastMs || !(callsPerSecond > 0)) {
            throw new IllegalArgumentException("Need 0 < fast interval <= bound and a positive rate: " + fastMs + ", "
                    + boundMs + ", " + callsPerSecond);
        }
        this.fastMs = fastMs;
        this.boundMs = boundMs;
        this.callsPerSecond = callsPerSecond;
    }

    /**
     * Schedules a state machine: due at once. Its first check covers the time since {@code nowMs}: one that finds
     * nothing after a long wait backs off as far.
     */
    public void add(String key, long nowMs) {
        if (entries.putIfAbsent(key, new Entry(key, fastMs, nowMs)) == null) {
            callsOfAll += 1;
        }
    }

    public void remove(String key) {
        Entry e = entries.remove(key);
        if (e != null) {
            callsOfAll -= e.callsPerCheck;
        }
    }

    public Collection<String> keys() {
        return entries.keySet();
    }

    /**
     * The state machine whose check should begin now, marked as checking from {@code nowMs}; null if none is due.
     * The caller begins it, and reports its end with {@link #finished} or gives it back with {@link #release}.
     */
    public String begin(long nowMs) {
        long quietMs = quietIntervalMs();
        long urgentAfterMs = quietMs - (long) (quietMs * URGENT_MARGIN);
        Entry best = null;
        boolean bestUrgent = false;
        for (Entry e : entries.values()) {
            if (e.checking || dueMs(e, quietMs) > nowMs) {
                continue;
            }
            boolean urgent = e.lastStartMs == Long.MIN_VALUE || nowMs - e.lastStartMs >= urgentAfterMs;
            if (best == null || urgent && !bestUrgent
                    || urgent == bestUrgent && (urgent ? e.lastStartMs < best.lastStartMs
                    : dueMs(e, quietMs) < dueMs(best, quietMs))) {
                best = e;
                bestUrgent = urgent;
            }
        }
        if (best == null) {
            return null;
        }
        best.checking = true;
        best.previousStartMs = best.lastStartMs;
        best.lastStartMs = nowMs;
        return best.key;
    }

    /**
     * A check ended: its interval goes back to the fast one if it found a change, else it doubles up to the bound.
     *
     * @param listCalls the list calls it made, which estimate what the quiet ones cost
     */
    public void finished(String key, boolean changed, int listCalls) {
        Entry e = entries.get(key);
        if (e == null) {
            return;
        }
        e.checking = false;
        long coveredMs = e.lastStartMs - (e.previousStartMs == Long.MIN_VALUE ? e.addedMs : e.previousStartMs);
        long intervalMs = changed ? fastMs : Math.min(boundMs, Math.max(fastMs, Math.max(e.intervalMs * 2, coveredMs)));
        e.atBound = intervalMs == boundMs && boundMs > fastMs;
        if (e.atBound) {
            // spread the checks at the bound over its last quarter: state machines that went quiet together (all of
            // them, after a start) would otherwise come due together, and their burst would hold up the busy ones
            intervalMs -= (long) (spread.nextDouble() * (boundMs - Math.max(fastMs, boundMs * 3 / 4)));
        }
        e.intervalMs = intervalMs;
        if (listCalls > 0) {
            double before = e.callsPerCheck;
            e.callsPerCheck += CALLS_WEIGHT * (listCalls - e.callsPerCheck);
            callsOfAll += e.callsPerCheck - before;
        }
    }

    /** A check that could not begin (the state machine was not ready): due again a fast interval later. */
    public void release(String key, long nowMs) {
        Entry e = entries.get(key);
        if (e != null && e.checking) {
            e.checking = false;
            e.lastStartMs = e.previousStartMs;
            e.notBeforeMs = nowMs + fastMs;
        }
    }

    /** When the next check is due (the worker's clock); Long.MAX_VALUE if every state machine is being checked. */
    public long nextDueMs() {
        long quietMs = quietIntervalMs();
        long next = Long.MAX_VALUE;
        for (Entry e : entries.values()) {
            if (!e.checking) {
                next = Math.min(next, dueMs(e, quietMs));
            }
        }
        return next;
    }

    private long dueMs(Entry e, long quietMs) {
        long due = e.lastStartMs == Long.MIN_VALUE ? Long.MIN_VALUE : e.lastStartMs + intervalMs(e, quietMs);
        return Math.max(due, e.notBeforeMs);
    }

    /** Its interval: at the bound, the bound stretched if need be (drawn from the same quarter). */
    private long intervalMs(Entry e, long quietMs) {
        return e.atBound ? (long) (e.intervalMs * ((double) quietMs / boundMs)) : Math.min(e.intervalMs, quietMs);
    }

    /** The interval a state machine has now: the fast one after a change, longer while it stays quiet. */
    public long intervalMs(String key) {
        Entry e = entries.get(key);
        return e == null ? 0 : intervalMs(e, quietIntervalMs());
    }

    /**
     * The longest a quiet state machine waits between checks: the bound, or longer when the bound cannot be afforded
     * (see the class comment).
     */
    public long quietIntervalMs() {
        // intervals at the bound average 7/8 of it (drawn from its last quarter)
        long affordableMs = (long) Math.ceil(callsPerCycleOfAll() * 1000 / (callsPerSecond * QUIET_SHARE * 0.875));
        return Math.max(boundMs, affordableMs);
    }

    /** How long checking every state machine once takes at the rate: the interval of a round-robin schedule. */
    public long roundRobinIntervalMs() {
        return (long) Math.ceil(callsPerCycleOfAll() * 1000 / callsPerSecond);
    }

    private double callsPerCycleOfAll() {
        return Math.max(0, callsOfAll);
    }

    public int size() {
        return entries.size();
    }
}
