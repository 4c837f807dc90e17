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

    private static int describesForEnds(boolean listEnded, int children) {
        TrackerHarness h = new TrackerHarness();
        h.summaryMode = true;
        ExecutionTracker tracker = h.tracker(0);
        tracker.listEnded(listEnded);
        for (int i = 0; i < children; i++) {
            h.put("c" + i, ExecutionStatus.RUNNING, h.now - 100 + i % 50, 0);
        }
        h.cycle(tracker);
        h.now += 3 * WINDOW;
        h.put("newer", ExecutionStatus.RUNNING, h.now - 10, 0); // they fall behind the window, still running
        h.cycle(tracker);
        for (int i = 0; i < children; i++) {
            h.put("c" + i, i % 7 == 0 ? ExecutionStatus.FAILED : ExecutionStatus.SUCCEEDED, h.now - 3 * WINDOW - 100
                    + i % 50, 0);
        }
        int before = h.describeCalls;
        h.lists.clear();
        assertThat(TrackerHarness.emits(h.cycle(tracker))).as("every end, once").hasSize(children)
                .allMatch(e -> e.endsWith(":SUCCEEDED:0") || e.endsWith(":FAILED:0"));
        if (listEnded) {
            assertThat(h.lists.size()).as("pages of 100: the running ones, then every status for the ended ones")
                    .isLessThanOrEqualTo(3 + 2 * (children / h.pageSize + 1));
        }
        return h.describeCalls - before;
    }

    @Test
    void aMapRunListsEveryStatusRatherThanDescribingEachEnd() {
        assertThat(describesForEnds(false, 300)).as("a state machine: one describe per end behind the window")
                .isEqualTo(300);
        assertThat(describesForEnds(true, 300)).as("listing ended ones: the pages tell how each ended").isZero();
    }

    /** The listing of ended ones goes on from the window listing's last page: the window is not listed twice. */
    @Test
    void theWindowIsNotListedAgainToReachTheEndedOnes() {
        TrackerHarness h = new TrackerHarness();
        h.summaryMode = true;
        ExecutionTracker tracker = h.tracker(0);
        tracker.listEnded(true);
        for (int i = 0; i < 200; i++) {
            h.put("old" + i, ExecutionStatus.RUNNING, h.now - 100 + i % 50, 0);
        }
        h.cycle(tracker);
        h.now += 3 * WINDOW;
        for (int i = 0; i < 500; i++) {
            h.put("new" + i, ExecutionStatus.RUNNING, h.now - 500 + i, 0); // five pages inside the window
        }
        h.cycle(tracker);
        for (int i = 0; i < 200; i++) {
            h.put("old" + i, ExecutionStatus.SUCCEEDED, h.now - 3 * WINDOW - 100 + i % 50, 0);
        }
        int describes = h.describeCalls;
        h.lists.clear();
        assertThat(TrackerHarness.emits(h.cycle(tracker))).hasSize(200);
        assertThat(h.describeCalls).isEqualTo(describes);
        long everyStatus = h.lists.stream().filter(r -> r.statusFilter() == null && !r.redrivenOnly()).count();
        assertThat(everyStatus).as("5 window pages, then its last one again and the 2 pages behind it")
                .isLessThanOrEqualTo(5 + 3);
    }

    /** More ended at once than the candidates that pause the listing: the listing of ended ones goes on all the same. */
    @Test
    void moreEndsThanTheCandidateLimitAreListedNotDescribed() {
        assertThat(describesForEnds(true, ExecutionTracker.MAX_CANDIDATES + 500)).isZero();
    }
}
