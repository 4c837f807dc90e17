package io.github.sfnconnect.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Per start day, until when its executions may be redriven; how far back the redriven listing must reach. */
class RedriveHorizonTest {

    private static final long DAY = 86_400_000L;
    private static final long PERIOD = RedriveHorizon.REDRIVE_PERIOD_MS;

    @Test
    void redrivePeriodIsFourteenDaysPlusOneOfMargin() {
        assertThat(PERIOD).isEqualTo(15 * DAY);
    }

    @Test
    void keepsTheLatestUntilPerStartDay() {
        RedriveHorizon h = RedriveHorizon.NONE.with(10 * DAY + 5, 1_000).with(10 * DAY + 3_600_000, 900);
        assertThat(h.days()).as("both started on day 10").isEqualTo(1);
        assertThat(h.reaches(10 * DAY, 1_000)).as("the earlier until does not shorten the day").isTrue();
        assertThat(h.reaches(10 * DAY, 1_001)).isFalse();
        assertThat(h.with(10 * DAY, 1_000)).as("nothing new: the same instance").isSameAs(h);
        assertThat(h.with(11 * DAY - 1, 2_000).reaches(10 * DAY, 2_000)).as("a later until extends the day").isTrue();
        assertThat(h.with(11 * DAY, 2_000).days()).as("the next millisecond is the next day").isEqualTo(2);
        assertThat(RedriveHorizon.NONE.with(-1, 5).reaches(-DAY, 5)).as("before 1970 rounds down to day -1").isTrue();
    }

    @Test
    void stoppedExecutionIsRedrivableForThePeriodAfterItsStop() {
        long start = 3 * DAY;
        assertThat(RedriveHorizon.NONE.withStopped(start, start + 100, 9 * DAY))
                .isEqualTo(RedriveHorizon.NONE.with(start, start + 100 + PERIOD));
        assertThat(RedriveHorizon.NONE.withStopped(start, null, 9 * DAY)).as("stop date unknown: now")
                .isEqualTo(RedriveHorizon.NONE.with(start, 9 * DAY + PERIOD));
        assertThat(RedriveHorizon.NONE.withStopped(start, start - 50, 9 * DAY)).as("a stop before the start is "
                + "taken as the start").isEqualTo(RedriveHorizon.NONE.with(start, start + PERIOD));
    }

    @Test
    void expireDropsOnlyDaysWhoseUntilIsBeforeTheCheck() {
        RedriveHorizon h = RedriveHorizon.NONE.with(1 * DAY, 100).with(2 * DAY, 200).with(3 * DAY, 300);
        assertThat(h.expire(100)).as("an until equal to the check is kept: nothing changes").isSameAs(h);
        RedriveHorizon expired = h.expire(201);
        assertThat(expired.days()).isEqualTo(1);
        assertThat(expired.reaches(3 * DAY, 300)).isTrue();
        assertThat(expired.reaches(2 * DAY, 200)).isFalse();
        assertThat(h.days()).as("immutable").isEqualTo(3);
        assertThat(h.expire(301).isEmpty()).isTrue();
    }

    @Test
    void oldestStartIsTheFirstDayBeforeTheLimitStillRedrivableSinceTheCheck() {
        RedriveHorizon h = RedriveHorizon.NONE.with(1 * DAY, 100).with(2 * DAY + 7, 200).with(5 * DAY, 500);
        assertThat(h.oldestStartMs(10 * DAY, 150)).as("day 1 ended before the check; day 2 begins at its midnight")
                .isEqualTo(2 * DAY);
        assertThat(h.oldestStartMs(10 * DAY, 100)).as("until equal to the check still counts").isEqualTo(DAY);
        assertThat(h.oldestStartMs(5 * DAY, 300)).as("day 5 starts at the limit: not before it")
                .isEqualTo(Long.MAX_VALUE);
        assertThat(h.oldestStartMs(5 * DAY + 1, 300)).isEqualTo(5 * DAY);
        assertThat(h.oldestStartMs(10 * DAY, 501)).as("nothing redrivable since the check").isEqualTo(Long.MAX_VALUE);
        assertThat(RedriveHorizon.NONE.oldestStartMs(Long.MAX_VALUE, 0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void encodesDaysInOrderAndDecodesKeepingTheLatestUntil() {
        RedriveHorizon h = RedriveHorizon.NONE.with(2 * DAY, 20).with(1 * DAY, 10);
        assertThat(h.encode()).isEqualTo("1:10,2:20");
        assertThat(RedriveHorizon.decode(h.encode(), "p")).isEqualTo(h);
        assertThat(RedriveHorizon.decode("1:10,1:30,1:20", "p")).isEqualTo(RedriveHorizon.NONE.with(DAY, 30));
        assertThat(RedriveHorizon.decode("", "p")).isEqualTo(RedriveHorizon.NONE);
        assertThatThrownBy(() -> RedriveHorizon.decode("1-10", "partition-3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partition-3");
    }
}
