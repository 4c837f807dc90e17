package io.github.sfnconnect.schedule;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * When each of a task's state machines is checked (a poll cycle: its {@code ListExecutions} calls), so that the
 * task's share of the list quota goes where changes are likely. Pure logic over the worker's clock.
 * <p>
 * A state machine whose last check found a change is due again {@code poll.interval.ms} after that check began. One
 * whose check found nothing is due again after a quarter of the time it has been quiet, at least
 * {@code poll.interval.ms} and at most the bound ({@code poll.interval.max.ms}): one quiet for 2 minutes waits 30 s,
 * one quiet for two hours waits a 30-minute bound. Quiet since when: the newest start, stop or redrive its listing
 * showed, or the check that last found a change, whichever is later (so that after a task start a state machine last
 * used a week ago goes to its bound at its first check, not hours later). But no longer than a quarter of its mean
 * time between change-finding checks of late ({@link #RATE_MEMORY_INTERVALS}): a state machine that starts an execution a
 * minute is not quiet after five minutes without one, only in a chance gap, and backing off then was the tail of the
 * busy ones' latency. At the bound, intervals are drawn from 70% to 95% of it, so that state machines that went quiet
 * together (all of them, after a start) do not come due together, and a late check still keeps the bound. Its first
 * change brings it back to the fast interval. The task begins a check only when its list rate limiter would let a
 * call through at once, and then begins the best due one. Busy ones (a change-finding check of late,
 * {@link #BUSY_WEIGHT}) take turns by when they were last checked, so that when the rate cannot give each its interval
 * they wait alike; quiet ones go by due time, any whose bound is about to pass first. Between the two the turn
 * order decides, within shares: quiet ones due in a crowd take at most half the checks while busy ones are due,
 * {@link #QUIET_SHARE} once they near their bound, and a task's first round shares the checks with both
 * ({@link Turns}). So the rate limiter is never queued on, the order of checks is the schedule's, and no state
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
    /** A quiet one whose bound is this close (a share of the bound) goes first among them, at a larger share. */
    static final double URGENT_MARGIN = 0.1;
    /** The share of the checks a task's first round takes while others are due too ({@link Turns}). */
    static final double FIRST_ROUND_SHARE = 2.0 / 3;
    /** The share of its quiet time a quiet state machine waits before its next check. */
    static final double QUIET_FACTOR = 0.25;
    /**
     * How long, in fast intervals, a change-finding check counts toward a state machine's change rate (its weight
     * halves in 0.7 times this): 10 minutes at the default 5 s. Long enough to tell a state machine that changes
     * every minute through its quiet spells of several minutes; short enough that a burst is forgotten within the
     * hour. In fast intervals rather than ms, so that it scales with the time a deployment thinks in.
     */
    static final int RATE_MEMORY_INTERVALS = 120;
    /** The change weight from which a state machine counts as busy: a change-finding check within 0.7 memories. */
    static final double BUSY_WEIGHT = 0.5;
    /** Intervals at the bound are drawn from this share of it up to {@link #SPREAD_HIGH}; they average 82.5%. */
    static final double SPREAD_LOW = 0.70;
    static final double SPREAD_HIGH = 0.95;
    /** Weight of the latest check in the running average of list calls per check. */
    private static final double CALLS_WEIGHT = 0.2;

    private final long fastMs;
    private final long boundMs;
    private final long rateMemoryMs;
    private final double callsPerSecond;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Random spread = new Random(1);
    /** How many state machines were added so far. */
    private long added;
    /** Whose turn it is among the due ones of the first round, the busy and the quiet ({@link Turns}). */
    private final Turns turns = new Turns(FIRST_ROUND_SHARE / (1 - FIRST_ROUND_SHARE),
            QUIET_SHARE / (1 - QUIET_SHARE));
    /** The sum of the entries' list calls per check. */
    private volatile double callsOfAll;

    private static final class Entry {
        final String key;
        /** When its last check began, and the one before; Long.MIN_VALUE before the first. */
        long lastStartMs = Long.MIN_VALUE;
        long previousStartMs = Long.MIN_VALUE;
        /**
         * When it last changed as far as known: the check that found a change, or the newest activity a listing
         * showed; the time it was added before either.
         */
        long lastChangeMs;
        boolean activityKnown;
        /** Not due before this: a check that could not begin waits a fast interval. */
        long notBeforeMs = Long.MIN_VALUE;
        volatile long intervalMs;
        /** Whether its interval is at the bound (drawn from its last quarter), so stretched with it. */
        volatile boolean atBound;
        boolean checking;
        double callsPerCheck = 1;
        /** Change-finding checks, each weighing exp(-age / rateMemoryMs), as of rateAtMs. */
        double changeWeight;
        long rateAtMs;

        final long addedMs;
        /** Its place in the first round: the order it was added in. */
        long order;

        Entry(String key, long intervalMs, long addedMs) {
            this.key = key;
            this.intervalMs = intervalMs;
            this.addedMs = addedMs;
            this.lastChangeMs = addedMs;
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
        this.rateMemoryMs = fastMs * RATE_MEMORY_INTERVALS;
        this.callsPerSecond = callsPerSecond;
    }

    /**
     * Schedules a state machine: due at once. Its first check covers the time since {@code nowMs}: one that finds
     * nothing after a long wait backs off as far.
     */
    public void add(String key, long nowMs) {
        Entry e = new Entry(key, fastMs, nowMs);
        if (entries.putIfAbsent(key, e) == null) {
            callsOfAll += 1;
            e.order = added++;
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
        Entry first = null; // the first round's next: never checked
        Entry busy = null; // the busy ones' next: checked longest ago
        Entry quiet = null; // the quiet ones' next: urgent first, then by due time
        long quietDueMs = Long.MAX_VALUE;
        boolean quietUrgent = false;
        for (Entry e : entries.values()) {
            long dueMs = dueMs(e, quietMs);
            if (e.checking || dueMs > nowMs) {
                continue;
            }
            if (e.lastStartMs == Long.MIN_VALUE) {
                if (first == null || e.order < first.order) {
                    first = e;
                }
            } else if (e.changeWeight >= BUSY_WEIGHT && boundMs > fastMs) { // no back-off: all alike, in turn
                if (busy == null || e.lastStartMs < busy.lastStartMs) {
                    busy = e;
                }
            } else {
                boolean urgent = nowMs - e.lastStartMs >= urgentAfterMs;
                if (quiet == null || urgent && !quietUrgent || urgent == quietUrgent && (urgent
                        ? e.lastStartMs < quiet.lastStartMs : dueMs < quietDueMs)) {
                    quiet = e;
                    quietDueMs = dueMs;
                    quietUrgent = urgent;
                }
            }
        }
        // the quiet one's turn comes first if its bound is near, or it was due before the busy one was last checked
        boolean quietsTurn = quiet != null && (busy == null || quietUrgent || quietDueMs < busy.lastStartMs);
        boolean firstUrgent = first != null && nowMs - first.addedMs >= urgentAfterMs;
        Entry chosen = turns.pick(first, firstUrgent, busy, quiet, quietUrgent, quietsTurn);
        if (chosen == null) {
            return null;
        }
        chosen.checking = true;
        chosen.previousStartMs = chosen.lastStartMs;
        chosen.lastStartMs = nowMs;
        return chosen.key;
    }

    /**
     * The first round, the busy ones and the quiet ones share the checks begun while more than one of them has one
     * due, by weight (start-time fair queuing: each kind's virtual time advances by one over its weight per check,
     * the lowest goes; a kind with nothing due banks no credit): the first round 2 ({@link #FIRST_ROUND_SHARE}), busy
     * 1, quiet 1; the first round or the quiet ones 4 ({@link #QUIET_SHARE}) while their next has waited 90% of the
     * bound (since the task added it, or since its last check).
     * <ul>
     * <li>State machines found busy early in a task's first round, which takes n / rate seconds (400 s for 1,000 at
     * 2.5/s), get a third of the checks before it ends.</li>
     * <li>Between busy and quiet ones the turn order decides (a busy one goes before a quiet one due after its last
     * check, an urgent quiet one first), but quiet ones due in a crowd (after a first round longer than the bound:
     * 10,000 state machines at 2.5/s) cannot take more than half the checks from the busy ones, four fifths once
     * they near their bound, for as long as the crowd lasts; the bound is stretched so that they need no more.</li>
     * </ul>
     */
    private static final class Turns {
        private static final int BUSY = 1;
        private static final int QUIET = 2;
        private final double roundWeight;
        private final double urgentWeight;
        private final double[] virtual = new double[3];

        /**
         * @param roundWeight  the first round's weight against a busy one's 1 and a quiet one's 1
         * @param urgentWeight the weight of either when its head has waited nearly the bound
         */
        Turns(double roundWeight, double urgentWeight) {
            this.roundWeight = roundWeight;
            this.urgentWeight = urgentWeight;
        }

        /**
         * @param quietsTurn whether the quiet one's turn comes before the busy one's: if not, the quiet ones get a
         *                   check only while the busy ones are over their share
         */
        Entry pick(Entry round, boolean roundUrgent, Entry busy, Entry quiet, boolean quietUrgent,
                   boolean quietsTurn) {
            double[] weights = {roundUrgent ? urgentWeight : roundWeight, 1, quietUrgent ? urgentWeight : 1};
            Entry[] due = {round, busy, quiet};
            int chosen = -1;
            for (int i = 0; i < 3; i++) {
                if (due[i] != null && (chosen < 0 || virtual[i] < virtual[chosen])) {
                    chosen = i;
                }
            }
            if (chosen < 0) {
                return null;
            }
            if (chosen == QUIET && busy != null && !quietsTurn) {
                // the quiet ones give way by turn, not for want of share: they bank no credit for it, so that a crowd
                // of them later still leaves the busy ones their share
                virtual[QUIET] = Math.max(virtual[QUIET], virtual[BUSY]);
                chosen = BUSY;
            }
            for (int i = 0; i < 3; i++) {
                if (due[i] == null) {
                    virtual[i] = Math.max(virtual[i], virtual[chosen]); // no credit banked while nothing was due
                }
            }
            virtual[chosen] += 1 / weights[chosen];
            return due[chosen];
        }
    }

    /** As {@link #finished(String, boolean, int, long, long)}, with no listed activity. */
    public void finished(String key, boolean changed, int listCalls) {
        finished(key, changed, listCalls, -1, 0);
    }

    /**
     * A check ended: its interval goes back to the fast one if it found a change, else it becomes a quarter of its
     * quiet time, within the fast interval and the bound.
     *
     * @param listCalls  the list calls it made, which estimate what the quiet ones cost
     * @param quietForMs how long before {@code nowMs} the newest activity its listing showed happened; -1 if none
     */
    public void finished(String key, boolean changed, int listCalls, long quietForMs, long nowMs) {
        Entry e = entries.get(key);
        if (e == null) {
            return;
        }
        e.checking = false;
        if (quietForMs >= 0) {
            long activityMs = nowMs - quietForMs;
            // the listing dates the last change: later than what the checks know, or earlier on a first check (the
            // time added stands in until something is known)
            e.lastChangeMs = e.activityKnown ? Math.max(e.lastChangeMs, activityMs) : activityMs;
            e.activityKnown = true;
        }
        long intervalMs;
        double weight = e.changeWeight * Math.exp(-(double) (e.lastStartMs - e.rateAtMs) / rateMemoryMs);
        e.rateAtMs = e.lastStartMs;
        if (changed) {
            e.lastChangeMs = Math.max(e.lastChangeMs, e.lastStartMs);
            e.activityKnown = true;
            e.changeWeight = weight + 1;
            intervalMs = fastMs;
        } else {
            e.changeWeight = weight;
            // a quarter of the quiet time, or of the mean time between change-finding checks of late if shorter:
            // one that changes every minute is not quiet after five minutes without a change, a chance gap
            double quietMs = e.lastStartMs - e.lastChangeMs;
            double meanGapMs = weight > 0 ? rateMemoryMs / weight : Double.MAX_VALUE;
            intervalMs = Math.max(fastMs, (long) (Math.min(quietMs, meanGapMs) * QUIET_FACTOR));
        }
        e.atBound = intervalMs >= boundMs && boundMs > fastMs;
        if (e.atBound) {
            // after its first check, anywhere up to the bound: the state machines a task starts with are all checked
            // in its first minutes, and from the usual share of the bound their next checks would come in one wave
            // that takes most of the rate from the busy ones, again at every round
            double low = e.previousStartMs == Long.MIN_VALUE ? 0 : SPREAD_LOW;
            intervalMs = Math.max(fastMs, (long) (boundMs * (low + spread.nextDouble() * (SPREAD_HIGH - low))));
        }
        e.intervalMs = Math.min(intervalMs, boundMs);
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
        // a stretched bound keeps the draw: the same share of the longer bound
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
        double averageShare = (SPREAD_LOW + SPREAD_HIGH) / 2;
        long affordableMs = (long) Math.ceil(callsPerCycleOfAll() * 1000 / (callsPerSecond * QUIET_SHARE
                * averageShare));
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
