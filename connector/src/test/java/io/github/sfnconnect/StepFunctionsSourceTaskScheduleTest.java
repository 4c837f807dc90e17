package io.github.sfnconnect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.Test;

import io.github.sfnconnect.config.StepFunctionsTaskConfig;
import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.model.ExecutionPage;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.ExecutionSummary;
import io.github.sfnconnect.model.StateMachineInfo;

/**
 * The task's schedule against a gateway whose list rate limit it must respect: a state machine that changes at every
 * check is checked at the fast interval, quiet ones back off to their bound, and no check queues on the limiter.
 */
class StepFunctionsSourceTaskScheduleTest {

    private static final String PREFIX = "arn:aws:states:us-east-1:123456789012:stateMachine:";
    private static final String BUSY = PREFIX + "busy";
    private static final List<String> QUIET = List.of(PREFIX + "quiet1", PREFIX + "quiet2", PREFIX + "quiet3");
    private static final long LIST_PERIOD_MS = 50; // the gateway's rate limit: 20 calls/s

    /** Starts an execution of the busy state machine at each of its window listings; the others never change. */
    private static final class Gateway extends StandardOnlyGateway {
        final Map<String, List<Long>> windowListings = new HashMap<>();
        final List<Long> calls = new ArrayList<>();
        final List<ExecutionSummary> busyExecutions = new ArrayList<>();
        long lastCallMs = Long.MIN_VALUE / 2;

        @Override
        public StateMachineInfo describeStateMachine(String arn) {
            return new StateMachineInfo(arn, arn.substring(PREFIX.length()), "STANDARD", "ACTIVE");
        }

        @Override
        public synchronized ExecutionPage listExecutions(String arn, ExecutionStatus filter, boolean redriven,
                                                         int size, String token) {
            long now = System.currentTimeMillis();
            calls.add(now);
            lastCallMs = now;
            if (filter != null || redriven || token != null) {
                return new ExecutionPage(List.of(), null);
            }
            windowListings.computeIfAbsent(arn, a -> new ArrayList<>()).add(now);
            if (!arn.equals(BUSY)) {
                return new ExecutionPage(List.of(), null);
            }
            String name = "e" + busyExecutions.size();
            busyExecutions.add(0, new ExecutionSummary(PREFIX.replace("stateMachine", "execution") + "busy:" + name,
                    BUSY, name, ExecutionStatus.RUNNING, now, null, 0, null, null, null));
            return new ExecutionPage(List.copyOf(busyExecutions), null);
        }

        @Override
        public synchronized long listCallWaitMs() {
            return Math.max(0, lastCallMs + LIST_PERIOD_MS - System.currentTimeMillis());
        }

        @Override
        public Optional<ExecutionDetails> describeExecution(String arn, boolean includeData) {
            throw new AssertionError("summary mode describes nothing here");
        }

        @Override
        public void close() {
        }
    }

    private static final OffsetStorageReader NO_OFFSETS = new OffsetStorageReader() {
        @Override
        public <T> Map<String, Object> offset(Map<String, T> partition) {
            return null;
        }

        @Override
        public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
            return Map.of();
        }
    };

    @Test
    void busyStateMachineIsCheckedAtTheFastIntervalAndQuietOnesBackOffToTheirBound() throws Exception {
        Gateway gateway = new Gateway();
        StepFunctionsSourceTask task = new StepFunctionsSourceTask((c, l) -> gateway, new ServiceClock(), 10_000);
        task.initialize(TaskContexts.reading(NO_OFFSETS));
        List<String> arns = new ArrayList<>(QUIET);
        arns.add(1, BUSY);
        Map<String, String> props = new HashMap<>(Map.of("name", "scheduled", "aws.region", "us-east-1",
                "state.machine.arns", String.join(",", arns), "topic", "t", "aws.access.key.id", "k",
                "aws.secret.access.key", "s", "execution.detail", "summary", "initial.position", "earliest",
                "poll.interval.ms", "100", "poll.interval.max.ms", "1000"));
        task.start(StepFunctionsTaskConfig.forTask(props, 0, arns, 1_000.0 / LIST_PERIOD_MS, 8, 0.5));
        long endMs = System.currentTimeMillis() + 5_000;
        try {
            while (System.currentTimeMillis() < endMs) {
                task.poll();
            }
        } finally {
            task.stop();
        }
        Map<String, List<Long>> listings;
        List<Long> calls;
        synchronized (gateway) {
            listings = Map.copyOf(gateway.windowListings);
            calls = List.copyOf(gateway.calls);
        }
        int busyChecks = listings.get(BUSY).size();
        for (String quiet : QUIET) {
            List<Long> checks = listings.get(quiet);
            assertThat(busyChecks).as("checks of the busy one against " + quiet).isGreaterThan(3 * checks.size());
            for (int i = 1; i < checks.size(); i++) {
                assertThat(checks.get(i) - checks.get(i - 1)).as("a gap between checks of " + quiet)
                        .isLessThanOrEqualTo(1_000 + 500);
            }
            assertThat(checks.get(checks.size() - 1) - checks.get(checks.size() - 2))
                    .as("the last gap of " + quiet + ": backed off").isGreaterThanOrEqualTo(600);
        }
        for (int i = 1; i < calls.size(); i++) {
            assertThat(calls.get(i) - calls.get(i - 1)).as("calls spaced by the rate limit, not queued on it")
                    .isGreaterThanOrEqualTo(LIST_PERIOD_MS - 5);
        }
    }
}
