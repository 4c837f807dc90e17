package io.github.sfnconnect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.Test;

import io.github.sfnconnect.config.StepFunctionsTaskConfig;
import io.github.sfnconnect.model.DescribedStateMachine;
import io.github.sfnconnect.model.DistributedMap;
import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.model.ExecutionPage;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.StateMachineInfo;

/**
 * What a task of many state machines costs at start, before each one's first check: its stored offsets are read a
 * hundred state machines per round trip, and each state machine is described once (with its definition, which the
 * discovery of its Map Runs needs).
 */
class StepFunctionsSourceTaskStartTest {

    private static final String PREFIX = "arn:aws:states:us-east-1:123456789012:stateMachine:sm";
    private static final int STATE_MACHINES = 250;

    /** Counts the calls per action; no state machine has a Distributed Map state or an execution. */
    private static final class CountingGateway extends StandardOnlyGateway {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        final Map<String, Boolean> listed = new ConcurrentHashMap<>();

        private void count(String action) {
            calls.computeIfAbsent(action, a -> new AtomicInteger()).incrementAndGet();
        }

        int calls(String action) {
            return calls.getOrDefault(action, new AtomicInteger()).get();
        }

        @Override
        public StateMachineInfo describeStateMachine(String arn) {
            count("DescribeStateMachine(METADATA_ONLY)");
            return new StateMachineInfo(arn, arn.substring(arn.lastIndexOf(':') + 1), "STANDARD", "ACTIVE");
        }

        @Override
        public List<DistributedMap> distributedMaps(String arn) {
            count("DescribeStateMachine(ALL_DATA) for the maps alone");
            return List.of();
        }

        @Override
        public DescribedStateMachine describeWithDefinition(String arn) {
            count("DescribeStateMachine(ALL_DATA)");
            return new DescribedStateMachine(new StateMachineInfo(arn, arn.substring(arn.lastIndexOf(':') + 1),
                    "STANDARD", "ACTIVE"), List.of(), null);
        }

        @Override
        public ExecutionPage listExecutions(String arn, ExecutionStatus filter, boolean redriven, int size,
                                            String token) {
            count("ListExecutions");
            listed.put(arn, true);
            return new ExecutionPage(List.of(), null);
        }

        @Override
        public Optional<ExecutionDetails> describeExecution(String arn, boolean includeData) {
            throw new AssertionError("no execution to describe");
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aStartReadsOffsetsAHundredStateMachinesPerRoundTripAndDescribesEachStateMachineOnce() throws Exception {
        CountingGateway gateway = new CountingGateway();
        AtomicInteger roundTrips = new AtomicInteger();
        OffsetStorageReader nothingStored = new OffsetStorageReader() {
            @Override
            public <T> Map<String, Object> offset(Map<String, T> partition) {
                roundTrips.incrementAndGet();
                return null;
            }

            @Override
            public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                roundTrips.incrementAndGet();
                return Map.of();
            }
        };
        StepFunctionsSourceTask task = new StepFunctionsSourceTask((c, l) -> gateway, new ServiceClock(), 10_000);
        task.initialize(TaskContexts.reading(nothingStored));
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < STATE_MACHINES; i++) {
            arns.add(PREFIX + i);
        }
        Map<String, String> props = new HashMap<>(Map.of("name", "many", "aws.region", "us-east-1",
                "state.machine.arns", String.join(",", arns), "topic", "t", "aws.access.key.id", "k",
                "aws.secret.access.key", "s", "map.runs", "children"));
        task.start(StepFunctionsTaskConfig.forTask(props, 0, arns, 10_000, 8, 0.5));
        long endMs = System.currentTimeMillis() + 20_000;
        try {
            while (gateway.listed.size() < STATE_MACHINES && System.currentTimeMillis() < endMs) {
                task.poll();
            }
        } finally {
            task.stop();
        }

        assertThat(gateway.listed).as("every state machine had its first check").hasSize(STATE_MACHINES);
        assertThat(roundTrips).as("checkpoints, open-name parts and Map Run registries of 250 state machines, "
                + OffsetReader.READ_AHEAD + " per read").hasValue(3);
        assertThat(gateway.calls(("DescribeStateMachine(ALL_DATA)"))).as("one describe per state machine")
                .isEqualTo(STATE_MACHINES);
        assertThat(gateway.calls("DescribeStateMachine(METADATA_ONLY)")
                + gateway.calls("DescribeStateMachine(ALL_DATA) for the maps alone")).as("no second describe")
                .isZero();
    }
}
