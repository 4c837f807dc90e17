package io.github.sfnconnect.tracking;

import static io.github.sfnconnect.tracking.TrackerHarness.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.github.sfnconnect.model.ExecutionStatus;

/**
 * Executions that end long after they started are found ended by their absence from the running list, which does not
 * say how. In summary mode a Map Run lists every status instead of describing each of them.
 */
class EndedListingTest {

    private static int describesForEnds(boolean listEnded) {
        TrackerHarness h = new TrackerHarness();
        h.summaryMode = true;
        ExecutionTracker tracker = h.tracker(0);
        tracker.listEnded(listEnded);
        for (int i = 0; i < 300; i++) {
            h.put("c" + i, ExecutionStatus.RUNNING, h.now - 100 + i % 50, 0);
        }
        h.cycle(tracker);
        h.now += 3 * WINDOW;
        h.put("newer", ExecutionStatus.RUNNING, h.now - 10, 0); // they fall behind the window, still running
        h.cycle(tracker);
        for (int i = 0; i < 300; i++) {
            h.put("c" + i, i % 7 == 0 ? ExecutionStatus.FAILED : ExecutionStatus.SUCCEEDED, h.now - 3 * WINDOW - 100
                    + i % 50, 0);
        }
        int before = h.describeCalls;
        h.lists.clear();
        assertThat(TrackerHarness.emits(h.cycle(tracker))).as("every end, once").hasSize(300)
                .allMatch(e -> e.endsWith(":SUCCEEDED:0") || e.endsWith(":FAILED:0"));
        if (listEnded) {
            assertThat(h.lists).as("the listing of ended ones: one page of up to 100 for each 100").hasSizeBetween(4, 8);
        }
        return h.describeCalls - before;
    }

    @Test
    void aMapRunListsEveryStatusRatherThanDescribingEachEnd() {
        assertThat(describesForEnds(false)).as("a state machine: one describe per end behind the window")
                .isEqualTo(300);
        assertThat(describesForEnds(true)).as("listing ended ones: the pages tell how each ended").isZero();
    }
}
