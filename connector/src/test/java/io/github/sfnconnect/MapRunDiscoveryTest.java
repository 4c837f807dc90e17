package io.github.sfnconnect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.sfnconnect.metrics.TaskMetrics;
import io.github.sfnconnect.model.DescribedStateMachine;
import io.github.sfnconnect.model.DistributedMap;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.MapRunPage;
import io.github.sfnconnect.model.MapRunSummary;
import io.github.sfnconnect.model.StateMachineInfo;
import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.model.ExecutionPage;
import io.github.sfnconnect.record.MapRunParent;
import io.github.sfnconnect.record.PayloadLimit;
import io.github.sfnconnect.record.RecordFactory;
import io.github.sfnconnect.tracking.AckTarget;
import io.github.sfnconnect.tracking.MapRunRegistry;
import io.github.sfnconnect.tracking.SourcePartitions;

/** When executions are asked for their Map Runs, and when their ends may be recorded. */
class MapRunDiscoveryTest {

    private static final String SM = "arn:aws:states:us-east-1:123456789012:stateMachine:batch";
    private static final String PARENT = "arn:aws:states:us-east-1:123456789012:execution:batch:nightly";
    private static final String RUN = "arn:aws:states:us-east-1:123456789012:mapRun:batch/items:5f1e";
    private static final long INTERVAL = 60_000;

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Map<String, List<MapRunSummary>> mapRuns = new HashMap<>();
    private final List<String> asked = new ArrayList<>();
    private final Map<String, Map<String, Object>> stored = new HashMap<>();
    private final List<MapRunParent> started = new ArrayList<>();
    private final Map<SourceRecord, String> awaiting = new HashMap<>();
    private AckTarget ackTarget;
    private List<DistributedMap> maps = List.of(new DistributedMap("M", "items", "STANDARD", false));
    private final TaskMetrics metrics = new TaskMetrics("c", "0");
    private OffsetReader offsets;
    private int definitionReads;

    private final StandardOnlyGateway gateway = new StandardOnlyGateway() {
        @Override
        public StateMachineInfo describeStateMachine(String arn) {
            throw new AssertionError();
        }

        @Override
        public ExecutionPage listExecutions(String arn, ExecutionStatus status, boolean redriven, int size,
                                            String token) {
            throw new AssertionError();
        }

        @Override
        public Optional<ExecutionDetails> describeExecution(String arn, boolean includeData) {
            throw new AssertionError();
        }

        @Override
        public List<DistributedMap> distributedMaps(String stateMachineArn) {
            definitionReads++;
            return maps;
        }

        @Override
        public Optional<MapRunPage> listMapRuns(String executionArn, int pageSize, String nextToken) {
            asked.add(executionArn);
            return Optional.of(new MapRunPage(mapRuns.getOrDefault(executionArn, List.of()), null));
        }

        @Override
        public void close() {
        }
    };

    private final StateMachinePoller.Clock clock = now::get;

    private MapRunDiscovery discovery() {
        offsets = new OffsetReader(new OffsetStorageReader() {
            @Override
            public <T> Map<String, Object> offset(Map<String, T> partition) {
                return stored.get(partition.values().iterator().next().toString());
            }

            @Override
            public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                throw new AssertionError();
            }
        }, 10_000, "offsets");
        return new MapRunDiscovery(SM, gateway, offsets, new RecordFactory("t", "t.checkpoints", PayloadLimit.NONE),
                (record, target, key) -> {
                    awaiting.put(record, key);
                    ackTarget = target;
                }, started::add, INTERVAL, 1_000, now::get, state -> metrics.forMapRuns(SM, state));
    }

    @AfterEach
    void close() {
        metrics.close();
        if (offsets != null) {
            offsets.close();
        }
    }

    private List<SourceRecord> poll(MapRunDiscovery discovery) throws InterruptedException {
        return discovery.poll(now.get(), now.get() + 100, clock);
    }

    @Test
    void anEndWaitsUntilItsExecutionWasAskedAndANewMapRunIsAcknowledged() throws InterruptedException {
        MapRunDiscovery discovery = discovery();
        assertThat(discovery.mayRecordEnd(PARENT + "-other")).as("before the definition is read").isFalse();
        poll(discovery);
        assertThat(asked).as("asked once read").containsExactly(PARENT + "-other");
        asked.clear();
        mapRuns.put(PARENT, List.of(new MapRunSummary(RUN, PARENT, SM, now.get() - 10, now.get() - 5)));

        assertThat(discovery.mayRecordEnd(PARENT)).isFalse();
        List<SourceRecord> out = poll(discovery);
        assertThat(asked).containsExactly(PARENT);
        assertThat(started).containsExactly(new MapRunParent(RUN, PARENT));
        assertThat(out).hasSize(1);
        SourceRecord registry = out.get(0);
        assertThat(registry.sourcePartition()).isEqualTo(SourcePartitions.mapRuns(SM));
        assertThat(MapRunRegistry.fromMap(registry.sourceOffset(), "p").runs()).containsEntry(RUN, PARENT);
        assertThat(discovery.mayRecordEnd(PARENT)).as("the registry is not acknowledged yet").isFalse();

        ackTarget.acknowledged(awaiting.get(registry), 1);
        assertThat(discovery.mayRecordEnd(PARENT)).isTrue();
        assertThat(discovery.stoppedMs(RUN)).isEqualTo(now.get() - 5);
        assertThat(poll(discovery)).as("asked once").isEmpty();
        assertThat(asked).hasSize(1);
    }

    @Test
    void anEndWithoutNewMapRunsMayBeRecordedOnceAsked() throws InterruptedException {
        MapRunDiscovery discovery = discovery();
        poll(discovery);
        assertThat(discovery.mayRecordEnd(PARENT)).isFalse();
        assertThat(poll(discovery)).isEmpty();
        assertThat(discovery.mayRecordEnd(PARENT)).isTrue();
    }

    @Test
    void aRunningExecutionIsAskedSoonThenLessOftenAndARedrivenOneAtOnce() throws InterruptedException {
        MapRunDiscovery discovery = discovery();
        poll(discovery);
        discovery.changed(PARENT, ExecutionStatus.RUNNING, 0);
        long seen = now.get();
        List<Long> askedAt = new ArrayList<>();
        for (int second = 0; second <= 200; second++) {
            int before = asked.size();
            poll(discovery);
            if (asked.size() > before) {
                askedAt.add((now.get() - seen) / 1_000);
            }
            now.addAndGet(1_000);
        }
        assertThat(askedAt).as("seconds after it was first seen: gaps from a poll interval doubling to the interval")
                .containsExactly(1L, 3L, 7L, 15L, 31L, 63L, 123L, 183L);
        asked.clear();
        discovery.changed(PARENT, ExecutionStatus.FAILED, 0);
        assertThat(discovery.mayRecordEnd(PARENT)).isFalse();
        poll(discovery);
        assertThat(discovery.mayRecordEnd(PARENT)).isTrue();
        discovery.changed(PARENT, ExecutionStatus.RUNNING, 1);
        poll(discovery);
        assertThat(asked).as("after the end, and at once after the redrive").hasSize(2);
    }

    @Test
    void aStateMachineWithoutDistributedMapAsksNothing() throws InterruptedException {
        maps = List.of();
        MapRunDiscovery discovery = discovery();
        poll(discovery);
        discovery.changed(PARENT, ExecutionStatus.RUNNING, 0);
        discovery.changed(PARENT, ExecutionStatus.SUCCEEDED, 0);
        assertThat(discovery.mayRecordEnd(PARENT)).isTrue();
        now.addAndGet(10 * INTERVAL);
        poll(discovery);
        assertThat(asked).isEmpty();
        assertThat(discovery.nextWorkMs()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aRestartResumesTheRegisteredMapRunsWithoutAsking() throws InterruptedException {
        MapRunRegistry registry = new MapRunRegistry();
        registry.add(RUN, PARENT);
        stored.put(SM, registry.toMap());
        MapRunDiscovery discovery = discovery();
        poll(discovery);
        assertThat(started).containsExactly(new MapRunParent(RUN, PARENT));
        assertThat(asked).as("its execution is asked within an interval, not at once").isEmpty();
        assertThat(discovery.streamed()).isEqualTo(1);
        List<SourceRecord> out = new ArrayList<>();
        discovery.retired(RUN, false, out, now.get());
        assertThat(MapRunRegistry.fromMap(out.get(0).sourceOffset(), "p").size()).isZero();
        assertThat(metrics.value(metrics.registry().mapRunsStreamed, Map.of("state-machine", SM))).isEqualTo(0.0);
    }

    @Test
    void aDefinitionHandedOverByThePollersDescribeIsNotReadAgain() throws InterruptedException {
        MapRunDiscovery discovery = discovery();
        assertThat(discovery.wantsDefinition()).isTrue();
        discovery.described(new DescribedStateMachine(new StateMachineInfo(SM, "batch", "STANDARD", "ACTIVE"),
                List.of(new DistributedMap("Handed", "handed", "STANDARD", false)), null));
        poll(discovery);
        assertThat(definitionReads).as("no DescribeStateMachine of its own").isZero();
        assertThat(discovery.wantsDefinition()).isFalse();
        discovery.changed(PARENT, ExecutionStatus.SUCCEEDED, 0);
        assertThat(discovery.mayRecordEnd(PARENT)).as("the handed definition has a Distributed Map").isFalse();
    }

    @Test
    void anUnreadableDefinitionHandedOverLeavesTheStateMachineWithoutMapRuns() throws InterruptedException {
        MapRunDiscovery discovery = discovery();
        discovery.described(new DescribedStateMachine(new StateMachineInfo(SM, "batch", "STANDARD", "ACTIVE"),
                List.of(), new ConnectException("DescribeStateMachine was denied by KMS")));
        poll(discovery);
        assertThat(definitionReads).isZero();
        discovery.changed(PARENT, ExecutionStatus.SUCCEEDED, 0);
        assertThat(discovery.mayRecordEnd(PARENT)).isTrue();
        assertThat(discovery.nextWorkMs()).isEqualTo(Long.MAX_VALUE);
    }
}
