package io.github.sfnconnect.tracking;

import static io.github.sfnconnect.model.ExecutionStatus.ABORTED;
import static io.github.sfnconnect.model.ExecutionStatus.FAILED;
import static io.github.sfnconnect.model.ExecutionStatus.RUNNING;
import static io.github.sfnconnect.model.ExecutionStatus.SUCCEEDED;
import static io.github.sfnconnect.model.ExecutionStatus.TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The redrive mark and horizon: what the redriven listing must reach, and when it may stop. */
class RedrivesTest {

    private static final long DAY = Duration.ofDays(1).toMillis();

    @Test
    void onlyStatusesThatCanBeRedrivenExtendTheHorizon() {
        Redrives redrives = new Redrives(0, RedriveHorizon.NONE);
        redrives.recorded(SUCCEEDED, 10 * DAY, 10 * DAY + 5, 11 * DAY);
        redrives.recorded(RUNNING, 10 * DAY, null, 11 * DAY);
        assertThat(redrives.horizon().isEmpty()).as("succeeded and running executions are not redriven").isTrue();
        redrives.recorded(FAILED, 10 * DAY, 10 * DAY + 5, 11 * DAY);
        redrives.recorded(TIMED_OUT, 12 * DAY, 12 * DAY + 5, 13 * DAY);
        redrives.recorded(ABORTED, 14 * DAY, 14 * DAY + 5, 15 * DAY);
        assertThat(redrives.horizon().days()).isEqualTo(3);
        assertThat(redrives.listFromMs(100 * DAY)).as("the oldest day that may still be redriven").isEqualTo(10 * DAY);
        assertThat(redrives.listFromMs(11 * DAY)).as("only below the window floor").isEqualTo(10 * DAY);
        assertThat(redrives.listFromMs(10 * DAY)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void theMarkFollowsCompleteCyclesButNotPastAnUnresolvedRedrive() {
        Redrives redrives = new Redrives(5 * DAY, RedriveHorizon.NONE);
        redrives.checked(3 * DAY);
        assertThat(redrives.nextMark(new Unresolved())).as("never moves back").isEqualTo(5 * DAY);
        redrives.checked(9 * DAY);
        Unresolved unresolved = new Unresolved();
        unresolved.add("redriven", DAY, 7 * DAY, false, DAY);
        assertThat(redrives.nextMark(unresolved)).as("held at the unresolved redrive").isEqualTo(7 * DAY);
        unresolved.remove("redriven");
        assertThat(redrives.nextMark(unresolved)).isEqualTo(9 * DAY);
        assertThat(redrives.settledBelowMs()).as("moves only when told").isEqualTo(5 * DAY);
    }

    @Test
    void movingTheMarkLetsExpiredDaysOfTheHorizonGo() {
        Redrives redrives = new Redrives(0, RedriveHorizon.NONE);
        redrives.recorded(FAILED, 10 * DAY, 10 * DAY, 10 * DAY); // redrivable until day 25
        redrives.recorded(FAILED, 20 * DAY, 20 * DAY, 20 * DAY); // until day 35
        assertThat(redrives.expiresHorizon(26 * DAY)).isTrue();
        assertThat(redrives.expiresHorizon(24 * DAY)).isFalse();
        redrives.moveTo(26 * DAY);
        assertThat(redrives.settledBelowMs()).isEqualTo(26 * DAY);
        assertThat(redrives.horizon().days()).isEqualTo(1);
        assertThat(redrives.listFromMs(100 * DAY)).isEqualTo(20 * DAY);
    }

    @Test
    void withoutACadenceEveryCycleListsRedrivenExecutions() {
        Redrives redrives = new Redrives(0, RedriveHorizon.NONE);
        redrives.cycleCompleted(1_000, 100, true);
        assertThat(redrives.listingDue(1_001)).isTrue();
    }

    @Test
    void theRedrivenListingComesOnceAfterEachFailureElseAfterAQuarterOfTheTimeSinceTheNewestRedrive() {
        long minute = 60_000;
        Redrives redrives = new Redrives(0, RedriveHorizon.NONE);
        redrives.listEvery(5_000, 30 * minute);
        assertThat(redrives.listingDue(0)).as("the first cycle lists them").isTrue();
        redrives.recorded(FAILED, 0, 0L, 0, null, 0);
        redrives.cycleCompleted(0, 1_000, true);
        assertThat(redrives.listingDue(4_999)).as("at least the fast interval after the failure").isFalse();
        assertThat(redrives.listingDue(5_000)).as("once after the failure: automated redrives come soon").isTrue();
        redrives.cycleCompleted(5_000, 1_000, true);
        assertThat(redrives.listingDue(10 * minute)).as("no redrive known: at the bound").isFalse();
        assertThat(redrives.listingDue(30 * minute + 5_000)).isTrue();
        redrives.recorded(FAILED, minute, 2 * minute, 0, null, 3 * minute);
        assertThat(redrives.listingDue(3 * minute + 4_000)).isFalse();
        assertThat(redrives.listingDue(3 * minute + 5_000)).as("a new failure").isTrue();
        redrives.cycleCompleted(3 * minute + 5_000, 1_000, true);
        redrives.recorded(RUNNING, minute, null, 1, 4 * minute, 4 * minute + 10_000);
        // redriven at 4 min: at 4 min 40 s a quarter of 40 s since, 10 s, has passed since the last listing
        assertThat(redrives.listingDue(4 * minute + 40_000)).isTrue();
        redrives.cycleCompleted(4 * minute + 40_000, 1_000, true);
        // due when t - 4:40 >= (t - 4:00) / 4, at 4:53.3
        assertThat(redrives.listingDue(4 * minute + 53_000)).isFalse();
        assertThat(redrives.listingDue(4 * minute + 54_000)).isTrue();
        redrives.cycleCompleted(1_000 * minute, 1_000, true);
        assertThat(redrives.listingDue(1_029 * minute)).as("never longer than the bound").isFalse();
        assertThat(redrives.listingDue(1_030 * minute)).isTrue();
    }

    @Test
    void aSkippedRedrivenListingHoldsTheMarkAndTheCadence() {
        Redrives redrives = new Redrives(0, RedriveHorizon.NONE);
        redrives.listEvery(5_000, 60_000);
        redrives.cycleCompleted(100_000, 1_000, true);
        assertThat(redrives.nextMark(new Unresolved())).isEqualTo(99_000);
        redrives.cycleCompleted(110_000, 1_000, false);
        assertThat(redrives.nextMark(new Unresolved())).as("redrives since 99,000 not listed yet").isEqualTo(99_000);
        assertThat(redrives.listingDue(159_999)).as("counted from the cycle that listed them").isFalse();
        assertThat(redrives.listingDue(160_000)).isTrue();
    }
}
