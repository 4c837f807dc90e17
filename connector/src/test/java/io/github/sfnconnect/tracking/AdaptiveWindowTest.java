package io.github.sfnconnect.tracking;

import static io.github.sfnconnect.model.ExecutionStatus.RUNNING;
import static io.github.sfnconnect.model.ExecutionStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.sfnconnect.tracking.TrackerOutput.Forget;

/**
 * The window listing's depth follows what the listing shows ({@link ListingWindow}), against a busy fake state
 * machine: cheaper cycles once nothing is late, nothing lost when an execution is late within the depth or on a page
 * read anyway, and the rest (claims, forgetting, restarts) as with the full window.
 */
class AdaptiveWindowTest extends TrackerHarness {

    private static final long POLL = 5_000;
    private static final long BOUND = 60_000;
    private static final long MIN = 5_000;

    /** An execution of the fake account: listed from {@code start + delay + lag}, its end from {@code stop + lag}. */
    private record Exec(String name, long start, long stop, long delay) {
    }

    private final List<Exec> execs = new ArrayList<>();
    /** How far the whole list trails the truth. */
    private long lag;
    private int started;
    /** Per execution, the states emitted for it, in order. */
    private final Map<String, List<String>> emitted = new HashMap<>();
    /** List calls of the last cycle. */
    private int lastCycleLists;

    @BeforeEach
    void adaptive() {
        boundWindow = BOUND;
        minWindow = MIN;
        pageSize = 100;
    }

    /** Starts {@code n} executions spread over the next poll interval, each running {@code runMs}; then polls. */
    private void poll(ExecutionTracker tracker, int n, long runMs) {
        for (int i = 0; i < n; i++) {
            long start = now + 1 + i * POLL / n;
            execs.add(new Exec("e" + (++started), start, start + runMs, 0));
        }
        now += POLL;
        cycleNow(tracker);
    }

    private List<TrackerOutput> cycleNow(ExecutionTracker tracker) {
        for (Exec e : execs) {
            if (e.start() + e.delay() + lag <= now) {
                boolean ended = e.stop() + lag <= now;
                put(e.name(), ended ? SUCCEEDED : RUNNING, e.start(), 0, ended ? e.stop() : null, null);
            }
        }
        int before = lists.size();
        List<TrackerOutput> outputs = cycle(tracker);
        for (String change : emits(outputs)) {
            String name = change.substring(0, change.indexOf(':'));
            emitted.computeIfAbsent(name, k -> new ArrayList<>()).add(change.substring(name.length() + 1));
        }
        lastCycleLists = lists.size() - before;
        return outputs;
    }

    /** Polls without new starts until every execution ended and was listed so. */
    private void drain(ExecutionTracker tracker) {
        for (int i = 0; i < 6; i++) {
            now += POLL;
            cycleNow(tracker);
        }
    }

    /** Every execution's end was emitted once, and no state twice. */
    private void assertNothingLostOrRepeated() {
        for (Exec e : execs) {
            List<String> states = emitted.getOrDefault(e.name(), List.of());
            assertThat(states).as("states emitted for %s", e.name()).contains("SUCCEEDED:0").doesNotHaveDuplicates();
        }
    }

    @Test
    void aBusyStateMachineIsListedShallowerOnceNothingIsLateAndLosesNothing() {
        ExecutionTracker tracker = tracker(0);
        poll(tracker, 100, 3_000);
        List<Integer> listsPerCycle = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            poll(tracker, 100, 3_000);
            listsPerCycle.add(lastCycleLists);
        }
        assertThat(tracker.windowDepthMs()).as("down to consistency.window.min.ms").isEqualTo(MIN);
        // 20 starts a second, pages of 100: the full window is 13 pages a cycle (aFixedWindow…), the floor's 3 (new,
        // window, edge)
        assertThat(listsPerCycle.get(listsPerCycle.size() - 1)).as("once shallow").isLessThanOrEqualTo(3);
        drain(tracker);
        assertNothingLostOrRepeated();
    }

    @Test
    void aLateArrivalInsideTheDepthIsEmittedAndDeepensTheWindowAtOnce() {
        ExecutionTracker tracker = tracker(0);
        for (int i = 0; i < 45; i++) {
            poll(tracker, 100, 3_000);
        }
        assertThat(tracker.windowDepthMs()).isEqualTo(MIN);
        // started 4 s before the newest start seen, listed only now: after younger ones
        execs.add(new Exec("late", tracker.floorMs() - 4_000, tracker.floorMs() + 1_000, POLL));
        poll(tracker, 100, 3_000);
        assertThat(emitted.get("late")).as("found by the window listing").isNotEmpty();
        assertThat(tracker.windowDepthMs()).as("twice its lateness and the margin").isEqualTo(9_000);
        drain(tracker);
        assertNothingLostOrRepeated();
    }

    @Test
    void aLateArrivalBelowTheDepthOnTheLastPageIsEmittedAndTheWindowReturnsToTheBound() {
        pageSize = 1_000; // a page reaches far below the depth
        ExecutionTracker tracker = tracker(0);
        for (int i = 0; i < 45; i++) {
            poll(tracker, 100, 3_000);
        }
        execs.add(new Exec("late1", tracker.floorMs() - 20_000, tracker.floorMs() - 19_000, 20_000 + POLL));
        poll(tracker, 100, 3_000);
        assertThat(emitted.get("late1")).as("classified from the part of the last page below the depth")
                .containsExactly("SUCCEEDED:0");
        assertThat(tracker.windowDepthMs()).as("others as late may be missing: the full window").isEqualTo(BOUND);
        pageSize = 100; // from now on no page reaches below the depth by itself
        execs.add(new Exec("late2", tracker.floorMs() - 30_000, tracker.floorMs() - 29_000, 30_000 + POLL));
        poll(tracker, 100, 3_000);
        assertThat(emitted.get("late2")).as("the window at the bound lists it").containsExactly("SUCCEEDED:0");
        drain(tracker);
        assertNothingLostOrRepeated();
    }

    @Test
    void knownLimitALateArrivalBelowTheDepthAndOnNoPageReadIsMissedUntilARestartListsTheBound() {
        ExecutionTracker tracker = tracker(0);
        for (int i = 0; i < 45; i++) {
            poll(tracker, 100, 3_000);
        }
        Exec late = new Exec("late", tracker.floorMs() - 20_000, tracker.floorMs() - 19_000, 20_000 + POLL);
        execs.add(late);
        poll(tracker, 100, 3_000);
        poll(tracker, 100, 3_000);
        assertThat(emitted.get("late")).as("20 s late, 5 s deep, pages of 2.5 s: missed").isNull();
        // a restart lists the whole bound below its watermark again: it is found while it is inside it
        ExecutionTracker restarted = restarted();
        cycleNow(restarted);
        assertThat(emitted.get("late")).containsExactly("SUCCEEDED:0");
        drain(restarted);
        assertNothingLostOrRepeated();
    }

    @Test
    void aCrashWhileTheWindowIsShallowLosesNothing() {
        ExecutionTracker tracker = tracker(0);
        for (int i = 0; i < 45; i++) {
            poll(tracker, 100, 3_000);
        }
        offsetsCommitted = false; // Kafka has the records, Connect has not committed their offsets
        poll(tracker, 100, 3_000);
        poll(tracker, 100, 3_000);
        loseUncommittedOffsets();
        offsetsCommitted = true;
        ExecutionTracker restarted = restarted();
        for (int i = 0; i < 5; i++) {
            poll(restarted, 100, 3_000);
        }
        drain(restarted);
        for (Exec e : execs) {
            assertThat(emitted.getOrDefault(e.name(), List.of())).as("states emitted for %s", e.name())
                    .contains("SUCCEEDED:0");
        }
    }

    @Test
    void aFixedWindowFindsWhatTheShallowOneMisses() {
        minWindow = BOUND;
        ExecutionTracker tracker = tracker(0);
        for (int i = 0; i < 45; i++) {
            poll(tracker, 100, 3_000);
        }
        assertThat(tracker.windowDepthMs()).isEqualTo(BOUND);
        assertThat(lastCycleLists).as("the whole 60 s each cycle").isGreaterThanOrEqualTo(13);
        execs.add(new Exec("late", tracker.floorMs() - 20_000, tracker.floorMs() - 19_000, 20_000 + POLL));
        poll(tracker, 100, 3_000);
        assertThat(emitted.get("late")).containsExactly("SUCCEEDED:0");
        drain(tracker);
        assertNothingLostOrRepeated();
    }

    @Test
    void aListThatLagsAsAWholeCostsNoDepth() {
        ExecutionTracker tracker = tracker(0);
        for (int i = 0; i < 10; i++) {
            poll(tracker, 100, 3_000);
        }
        lag = 8_000; // suddenly, every start and end shows 8 s late, more than the window once it shrank
        for (int i = 0; i < 45; i++) {
            poll(tracker, 100, 3_000);
        }
        assertThat(tracker.windowDepthMs()).as("nothing appears after younger ones").isEqualTo(MIN);
        lag = 0;
        drain(tracker);
        assertNothingLostOrRepeated();
    }

    @Test
    void inSummaryModeTheWindowCoversTheRunTimesSoThatEndsNeedNoDescribe() {
        summaryMode = true;
        ExecutionTracker tracker = tracker(0);
        for (int i = 0; i < 45; i++) {
            poll(tracker, 100, 8_000);
        }
        assertThat(tracker.windowDepthMs()).as("the longest runs and the margin").isEqualTo(9_000);
        int describes = describeCalls;
        for (int i = 0; i < 10; i++) {
            poll(tracker, 100, 8_000);
        }
        assertThat(describeCalls - describes).as("every end shows in the window listing").isZero();
        drain(tracker);
        assertNothingLostOrRepeated();
    }

    @Test
    void claimsGrowAndOffsetsAreForgottenAsWithTheFullWindowAndARestartRepeatsNothing() {
        ExecutionTracker tracker = tracker(0);
        int forgotten = 0;
        for (int i = 0; i < 45; i++) {
            poll(tracker, 100, 3_000);
        }
        assertThat(tracker.windowDepthMs()).isEqualTo(MIN);
        assertThat(checkpoint.claims().ranges()).as("claimed up to the bound below the newest start").isNotEmpty();
        assertThat(checkpoint.claims().ranges().get(checkpoint.claims().ranges().size() - 1).high())
                .isGreaterThan(tracker.floorMs() - BOUND - 2 * POLL);
        assertThat(tracker.trackedExecutions()).as("held: the executions inside the bound, as with the full window")
                .isLessThanOrEqualTo(1_300);
        for (int i = 0; i < 3; i++) {
            now += POLL;
            forgotten += (int) cycleNow(tracker).stream().filter(o -> o instanceof Forget).count();
        }
        assertThat(forgotten).as("offsets of executions behind the bound are deleted").isPositive();
        ExecutionTracker restarted = restarted();
        cycleNow(restarted);
        assertThat(lastCycleLists).as("a restart lists the whole bound again").isGreaterThanOrEqualTo(13);
        drain(restarted);
        assertNothingLostOrRepeated();
    }
}
