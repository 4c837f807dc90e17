package io.github.sfnconnect.tracking;

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
import io.github.sfnconnect.tracking.ExecutionTracker.Emission;
import io.github.sfnconnect.tracking.ExecutionTracker.ListRequest;

import static io.github.sfnconnect.model.ExecutionStatus.*;

class ExecutionTrackerTest {

    private static final String SM = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";
    private static final long WINDOW = 1_000;
    private static final Set<ExecutionStatus> ALL = EnumSet.allOf(ExecutionStatus.class);

    /** A fake state machine: the executions as the API would list and describe them, plus call counters. */
    private final Map<String, ExecutionSummary> world = new LinkedHashMap<>();
    private final Map<String, ExecutionOffset> committed = new HashMap<>();
    private int pageSize = 100;
    private int listCalls;
    private int describeCalls;

    private String put(String name, ExecutionStatus status, long start, int redriveCount) {
        String arn = "arn:aws:states:us-east-1:123456789012:execution:orders:" + name;
        world.put(arn, new ExecutionSummary(arn, status, start, status.isOpen() ? null : start + 10, redriveCount,
                redriveCount > 0 ? start + 20 : null));
        return arn;
    }

    private ExecutionPage list(ListRequest request) {
        listCalls++;
        List<ExecutionSummary> all = new ArrayList<>(world.values());
        all.removeIf(s -> request.statusFilter() != null && s.status() != request.statusFilter());
        all.sort(Comparator.comparingLong(ExecutionSummary::startDateMs).reversed());
        int from = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
        int to = Math.min(all.size(), from + pageSize);
        return new ExecutionPage(all.subList(from, to), to < all.size() ? Integer.toString(to) : null);
    }

    private Optional<ExecutionDetails> describe(String arn) {
        describeCalls++;
        ExecutionSummary s = world.get(arn);
        if (s == null) {
            return Optional.empty();
        }
        return Optional.of(new ExecutionDetails(arn, SM, arn.substring(arn.lastIndexOf(':') + 1), s.status(),
                s.startDateMs(), s.stopDateMs(), "{}", true, null, true, null, null, null, null, null, null,
                s.redriveCount(), s.redriveDateMs(), null, null));
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

    /** The listing part of a cycle: every page the tracker asks for. */
    private void listAll(ExecutionTracker tracker) {
        tracker.startCycle();
        while (tracker.isListing()) {
            tracker.onPage(list(tracker.nextListRequest()), lookup);
        }
    }

    /** One full cycle: list everything asked for, describe every candidate, acknowledge and commit what is emitted. */
    private List<Emission> cycle(ExecutionTracker tracker) {
        listAll(tracker);
        List<Emission> emitted = new ArrayList<>();
        for (Candidate c : tracker.candidates()) {
            tracker.onDescribed(c.executionArn(), describe(c.executionArn())).ifPresent(e -> {
                emitted.add(e);
                tracker.acknowledged(e.details().executionArn());
                committed.put(e.details().executionArn(), e.offset());
            });
        }
        return emitted;
    }

    private static List<String> changes(List<Emission> emissions) {
        return emissions.stream()
                .map(e -> e.details().name() + ":" + e.details().status() + ":" + e.details().redriveCount())
                .toList();
    }

    @Test
    void emitsNewExecutionsOnceAndUnchangedOnesNever() {
        ExecutionTracker tracker = new ExecutionTracker(SM, null, 0, WINDOW, ALL);
        put("a", RUNNING, 100, 0);
        put("b", SUCCEEDED, 200, 0);

        assertThat(changes(cycle(tracker))).as("first cycle emits both new executions")
                .containsExactlyInAnyOrder("a:RUNNING:0", "b:SUCCEEDED:0");
        int describesBefore = describeCalls;
        assertThat(cycle(tracker)).as("nothing changed, nothing emitted").isEmpty();
        assertThat(describeCalls).as("unchanged executions are not described again").isEqualTo(describesBefore);
    }

    @Test
    void emitsEachStatusChange() {
        ExecutionTracker tracker = new ExecutionTracker(SM, null, 0, WINDOW, ALL);
        put("a", RUNNING, 100, 0);
        cycle(tracker);
        put("a", FAILED, 100, 0);
        assertThat(changes(cycle(tracker))).containsExactly("a:FAILED:0");
    }

    @Test
    void emitsRedriveBackToRunningAndTheNextTerminalStatus() {
        ExecutionTracker tracker = new ExecutionTracker(SM, null, 0, WINDOW, ALL);
        put("a", FAILED, 100, 0);
        assertThat(changes(cycle(tracker))).containsExactly("a:FAILED:0");
        put("a", RUNNING, 100, 1);
        assertThat(changes(cycle(tracker))).as("redrive is a change").containsExactly("a:RUNNING:1");
        put("a", FAILED, 100, 1);
        assertThat(changes(cycle(tracker))).as("same status as before, but a new redrive attempt")
                .containsExactly("a:FAILED:1");
    }

    @Test
    void redriveOfAnOldExecutionIsFoundThroughTheRunningList() {
        ExecutionTracker tracker = new ExecutionTracker(SM, null, 0, WINDOW, ALL);
        put("old", TIMED_OUT, 100, 0);
        cycle(tracker);
        put("new", SUCCEEDED, 100 + 10 * WINDOW, 0);
        cycle(tracker);
        assertThat(tracker.floorMs()).as("floor moved past the old execution").isGreaterThan(100 + WINDOW);
        put("old", RUNNING, 100, 1);
        assertThat(changes(cycle(tracker))).containsExactly("old:RUNNING:1");
    }

    @Test
    void pagesThroughTheWindowAndStopsAtTheFloor() {
        pageSize = 10;
        ExecutionTracker tracker = new ExecutionTracker(SM, null, 0, WINDOW, ALL);
        for (int i = 0; i < 95; i++) {
            put("e" + i, SUCCEEDED, i * WINDOW / 10, 0); // the window spans the newest ten
        }
        assertThat(cycle(tracker)).as("all 95 executions, over 10 pages").hasSize(95);
        for (int i = 0; i < 5; i++) {
            put("late" + i, SUCCEEDED, 100_000 + i, 0);
        }
        put("far", SUCCEEDED, 200_000, 0);
        listCalls = 0;
        assertThat(changes(cycle(tracker))).as("only the new ones").hasSize(6);
        // 6 new + 11 still inside the window = 17 executions = 2 pages of 10, then one page of running executions
        assertThat(listCalls).as("window pages down to the previous floor minus the window, plus one running page")
                .isEqualTo(3);
    }

    @Test
    void executionThatAppearsLateInsideTheWindowIsStillEmitted() {
        ExecutionTracker tracker = new ExecutionTracker(SM, null, 0, WINDOW, ALL);
        put("a", SUCCEEDED, 5_000, 0);
        cycle(tracker);
        // listed only now although it started before the newest execution seen (eventual consistency)
        put("late", SUCCEEDED, 5_000 - WINDOW / 2, 0);
        assertThat(changes(cycle(tracker))).containsExactly("late:SUCCEEDED:0");
    }

    @Test
    void restartFromStoredOffsetsNeitherRepeatsNorRedescribes() {
        ExecutionTracker first = new ExecutionTracker(SM, null, 0, WINDOW, ALL);
        put("a", SUCCEEDED, 100, 0);
        put("b", RUNNING, 200, 0);
        cycle(first);
        Checkpoint checkpoint = first.checkpointIfChanged().orElseThrow();
        assertThat(checkpoint.watermarkMs()).as("held back by the running execution").isEqualTo(200);

        put("b", SUCCEEDED, 200, 0);
        put("c", RUNNING, 300, 0);
        ExecutionTracker restarted = new ExecutionTracker(SM, checkpoint, 999_999, WINDOW, ALL);
        describeCalls = 0;
        assertThat(changes(cycle(restarted))).as("only what changed while the task was down")
                .containsExactlyInAnyOrder("b:SUCCEEDED:0", "c:RUNNING:0");
        assertThat(describeCalls).as("the emitted, unchanged execution is not described").isEqualTo(2);
    }

    @Test
    void openExecutionOlderThanTheWindowIsDescribedWhenItStopsRunning() {
        ExecutionTracker tracker = new ExecutionTracker(SM, null, 0, WINDOW, ALL);
        put("long", RUNNING, 100, 0);
        cycle(tracker);
        for (int i = 0; i < 3; i++) {
            put("n" + i, SUCCEEDED, 100 + (i + 1) * 10 * WINDOW, 0);
            cycle(tracker);
        }
        describeCalls = 0;
        assertThat(cycle(tracker)).as("still running: nothing to do").isEmpty();
        assertThat(describeCalls).isZero();
        put("long", SUCCEEDED, 100, 0);
        assertThat(changes(cycle(tracker))).containsExactly("long:SUCCEEDED:0");
    }

    @Test
    void watermarkWaitsForAcknowledgement() {
        ExecutionTracker tracker = new ExecutionTracker(SM, null, 0, WINDOW, ALL);
        put("a", SUCCEEDED, 100, 0);
        put("b", SUCCEEDED, 500, 0);
        listAll(tracker);
        List<Emission> pending = new ArrayList<>();
        for (Candidate c : tracker.candidates()) {
            tracker.onDescribed(c.executionArn(), describe(c.executionArn())).ifPresent(pending::add);
        }
        assertThat(tracker.checkpointIfChanged()).map(Checkpoint::watermarkMs)
                .as("not past unacknowledged records").contains(100L);
        pending.forEach(e -> tracker.acknowledged(e.details().executionArn()));
        assertThat(tracker.checkpointIfChanged()).map(Checkpoint::watermarkMs)
                .as("advances once Kafka has them").contains(500L);
        assertThat(tracker.checkpointIfChanged()).as("unchanged watermark, no new checkpoint").isEmpty();
    }

    @Test
    void statusesNotToEmitAreNeitherDescribedNorEmitted() {
        ExecutionTracker tracker = new ExecutionTracker(SM, null, 0, WINDOW, EnumSet.of(FAILED));
        put("a", RUNNING, 100, 0);
        put("b", SUCCEEDED, 200, 0);
        assertThat(cycle(tracker)).isEmpty();
        assertThat(describeCalls).as("filtered by the list summary, no describe").isZero();
        put("a", FAILED, 100, 0);
        assertThat(changes(cycle(tracker))).containsExactly("a:FAILED:0");
    }

    @Test
    void executionsStartedBeforeTheInitialPositionAreIgnored() {
        put("before", RUNNING, 100, 0);
        ExecutionTracker tracker = new ExecutionTracker(SM, null, 150, WINDOW, ALL);
        put("after", RUNNING, 200, 0);
        assertThat(changes(cycle(tracker))).containsExactly("after:RUNNING:0");
        put("before", SUCCEEDED, 100, 0);
        assertThat(cycle(tracker)).as("still before the initial position after it changed").isEmpty();
    }

    @Test
    void vanishedExecutionIsSkipped() {
        ExecutionTracker tracker = new ExecutionTracker(SM, null, 0, WINDOW, ALL);
        String arn = put("a", RUNNING, 100, 0);
        listAll(tracker);
        world.remove(arn);
        assertThat(tracker.onDescribed(arn, describe(arn))).isEmpty();
        assertThat(tracker.hasCandidates()).isFalse();
        assertThat(tracker.trackedExecutions()).isZero();
    }

    @Test
    void staleListSummaryDoesNotEmitAnUnchangedState() {
        ExecutionTracker tracker = new ExecutionTracker(SM, null, 0, WINDOW, ALL);
        String arn = put("a", RUNNING, 100, 0);
        cycle(tracker);
        put("a", SUCCEEDED, 100, 0);
        listAll(tracker);
        // DescribeExecution lags behind the list and still says RUNNING
        ExecutionDetails stale = describe(arn).orElseThrow();
        stale = new ExecutionDetails(arn, SM, "a", RUNNING, 100, null, "{}", true, null, true, null, null, null,
                null, null, null, 0, null, null, null);
        assertThat(tracker.onDescribed(arn, Optional.of(stale))).as("RUNNING was emitted already").isEmpty();
        assertThat(changes(cycle(tracker))).as("the next poll catches up").containsExactly("a:SUCCEEDED:0");
    }

    @Test
    void offsetsRoundTripThroughIntegerAndLongValues() {
        ExecutionOffset offset = new ExecutionOffset(TIMED_OUT, 3);
        assertThat(ExecutionOffset.fromMap(offset.toMap(), "x")).isEqualTo(offset);
        assertThat(ExecutionOffset.fromMap(Map.of("v", 1L, "status", "TIMED_OUT", "redrive_count", 3L), "x"))
                .as("the JSON offset store gives back longs").isEqualTo(offset);
        Checkpoint checkpoint = new Checkpoint(5, 7);
        assertThat(Checkpoint.fromMap(Map.of("v", 1, "since_ms", 5, "watermark_ms", 7L), "sm")).isEqualTo(checkpoint);
        assertThat(Checkpoint.fromMap(null, "sm")).isNull();
    }
}
