package io.github.sfnconnect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The service's time, whatever the worker's clock says. */
class ServiceClockTest {

    private final AtomicLong wall = new AtomicLong(1_000_000);
    private final AtomicLong nanos = new AtomicLong();
    private final ServiceClock clock = new ServiceClock(wall::get, nanos::get);

    @Test
    void followsTheDateHeaderNotTheWorkersClock() {
        assertThat(clock.nowMs()).as("nothing heard yet: the worker's clock").isEqualTo(1_000_000);
        clock.dateHeader(5_000_000); // the service is an hour ahead of this worker
        nanos.addAndGet(2_500_000_000L);
        assertThat(clock.nowMs()).as("the Date, plus the time elapsed since").isEqualTo(5_002_500);
        wall.set(999_999_999);
        assertThat(clock.nowMs()).as("a worker clock jumping does not matter").isEqualTo(5_002_500);
    }

    @Test
    void neverEarlierThanATimestampTheApiReturnedNorThanBefore() {
        clock.dateHeader(5_000_000);
        clock.observed(5_000_700); // a stop date within the Date's second
        assertThat(clock.nowMs()).isEqualTo(5_000_700);
        clock.dateHeader(4_000_000); // an answer from a lagging endpoint
        assertThat(clock.nowMs()).as("never goes backwards").isEqualTo(5_000_700);
    }

    @Test
    void latestIsTheWorkersClockUnlessItRunsAheadOfTheService() {
        assertThat(clock.latestMs()).isEqualTo(1_000_000);
        clock.dateHeader(999_000); // the Date cuts the service's 999,600 to whole seconds
        wall.set(999_700);
        assertThat(clock.latestMs()).as("in step: the worker's clock").isEqualTo(999_700);
        wall.set(1_600_000); // ten minutes ahead
        assertThat(clock.latestMs()).as("ahead: the service's time, from above").isEqualTo(999_999);
        clock.dateHeader(86_400_000L * 100); // a service clock far ahead (compressed time in a test)
        assertThat(clock.latestMs()).as("behind: the worker's clock").isEqualTo(1_600_000);
    }
}
