package io.github.sfnconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.MetricNameTemplate;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.sfnconnect.aws.StepFunctionsGateway;
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

    /** A gateway with one succeeded execution that can be told to fail its next calls. */
    private static final class FakeGateway implements StepFunctionsGateway {
        String type = "STANDARD";
        int describeFailures;
        final List<String> calls = new ArrayList<>();

        @Override
        public StateMachineInfo describeStateMachine(String arn) {
            calls.add("DescribeStateMachine");
            return new StateMachineInfo(arn, "orders", type, "ACTIVE");
        }

        @Override
        public ExecutionPage listExecutions(String arn, ExecutionStatus filter, boolean redrivenOnly, int pageSize,
                                            String token) {
            calls.add("ListExecutions");
            if (filter == ExecutionStatus.RUNNING) {
                return new ExecutionPage(List.of(), null);
            }
            return new ExecutionPage(List.of(new ExecutionSummary(EXEC, ExecutionStatus.SUCCEEDED, 100, 200L, 0, null)),
                    null);
        }

        @Override
        public Optional<ExecutionDetails> describeExecution(String arn, boolean includeData) {
            calls.add("DescribeExecution");
            if (describeFailures-- > 0) {
                throw new RetriableException("DescribeExecution failed after retries with ThrottlingException");
            }
            return Optional.of(new ExecutionDetails(arn, SM, "e1", ExecutionStatus.SUCCEEDED, 100, 200L, "{}", true,
                    "{\"ok\":1}", true, null, null, null, null, null, null, 0, null, "NOT_REDRIVABLE", null));
        }

        @Override
        public void close() {
        }
    }

    private final FakeGateway gateway = new FakeGateway();
    private final TaskMetrics metrics = new TaskMetrics("test", "0");

    @AfterEach
    void closeMetrics() {
        metrics.close();
    }
    private long now = 1_000;

    private StateMachinePoller poller() {
        ExecutionTracker tracker = new ExecutionTracker(SM, null, 0, 60_000, EnumSet.allOf(ExecutionStatus.class),
                arns -> Map.of());
        return new StateMachinePoller(tracker, gateway, new RecordFactory("t", "t.checkpoints", PayloadLimit.NONE),
                arns -> Map.of(), (record, t, arn) -> { }, metrics.forStateMachine(SM), 1000, true, 5_000);
    }

    private Object metric(MetricNameTemplate template) {
        return metrics.value(template, Map.of("state-machine", SM));
    }

    private List<SourceRecord> poll(StateMachinePoller poller) throws InterruptedException {
        return poller.poll(now, now + 2_000, () -> now);
    }

    @Test
    void transientFailureKeepsTheChangeForALaterPoll() throws InterruptedException {
        StateMachinePoller poller = poller();
        gateway.describeFailures = 1;
        assertThat(poll(poller)).as("the describe failed: nothing yet").isEmpty();
        assertThat(poller.nextWorkMs()).as("backs off for a poll interval").isEqualTo(now + 5_000);
        assertThat(metric(metrics.registry().consecutivePollFailures)).as("the stall shows in the metrics")
                .isEqualTo(1.0);
        now += 1_000;
        assertThat(poll(poller)).as("not before the back-off").isEmpty();
        now += 4_000;
        List<SourceRecord> records = poll(poller);
        assertThat(records).as("the execution record, then the checkpoint").hasSize(2);
        assertThat(((Struct) records.get(0).value()).getString("status")).isEqualTo("SUCCEEDED");
        assertThat(records.get(0).timestamp()).as("stop date").isEqualTo(200L);
        assertThat(records.get(1).topic()).isEqualTo("t.checkpoints");
        assertThat(gateway.calls).as("the listing is not repeated, the failed describe is")
                .containsExactly("DescribeStateMachine", "ListExecutions", "DescribeExecution", "DescribeExecution");
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
    void expressStateMachineFailsAtTheFirstPoll() {
        gateway.type = "EXPRESS";
        StateMachinePoller poller = poller();
        assertThatThrownBy(() -> poll(poller)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("is an EXPRESS state machine").hasMessageContaining("Remove it from state.machine.arns");
        assertThat(gateway.calls).as("nothing listed").containsExactly("DescribeStateMachine");
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
}
