package io.github.sfnconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.apache.kafka.common.MetricNameTemplate;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.MessageFormatter;

import io.github.sfnconnect.aws.StateMachineMissingException;
import io.github.sfnconnect.aws.StepFunctionsGateway;
import io.github.sfnconnect.config.ExecutionDetail;
import io.github.sfnconnect.metrics.TaskMetrics;
import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.model.ExecutionPage;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.ExecutionSummary;
import io.github.sfnconnect.model.StateMachineInfo;
import io.github.sfnconnect.record.PayloadLimit;
import io.github.sfnconnect.record.RecordFactory;
import io.github.sfnconnect.tracking.ExecutionTracker;

class StateMachinePollerTest {

    private static final String SM = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";
    private static final String EXEC = "arn:aws:states:us-east-1:123456789012:execution:orders:e1";

    /**
     * A gateway over a mutable set of executions (at first one succeeded execution) that can be told to fail its
     * next describes. Describes answer with a payload, an error and a redrive status, which only DescribeExecution
     * has, so that a test sees where a record's fields came from. Describes may run on several threads at once.
     */
    private static final class FakeGateway extends StandardOnlyGateway {
        String type = "STANDARD";
        final AtomicInteger describeFailures = new AtomicInteger();
        /** Executions whose next describe throws this. */
        final Map<String, RuntimeException> failOnce = new ConcurrentHashMap<>();
        /** Executions whose every describe fails retriably. */
        final Set<String> failAlways = ConcurrentHashMap.newKeySet();
        /** When set, every describe waits for this many describes to be in flight at once. */
        volatile CyclicBarrier together;
        final List<String> calls = new CopyOnWriteArrayList<>();
        final Set<String> describeThreads = ConcurrentHashMap.newKeySet();
        /** The includedData of each describe: true for ALL_DATA. */
        final List<Boolean> describedWithData = new CopyOnWriteArrayList<>();
        final Map<String, ExecutionSummary> executions = new ConcurrentHashMap<>();

        FakeGateway() {
            put(EXEC, ExecutionStatus.SUCCEEDED, 100, 200L);
        }

        void put(String arn, ExecutionStatus status, long start, Long stop) {
            executions.put(arn, new ExecutionSummary(arn, SM, arn.substring(arn.lastIndexOf(':') + 1), status, start,
                    stop, 0, null, SM + ":1", null));
        }

        /** Set when the state machine was deleted: DescribeStateMachine and ListExecutions answer it does not exist. */
        volatile boolean deleted;

        private void requireExists(String arn) {
            if (deleted) {
                throw new StateMachineMissingException("State machine " + arn + " does not exist "
                        + "(StateMachineDoesNotExist)", null);
            }
        }

        @Override
        public StateMachineInfo describeStateMachine(String arn) {
            calls.add("DescribeStateMachine");
            requireExists(arn);
            return new StateMachineInfo(arn, "orders", type, "ACTIVE");
        }

        @Override
        public ExecutionPage listExecutions(String arn, ExecutionStatus filter, boolean redrivenOnly, int pageSize,
                                            String token) {
            calls.add("ListExecutions");
            requireExists(arn);
            List<ExecutionSummary> listed = new ArrayList<>(executions.values());
            listed.removeIf(e -> filter != null && e.status() != filter);
            listed.sort(Comparator.comparingLong(ExecutionSummary::startDateMs).reversed());
            return new ExecutionPage(listed, null);
        }

        @Override
        public Optional<ExecutionDetails> describeExecution(String arn, boolean includeData) {
            calls.add("DescribeExecution");
            describedWithData.add(includeData);
            describeThreads.add(Thread.currentThread().getName());
            if (together != null) {
                try {
                    together.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                    throw new IllegalStateException("describes did not run at the same time", e);
                }
            }
            if (describeFailures.getAndDecrement() > 0) {
                throw new RetriableException("DescribeExecution failed after retries with ThrottlingException");
            }
            RuntimeException failure = failOnce.remove(arn);
            if (failure != null) {
                throw failure;
            }
            if (failAlways.contains(arn)) {
                throw new RetriableException("DescribeExecution failed after retries with InternalFailure (HTTP 500)");
            }
            ExecutionSummary e = executions.get(arn);
            boolean succeeded = e.status() == ExecutionStatus.SUCCEEDED;
            return Optional.of(new ExecutionDetails(arn, SM, e.name(), e.status(), e.startDateMs(), e.stopDateMs(),
                    includeData ? "{}" : null, includeData, includeData && succeeded ? "{\"ok\":1}" : null,
                    succeeded ? includeData : null, succeeded ? null : "Boom", succeeded ? null : "it broke",
                    "Root=1-abc", null, e.stateMachineVersionArn(), null, 0, null,
                    succeeded ? "NOT_REDRIVABLE" : "REDRIVABLE", null));
        }

        @Override
        public void close() {
        }
    }

    private final FakeGateway gateway = new FakeGateway();
    private final TaskMetrics metrics = new TaskMetrics("test", "0");
    private final DescribePool describes = new DescribePool(1_000, "test-describe");
    /** The threads that registered records for acknowledgement, i.e. that touched the tracker's outputs. */
    private final Set<String> ackThreads = ConcurrentHashMap.newKeySet();

    /** The poller's log lines, as slf4j-jdk14 hands them to java.util.logging. */
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger(StateMachinePoller.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    StateMachinePollerTest() {
        logger.addHandler(capture);
    }

    @AfterEach
    void close() {
        logger.removeHandler(capture);
        describes.close();
        metrics.close();
    }

    private List<String> lines(Level level) {
        return logged.stream().filter(r -> r.getLevel().equals(level))
                .map(r -> MessageFormatter.arrayFormat(r.getMessage(), r.getParameters())
                        .getMessage())
                .toList();
    }
    private long now = 1_000;

    private StateMachinePoller poller() {
        return poller(ExecutionDetail.FULL);
    }

    private StateMachinePoller poller(ExecutionDetail detail) {
        return new StateMachinePoller(SM, serviceNow -> new ExecutionTracker(SM, null, List.of(), 0, 60_000,
                EnumSet.allOf(ExecutionStatus.class), arns -> Map.of()), gateway, describes,
                new RecordFactory("t", "t.checkpoints", PayloadLimit.NONE),
                (record, t, arn) -> ackThreads.add(Thread.currentThread().getName()), metrics.forStateMachine(SM),
                1000, detail, 5_000);
    }

    private static List<Struct> executionValues(List<SourceRecord> records) {
        return records.stream().filter(r -> r.topic().equals("t")).map(r -> (Struct) r.value()).toList();
    }

    private Object metric(MetricNameTemplate template) {
        return metrics.value(template, Map.of("state-machine", SM));
    }

    /** Offset commits Connect has made, as the poller's clock reports them. */
    private long commits;

    private final StateMachinePoller.Clock clock = new StateMachinePoller.Clock() {
        @Override
        public long nowMs() {
            return now;
        }

        @Override
        public long offsetCommits() {
            return commits;
        }
    };

    private List<SourceRecord> poll(StateMachinePoller poller) throws InterruptedException {
        return poller.poll(now, now + 2_000, clock);
    }

    private static List<SourceRecord> checkpoints(List<SourceRecord> records) {
        return records.stream().filter(r -> r.topic().equals("t.checkpoints")).toList();
    }

    @Test
    void transientFailureKeepsTheChangeForALaterPoll() throws InterruptedException {
        StateMachinePoller poller = poller();
        gateway.describeFailures.set(1);
        List<SourceRecord> first = poll(poller);
        assertThat(executionValues(first)).as("the describe failed: no record yet").isEmpty();
        assertThat(checkpoints(first)).as("the first checkpoint fixes the initial position at once, and another ends "
                + "the cycle, whose listing is done").hasSize(2);
        assertThat(poller.nextWorkMs()).as("backs off for a poll interval").isEqualTo(now + 5_000);
        assertThat(metric(metrics.registry().consecutivePollFailures)).as("the stall shows in the metrics")
                .isEqualTo(1.0);
        now += 1_000;
        assertThat(poll(poller)).as("not before the back-off").isEmpty();
        now += 4_000;
        List<SourceRecord> records = poll(poller);
        assertThat(executionValues(records)).as("the execution record").hasSize(1);
        assertThat(((Struct) records.get(0).value()).getString("status")).isEqualTo("SUCCEEDED");
        assertThat(records.get(0).timestamp()).as("stop date").isEqualTo(200L);
        assertThat(gateway.calls).as("the next cycle lists again; the failed describe is repeated")
                .containsExactly("DescribeStateMachine", "ListExecutions", "DescribeExecution", "ListExecutions",
                        "DescribeExecution");
        assertThat(gateway.describedWithData).as("full: ALL_DATA").containsExactly(true, true);
        assertThat(((Struct) records.get(0).value()).getString("input")).isEqualTo("{}");
        assertThat(metric(metrics.registry().consecutivePollFailures)).isEqualTo(0.0);
        assertThat(metric(metrics.registry().recordsTotal)).isEqualTo(1.0);
        assertThat(metrics.value(metrics.registry().recordsByStatus, Map.of("state-machine", SM, "status", "SUCCEEDED")))
                .isEqualTo(1.0);
        assertThat(metric(metrics.registry().describeCalls)).as("both describes count").isEqualTo(2.0);
        assertThat(metric(metrics.registry().openExecutions)).isEqualTo(0.0);
        assertThat(metric(metrics.registry().trackedExecutions)).isEqualTo(1.0);
        assertThat(metric(metrics.registry().lastCycleTimestamp)).isEqualTo((double) now);
    }

    @Test
    void expressStateMachineFailsOnceTheInitialPositionIsStored() throws InterruptedException {
        gateway.type = "EXPRESS";
        StateMachinePoller poller = poller();
        assertThat(poll(poller)).as("the first checkpoint, so that a later fix does not move latest")
                .hasSize(1).allMatch(r -> r.topic().equals("t.checkpoints"));
        commits += 1;
        assertThat(poll(poller)).as("not before it is committed").isEmpty();
        commits += 1;
        assertThatThrownBy(() -> poll(poller)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("is an EXPRESS state machine").hasMessageContaining("Remove it from state.machine.arns");
        assertThat(gateway.calls).as("nothing listed").containsExactly("DescribeStateMachine");
    }

    @Test
    void aListedStateMachineThatNeverExistedFailsOnceTheInitialPositionIsStored() throws InterruptedException {
        gateway.deleted = true;
        StateMachinePoller poller = poller();
        assertThat(checkpoints(poll(poller))).as("the first checkpoint").hasSize(1);
        commits += 2;
        assertThatThrownBy(() -> poll(poller)).as("most likely a wrong ARN or region in state.machine.arns")
                .isInstanceOf(StateMachineMissingException.class).hasMessageContaining("does not exist");
    }

    @Test
    void aDiscoveredStateMachineDeletedBeforeItsFirstPollIsWaitedForQuietly() throws InterruptedException {
        gateway.deleted = true;
        StateMachinePoller poller = poller();
        poller.discovered(60_000);
        assertThat(checkpoints(poll(poller))).as("the first checkpoint, as for any first start").hasSize(1);
        assertThat(poller.nextWorkMs()).as("looked at again after a discovery interval").isEqualTo(now + 60_000);
        for (int i = 0; i < 3; i++) {
            commits += 2;
            now += 60_000;
            assertThat(poll(poller)).as("never fails the task").isEmpty();
        }
        assertThat(gateway.calls).as("one look per discovery interval, nothing listed")
                .containsExactly("DescribeStateMachine", "DescribeStateMachine", "DescribeStateMachine",
                        "DescribeStateMachine");
        assertThat(lines(Level.INFO)).as("said once").singleElement().asString()
                .isEqualTo("State machine " + SM + " was deleted since it was discovered; it is dropped at the next "
                        + "look-up (every 60000 ms), and looked at again no sooner");
        assertThat(lines(Level.WARNING)).isEmpty();
        assertThat(lines(Level.SEVERE)).isEmpty();
        assertThat(metric(metrics.registry().consecutivePollFailures)).as("a deletion is no failure").isEqualTo(0.0);
    }

    @Test
    void aDiscoveredStateMachineDeletedWhileStreamedIsWaitedForQuietlyAndResumesIfCreatedAgain()
            throws InterruptedException {
        StateMachinePoller poller = poller();
        poller.discovered(60_000);
        assertThat(executionValues(poll(poller))).hasSize(1);
        gateway.deleted = true;
        now += 5_000;
        assertThat(poll(poller)).isEmpty();
        assertThat(poller.nextWorkMs()).isEqualTo(now + 60_000);
        now += 5_000;
        assertThat(poll(poller)).as("not before the discovery interval").isEmpty();
        now += 55_000;
        assertThat(poll(poller)).isEmpty();
        assertThat(lines(Level.INFO)).as("said once").singleElement().asString().contains("was deleted since it was "
                + "discovered");
        assertThat(lines(Level.WARNING)).as("no WARN every poll interval").isEmpty();

        gateway.deleted = false; // created again under the same name before the next look-up
        String again = SM.replace(":stateMachine:", ":execution:") + ":again";
        gateway.put(again, ExecutionStatus.SUCCEEDED, now, now + 1);
        now += 60_000;
        assertThat(executionValues(poll(poller))).extracting(v -> v.getString("executionArn")).containsExactly(again);
        gateway.deleted = true;
        now += 5_000;
        poll(poller);
        assertThat(lines(Level.INFO).stream().filter(l -> l.contains("was deleted since it was discovered")))
                .as("gone again: said again").hasSize(2);
    }

    @Test
    void aListedStateMachineDeletedWhileStreamedIsRetriedEveryPollIntervalWithAWarning() throws InterruptedException {
        StateMachinePoller poller = poller();
        poll(poller);
        gateway.deleted = true;
        now += 5_000;
        assertThat(poll(poller)).isEmpty();
        assertThat(poller.nextWorkMs()).as("as before: a poll interval").isEqualTo(now + 5_000);
        assertThat(lines(Level.WARNING)).singleElement().asString().contains("remove it from state.machine.arns");
    }

    @Test
    void idleStateMachineWaitsForItsNextCycle() throws InterruptedException {
        StateMachinePoller poller = poller();
        poll(poller);
        gateway.calls.clear();
        now += 1_000;
        assertThat(poll(poller)).isEmpty();
        assertThat(gateway.calls).as("no call before the poll interval").isEmpty();
        now += 4_000;
        assertThat(poll(poller)).as("unchanged: nothing emitted").isEmpty();
        assertThat(gateway.calls).as("an idle cycle with nothing open or redrivable costs one list call")
                .containsExactly("ListExecutions");
    }

    @Test
    void summaryModeBuildsRecordsFromTheListWithoutDescribing() throws InterruptedException {
        StateMachinePoller poller = poller(ExecutionDetail.SUMMARY);
        List<Struct> values = executionValues(poll(poller));
        assertThat(gateway.calls).as("no DescribeExecution").containsExactly("DescribeStateMachine", "ListExecutions");
        assertThat(values).hasSize(1);
        Struct v = values.get(0);
        assertThat(v.getString("executionArn")).isEqualTo(EXEC);
        assertThat(v.getString("stateMachineArn")).isEqualTo(SM);
        assertThat(v.getString("name")).isEqualTo("e1");
        assertThat(v.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(v.get("stopDate")).isEqualTo(new java.util.Date(200));
        assertThat(v.getString("stateMachineVersionArn")).as("the list item has it").isEqualTo(SM + ":1");
        for (String onlyDescribed : List.of("input", "inputDetails", "output", "outputDetails", "error", "cause",
                "traceHeader", "mapRunArn", "redriveStatus", "redriveStatusReason")) {
            assertThat(v.get(onlyDescribed)).as("%s: only DescribeExecution has it", onlyDescribed).isNull();
        }
        assertThat(metric(metrics.registry().describeCalls)).isEqualTo(0.0);
        assertThat(metric(metrics.registry().recordsTotal)).isEqualTo(1.0);
    }

    /**
     * An execution still running when it fell behind the window, then ended: the running list shows only that it
     * ended, so even summary mode describes it (metadata only) to learn how, and keeps just the list's fields.
     */
    @Test
    void summaryModeDescribesOnlyAnOldOpenExecutionFoundClosedByItsAbsenceFromTheRunningList()
            throws InterruptedException {
        String longRunning = SM.replace(":stateMachine:", ":execution:") + ":long";
        String newer = SM.replace(":stateMachine:", ":execution:") + ":newer";
        gateway.executions.clear();
        gateway.put(longRunning, ExecutionStatus.RUNNING, 100, null);
        StateMachinePoller poller = poller(ExecutionDetail.SUMMARY);
        assertThat(executionValues(poll(poller))).extracting(v -> v.getString("status")).containsExactly("RUNNING");
        now += 70_000;
        gateway.put(newer, ExecutionStatus.RUNNING, now, null);
        assertThat(executionValues(poll(poller))).extracting(v -> v.getString("name")).containsExactly("newer");
        now += 5_000;
        gateway.put(longRunning, ExecutionStatus.FAILED, 100, now - 1);
        gateway.calls.clear();
        List<Struct> values = executionValues(poll(poller));
        assertThat(gateway.calls).as("window, running list, then the one describe")
                .containsExactly("ListExecutions", "ListExecutions", "DescribeExecution");
        assertThat(gateway.describedWithData).as("METADATA_ONLY: no kms:Decrypt").containsExactly(false);
        assertThat(values).hasSize(1);
        Struct v = values.get(0);
        assertThat(v.getString("name")).isEqualTo("long");
        assertThat(v.getString("status")).isEqualTo("FAILED");
        assertThat(v.get("stopDate")).isEqualTo(new java.util.Date(now - 1));
        assertThat(v.getString("error")).as("cut to the list's fields, like every summary record").isNull();
        assertThat(v.getString("redriveStatus")).isNull();
        assertThat(v.getString("traceHeader")).isNull();
        assertThat(v.getStruct("inputDetails")).isNull();
        assertThat(metric(metrics.registry().describeCalls)).isEqualTo(1.0);
        assertThat(metric(metrics.registry().recordsTotal)).isEqualTo(3.0);
    }

    @Test
    void metadataModeDescribesWithoutData() throws InterruptedException {
        List<Struct> values = executionValues(poll(poller(ExecutionDetail.METADATA)));
        assertThat(gateway.calls).as("one describe per record")
                .containsExactly("DescribeStateMachine", "ListExecutions", "DescribeExecution");
        assertThat(gateway.describedWithData).as("METADATA_ONLY").containsExactly(false);
        assertThat(values).hasSize(1);
        Struct v = values.get(0);
        assertThat(v.get("input")).isNull();
        assertThat(v.get("output")).isNull();
        assertThat(v.getStruct("inputDetails").getBoolean("included")).isFalse();
        assertThat(v.getString("redriveStatus")).as("DescribeExecution's other fields are there")
                .isEqualTo("NOT_REDRIVABLE");
        assertThat(v.getString("traceHeader")).isEqualTo("Root=1-abc");
    }

    private List<String> putExecutions(int n) {
        gateway.executions.clear();
        List<String> newestFirst = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String arn = SM.replace(":stateMachine:", ":execution:") + ":x" + i;
            gateway.put(arn, ExecutionStatus.SUCCEEDED, 100 + i, 200L + i);
            newestFirst.add(0, arn);
        }
        return newestFirst;
    }

    @Test
    void describesOverlapAndTheirResultsAreAppliedInOrderOnThePollThread() throws InterruptedException {
        List<String> newestFirst = putExecutions(2 * DescribePool.MAX_IN_FLIGHT);
        gateway.together = new CyclicBarrier(DescribePool.MAX_IN_FLIGHT); // a lone describe would wait for ever
        List<SourceRecord> records = poll(poller());
        assertThat(executionValues(records)).extracting(v -> v.getString("executionArn"))
                .as("every execution, in the order the list showed them").containsExactlyElementsOf(newestFirst);
        assertThat(checkpoints(records)).as("the first checkpoint and the one of the finished cycle").hasSize(2);
        assertThat(gateway.describeThreads).as("describes ran on the pool")
                .allMatch(t -> t.startsWith("test-describe-")).hasSize(DescribePool.MAX_IN_FLIGHT);
        assertThat(ackThreads).as("records were made on the polling thread only")
                .containsExactly(Thread.currentThread().getName());
        assertThat(metric(metrics.registry().describeCalls)).isEqualTo(2.0 * DescribePool.MAX_IN_FLIGHT);
    }

    @Test
    void aFailedDescribeIsRetriedAfterTheOthersWithoutHoldingThemUp() throws InterruptedException {
        List<String> arns = putExecutions(4);
        gateway.failOnce.put(arns.get(1), new RetriableException("DescribeExecution failed after retries with "
                + "ThrottlingException"));
        StateMachinePoller poller = poller();
        List<SourceRecord> first = poll(poller);
        assertThat(executionValues(first)).extracting(v -> v.getString("executionArn"))
                .as("the others first, the failed one once they are done")
                .containsExactly(arns.get(0), arns.get(2), arns.get(3), arns.get(1));
        assertThat(metric(metrics.registry().consecutivePollFailures)).as("no back-off: only one describe failed")
                .isEqualTo(0.0);
        assertThat(gateway.calls.stream().filter("DescribeExecution"::equals)).as("only the failed one again")
                .hasSize(5);
    }

    @Test
    void aDescribeThatKeepsFailingHoldsUpNoNewExecution() throws InterruptedException {
        List<String> arns = putExecutions(1);
        StateMachinePoller poller = poller();
        gateway.failAlways.add(arns.get(0));
        assertThat(executionValues(poll(poller))).isEmpty();
        for (int i = 1; i <= 3; i++) {
            now += 5_000;
            String arn = SM.replace(":stateMachine:", ":execution:") + ":new" + i;
            gateway.put(arn, ExecutionStatus.SUCCEEDED, now, now + 1);
            assertThat(executionValues(poll(poller))).as("cycle %d", i).extracting(v -> v.getString("executionArn"))
                    .containsExactly(arn);
        }
        gateway.failAlways.clear();
        now += 5_000;
        assertThat(executionValues(poll(poller))).extracting(v -> v.getString("executionArn"))
                .containsExactly(arns.get(0));
    }

    @Test
    void aFatalFailureInABatchOutranksARetriableOne() {
        List<String> arns = putExecutions(3);
        gateway.failOnce.put(arns.get(0), new RetriableException("throttled"));
        gateway.failOnce.put(arns.get(2), new ConnectException("DescribeExecution was denied (AccessDeniedException)"));
        StateMachinePoller poller = poller();
        assertThatThrownBy(() -> poll(poller)).isInstanceOf(ConnectException.class)
                .isNotInstanceOf(RetriableException.class).hasMessageContaining("AccessDeniedException");
    }

    @Test
    void noMoreDescribesInFlightThanTheRateLimitAllowsInASecond() {
        for (double[] rateAndInFlight : new double[][] {{0.5, 1}, {4, 4}, {4.9, 4}, {8, 8}, {200, 8}}) {
            try (DescribePool pool = new DescribePool(rateAndInFlight[0], "rate")) {
                assertThat(pool.inFlight()).as("rate %s/s", rateAndInFlight[0]).isEqualTo((int) rateAndInFlight[1]);
            }
        }
    }
}
