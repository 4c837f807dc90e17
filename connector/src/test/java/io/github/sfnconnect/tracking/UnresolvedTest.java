package io.github.sfnconnect.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Unresolved executions and what each holds back: the watermark and claims, the redrive mark, or nothing. */
class UnresolvedTest {

    private static final long WINDOW = 1_000;

    @Test
    void listedExecutionHoldsTheWatermarkWithinAWindowOfItsStartAndItsStartOutOfClaims() {
        Unresolved u = new Unresolved();
        assertThat(u.watermarkMs(50_000)).as("nothing held").isEqualTo(50_000);
        u.add("a", 10_000, null, false, WINDOW);
        u.add("b", 20_000, null, false, WINDOW);
        assertThat(u.watermarkMs(50_000)).as("the oldest start plus a window").isEqualTo(11_000);
        assertThat(u.watermarkMs(5_000)).as("never above the floor").isEqualTo(5_000);
        assertThat(u.redriveSettledBelowMs(7_000)).as("no redrive held").isEqualTo(7_000);
        assertThat(u.newestStartBetween(0, 30_000)).isEqualTo(20_000L);
        u.remove("a");
        assertThat(u.watermarkMs(50_000)).isEqualTo(21_000);
    }

    @Test
    void redriveAttemptHoldsOnlyTheRedriveMark() {
        Unresolved u = new Unresolved();
        u.add("r", 10_000, 30_000L, false, WINDOW);
        assertThat(u.redriveSettledBelowMs(40_000)).isEqualTo(30_000);
        assertThat(u.redriveSettledBelowMs(20_000)).as("never above the check").isEqualTo(20_000);
        assertThat(u.watermarkMs(50_000)).as("a redriven listing finds it again, not the window").isEqualTo(50_000);
        assertThat(u.anyStartedBetween(0, 50_000)).as("nor does it hold claims").isFalse();
        u.remove("r");
        assertThat(u.redriveSettledBelowMs(40_000)).isEqualTo(40_000);
    }

    @Test
    void namedExecutionHoldsNothingButIsUnresolved() {
        Unresolved u = new Unresolved();
        u.add("n", 10_000, null, true, WINDOW);
        assertThat(u.contains("n")).isTrue();
        assertThat(u.size()).isEqualTo(1);
        assertThat(u.watermarkMs(50_000)).isEqualTo(50_000);
        assertThat(u.redriveSettledBelowMs(40_000)).isEqualTo(40_000);
        assertThat(u.newestStartBetween(Long.MIN_VALUE, Long.MAX_VALUE)).isNull();
    }

    @Test
    void resolvedOnlyWhenEveryReasonIsRemovedAndTheFirstReasonDecidesTheHold() {
        Unresolved u = new Unresolved();
        u.add("a", 10_000, null, false, WINDOW); // pending describe
        u.add("a", 10_000, 30_000L, true, WINDOW); // a record in flight: its hold is ignored
        assertThat(u.redriveSettledBelowMs(40_000)).as("the first reason decided").isEqualTo(40_000);
        u.remove("a");
        assertThat(u.contains("a")).as("one reason left").isTrue();
        assertThat(u.watermarkMs(50_000)).isEqualTo(11_000);
        u.remove("a");
        assertThat(u.contains("a")).isFalse();
        assertThat(u.watermarkMs(50_000)).isEqualTo(50_000);
        u.remove("a"); // one too many, or never added: no effect
        u.remove("x");
        assertThat(u.size()).isZero();
    }

    @Test
    void executionsWithTheSameStartAreCountedApart() {
        Unresolved u = new Unresolved();
        u.add("a", 10_000, null, false, WINDOW);
        u.add("b", 10_000, null, false, WINDOW);
        u.remove("a");
        assertThat(u.watermarkMs(50_000)).as("b still holds the same bound").isEqualTo(11_000);
        assertThat(u.anyStartedBetween(10_000, 10_001)).isTrue();
        u.remove("b");
        assertThat(u.anyStartedBetween(Long.MIN_VALUE, Long.MAX_VALUE)).isFalse();
    }

    @Test
    void startQueriesRespectTheirBounds() {
        Unresolved u = new Unresolved();
        for (long start : new long[] {100, 200, 300, 400}) {
            u.add("e" + start, start, null, false, WINDOW);
        }
        assertThat(u.newestStartBetween(100, 400)).as("(low, high) is open").isEqualTo(300L);
        assertThat(u.newestStartBetween(300, 400)).isNull();
        assertThat(u.newestStartBetween(0, Long.MIN_VALUE)).isNull();
        assertThat(u.startsBetween(100, 400, 10)).as("open, newest first").containsExactly(300L, 200L);
        assertThat(u.startsBetween(0, 1_000, 3)).as("at most max").containsExactly(400L, 300L, 200L);
        assertThat(u.startsBetween(400, 100, 10)).isEmpty();
        assertThat(u.anyStartedBetween(200, 201)).as("[from, high): from included").isTrue();
        assertThat(u.anyStartedBetween(201, 300)).as("high excluded").isFalse();
    }
}
