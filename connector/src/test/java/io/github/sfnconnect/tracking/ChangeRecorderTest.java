package io.github.sfnconnect.tracking;

import static io.github.sfnconnect.model.ExecutionStatus.FAILED;
import static io.github.sfnconnect.model.ExecutionStatus.RUNNING;
import static io.github.sfnconnect.model.ExecutionStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.model.ExecutionPage;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.ExecutionSummary;
import io.github.sfnconnect.tracking.TrackerOutput.Emit;
import io.github.sfnconnect.tracking.TrackerOutput.Forget;
import io.github.sfnconnect.tracking.TrackerOutput.Observe;

/** What a listed item or a describe result means for its execution, on its own, without the tracker around it. */
class ChangeRecorderTest {

    private static final String SM = "arn:aws:states:us-east-1:123456789012:stateMachine:sm";
    private static final String PREFIX = "arn:aws:states:us-east-1:123456789012:execution:sm:";
    private static final long WINDOW = 1_000;
    private static final long NOW = 200_000;

    private final Map<String, ExecutionOffset> stored = new HashMap<>();
    private final KnownExecutions known = new KnownExecutions(WINDOW);
    private final DescribeQueue candidates = new DescribeQueue();
    private final Unresolved unresolved = new Unresolved();
    private final ListingCycle cycle = new ListingCycle();
    private final Checkpoint checkpoint = Checkpoint.initial(0);

    private ChangeRecorder recorder(Set<ExecutionStatus> emitted) {
        return recorder(emitted, Claims.NONE);
    }

    private ChangeRecorder recorder(Set<ExecutionStatus> emitted, Claims claims) {
        OffsetLookup offsets = arns -> {
            Map<String, ExecutionOffset> found = new HashMap<>();
            arns.forEach(a -> {
                if (stored.containsKey(a)) {
                    found.put(a, stored.get(a));
                }
            });
            return found;
        };
        return new ChangeRecorder(WINDOW, 0, emitted, offsets, known, candidates, unresolved,
                new PendingClaims(claims, WINDOW), new Redrives(0, RedriveHorizon.NONE),
                new OpenNames(List.of()), cycle, () -> checkpoint, runMs -> { });
    }

    private static ExecutionSummary listed(String name, ExecutionStatus status, long startMs, Long stopMs) {
        return new ExecutionSummary(PREFIX + name, SM, name, status, startMs, stopMs, 0, null, null, null);
    }

    private static ExecutionDetails described(ExecutionSummary s) {
        return new ExecutionDetails(s.executionArn(), SM, s.name(), s.status(), s.startDateMs(), s.stopDateMs(),
                "{}", true, null, null, null, null, null, null, null, null, 0, null, null, null);
    }

    /** A cycle whose window listing went from 150,000 down to 10,000: claimable below 150,000 - window. */
    private void cycleListedDownTo10k() {
        cycle.start(5_000, 5_000, NOW);
        cycle.read(new ExecutionPage(List.of(listed("top", SUCCEEDED, 150_000, 150_001L),
                listed("bottom", SUCCEEDED, 10_000, 10_001L)), null));
    }

    private List<TrackerOutput> listAndDescribe(ChangeRecorder recorder, ExecutionSummary s) {
        assertThat(recorder.onListed(List.of(s), NOW)).isEmpty();
        assertThat(candidates.contains(s.executionArn())).as("a new state is described first").isTrue();
        return recorder.onDescribed(s.executionArn(), Optional.of(described(s)), NOW);
    }

    /**
     * Found by the benchmark's SIGKILL run: an execution recorded RUNNING under its own offset, inside the start dates
     * the checkpoint claims, ends while the worker is down. The restarted tracker does not know it; the listing shows
     * it closed inside the claims. Its stored offset (RUNNING) must be looked up and its end emitted, not taken as
     * "recorded in this state" (5 of 586 final states were lost per crash run before the fix).
     */
    @Test
    void crashFinding1AClosedExecutionInsideTheClaimsWhoseOffsetSaysRunningIsEmitted() {
        stored.put(PREFIX + "open-at-crash", new ExecutionOffset(RUNNING, 0, 50_000));
        ChangeRecorder recorder = recorder(EnumSet.allOf(ExecutionStatus.class),
                Claims.NONE.plus(40_000, 60_000, Long.MIN_VALUE));
        ExecutionSummary ended = listed("open-at-crash", SUCCEEDED, 50_000, 150_000L);
        List<TrackerOutput> out = listAndDescribe(recorder, ended);
        assertThat(out).singleElement().isInstanceOfSatisfying(Emit.class,
                e -> assertThat(e.details().status()).isEqualTo(SUCCEEDED));
    }

    @Test
    void aClosedExecutionInsideTheClaimsWithoutAnOffsetOrWithTheSameStateIsSettled() {
        stored.put(PREFIX + "same", new ExecutionOffset(SUCCEEDED, 0, 51_000));
        ChangeRecorder recorder = recorder(EnumSet.allOf(ExecutionStatus.class),
                Claims.NONE.plus(40_000, 60_000, Long.MIN_VALUE));
        assertThat(recorder.onListed(List.of(listed("claimed", SUCCEEDED, 50_000, 150_000L),
                listed("same", SUCCEEDED, 51_000, 150_000L)), NOW)).isEmpty();
        assertThat(candidates.contains(PREFIX + "claimed")).as("recorded with a checkpoint, offset gone").isFalse();
        assertThat(candidates.contains(PREFIX + "same")).as("its offset says the same").isFalse();
    }

    @Test
    void newClosedExecutionInsideWhatTheCycleListedIsEmittedWithTheCheckpointAndHeldNowhere() {
        cycleListedDownTo10k();
        List<TrackerOutput> out = listAndDescribe(recorder(EnumSet.allOf(ExecutionStatus.class)),
                listed("done", SUCCEEDED, 50_000, 51_000L));
        assertThat(out).singleElement().isInstanceOfSatisfying(Emit.class,
                e -> assertThat(e.claimed()).as("the checkpoint is its offset").isSameAs(checkpoint));
        assertThat(known.size()).isZero();
    }

    @Test
    void anExecutionThatCouldStillChangeGetsItsOwnOffsetAndIsHeldUntilAcknowledged() {
        cycleListedDownTo10k();
        ChangeRecorder recorder = recorder(EnumSet.allOf(ExecutionStatus.class));
        List<TrackerOutput> open = listAndDescribe(recorder, listed("open", RUNNING, 50_000, null));
        List<TrackerOutput> recent = listAndDescribe(recorder, listed("recent", SUCCEEDED, 60_000, NOW - 10));
        assertThat(List.of(open.get(0), recent.get(0))).allSatisfy(o -> assertThat(o)
                .isInstanceOfSatisfying(Emit.class, e -> assertThat(e.claimed()).isNull()));
        assertThat(known.get(PREFIX + "open").inFlight).isEqualTo(1);
        assertThat(known.get(PREFIX + "recent").inFlight).as("a lagging list may still show it running")
                .isEqualTo(1);
    }

    @Test
    void aListingOlderThanWhatWasRecordedChangesNothing() {
        stored.put(PREFIX + "a", new ExecutionOffset(FAILED, 0, 50_000));
        ChangeRecorder recorder = recorder(EnumSet.allOf(ExecutionStatus.class));
        assertThat(recorder.onListed(List.of(listed("a", RUNNING, 50_000, null)), NOW)).isEmpty();
        assertThat(candidates.size()).as("not worth a describe").isZero();
    }

    @Test
    void aStatusNotToEmitIsRecordedAtOnceWithoutADescribe() {
        ChangeRecorder recorder = recorder(EnumSet.of(SUCCEEDED, FAILED));
        List<TrackerOutput> out = recorder.onListed(List.of(listed("r", RUNNING, 190_000, null)), NOW);
        assertThat(out).singleElement().isInstanceOf(Observe.class);
        assertThat(candidates.size()).isZero();
    }

    @Test
    void aNameUsedAgainDropsTheEarlierLifeAndItsOffset() {
        stored.put(PREFIX + "reused", new ExecutionOffset(FAILED, 0, 1_000));
        ChangeRecorder recorder = recorder(EnumSet.allOf(ExecutionStatus.class));
        List<TrackerOutput> out = recorder.onListed(List.of(listed("reused", RUNNING, 190_000, null)), NOW);
        assertThat(out).containsExactly(new Forget(PREFIX + "reused"));
        assertThat(candidates.contains(PREFIX + "reused")).as("the new one is a new execution").isTrue();
    }
}
