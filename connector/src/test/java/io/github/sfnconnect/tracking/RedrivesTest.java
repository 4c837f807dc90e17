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
}
