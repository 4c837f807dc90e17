package io.github.sfnconnect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import io.github.sfnconnect.aws.StepFunctionsGateway;
import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.model.ExecutionPage;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.StateMachineInfo;

/** Concurrent describes: every outcome back in order, and the caller's log context on the pool's threads. */
class DescribePoolTest {

    private final Map<String, String> contextSeen = new ConcurrentHashMap<>();

    private final StepFunctionsGateway gateway = new StandardOnlyGateway() {
        @Override
        public StateMachineInfo describeStateMachine(String arn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ExecutionPage listExecutions(String arn, ExecutionStatus filter, boolean redriven, int size,
                                            String token) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ExecutionDetails> describeExecution(String arn, boolean includeData) {
            contextSeen.put(arn, String.valueOf(MDC.get("connector.context")));
            if (arn.endsWith("throttled")) {
                throw new RetriableException("throttled");
            }
            return Optional.empty();
        }

        @Override
        public void close() {
        }
    };

    @AfterEach
    void clearContext() {
        MDC.clear();
    }

    @Test
    void outcomesComeBackInOrderWithFailuresInTheirPlace() throws InterruptedException {
        try (DescribePool pool = new DescribePool(8, "test")) {
            List<DescribePool.Outcome> outcomes = pool.describe(gateway, List.of("a", "b-throttled", "c"), false);
            assertThat(outcomes).hasSize(3);
            assertThat(outcomes.get(0).failure()).isNull();
            assertThat(outcomes.get(1).failure()).isInstanceOf(RetriableException.class);
            assertThat(outcomes.get(2).details()).isEmpty();
        }
    }

    @Test
    void poolThreadsLogWithTheCallersConnectorContext() throws InterruptedException {
        MDC.put("connector.context", "[sfn|task-0] ");
        try (DescribePool pool = new DescribePool(8, "test")) {
            pool.describe(gateway, List.of("a", "b", "c"), false);
            assertThat(contextSeen).as("Connect's MDC names the connector and task in the pool's log lines")
                    .containsOnly(Map.entry("a", "[sfn|task-0] "), Map.entry("b", "[sfn|task-0] "),
                            Map.entry("c", "[sfn|task-0] "));
            MDC.put("connector.context", "[other|task-1] ");
            pool.describe(gateway, List.of("a"), false);
            assertThat(contextSeen).as("a reused thread takes the new caller's context")
                    .containsEntry("a", "[other|task-1] ");
        }
    }
}
