package io.github.sfnconnect.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The depth of the window listing: from the bound down towards what the listing shows, up at once when it must. */
class ListingWindowTest {

    private static final long BOUND = 60_000;
    private static final long FLOOR = 5_000;

    /** A window that completed a first cycle, so that it observes. */
    private static ListingWindow observing(boolean coverRunTimes) {
        ListingWindow w = new ListingWindow(BOUND, FLOOR, coverRunTimes);
        w.cycleCompleted();
        return w;
    }

    private static void quietCycle(ListingWindow w) {
        w.listedNew(-100); // new executions, none late
        w.cycleCompleted();
    }

    @Test
    void startsAtTheBoundAndShrinksByAQuarterOfTheExcessPerCycleDownToTheFloor() {
        ListingWindow w = observing(false);
        assertThat(w.depthMs()).isEqualTo(BOUND);
        quietCycle(w);
        assertThat(w.depthMs()).isEqualTo(BOUND - (BOUND - FLOOR) / 4);
        for (int i = 0; i < 40; i++) {
            quietCycle(w);
        }
        assertThat(w.depthMs()).isEqualTo(FLOOR);
    }

    @Test
    void aFirstCycleOrACycleWithoutNewExecutionsShrinksNothing() {
        ListingWindow w = new ListingWindow(BOUND, FLOOR, false);
        w.listedNew(-100); // a first cycle (a backfill, a restart): everything is new, nothing is evidence
        w.cycleCompleted();
        assertThat(w.depthMs()).isEqualTo(BOUND);
        w.cycleCompleted(); // nothing new was listed: no evidence either
        assertThat(w.depthMs()).isEqualTo(BOUND);
    }

    @Test
    void aLateArrivalInsideTheDepthGrowsItAtOnceToTwiceItsLatenessAndTheShrinkingStopsThere() {
        ListingWindow w = observing(false);
        for (int i = 0; i < 40; i++) {
            quietCycle(w);
        }
        w.listedNew(4_000); // 4 s behind the floor, inside the 5 s depth
        assertThat(w.depthMs()).as("at once, before the cycle ends").isEqualTo(2 * 4_000 + ListingWindow.MARGIN_MS);
        w.cycleCompleted();
        assertThat(w.depthMs()).isEqualTo(9_000);
        quietCycle(w);
        assertThat(w.depthMs()).as("shrinks again while none is late").isLessThan(9_000).isGreaterThan(FLOOR);
    }

    @Test
    void aLateArrivalFoundBelowTheDepthMakesItTheBound() {
        ListingWindow w = observing(false);
        for (int i = 0; i < 40; i++) {
            quietCycle(w);
        }
        w.listedNew(FLOOR + 1);
        assertThat(w.depthMs()).isEqualTo(BOUND);
        w.cycleCompleted();
        assertThat(w.depthMs()).as("the next cycle lists the bound whole").isEqualTo(BOUND);
        quietCycle(w);
        assertThat(w.depthMs()).as("then shrinks again").isLessThan(BOUND);
    }

    @Test
    void neverAboveTheBound() {
        ListingWindow w = observing(false);
        w.listedNew(BOUND / 2 + 1);
        w.cycleCompleted();
        assertThat(w.depthMs()).isEqualTo(BOUND);
    }

    @Test
    void inSummaryModeTheDepthCoversTheSecondLongestRunOfACycle() {
        ListingWindow w = observing(true);
        for (int i = 0; i < 40; i++) {
            w.listedNew(-1);
            w.ended(3_000);
            w.ended(8_000);
            w.ended(30_000); // one describe a cycle is cheaper than covering it
            w.cycleCompleted();
        }
        assertThat(w.depthMs()).isEqualTo(8_000 + ListingWindow.MARGIN_MS);
    }

    @Test
    void runTimesCountOnlyInSummaryMode() {
        ListingWindow w = observing(false);
        for (int i = 0; i < 40; i++) {
            w.listedNew(-1);
            w.ended(20_000);
            w.ended(20_000);
            w.cycleCompleted();
        }
        assertThat(w.depthMs()).isEqualTo(FLOOR);
    }

    @Test
    void aFixedWindowNeverMoves() {
        ListingWindow w = ListingWindow.fixed(8_000);
        w.cycleCompleted();
        for (int i = 0; i < 10; i++) {
            quietCycle(w);
        }
        assertThat(w.depthMs()).isEqualTo(8_000);
        w.listedNew(20_000);
        assertThat(w.depthMs()).isEqualTo(8_000);
    }

    @Test
    void aFloorAboveTheBoundIsTheBound() {
        ListingWindow w = new ListingWindow(2_000, 5_000, false);
        w.cycleCompleted();
        quietCycle(w);
        assertThat(w.depthMs()).isEqualTo(2_000);
    }
}
