package io.github.sfnconnect.tracking;

import static io.github.sfnconnect.model.ExecutionStatus.FAILED;
import static io.github.sfnconnect.model.ExecutionStatus.RUNNING;
import static io.github.sfnconnect.model.ExecutionStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** What is held per execution, and when it may go: forgotten, or named for a restarted task. */
class KnownExecutionsTest {

    private static final long WINDOW = 1_000;
    private static final String PREFIX = "arn:aws:states:us-east-1:123456789012:execution:sm:";
    private static final long NOW = 100_000;

    private final KnownExecutions known = new KnownExecutions(WINDOW);
    private final Claims claimedBelow50k = Claims.below(50_000);

    private KnownExecution recorded(String name, long startMs, Long stopMs) {
        KnownExecution k = KnownExecution.unrecorded(startMs);
        k.recorded(stopMs == null ? RUNNING : SUCCEEDED, 0, startMs, stopMs, null);
        k.records = 1;
        known.put(PREFIX + name, k);
        return k;
    }

    private Set<String> forgettable(long commitGeneration) {
        return known.forgettable(NOW, commitGeneration, claimedBelow50k, 0, Long.MIN_VALUE, arn -> false);
    }

    @Test
    void closedClaimedAcknowledgedExecutionIsForgottenOnceItStoppedAWindowAgo() {
        recorded("done", 10_000, NOW - WINDOW);
        recorded("recent", 10_000, NOW - WINDOW + 1);
        recorded("unclaimed", 60_000, 61_000L);
        recorded("open", 10_000, null);
        assertThat(forgettable(0)).containsExactly(PREFIX + "done");
    }

    /**
     * FaultSuiteIT's throttling storm left offsets for good: a claim range given up beyond Claims.MAX_RANGES left a
     * gap below the relisted start dates that no later listing fills, and its executions were never claimed.
     */
    @Test
    void anExecutionInAGapOfTheClaimsIsForgottenOnceNoRestartListsItAgain() {
        Claims withGap = Claims.below(50_000).plus(50_100, 70_000, 0);
        recorded("inGap", 50_050, 51_000L);
        KnownExecution redriven = recorded("redrivenInGap", 50_060, 52_000L);
        redriven.redriveCount = 1;
        redriven.redriveDateMs = 51_500L;
        recorded("inGapStillRelisted", 50_070, 51_000L);
        assertThat(known.forgettable(NOW, 0, withGap, 0, 50_065, arn -> false)).as("started before the relisted start dates and never redriven")
                .containsExactly(PREFIX + "inGap");
        assertThat(known.forgettable(NOW, 0, withGap, 51_000, 50_065, arn -> false))
                .as("a redrive after the redrive mark may still show").containsExactly(PREFIX + "inGap");
        assertThat(known.forgettable(NOW, 0, withGap, 52_000, 50_065, arn -> false))
                .containsExactlyInAnyOrder(PREFIX + "inGap", PREFIX + "redrivenInGap");
        assertThat(known.forgettable(NOW, 0, withGap, 52_000, Long.MIN_VALUE, arn -> false))
                .as("without the relisted start dates, the gap keeps them").isEmpty();
    }

    @Test
    void nothingInFlightOrAwaitingItsDescribeIsForgotten() {
        recorded("inFlight", 10_000, 11_000L).inFlight = 1;
        recorded("describing", 10_000, 11_000L);
        assertThat(known.forgettable(NOW, 0, claimedBelow50k, 0, Long.MIN_VALUE, arn -> arn.endsWith("describing"))).isEmpty();
    }

    @Test
    void aSecondRecordWaitsTwoOffsetCommitsSoThatNoLookupFindsTheFirst() {
        KnownExecution k = recorded("twice", 10_000, 11_000L);
        k.records = 2;
        k.ackGeneration = 5;
        assertThat(forgettable(6)).isEmpty();
        assertThat(forgettable(7)).containsExactly(PREFIX + "twice");
    }

    @Test
    void anExecutionWhoseArnNamesAnotherIsForgottenOnceNothingIsInFlight() {
        KnownExecution k = recorded("reused", 90_000, null);
        k.gone = true;
        k.inFlight = 1;
        assertThat(forgettable(0)).isEmpty();
        k.inFlight = 0;
        assertThat(forgettable(0)).containsExactly(PREFIX + "reused");
    }

    @Test
    void namesOnlyWhatARestartWouldNotListAgainAndIsNotForgotten() {
        recorded("behind", 10_000, null);
        recorded("claimedClosed", 40_000, 41_000L);
        recorded("inWindow", 95_000, null);
        KnownExecution unknownStart = recorded("unknownStart", 20_000, null);
        unknownStart.startKnown = false;
        Map<String, Long> wanted = known.wantedNames(Set.of(PREFIX + "claimedClosed"), 90_000, Claims.NONE);
        assertThat(wanted).containsOnly(Map.entry("behind", 10_000L),
                Map.entry("unknownStart", ExecutionOffset.UNKNOWN_START));
        assertThat(known.wantedNames(Set.of(), 0, claimedBelow50k)).as("claimed start dates are not listed again")
                .containsOnlyKeys("behind", "claimedClosed", "unknownStart");
    }

    @Test
    void restoreTakesStoredStatesOfTheSameLifeOnly() {
        OffsetLookup offsets = arns -> Map.of(
                PREFIX + "same", new ExecutionOffset(FAILED, 0, 10_000),
                PREFIX + "earlierLife", new ExecutionOffset(FAILED, 0, 1_000));
        known.restore(Map.of("same", 10_000L, "earlierLife", 20_000L, "none", ExecutionOffset.UNKNOWN_START),
                PREFIX, offsets, 5_000);
        assertThat(known.get(PREFIX + "same").matches(FAILED, 0)).isTrue();
        assertThat(known.get(PREFIX + "earlierLife").recorded).as("an offset of an earlier life says nothing")
                .isFalse();
        assertThat(known.get(PREFIX + "none").startKnown).isFalse();
        assertThat(known.get(PREFIX + "none").startMs).isEqualTo(5_000);
        assertThat(known.oldestWatchedWhileOpen(50_000)).as("an unknown start date reaches all the way down")
                .isEqualTo(Long.MIN_VALUE);
        assertThat(known.open()).as("restored FAILED is closed; unrecorded ones are not counted").isZero();
    }
}
