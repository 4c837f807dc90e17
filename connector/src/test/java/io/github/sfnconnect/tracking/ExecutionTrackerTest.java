package io.github.sfnconnect.tracking;

import static io.github.sfnconnect.model.ExecutionStatus.ABORTED;
import static io.github.sfnconnect.model.ExecutionStatus.FAILED;
import static io.github.sfnconnect.model.ExecutionStatus.RUNNING;
import static io.github.sfnconnect.model.ExecutionStatus.SUCCEEDED;
import static io.github.sfnconnect.model.ExecutionStatus.TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.github.sfnconnect.model.ExecutionSummary;
import io.github.sfnconnect.tracking.ExecutionTracker.Candidate;
import io.github.sfnconnect.tracking.ExecutionTracker.ListRequest;
import io.github.sfnconnect.tracking.TrackerOutput.Emit;
import io.github.sfnconnect.tracking.TrackerOutput.Forget;
import io.github.sfnconnect.tracking.TrackerOutput.Observe;

/** Change detection, cycle by cycle, against a fake state machine and a fake Connect ({@link TrackerHarness}). */
class ExecutionTrackerTest extends TrackerHarness {

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
        put("old", TIMED_OUT, now - 10 * WINDOW, 1, now, now - 2);
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
        put("a", SUCCEEDED, now, 1, now, now - 1);
        put("b", RUNNING, now + 1, 1, null, now - 1);
        assertThat(changes(tracker)).containsExactlyInAnyOrder("a:SUCCEEDED:1", "b:RUNNING:1");
        put("c", SUCCEEDED, now + 10 * WINDOW, 0);
        now += 2 * WINDOW;
        List<TrackerOutput> outputs = cycle(tracker);
        outputs.addAll(cycle(tracker));
        assertThat(forgotten(outputs)).as("a can no longer change without a redrive, and its redrive is behind the "
                + "redrive mark").contains("a");
        describeCalls = 0;
        for (int i = 0; i < 3; i++) {
            assertThat(changes(tracker)).as("a is still listed as redriven, but was emitted already").isEmpty();
        }
        assertThat(describeCalls).isZero();
        put("b", SUCCEEDED, now + 1, 1, now, now - 2 * WINDOW - 1);
        assertThat(changes(tracker)).containsExactly("b:SUCCEEDED:1");
    }

    @Test
    void forgottenRedrivenExecutionIsNotEmittedAgainBeforeItsOffsetsAreCommitted() {
        ExecutionTracker tracker = tracker(0);
        put("x", FAILED, now - 5, 0); // keeps the redriven list in use
        put("a", FAILED, now, 0);
        changes(tracker);
        offsetsCommitted = false; // acknowledged by Kafka, offsets not flushed yet
        put("a", SUCCEEDED, now, 1, now, now - 1);
        assertThat(changes(tracker)).containsExactly("a:SUCCEEDED:1");
        put("c", SUCCEEDED, now + 10 * WINDOW, 0);
        now += 2 * WINDOW;
        assertThat(forgotten(cycle(tracker))).as("not before its last offset is committed").doesNotContain("a");
        assertThat(committed.get(PREFIX + "a")).as("the stored offset still says FAILED")
                .isEqualTo(new ExecutionOffset(FAILED, 0, now - 2 * WINDOW));
        assertThat(changes(tracker)).as("a is listed as redriven again, but its final state was emitted").isEmpty();
        offsetsCommitted = true;
        changes(tracker);
        assertThat(committed).as("forgotten once committed").doesNotContainKey(PREFIX + "a");
        assertThat(changes(tracker)).as("and still not emitted again").isEmpty();
        assertThat(changes(restarted())).as("nor after a restart").isEmpty();
    }

    @Test
    void redrivenListingWithACadenceOfItsOwnFindsARedriveMadeWhileItWasSkipped() {
        ExecutionTracker tracker = tracker(0);
        tracker.listRedrivenEvery(WINDOW, 60 * WINDOW);
        put("old", FAILED, now - 10 * WINDOW, 0, now - 100 * WINDOW, null); // failed long ago, still redrivable
        assertThat(changes(tracker)).containsExactly("old:FAILED:0");
        lists.clear();
        int cycles = 0;
        for (; cycles < 80; cycles++) {
            now += WINDOW / 2;
            changes(tracker);
        }
        long redrivenListings = lists.stream().filter(ListRequest::redrivenOnly).count();
        // quiet for 100 windows at the first cycle: the next listing is due when a quarter of the quiet time has
        // passed since it, 33 windows later (within the bound of 60)
        assertThat(redrivenListings).as("listings of redriven executions in 40 windows of cycles").isEqualTo(1);
        assertThat(lists).as("the window listing every cycle").hasSize(cycles + 1);
        // redriven (and failed again) between two cycles that skip the redriven listing: found by the next one
        put("old", FAILED, now - 10 * WINDOW - 25 * WINDOW, 1, now - 1, now - 3);
        List<String> found = new ArrayList<>();
        for (int i = 0; i < 130 && found.isEmpty(); i++) { // within the bound of 60 windows
            now += WINDOW / 2;
            found.addAll(changes(tracker));
        }
        assertThat(found).containsExactly("old:FAILED:1");
        assertThat(changes(restarted())).as("emitted once, also across a restart").isEmpty();
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
    void longRunningExecutionIsNamedAndCheckedAfterARestart() {
        ExecutionTracker first = tracker(0);
        put("long", RUNNING, now, 0);
        changes(first);
        for (int i = 1; i <= 3; i++) {
            put("n" + i, SUCCEEDED, now + i * 10 * WINDOW, 0);
            changes(first);
        }
        assertThat(storedNames()).as("the open one, and closed ones until their offsets are deleted").containsKey("long");
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
    void closedExecutionsBehindTheWindowAreForgottenRedrivableOnesToo() {
        ExecutionTracker tracker = tracker(0);
        put("ok", SUCCEEDED, now, 0);
        put("bad", FAILED, now + 1, 0);
        put("run", RUNNING, now + 2, 0);
        changes(tracker);
        put("next", SUCCEEDED, now + 10 * WINDOW, 0);
        List<TrackerOutput> outputs = cycle(tracker);
        assertThat(forgotten(outputs)).as("not while a lagging list could still show them open").isEmpty();
        now += 2 * WINDOW;
        outputs = cycle(tracker);
        assertThat(forgotten(outputs)).as("closed and behind the window: a redrive would raise the redrive count, "
                + "which the redriven listing shows, so no offset is needed").containsExactlyInAnyOrder("ok", "bad");
        assertThat(committed).as("offsets kept only for open executions and the window")
                .containsOnlyKeys(PREFIX + "run", PREFIX + "next");
        put("bad", RUNNING, now + 1, 1, null, now);
        assertThat(changes(tracker)).as("its redrive is still found").containsExactly("bad:RUNNING:1");
    }

    @Test
    void watermarkKeepsUnacknowledgedExecutionsInsideTheWindowOfARestart() {
        ExecutionTracker tracker = tracker(0);
        put("a", SUCCEEDED, now + 100, 0);
        put("b", SUCCEEDED, now + 100 + 5 * WINDOW, 0);
        List<TrackerOutput> pending = new ArrayList<>(listAll(tracker));
        pending.addAll(describeAll(tracker));
        tracker.finishCycle(now, commits).forEach(o -> commit(tracker, o));
        assertThat(checkpoint.watermarkMs()).as("a restart lists an unacknowledged record's execution again")
                .isEqualTo(now + 100 + WINDOW);
        pending.forEach(o -> commit(tracker, o));
        maintain(tracker);
        assertThat(checkpoint.watermarkMs()).as("advances once Kafka has it").isEqualTo(now + 100 + 5 * WINDOW);
        listAll(tracker);
        assertThat(tracker.finishCycle(now, commits)).as("unchanged checkpoint, nothing to store").isEmpty();
    }

    @Test
    void statusesNotToEmitAreObservedWithoutDescribe() {
        emitted = EnumSet.of(FAILED);
        ExecutionTracker tracker = tracker(0);
        put("a", RUNNING, now, 0);
        put("b", SUCCEEDED, now + 1, 0);
        List<TrackerOutput> outputs = cycle(tracker);
        assertThat(outputs).filteredOn(o -> o instanceof Observe).hasSize(2);
        assertThat(outputs).noneMatch(o -> o instanceof Emit);
        assertThat(describeCalls).as("filtered by the list summary, no describe").isZero();
        assertThat(committed).as("their state is stored for a restart").containsKeys(PREFIX + "a", PREFIX + "b");
        put("a", FAILED, now, 0);
        assertThat(cycle(restarted())).filteredOn(o -> o instanceof Emit)
                .extracting(o -> ((Emit) o).details().status()).containsExactly(FAILED);
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
        assertThat(tracker.onDescribed(arn, describe(arn), now)).as("never recorded: nothing to delete").isEmpty();
        assertThat(tracker.hasCandidates()).isFalse();
        assertThat(tracker.trackedExecutions()).isZero();

        String other = put("b", RUNNING, now, 0);
        changes(tracker);
        put("b", SUCCEEDED, now, 0);
        listAll(tracker);
        world.remove(other);
        assertThat(tracker.onDescribed(other, describe(other), now)).as("its recorded offset is deleted")
                .hasOnlyElementsOfType(Forget.class).hasSize(1);
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
        assertThat(tracker.onDescribed(arn, Optional.of(details(running, RUNNING, 0)), now))
                .as("RUNNING was emitted already").isEmpty();
        assertThat(changes(tracker)).as("the next poll catches up").containsExactly("a:SUCCEEDED:0");
        // now the list lags behind: it still shows RUNNING after SUCCEEDED was emitted
        world.put(arn, running);
        assertThat(changes(tracker)).as("an older state is never emitted").isEmpty();
    }

    @Test
    void listedRunningButDescribedEndedEmitsOnlyTheEnd() {
        ExecutionTracker tracker = tracker(0);
        String arn = put("a", RUNNING, now, 0);
        listAll(tracker);
        put("a", SUCCEEDED, now, 0); // ended between the list and the describe
        List<TrackerOutput> outputs = tracker.onDescribed(arn, describe(arn), now);
        assertThat(emits(outputs)).as("a record carries what DescribeExecution returned; the RUNNING the list "
                + "showed collapses").containsExactly("a:SUCCEEDED:0");
    }

    @Test
    void offsetsRoundTripThroughIntegerAndLongValues() {
        ExecutionOffset offset = new ExecutionOffset(TIMED_OUT, 3, 1234);
        assertThat(ExecutionOffset.fromMap(offset.toMap(), "x")).isEqualTo(offset);
        assertThat(ExecutionOffset.fromMap(Map.of("v", 2L, "status", "TIMED_OUT", "redrive_count", 3L,
                "start_ms", 1234), "x")).as("the JSON offset store gives back longs").isEqualTo(offset);
        assertThat(ExecutionOffset.fromMap(Map.of("v", 1, "status", "TIMED_OUT", "redrive_count", 3), "x"))
                .as("version 1 has no start date").isEqualTo(new ExecutionOffset(TIMED_OUT, 3,
                        ExecutionOffset.UNKNOWN_START));
        Checkpoint checkpoint = new Checkpoint(5, 7, Claims.below(4).plus(9, 20, 3), 2,
                RedriveHorizon.NONE.with(3 * DAY, 19 * DAY), Map.of("a", 3L, "b", ExecutionOffset.UNKNOWN_START));
        assertThat(Checkpoint.fromMap(checkpoint.toMap(), "sm")).isEqualTo(checkpoint);
        assertThat(Checkpoint.fromMap(null, "sm")).isNull();
        assertThat(ExecutionTracker.executionArnPrefix(SM + ":prod")).as("alias-qualified").isEqualTo(PREFIX);
        assertThat(ABORTED.isOpen()).isFalse();
        OpenNamesPart part = new OpenNamesPart(7, Map.of("x", 12L, "y", 13L));
        assertThat(OpenNamesPart.fromMap(7, part.toMap(), "p")).isEqualTo(part);
    }

    @Test
    void versionOneCheckpointIsRead() {
        Map<String, Object> v1 = Map.of("v", 1, "since_ms", 5L, "watermark_ms", 7L * DAY, "open", "a,b",
                "redrive_horizon_ms", 3L * DAY, "redrive_horizon_until_ms", 20L * DAY, "settled_below_ms", 6L * DAY);
        Checkpoint read = Checkpoint.fromMap(v1, "sm");
        assertThat(read.sinceMs()).isEqualTo(5);
        assertThat(read.watermarkMs()).isEqualTo(7 * DAY);
        assertThat(read.openNames()).containsOnlyKeys("a", "b");
        assertThat(read.claims().covers(6 * DAY - 1)).isTrue();
        assertThat(read.claims().covers(6 * DAY)).isFalse();
        assertThat(read.horizon().oldestStartMs(10 * DAY, 19 * DAY)).isEqualTo(3 * DAY);
    }

    /** One cycle as text: each output (an emitted change by its state only), then the committed offsets. */
    private String transcript(List<TrackerOutput> outputs) {
        List<String> lines = new ArrayList<>();
        for (TrackerOutput o : outputs) {
            lines.add(o instanceof Emit e ? "emit " + e.details().name() + ":" + e.offset()
                    + (e.claimed() == null ? "" : " claimed") : o.toString());
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
        put("fails", RUNNING, now + 10, 1, null, now + 1); // the redriven list shows it
        put("new", ABORTED, now + 10 * WINDOW, 0);
        cycles.add(transcript(cycle(tracker)));
        put("fails", FAILED, now + 10, 1, now + 2, now + 1);
        put("late", SUCCEEDED, now + 10 * WINDOW - WINDOW / 2, 0);
        cycles.add(transcript(cycle(tracker)));
        ExecutionTracker restarted = restarted();
        put("fails", RUNNING, now + 10, 2, null, now + 3);
        put("after", RUNNING, now + 11 * WINDOW, 0);
        cycles.add(transcript(cycle(restarted)));
        put("fails", FAILED, now + 10, 2, now + 4, now + 3);
        cycles.add(transcript(cycle(restarted)));
        now += 16 * DAY; // past every redrive period: closed executions are forgotten
        cycles.add(transcript(cycle(restarted)));
        return cycles;
    }

    @Test
    void summaryModeDetectsTheSameChangesAndStoresTheSameOffsetsWithoutDescribing() {
        List<String> full = scriptedHistory();
        int fullDescribes = describeCalls;
        long emittedCount = full.stream().mapToLong(c -> c.split("emit ", -1).length - 1).sum();

        world.clear();
        committed.clear();
        parts.clear();
        checkpoint = null;
        commits = 0;
        now = 10 * DAY;
        describeCalls = 0;
        described.clear();
        summaryMode = true;
        List<String> summary = scriptedHistory();

        assertThat(summary).as("same records, checkpoints, tombstones and offsets, cycle by cycle").isEqualTo(full);
        assertThat(String.join("\n", full)).as("the history forgets").contains("Forget[");
        assertThat(emittedCount).as("the history has changes of every kind").isEqualTo(12);
        assertThat(fullDescribes).as("full: one describe per change").isEqualTo(12);
        assertThat(described).as("summary: only an open execution that ended behind the window, which the running "
                + "list shows by its absence (the old one's redrives show in the redriven list, with how they ended)")
                .containsExactly("long");
    }

    @Test
    void candidateThatCannotBeDescribedHoldsUpNoOtherDetection() {
        ExecutionTracker tracker = tracker(0);
        String stuck = put("stuck", SUCCEEDED, now, 0);
        listAll(tracker);
        tracker.finishCycle(now, commits).forEach(o -> commit(tracker, o));
        assertThat(tracker.candidates()).extracting(Candidate::executionArn).containsExactly(stuck);
        // its describe keeps failing; new executions still start and end
        for (int i = 1; i <= 3; i++) {
            put("n" + i, SUCCEEDED, now + i * 10, 0);
            List<TrackerOutput> outputs = new ArrayList<>(listAll(tracker));
            for (Candidate c : tracker.candidates()) {
                if (!c.executionArn().equals(stuck)) {
                    outputs.addAll(tracker.onDescribed(c.executionArn(), describe(c.executionArn()), now));
                }
            }
            outputs.forEach(o -> commit(tracker, o));
            tracker.finishCycle(now, commits).forEach(o -> commit(tracker, o));
            assertThat(emits(outputs)).as("cycle %d", i).containsExactly("n" + i + ":SUCCEEDED:0");
        }
        assertThat(tracker.candidates()).extracting(Candidate::executionArn).containsExactly(stuck);
        assertThat(checkpoint.watermarkMs()).as("a restart lists the stuck one again").isLessThanOrEqualTo(now + WINDOW);
        assertThat(emits(tracker.onDescribed(stuck, describe(stuck), now))).containsExactly("stuck:SUCCEEDED:0");
    }

    // ---- issue 9: months, not minutes ----

    /** An old failure, then newer executions so that it falls behind the window; returns its ARN. */
    private String oldFailure(ExecutionTracker tracker) {
        String arn = put("old", FAILED, now - 10 * WINDOW, 0, now - 9 * WINDOW, null);
        changes(tracker);
        put("newer", SUCCEEDED, now, 0);
        changes(tracker);
        return arn;
    }

    @Test
    void finding1RedriveMadeWhileDownIsListedAfterARestartPastTheHorizonEnd() {
        ExecutionTracker tracker = tracker(0);
        oldFailure(tracker);
        long failedAt = now - 9 * WINDOW;
        // down for 17 days; 13.9 days after the failure, it was redriven, and failed again
        now = failedAt + 17 * DAY;
        put("old", FAILED, failedAt - WINDOW, 1, failedAt + 14 * DAY - 1_000, failedAt + 14 * DAY - 2_000);
        put("newest", SUCCEEDED, now, 0);
        assertThat(changes(restarted())).as("the redrive attempt, although the restored horizon's end has passed")
                .contains("old:FAILED:1");
    }

    @Test
    void finding1RedriveIsFoundAfterCyclesFailedForDays() {
        ExecutionTracker tracker = tracker(0);
        oldFailure(tracker);
        long failedAt = now - 9 * WINDOW;
        // no cycle completes for 16 days (API failures); meanwhile the execution is redriven at the 14-day edge
        now = failedAt + 16 * DAY;
        put("old", RUNNING, failedAt - WINDOW, 1, null, failedAt + 14 * DAY - 60_000);
        assertThat(changes(tracker)).as("the first cycle after the gap still lists the redriven executions")
                .containsExactly("old:RUNNING:1");
    }

    @Test
    void finding2OffsetsOfClosedExecutionsKnownBeforeARestartAreDeleted() {
        ExecutionTracker tracker = tracker(0);
        String old = put("old", RUNNING, now - 10 * WINDOW, 0);
        changes(tracker);
        put("old", FAILED, now - 10 * WINDOW, 0, now - 9 * WINDOW, null);
        changes(tracker);
        put("newer", SUCCEEDED, now, 0);
        offsetsCommitted = false; // a crash: what follows is acknowledged, never committed
        changes(tracker);
        changes(tracker);
        loseUncommittedOffsets();
        offsetsCommitted = true;
        assertThat(committed).as("stored before the restart").containsKey(old);
        ExecutionTracker restarted = restarted();
        for (int day = 1; day <= 20; day++) {
            now += DAY;
            put("d" + day, SUCCEEDED, now, 0);
            changes(restarted);
        }
        assertThat(committed).as("no offset is left that no task knows of").doesNotContainKey(old);
        assertThat(committed.size()).as("only the window is stored").isLessThanOrEqualTo(2);
    }

    @Test
    void finding2NameUsedAgainIsANewExecutionDespiteAStaleOffset() {
        ExecutionTracker tracker = tracker(0);
        String arn = PREFIX + "order-1";
        // an offset an older version left behind for an execution of that name 100 days ago
        committed.put(arn, new ExecutionOffset(FAILED, 0, now - 100 * DAY));
        put("order-1", RUNNING, now, 0);
        assertThat(changes(tracker)).containsExactly("order-1:RUNNING:0");
        put("order-1", FAILED, now, 0);
        assertThat(changes(tracker)).containsExactly("order-1:FAILED:0");
        assertThat(committed.get(arn).startMs()).as("the offset belongs to the new execution").isEqualTo(now);
    }

    @Test
    void finding4BackfillHoldsAtMostTwoThousandPendingAndCheckpointsAsItGoes() {
        backfillHoldsAtMostTwoThousandPendingAndCheckpointsAsItGoes();
    }

    @Test
    void finding4SummaryModeBackfillIsClaimedToo() {
        summaryMode = true;
        backfillHoldsAtMostTwoThousandPendingAndCheckpointsAsItGoes();
    }

    /**
     * A summary-mode backfill resolves thousands of executions per poll, and Kafka acknowledges them only after the
     * poll: one execution not claimable (the oldest of a page, whose millisecond may go on) must not make every older
     * one of the poll unclaimable too (the 1,000,000-execution benchmark wrote an offset and a tombstone for nine in
     * ten and ran its 512 MiB worker out of memory).
     */
    @Test
    void summaryModeBackfillIsClaimedWhenAcknowledgementsComeAfterThePoll() {
        summaryMode = true;
        pageSize = 1_000;
        int total = 20_000;
        for (int i = 0; i < total; i++) {
            put("h" + i, SUCCEEDED, now - 10 * DAY + i * 30_000L, 0, now - 10 * DAY + i * 30_000L + 5_000, null);
        }
        ExecutionTracker tracker = tracker(0);
        tracker.startCycle(now);
        List<TrackerOutput> all = new ArrayList<>();
        List<TrackerOutput> unacknowledged = new ArrayList<>();
        int pauses = 0;
        while (tracker.isListing() || tracker.hasCandidates()) {
            if (!tracker.isListing() || tracker.pause() != null) {
                unacknowledged.addAll(describeAll(tracker));
                if (++pauses % 5 == 0 || !tracker.isListing()) { // a poll ends: maintain, then Kafka acknowledges
                    unacknowledged.addAll(maintain(tracker));
                    unacknowledged.forEach(o -> commit(tracker, o));
                    all.addAll(unacknowledged);
                    unacknowledged.clear();
                }
                continue;
            }
            unacknowledged.addAll(tracker.onPage(list(tracker.nextListRequest()), now));
        }
        unacknowledged.forEach(o -> commit(tracker, o));
        all.addAll(unacknowledged);
        long claimed = all.stream().filter(o -> o instanceof Emit e && e.claimed() != null).count();
        assertThat(emits(all)).as("every execution once").hasSize(total).doesNotHaveDuplicates();
        assertThat(claimed).as("emitted with the checkpoint as offset, not each with an offset of its own")
                .isGreaterThan(total - 100);
    }

    private void backfillHoldsAtMostTwoThousandPendingAndCheckpointsAsItGoes() {
        pageSize = 1_000;
        for (int i = 0; i < 10_000; i++) {
            put("h" + i, SUCCEEDED, now - 10 * DAY + i * 60_000L, 0, now - 10 * DAY + i * 60_000L + 5_000, null);
        }
        ExecutionTracker tracker = tracker(0);
        tracker.startCycle(now);
        int maxPending = 0;
        int claimedRecords = 0;
        int storedWhileListing = 0;
        List<TrackerOutput> all = new ArrayList<>();
        while (tracker.isListing()) {
            if (tracker.pause() != null) {
                List<TrackerOutput> outputs = describeAll(tracker);
                outputs.addAll(maintain(tracker));
                outputs.forEach(o -> commit(tracker, o));
                claimedRecords += (int) outputs.stream().filter(o -> o instanceof Emit e && e.claimed() != null).count();
                storedWhileListing += (int) outputs.stream().filter(o -> o instanceof TrackerOutput.Store).count();
                all.addAll(outputs);
                continue;
            }
            all.addAll(tracker.onPage(list(tracker.nextListRequest()), now));
            maxPending = Math.max(maxPending, tracker.pendingCandidates());
        }
        assertThat(maxPending).as("listed and not yet emitted: the listing pauses at 2,000, a page may be on top (and "
                + "a few at the lowest start date listed wait for the next)")
                .isLessThanOrEqualTo(ExecutionTracker.MAX_CANDIDATES + pageSize);
        assertThat(storedWhileListing).as("checkpoints written while the listing goes on").isGreaterThan(0);
        System.out.printf("backfill (summary %s): %d claimed records of %d, %d forgotten%n", summaryMode,
                claimedRecords, emits(all).size(), forgotten(all).size());
        assertThat(claimedRecords).as("emitted with the checkpoint as offset: no execution offsets to write or delete")
                .isGreaterThan(5_000);
        assertThat(tracker.trackedExecutions()).as("nothing held for the claimed ones").isLessThan(2_000);
        // a restart in the middle of the backfill repeats nothing that was claimed
        List<String> before = emits(all);
        List<String> after = changes(restarted());
        assertThat(after).as("no repeat of what the stored checkpoint claims").doesNotContainAnyElementsOf(before);
        assertThat(before.size() + after.size()).as("and nothing lost").isEqualTo(10_000);
    }

    @Test
    void finding5MoreThanTwoThousandOpenExecutionsAreNamedWithoutHoldingTheWatermarkBack() {
        pageSize = 1_000;
        ExecutionTracker tracker = tracker(0);
        int open = 2_500;
        for (int i = 0; i < open; i++) {
            put("r" + i, RUNNING, now + i, 0);
        }
        changes(tracker);
        for (int i = 1; i <= 30; i++) {
            now += 10 * WINDOW;
            put("n" + i, SUCCEEDED, now, 0, now + 10, null);
            changes(tracker);
        }
        now += 2 * WINDOW;
        changes(tracker);
        assertThat(checkpoint.watermarkMs()).as("follows the newest execution, not the oldest open one")
                .isEqualTo(now - 2 * WINDOW);
        assertThat(storedNames()).as("every open one is named").hasSizeGreaterThanOrEqualTo(open);
        assertThat(parts.values()).allSatisfy(p -> assertThat(p.names().size()).isLessThan(100));
        assertThat(tracker.trackedExecutions()).as("the open ones, and the window").isLessThanOrEqualTo(open + 3);
        assertThat(committed.keySet().stream().filter(a -> a.contains(":n")).count())
                .as("closed ones behind the window are deleted").isLessThanOrEqualTo(2);
        for (int i = 0; i < open; i++) {
            put("r" + i, SUCCEEDED, world.get(PREFIX + "r" + i).startDateMs(), 0);
        }
        assertThat(changes(restarted())).as("every open one is found after a restart").hasSize(open);
    }

    @Test
    void finding6RedriveHorizonFollowsTheFailuresNotTheFirstRestart() {
        ExecutionTracker tracker = tracker(0);
        for (int day = 0; day < 40; day++) {
            put("f" + day, FAILED, now, 0);
            put("s" + day, SUCCEEDED, now + 5 * WINDOW, 0);
            changes(tracker);
            now += DAY;
            if (day % 5 == 0) {
                tracker = restarted();
            }
        }
        lists.clear();
        changes(tracker);
        assertThat(checkpoint.horizon().oldestStartMs(Long.MAX_VALUE, checkpoint.redriveSettledBelowMs()))
                .as("no older than the redrive period").isGreaterThan(now - 17 * DAY);
    }

    @Test
    void finding7AnOldExecutionClosingDoesNotDragTheWatermark() {
        ExecutionTracker tracker = tracker(0);
        put("long", RUNNING, now, 0);
        changes(tracker);
        now += 3 * DAY;
        put("recent", SUCCEEDED, now, 0);
        changes(tracker);
        put("long", SUCCEEDED, now - 3 * DAY, 0, now - 1, null);
        listAll(tracker);
        describeAll(tracker); // its record is sent, not yet acknowledged
        tracker.finishCycle(now, commits).forEach(o -> commit(tracker, o));
        assertThat(checkpoint.watermarkMs()).as("named, so a restart finds it without re-listing three days")
                .isGreaterThanOrEqualTo(now);
    }

    @Test
    void finding9FirstStartStoresTheInitialPositionAtOnce() {
        ExecutionTracker tracker = new ExecutionTracker(SM, null, List.of(), now, WINDOW, ALL, lookup);
        assertThat(tracker.start()).as("before any listing").singleElement()
                .isInstanceOfSatisfying(TrackerOutput.Store.class, s -> assertThat(s.checkpoint().sinceMs())
                        .isEqualTo(now));
        assertThat(new ExecutionTracker(SM, tracker.checkpoint(), List.of(), now + DAY, WINDOW, ALL, lookup)
                .checkpoint().sinceMs()).as("a restart keeps it").isEqualTo(now);
    }

    @Test
    void finding9ARestartListsFromTheStoredPositionNotFromItsOwnLatest() {
        changes(tracker(now));
        put("whileDown", SUCCEEDED, now + 1_000, 0);
        ExecutionTracker restarted = new ExecutionTracker(SM, checkpoint, List.copyOf(parts.values()), now + DAY,
                WINDOW, emitted, lookup);
        assertThat(changes(restarted)).as("started after the stored position, before the restart's own 'latest'")
                .containsExactly("whileDown:SUCCEEDED:0");
    }

    @Test
    void redrivenListSortedByRedriveDateMissesNothing() {
        redrivenByRedriveDate = true; // the API only says "sorted by time"
        ExecutionTracker tracker = tracker(0);
        put("a", FAILED, now - 10 * WINDOW, 0, now - 9 * WINDOW, null);
        put("b", FAILED, now - 8 * WINDOW, 0, now - 7 * WINDOW, null);
        changes(tracker);
        put("new", SUCCEEDED, now, 0);
        changes(tracker);
        now += 3 * DAY; // down for three days: b is redriven, then a; a's redrive date is newer
        put("b", FAILED, now - 8 * WINDOW - 3 * DAY, 1, now - 2 * DAY, now - 2 * DAY - 1_000);
        put("a", SUCCEEDED, now - 10 * WINDOW - 3 * DAY, 1, now - DAY, now - DAY - 1_000);
        assertThat(changes(restarted())).containsExactlyInAnyOrder("a:SUCCEEDED:1", "b:FAILED:1");
    }
}
