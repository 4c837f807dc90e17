package io.github.sfnconnect;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.management.ObjectName;

import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.sfnconnect.aws.StepFunctionsGateway;
import io.github.sfnconnect.config.StepFunctionsTaskConfig;
import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.model.ExecutionPage;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.ExecutionSummary;
import io.github.sfnconnect.model.StateMachineInfo;

/**
 * The task as Connect drives it: poll() on one thread, stop() on another. A poll() that waits on a slow call (an
 * offsets topic that does not answer, an API call in a long throttling backoff) must neither hang the worker nor
 * outlast Connect's graceful stop of 5 s.
 */
class StepFunctionsSourceTaskTest {

    private static final String SM = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch blocked = new CountDownLatch(1);

    @AfterEach
    void close() {
        threads.shutdownNow();
    }

    /** A gateway whose listing blocks (interruptibly) for a minute, as a call in a throttling backoff does. */
    private final class SlowGateway extends StandardOnlyGateway {
        final boolean slowList;

        SlowGateway(boolean slowList) {
            this.slowList = slowList;
        }

        @Override
        public StateMachineInfo describeStateMachine(String arn) {
            return new StateMachineInfo(arn, "orders", "STANDARD", "ACTIVE");
        }

        @Override
        public ExecutionPage listExecutions(String arn, ExecutionStatus filter, boolean redriven, int size, String token)
                throws InterruptedException {
            if (slowList) {
                blocked.countDown();
                Thread.sleep(60_000);
            }
            return new ExecutionPage(List.of(), null);
        }

        @Override
        public Optional<ExecutionDetails> describeExecution(String arn, boolean includeData) {
            return Optional.empty();
        }

        @Override
        public void close() {
        }
    }

    /** An offsets topic that does not answer: every read blocks until interrupted. */
    private final OffsetStorageReader silentOffsets = new OffsetStorageReader() {
        @Override
        public <T> Map<String, Object> offset(Map<String, T> partition) {
            return offsets(List.of(partition)).get(partition);
        }

        @Override
        public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
            blocked.countDown();
            try {
                Thread.sleep(600_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Map.of();
        }
    };

    private StepFunctionsSourceTask task(StepFunctionsGateway gateway, OffsetStorageReader offsets, long timeoutMs) {
        return task(gateway, offsets, timeoutMs, "test", Map.of());
    }

    private StepFunctionsSourceTask task(StepFunctionsGateway gateway, OffsetStorageReader offsets, long timeoutMs,
                                         String name, Map<String, String> more) {
        StepFunctionsSourceTask task = new StepFunctionsSourceTask((c, l) -> gateway, new ServiceClock(), timeoutMs);
        task.initialize(TaskContexts.reading(offsets));
        Map<String, String> props = new HashMap<>(Map.of("name", name, "aws.region", "us-east-1",
                "state.machine.arns", SM, "topic", "t", "aws.access.key.id", "k", "aws.secret.access.key", "s"));
        props.putAll(more);
        task.start(StepFunctionsTaskConfig.forTask(props, 0, List.of(SM), 2, 8, 0.5));
        return task;
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
    void finding10StartReadsNothingAndPollReturnsWhileTheOffsetsTopicDoesNotAnswer() throws Exception {
        long before = System.nanoTime();
        StepFunctionsSourceTask task = task(new SlowGateway(false), silentOffsets, 1_000);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).as("start() reads no offsets")
                .isLessThan(2_000);
        Future<List<SourceRecord>> poll = threads.submit(task::poll);
        assertThat(poll.get(5, TimeUnit.SECONDS)).as("the read timed out; the state machine is retried later")
                .isNull();
        stopWithin(task, 5_000);
    }

    @Test
    void stopEndsAPollBlockedOnTheOffsetsTopic() throws Exception {
        StepFunctionsSourceTask task = task(new SlowGateway(false), silentOffsets, 600_000);
        Future<List<SourceRecord>> poll = threads.submit(task::poll);
        assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
        stopWithin(task, 5_000);
        assertThat(poll.get(2, TimeUnit.SECONDS)).as("poll() ends with the stop").isNull();
    }

    @Test
    void stopEndsAPollBlockedInAnApiCall() throws Exception {
        StepFunctionsSourceTask task = task(new SlowGateway(true), NO_OFFSETS, 10_000);
        Future<List<SourceRecord>> poll = threads.submit(task::poll);
        assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
        stopWithin(task, 5_000);
        poll.get(2, TimeUnit.SECONDS); // returns (its first checkpoint, or nothing): it does not hang
        assertThat(Thread.interrupted()).isFalse();
    }

    private void stopWithin(StepFunctionsSourceTask task, long maxMs) throws Exception {
        long before = System.nanoTime();
        threads.submit(task::stop).get(maxMs + 1_000, TimeUnit.MILLISECONDS);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before))
                .as("within Connect's graceful stop of 5 s").isLessThan(maxMs);
    }

    /** Lists one execution that ended a minute ago; describes it; its close() may throw. */
    private static final class OneExecutionGateway extends StandardOnlyGateway {
        static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:orders:one";
        final long stopMs = System.currentTimeMillis() - 60_000;
        final boolean failOnClose;
        volatile boolean closed;

        OneExecutionGateway(boolean failOnClose) {
            this.failOnClose = failOnClose;
        }

        @Override
        public StateMachineInfo describeStateMachine(String arn) {
            return new StateMachineInfo(arn, "orders", "STANDARD", "ACTIVE");
        }

        @Override
        public ExecutionPage listExecutions(String arn, ExecutionStatus filter, boolean redriven, int size,
                                            String token) {
            if (redriven || (filter != null && filter != ExecutionStatus.SUCCEEDED)) {
                return new ExecutionPage(List.of(), null);
            }
            return new ExecutionPage(List.of(new ExecutionSummary(EXECUTION, SM, "one", ExecutionStatus.SUCCEEDED,
                    stopMs - 1_000, stopMs, 0, null, null, null)), null);
        }

        @Override
        public Optional<ExecutionDetails> describeExecution(String arn, boolean includeData) {
            return Optional.of(ExecutionDetails.fromSummary(listExecutions(SM, null, false, 1, null)
                    .executions().get(0)));
        }

        @Override
        public void close() {
            closed = true;
            if (failOnClose) {
                throw new IllegalStateException("the HTTP client refuses to close");
            }
        }
    }

    private static SourceRecord pollForExecutionRecord(StepFunctionsSourceTask task) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            List<SourceRecord> records = task.poll();
            if (records != null) {
                Optional<SourceRecord> execution = records.stream()
                        .filter(r -> OneExecutionGateway.EXECUTION.equals(r.key())).findFirst();
                if (execution.isPresent()) {
                    return execution.get();
                }
            }
        }
        throw new AssertionError("no record of " + OneExecutionGateway.EXECUTION + " in 15 s");
    }

    private static Object jmx(String connector, String attribute) throws Exception {
        ObjectName name = new ObjectName("kafka.connect.stepfunctions:type=delivery-metrics,connector=" + connector
                + ",task=0");
        return ManagementFactory.getPlatformMBeanServer().getAttribute(name, attribute);
    }

    @Test
    void aRecordConnectDroppedIsCountedAndTheRecordsWaitingAreShown() throws Exception {
        StepFunctionsSourceTask task = task(new OneExecutionGateway(false), NO_OFFSETS, 10_000, "dropping",
                Map.of("initial.position", "earliest"));
        try {
            SourceRecord execution = pollForExecutionRecord(task);
            double waiting = (double) jmx("dropping", "records-awaiting-acknowledgement");
            assertThat(waiting).as("handed to Connect, not acknowledged").isPositive();
            assertThat(jmx("dropping", "delivery-stalled")).isEqualTo(0.0);

            task.commitRecord(execution, null); // errors.tolerance=all skipped it, or a transform filtered it
            assertThat(jmx("dropping", "records-dropped-total")).isEqualTo(1.0);
            assertThat((double) jmx("dropping", "records-awaiting-acknowledgement")).isEqualTo(waiting - 1);
        } finally {
            task.stop();
        }
    }

    @Test
    void stopClosesEveryResourceEvenWhenOneThrows() throws Exception {
        OneExecutionGateway gateway = new OneExecutionGateway(true);
        StepFunctionsSourceTask task = task(gateway, NO_OFFSETS, 10_000, "closing", Map.of());
        task.poll();
        assertThat(threadsNamed("sfn-closing-0-")).isNotEmpty();
        task.stop();
        assertThat(gateway.closed).isTrue();
        assertThat(ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("kafka.connect.stepfunctions:connector=closing,*"), null))
                .as("the metrics, closed after the client that threw").isEmpty();
        long deadline = System.currentTimeMillis() + 5_000;
        while (!threadsNamed("sfn-closing-0-").isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(threadsNamed("sfn-closing-0-")).as("the delivery watch and describe threads ended").isEmpty();
    }

    private static List<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(prefix)).toList();
    }
}
