package io.github.sfnconnect.tracking;

import static io.github.sfnconnect.tracking.TrackerHarness.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.github.sfnconnect.model.ExecutionStatus;

/**
 * A scope that ends (a Map Run that stopped): no newer execution ever moves the floor past its last window of start
 * dates, so without the seal those executions' offsets stay for good; after it, they go and the tracker drains.
 */
class SealTest {

    @Test
    void aStoppedScopeIsClaimedWholeItsOffsetsGoAndARestartEmitsNothing() {
        TrackerHarness h = new TrackerHarness();
        ExecutionTracker tracker = h.tracker(0);
        for (int i = 0; i < 20; i++) {
            h.put("c" + i, ExecutionStatus.RUNNING, h.now - 100 + i, 0);
        }
        assertThat(h.changes(tracker)).hasSize(20);
        h.now += 50;
        for (int i = 0; i < 20; i++) {
            h.put("c" + i, i % 5 == 0 ? ExecutionStatus.FAILED : ExecutionStatus.SUCCEEDED, h.now - 100 + i, 0);
        }
        assertThat(h.changes(tracker)).hasSize(20);
        long stoppedMs = h.now;
        for (int i = 0; i < 5; i++) {
            h.now += WINDOW;
            h.cycle(tracker);
        }
        assertThat(h.committed).as("without a seal, the last window keeps its offsets").hasSize(20);

        assertThat(tracker.seal(stoppedMs)).isTrue();
        h.now += WINDOW;
        h.cycle(tracker);
        h.cycle(tracker);
        assertThat(h.committed).as("offsets left").isEmpty();
        assertThat(tracker.isDrained()).isTrue();
        assertThat(TrackerHarness.emits(h.cycle(h.restarted()))).as("a restart after the seal").isEmpty();
    }

    @Test
    void noSealWhileSomethingIsOpenOrBeforeACycleAWindowAfterTheStop() {
        TrackerHarness h = new TrackerHarness();
        ExecutionTracker tracker = h.tracker(0);
        h.put("open", ExecutionStatus.RUNNING, h.now - 100, 0);
        h.cycle(tracker);
        assertThat(tracker.seal(h.now - 50)).as("an open execution").isFalse();
        h.put("open", ExecutionStatus.SUCCEEDED, h.now - 100, 0);
        h.cycle(tracker);
        assertThat(tracker.seal(h.now)).as("the cycle began before stop + window").isFalse();
        h.now += WINDOW;
        h.cycle(tracker);
        assertThat(tracker.seal(h.now - WINDOW)).isTrue();
    }
}
