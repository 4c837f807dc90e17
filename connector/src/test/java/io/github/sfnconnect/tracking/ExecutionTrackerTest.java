package io.github.sfnconnect.tracking;

import static io.github.sfnconnect.model.ExecutionStatus.ABORTED;
import static io.github.sfnconnect.model.ExecutionStatus.FAILED;
import static io.github.sfnconnect.model.ExecutionStatus.RUNNING;
import static io.github.sfnconnect.model.ExecutionStatus.SUCCEEDED;
import static io.github.sfnconnect.model.ExecutionStatus.TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.model.ExecutionPage;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.ExecutionSummary;
import io.github.sfnconnect.tracking.ExecutionTracker.Candidate;
import io.github.sfnconnect.tracking.ExecutionTracker.ListRequest;
import io.github.sfnconnect.tracking.TrackerOutput.Emit;
import io.github.sfnconnect.tracking.TrackerOutput.Forget;
import io.github.sfnconnect.tracking.TrackerOutput.Observe;
import io.github.sfnconnect.tracking.TrackerOutput.Store;

class ExecutionTrackerTest {

    private static final String SM = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";
    private static final String PREFIX = "arn:aws:states:us-east-1:123456789012:execution:orders:";
    private static final long WINDOW = 1_000;
    private static final long DAY = 86_400_000L;
    private static final Set<ExecutionStatus> ALL = EnumSet.allOf(ExecutionStatus.class);

    /** A fake state machine: the executions as the API would list and describe them, plus call counters. */
    private final Map<String, ExecutionSummary> world = new LinkedHashMap<>();
    /** The offsets as Connect would have committed them. */
    private final Map<String, ExecutionOffset> committed = new HashMap<>();
    private Checkpoint checkpoint;
    /** False: Kafka acknowledges records but Connect has not committed their offsets yet. */
    private boolean offsetsCommitted = true;
    /** Offset commits Connect has made; the harness commits twice after each cycle when offsetsCommitted. */
    private long commits;
    private long now = 10 * DAY;
    private int pageSize = 100;
    private final List<ListRequest> lists = new ArrayList<>();
    private int describeCalls;
    private final List<String> described = new ArrayList<>();
    /** As with execution.detail=summary: a candidate with a listed item is not described. */
    private boolean summaryMode;

    private String put(String name, ExecutionStatus status, long start, int redriveCount) {
        String arn = PREFIX + name;
        world.put(arn, new ExecutionSummary(arn, SM, name, status, start,
                status.isOpen() ? null : Math.max(start + 10, now - 5), redriveCount,
                redriveCount > 0 ? start + 20 : null, null, null));
        return arn;
    }

    private ExecutionPage list(ListRequest request) {
        lists.add(request);
        List<ExecutionSummary> all = new ArrayList<>(world.values());
        all.removeIf(s -> request.statusFilter() != null && s.status() != request.statusFilter());
        all.removeIf(s -> request.redrivenOnly() && s.redriveCount() == 0);
        all.sort(Comparator.comparingLong(ExecutionSummary::startDateMs).reversed());
        int from = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
        int to = Math.min(all.size(), from + pageSize);
        return new ExecutionPage(all.subList(from, to), to < all.size() ? Integer.toString(to) : null);
    }

    private Optional<ExecutionDetails> describe(String arn) {
        describeCalls++;
        described.add(arn.substring(PREFIX.length()));
        ExecutionSummary s = world.get(arn);
        return s == null ? Optional.empty() : Optional.of(details(s, s.status(), s.redriveCount()));
    }

    private static ExecutionDetails details(ExecutionSummary s, ExecutionStatus status, int redriveCount) {
        String arn = s.executionArn();
        return new ExecutionDetails(arn, SM, arn.substring(arn.lastIndexOf(':') + 1), status, s.startDateMs(),
                status.isOpen() ? null : s.stopDateMs(), "{}", true, null, true, null, null, null, null, null, null,
                redriveCount, s.redriveDateMs(), null, null);
    }

    private final OffsetLookup lookup = arns -> {
        Map<String, ExecutionOffset> found = new HashMap<>();
        arns.forEach(a -> {
            if (committed.containsKey(a)) {
                found.put(a, committed.get(a));
            }
        });
        return found;
    };

    private ExecutionTracker tracker(long since) {
        return new ExecutionTracker(SM, null, since, WINDOW, ALL, lookup);
    }

    private ExecutionTracker restarted() {
        return new ExecutionTracker(SM, checkpoint, 0, WINDOW, ALL, lookup);
    }

    /** Applies an output as Connect would once Kafka acknowledged it and the offsets were committed. */
    private void commit(ExecutionTracker tracker, TrackerOutput output) {
        if (output instanceof Emit e) {
            tracker.acknowledged(e.details().executionArn(), commits);
        } else if (output instanceof Observe o) {
            tracker.acknowledged(o.executionArn(), commits);
        }
        if (!offsetsCommitted) {
            return;
        }
        if (output instanceof Emit e) {
            committed.put(e.details().executionArn(), e.offset());
        } else if (output instanceof Observe o) {
            committed.put(o.executionArn(), o.offset());
        } else if (output instanceof Forget f) {
            committed.remove(f.executionArn());
        } else if (output instanceof Store s) {
            checkpoint = s.checkpoint();
        }
    }

    private List<TrackerOutput> listAll(ExecutionTracker tracker) {
        List<TrackerOutput> outputs = new ArrayList<>();
        tracker.startCycle();
        while (tracker.isListing()) {
            outputs.addAll(tracker.onPage(list(tracker.nextListRequest()), lookup, now));
        }
        return outputs;
    }

    /** One full cycle, everything acknowledged and committed; returns the outputs. */
    private List<TrackerOutput> cycle(ExecutionTracker tracker) {
        List<TrackerOutput> outputs = new ArrayList<>(listAll(tracker));
        for (Candidate c : tracker.candidates()) {
            tracker.onDescribed(c.executionArn(), detailsOf(c)).ifPresent(outputs::add);
        }
        outputs.forEach(o -> commit(tracker, o));
        if (offsetsCommitted) {
            commits += 2;
        }
        List<TrackerOutput> finish = tracker.finishCycle(now, commits);
        finish.forEach(o -> commit(tracker, o));
        outputs.addAll(finish);
        return outputs;
    }

    /** What the poller hands the tracker: a describe, or in summary mode the candidate's listed item if it has one. */
    private Optional<ExecutionDetails> detailsOf(Candidate c) {
        if (summaryMode && c.summary() != null) {
            return Optional.of(ExecutionDetails.fromSummary(c.summary()));
        }
        return describe(c.executionArn());
    }

    private List<String> changes(ExecutionTracker tracker) {
        return cycle(tracker).stream().filter(o -> o instanceof Emit).map(o -> ((Emit) o).details())
                .map(d -> d.name() + ":" + d.status() + ":" + d.redriveCount()).toList();
    }

    private static List<String> forgotten(List<TrackerOutput> outputs) {
        return outputs.stream().filter(o -> o instanceof Forget).map(o -> ((Forget) o).executionArn())
                .map(a -> a.substring(PREFIX.length())).toList();
    }

    @Test
    void emitsNewExecutionsOnceAndUnchangedOnesNever() {
        ExecutionTracker tracker = tracker(0);
        put("a", RUNNING, now - 100, 0);
        put("b", SUCCEEDED, now - 50, 0);
        assertThat(changes(tracker)).as("first cycle emits both new executions")
                .containsExactlyInAnyOrder("a:RUNNING:0", "b:SUCCEEDED:0");
        int describesBefore = describeCalls;
        assertThat(changes(tracker)).as("nothing changed, nothing emitted").isEmpty();
        assertThat(describeCalls).as("unchanged executions are not described again").isEqualTo(describesBefore);
    }

    @Test
    void emitsEachStatusChange() {
        ExecutionTracker tracker = tracker(0);
        put("a", RUNNING, now, 0);
        changes(tracker);
        put("a", FAILED, now, 0);
        assertThat(changes(tracker)).containsExactly("a:FAILED:0");
    }

    @Test
    void emitsRedriveBackToRunningAndTheNextTerminalStatus() {
        ExecutionTracker tracker = tracker(0);
        put("a", FAILED, now, 0);
        assertThat(changes(tracker)).containsExactly("a:FAILED:0");
        put("a", RUNNING, now, 1);
        assertThat(changes(tracker)).as("redrive is a change").containsExactly("a:RUNNING:1");
        put("a", FAILED, now, 1);
        assertThat(changes(tracker)).as("same status as before, but a new redrive attempt")
                .containsExactly("a:FAILED:1");
    }

    @Test
    void redriveOfAnOldExecutionThatFailsAgainBetweenPollsIsEmitted() {
        ExecutionTracker tracker = tracker(0);
        put("old", TIMED_OUT, now - 10 * WINDOW, 0);
        changes(tracker);
        put("new", SUCCEEDED, now, 0);
        changes(tracker);
        assertThat(tracker.floorMs() - WINDOW).as("the old execution is behind the window").isGreaterThan(now - 10 * WINDOW);
        lists.clear();
        // redriven and timed out again between two polls: never listed as running
        put("old", TIMED_OUT, now - 10 * WINDOW, 1);
        assertThat(changes(tracker)).containsExactly("old:TIMED_OUT:1");
        assertThat(lists).as("found by listing redriven executions").anyMatch(ListRequest::redrivenOnly);
    }

    @Test
    void redrivenExecutionThatEndedForGoodIsNotEmittedAgainAfterItWasForgotten() {
        ExecutionTracker tracker = tracker(0);
        put("a", FAILED, now, 0);
        put("b", FAILED, now + 1, 0);
        put("x", FAILED, now - 5, 0); // older and still redrivable: the redriven list is read down to it
        changes(tracker);
        put("a", SUCCEEDED, now, 1);
        put("b", RUNNING, now + 1, 1);
        assertThat(changes(tracker)).containsExactlyInAnyOrder("a:SUCCEEDED:1", "b:RUNNING:1");
        put("c", SUCCEEDED, now + 10 * WINDOW, 0);
        now += 2 * WINDOW;
        assertThat(forgotten(cycle(tracker))).as("a can no longer change").containsExactly("a");
        describeCalls = 0;
        for (int i = 0; i < 3; i++) {
            assertThat(changes(tracker)).as("a is still listed as redriven, but was emitted already").isEmpty();
        }
        assertThat(describeCalls).isZero();
        put("b", SUCCEEDED, now + 1, 1);
        assertThat(changes(tracker)).containsExactly("b:SUCCEEDED:1");
    }

    @Test
    void forgottenRedrivenExecutionIsNotEmittedAgainBeforeItsOffsetsAreCommitted() {
        ExecutionTracker tracker = tracker(0);
        put("x", FAILED, now - 5, 0); // keeps the redriven list in use
        put("a", FAILED, now, 0);
        changes(tracker);
        offsetsCommitted = false; // acknowledged by Kafka, offsets not flushed yet
        put("a", SUCCEEDED, now, 1);
        assertThat(changes(tracker)).containsExactly("a:SUCCEEDED:1");
        put("c", SUCCEEDED, now + 10 * WINDOW, 0);
        now += 2 * WINDOW;
        assertThat(forgotten(cycle(tracker))).as("not before its last offset is committed").isEmpty();
        assertThat(committed.get(PREFIX + "a")).as("the stored offset still says FAILED")
                .isEqualTo(new ExecutionOffset(FAILED, 0));
        assertThat(changes(tracker)).as("a is listed as redriven again, but its final state was emitted").isEmpty();
        offsetsCommitted = true;
        assertThat(forgotten(cycle(tracker))).as("forgotten once committed").containsExactly("a");
        assertThat(changes(tracker)).as("and still not emitted again").isEmpty();
    }

    @Test
    void forgottenExecutionIsNotEmittedAgainWhileAnOlderChangeHoldsTheWatermarkBack() {
        ExecutionTracker tracker = tracker(0);
        put("x", FAILED, now - 5, 0);
        put("a", FAILED, now, 0);
        changes(tracker);
        put("a", SUCCEEDED, now, 1);
        changes(tracker);
        put("c", SUCCEEDED, now + 10 * WINDOW, 0);
        now += 2 * WINDOW;
        assertThat(forgotten(cycle(tracker))).containsExactly("a");
        // x is redriven; its record is sent but not yet acknowledged: the watermark steps back to x's start
        put("x", RUNNING, now - 5, 1);
        listAll(tracker);
        List<TrackerOutput> unacknowledged = new ArrayList<>();
        for (Candidate c : tracker.candidates()) {
            tracker.onDescribed(c.executionArn(), describe(c.executionArn())).ifPresent(unacknowledged::add);
        }
        tracker.finishCycle(now, commits).forEach(o -> commit(tracker, o));
        assertThat(checkpoint.watermarkMs()).as("stepped back").isEqualTo(now - 5);
        describeCalls = 0;
        assertThat(changes(tracker)).as("a was forgotten because it ended for good; it is not new").isEmpty();
        assertThat(describeCalls).isZero();
        unacknowledged.forEach(o -> commit(tracker, o));
        assertThat(changes(restarted())).as("nor after a restart from the stepped-back checkpoint").isEmpty();
    }

    @Test
    void redrivenListIsNotNeededOnceNoOldExecutionCanBeRedriven() {
        ExecutionTracker tracker = tracker(0);
        put("ok", SUCCEEDED, now - 10 * WINDOW, 0);
        put("new", SUCCEEDED, now, 0);
        changes(tracker);
        lists.clear();
        changes(tracker);
        assertThat(lists).as("idle and nothing redrivable or open behind the window: one list call").hasSize(1);
        put("bad", FAILED, now + 1, 0);
        changes(tracker);
        put("newer", SUCCEEDED, now + 10 * WINDOW, 0);
        changes(tracker);
        lists.clear();
        changes(tracker);
        assertThat(lists).as("a redrivable failure behind the window adds one redriven-list call").hasSize(2);
        now += 16 * DAY;
        changes(tracker);
        lists.clear();
        changes(tracker);
        assertThat(lists).as("after the redrive period, back to one call").hasSize(1);
    }

    @Test
    void pagesThroughTheWindowAndStopsAtTheFloor() {
        pageSize = 10;
        ExecutionTracker tracker = tracker(0);
        for (int i = 0; i < 95; i++) {
            put("e" + i, SUCCEEDED, now + i * WINDOW / 10, 0); // the window spans the newest ten
        }
        assertThat(changes(tracker)).as("all 95 executions, over 10 pages").hasSize(95);
        for (int i = 0; i < 6; i++) {
            put("late" + i, SUCCEEDED, now + 100_000 + i, 0);
        }
        lists.clear();
        assertThat(changes(tracker)).as("only the new ones").hasSize(6);
        // 6 new + 11 still inside the window = 17 executions = 2 pages of 10
        assertThat(lists).as("window pages down to the previous floor minus the window").hasSize(2);
    }

    @Test
    void executionThatAppearsLateInsideTheWindowIsStillEmitted() {
        ExecutionTracker tracker = tracker(0);
        put("a", SUCCEEDED, now, 0);
        changes(tracker);
        // listed only now although it started before the newest execution seen (eventual consistency)
        put("late", SUCCEEDED, now - WINDOW / 2, 0);
        assertThat(changes(tracker)).containsExactly("late:SUCCEEDED:0");
    }

    @Test
    void restartFromStoredOffsetsNeitherRepeatsNorRedescribes() {
        ExecutionTracker first = tracker(0);
        put("a", SUCCEEDED, now, 0);
        put("b", RUNNING, now + 100, 0);
        changes(first);
        put("b", SUCCEEDED, now + 100, 0);
        put("c", RUNNING, now + 300, 0);
        describeCalls = 0;
        assertThat(changes(restarted())).as("only what changed while the task was down")
                .containsExactlyInAnyOrder("b:SUCCEEDED:0", "c:RUNNING:0");
        assertThat(describeCalls).as("the emitted, unchanged execution is not described").isEqualTo(2);
    }

    @Test
    void longRunningExecutionIsNamedInTheCheckpointAndCheckedAfterARestart() {
        ExecutionTracker first = tracker(0);
        put("long", RUNNING, now, 0);
        changes(first);
        for (int i = 1; i <= 3; i++) {
            put("n" + i, SUCCEEDED, now + i * 10 * WINDOW, 0);
            changes(first);
        }
        assertThat(checkpoint.openNames()).containsExactly("long");
        assertThat(checkpoint.watermarkMs()).as("not held back by the open execution").isEqualTo(now + 30 * WINDOW);

        put("long", SUCCEEDED, now, 0);
        lists.clear();
        describeCalls = 0;
        assertThat(changes(restarted())).containsExactly("long:SUCCEEDED:0");
        assertThat(describeCalls).isEqualTo(1);
        assertThat(lists).as("window, then running executions; no listing of the history")
                .extracting(ListRequest::statusFilter).containsExactly(null, RUNNING);
    }

    @Test
    void openExecutionOlderThanTheWindowIsDescribedWhenItStopsRunning() {
        ExecutionTracker tracker = tracker(0);
        put("long", RUNNING, now, 0);
        changes(tracker);
        for (int i = 1; i <= 3; i++) {
            put("n" + i, SUCCEEDED, now + i * 10 * WINDOW, 0);
            changes(tracker);
        }
        describeCalls = 0;
        assertThat(changes(tracker)).as("still running: nothing to do").isEmpty();
        assertThat(describeCalls).isZero();
        put("long", SUCCEEDED, now, 0);
        assertThat(changes(tracker)).containsExactly("long:SUCCEEDED:0");
    }

    @Test
    void finalExecutionsBehindTheWatermarkAreForgottenAndRedrivableOnesAfterTheirRedrivePeriod() {
        ExecutionTracker tracker = tracker(0);
        put("ok", SUCCEEDED, now, 0);
        put("bad", FAILED, now + 1, 0);
        put("run", RUNNING, now + 2, 0);
        changes(tracker);
        put("next", SUCCEEDED, now + 10 * WINDOW, 0);
        List<TrackerOutput> outputs = cycle(tracker);
        assertThat(forgotten(outputs)).as("not while a lagging list could still show it open").isEmpty();
        now += 2 * WINDOW;
        outputs = cycle(tracker);
        assertThat(forgotten(outputs)).as("final and behind the window").containsExactly("ok");
        assertThat(committed).as("offsets kept only for executions that can still change or are in the window")
                .containsOnlyKeys(PREFIX + "bad", PREFIX + "run", PREFIX + "next");
        now += 16 * DAY;
        put("last", SUCCEEDED, now, 0);
        assertThat(forgotten(cycle(tracker))).as("out of its redrive period; next left the window")
                .containsExactlyInAnyOrder("bad", "next");
        assertThat(committed).containsOnlyKeys(PREFIX + "run", PREFIX + "last");
    }

    @Test
    void watermarkWaitsForAcknowledgement() {
        ExecutionTracker tracker = tracker(0);
        put("a", SUCCEEDED, now + 100, 0);
        put("b", SUCCEEDED, now + 500, 0);
        listAll(tracker);
        List<TrackerOutput> pending = new ArrayList<>();
        for (Candidate c : tracker.candidates()) {
            tracker.onDescribed(c.executionArn(), describe(c.executionArn())).ifPresent(pending::add);
        }
        assertThat(tracker.finishCycle(now, commits)).filteredOn(o -> o instanceof Store)
                .extracting(o -> ((Store) o).checkpoint().watermarkMs())
                .as("not past unacknowledged records").containsExactly(now + 100);
        pending.forEach(o -> commit(tracker, o));
        listAll(tracker);
        assertThat(tracker.finishCycle(now, commits)).filteredOn(o -> o instanceof Store)
                .extracting(o -> ((Store) o).checkpoint().watermarkMs())
                .as("advances once Kafka has them").containsExactly(now + 500);
        listAll(tracker);
        assertThat(tracker.finishCycle(now, commits)).as("unchanged checkpoint, nothing to store").isEmpty();
    }

    @Test
    void statusesNotToEmitAreObservedWithoutDescribe() {
        ExecutionTracker tracker = new ExecutionTracker(SM, null, 0, WINDOW, EnumSet.of(FAILED), lookup);
        put("a", RUNNING, now, 0);
        put("b", SUCCEEDED, now + 1, 0);
        List<TrackerOutput> outputs = cycle(tracker);
        assertThat(outputs).filteredOn(o -> o instanceof Observe).hasSize(2);
        assertThat(outputs).noneMatch(o -> o instanceof Emit);
        assertThat(describeCalls).as("filtered by the list summary, no describe").isZero();
        assertThat(committed).as("their state is stored for a restart").containsKeys(PREFIX + "a", PREFIX + "b");
        put("a", FAILED, now, 0);
        ExecutionTracker restarted = new ExecutionTracker(SM, checkpoint, 0, WINDOW, EnumSet.of(FAILED), lookup);
        assertThat(cycle(restarted)).filteredOn(o -> o instanceof Emit).extracting(o -> ((Emit) o).details().status())
                .containsExactly(FAILED);
        assertThat(describeCalls).as("only the change to an emitted status").isEqualTo(1);
    }

    @Test
    void executionsStartedBeforeTheInitialPositionAreIgnored() {
        put("before", RUNNING, now - 100, 0);
        ExecutionTracker tracker = tracker(now - 50);
        put("after", RUNNING, now, 0);
        assertThat(changes(tracker)).containsExactly("after:RUNNING:0");
        put("before", SUCCEEDED, now - 100, 0);
        assertThat(changes(tracker)).as("still before the initial position after it changed").isEmpty();
    }

    @Test
    void vanishedExecutionIsSkipped() {
        ExecutionTracker tracker = tracker(0);
        String arn = put("a", RUNNING, now, 0);
        listAll(tracker);
        world.remove(arn);
        assertThat(tracker.onDescribed(arn, describe(arn))).as("never recorded: nothing to delete").isEmpty();
        assertThat(tracker.hasCandidates()).isFalse();
        assertThat(tracker.trackedExecutions()).isZero();

        String other = put("b", RUNNING, now, 0);
        changes(tracker);
        put("b", SUCCEEDED, now, 0);
        listAll(tracker);
        world.remove(other);
        assertThat(tracker.onDescribed(other, describe(other))).as("its recorded offset is deleted")
                .containsInstanceOf(Forget.class);
    }

    @Test
    void describeOrListLaggingBehindWhatWasEmittedNeverEmitsAnOlderState() {
        ExecutionTracker tracker = tracker(0);
        String arn = put("a", RUNNING, now, 0);
        changes(tracker);
        ExecutionSummary running = world.get(arn);
        put("a", SUCCEEDED, now, 0);
        listAll(tracker);
        // DescribeExecution lags behind the list and still says RUNNING
        assertThat(tracker.onDescribed(arn, Optional.of(details(running, RUNNING, 0))))
                .as("RUNNING was emitted already").isEmpty();
        assertThat(changes(tracker)).as("the next poll catches up").containsExactly("a:SUCCEEDED:0");
        // now the list lags behind: it still shows RUNNING after SUCCEEDED was emitted
        world.put(arn, running);
        assertThat(changes(tracker)).as("an older state is never emitted").isEmpty();
        assertThat(tracker.onDescribed(arn, Optional.of(details(running, RUNNING, 0)))).isEmpty();
    }

    @Test
    void tooManyOpenExecutionsHoldTheWatermarkBackInsteadOfGrowingTheCheckpoint() {
        ExecutionTracker tracker = tracker(0);
        int open = ExecutionTracker.MAX_OPEN_NAMES + 5;
        for (int i = 0; i < open; i++) {
            put("r" + i, RUNNING, now + i, 0);
        }
        pageSize = 1000;
        changes(tracker);
        put("new", SUCCEEDED, now + 100 * WINDOW, 0);
        changes(tracker);
        assertThat(checkpoint.openNames()).hasSize(ExecutionTracker.MAX_OPEN_NAMES);
        assertThat(checkpoint.watermarkMs()).as("held at the oldest open execution not named")
                .isEqualTo(now + ExecutionTracker.MAX_OPEN_NAMES);
        for (int i = 0; i < open; i++) {
            put("r" + i, SUCCEEDED, now + i, 0);
        }
        assertThat(changes(restarted())).as("every open execution is found after a restart").hasSize(open);
    }

    @Test
    void offsetsRoundTripThroughIntegerAndLongValues() {
        ExecutionOffset offset = new ExecutionOffset(TIMED_OUT, 3);
        assertThat(ExecutionOffset.fromMap(offset.toMap(), "x")).isEqualTo(offset);
        assertThat(ExecutionOffset.fromMap(Map.of("v", 1L, "status", "TIMED_OUT", "redrive_count", 3L), "x"))
                .as("the JSON offset store gives back longs").isEqualTo(offset);
        Checkpoint checkpoint = new Checkpoint(5, 7, List.of("a", "b"), 3, 9, 2);
        assertThat(Checkpoint.fromMap(checkpoint.toMap(), "sm")).isEqualTo(checkpoint);
        assertThat(Checkpoint.fromMap(Map.of("v", 1, "since_ms", 5, "watermark_ms", 7L), "sm"))
                .isEqualTo(new Checkpoint(5, 7));
        assertThat(Checkpoint.fromMap(null, "sm")).isNull();
        assertThat(ExecutionTracker.executionArnPrefix(SM + ":prod")).as("alias-qualified").isEqualTo(PREFIX);
        assertThat(ABORTED.isOpen()).isFalse();
    }

    /** One cycle as text: each output (an emitted change by its state only), then the committed offsets. */
    private String transcript(List<TrackerOutput> outputs) {
        List<String> lines = new ArrayList<>();
        for (TrackerOutput o : outputs) {
            lines.add(o instanceof Emit e ? "emit " + e.details().name() + ":" + e.offset() : o.toString());
        }
        return lines + " committed=" + new java.util.TreeMap<>(committed);
    }

    /**
     * A history run through full cycles, with a restart: new and changed executions, one that appears late inside
     * the window, an open one that ends behind the window, an old one redriven (twice, once while the task is down),
     * and finally executions forgotten once they can no longer change.
     */
    private List<String> scriptedHistory() {
        List<String> cycles = new ArrayList<>();
        ExecutionTracker tracker = tracker(0);
        put("long", RUNNING, now, 0);
        put("fails", FAILED, now + 10, 0);
        put("ok", SUCCEEDED, now + 20, 0);
        cycles.add(transcript(cycle(tracker)));
        put("new", RUNNING, now + 10 * WINDOW, 0); // the others fall behind the window
        cycles.add(transcript(cycle(tracker)));
        cycles.add(transcript(cycle(tracker)));
        put("long", SUCCEEDED, now, 0); // only its absence from the running list shows it
        put("fails", RUNNING, now + 10, 1); // the redriven list shows it
        put("new", ABORTED, now + 10 * WINDOW, 0);
        cycles.add(transcript(cycle(tracker)));
        put("fails", FAILED, now + 10, 1);
        put("late", SUCCEEDED, now + 10 * WINDOW - WINDOW / 2, 0);
        cycles.add(transcript(cycle(tracker)));
        ExecutionTracker restarted = restarted();
        put("fails", RUNNING, now + 10, 2);
        put("after", RUNNING, now + 11 * WINDOW, 0);
        cycles.add(transcript(cycle(restarted)));
        put("fails", FAILED, now + 10, 2);
        cycles.add(transcript(cycle(restarted)));
        now += 16 * DAY; // past every redrive period: final executions are forgotten
        cycles.add(transcript(cycle(restarted)));
        return cycles;
    }

    @Test
    void summaryModeDetectsTheSameChangesAndStoresTheSameOffsetsWithoutDescribing() {
        List<String> full = scriptedHistory();
        int fullDescribes = describeCalls;
        long emitted = full.stream().mapToLong(c -> c.split("emit ", -1).length - 1).sum();

        world.clear();
        committed.clear();
        checkpoint = null;
        commits = 0;
        now = 10 * DAY;
        describeCalls = 0;
        described.clear();
        summaryMode = true;
        List<String> summary = scriptedHistory();

        assertThat(summary).as("same records, checkpoints, tombstones and offsets, cycle by cycle").isEqualTo(full);
        assertThat(full.get(full.size() - 1)).as("the last cycle forgets").contains("Forget[");
        assertThat(emitted).as("the history has changes of every kind").isEqualTo(12);
        assertThat(fullDescribes).as("full: one describe per change").isEqualTo(12);
        assertThat(described).as("summary: only open executions that ended behind the window, which the running list "
                + "shows by their absence: the long one, and the old one after its second redrive")
                .containsExactly("long", "fails");
    }
}
