package io.github.sfnconnect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.sfnconnect.aws.AwsStepFunctionsGateway;
import io.github.sfnconnect.aws.StepFunctionsGateway;
import io.github.sfnconnect.config.StateMachineArn;
import io.github.sfnconnect.config.StepFunctionsTaskConfig;
import io.github.sfnconnect.record.ExecutionSchema;
import io.github.sfnconnect.record.RecordFactory;
import io.github.sfnconnect.tracking.Checkpoint;
import io.github.sfnconnect.tracking.ExecutionOffset;
import io.github.sfnconnect.tracking.ExecutionTracker;
import io.github.sfnconnect.tracking.OffsetLookup;
import io.github.sfnconnect.tracking.SourcePartitions;

/** Polls the executions of its share of the state machines and emits one record per observed change. */
public class StepFunctionsSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(StepFunctionsSourceTask.class);

    /** A poll() returns within about this long, well under Connect's 5 s graceful shutdown timeout. */
    private static final long MAX_POLL_MS = 2_000L;
    /** An idle poll() returns after at most this long, so that the worker stays responsive. */
    private static final long MAX_IDLE_WAIT_MS = 1_000L;

    private final Function<StepFunctionsTaskConfig, StepFunctionsGateway> gatewayFactory;
    private final StateMachinePoller.Clock clock = System::currentTimeMillis;
    private final ReentrantLock pollLock = new ReentrantLock();
    private final Object wakeup = new Object();
    private final ConcurrentLinkedQueue<Ack> acknowledged = new ConcurrentLinkedQueue<>();

    private StepFunctionsGateway gateway;
    private final List<StateMachinePoller> pollers = new ArrayList<>();
    private final Map<String, StateMachinePoller> pollerByStateMachine = new HashMap<>();
    private volatile boolean stopping;
    private int nextPoller;

    public StepFunctionsSourceTask() {
        this(c -> AwsStepFunctionsGateway.create(c, c.listRateLimit(), c.describeRateLimit()));
    }

    // visible for testing
    StepFunctionsSourceTask(Function<StepFunctionsTaskConfig, StepFunctionsGateway> gatewayFactory) {
        this.gatewayFactory = gatewayFactory;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        long started = clock.nowMs();
        StepFunctionsTaskConfig config = new StepFunctionsTaskConfig(props);
        gateway = gatewayFactory.apply(config);
        RecordFactory records = new RecordFactory(config.topic(), config.checkpointTopic());
        OffsetStorageReader reader = context.offsetStorageReader();
        OffsetLookup lookup = arns -> executionOffsets(reader, arns);
        try {
            for (StateMachineArn arn : config.taskStateMachineArns()) {
                Checkpoint stored = Checkpoint.fromMap(reader.offset(SourcePartitions.stateMachine(arn.arn())), arn.arn());
                long since = config.initialPosition().sinceMs(started);
                ExecutionTracker tracker = new ExecutionTracker(arn.arn(), stored, since,
                        config.consistencyWindow().toMillis(), config.executionStatuses());
                StateMachinePoller poller = new StateMachinePoller(tracker, gateway, records, lookup,
                        config.listPageSize(), config.includeExecutionData(), config.pollInterval().toMillis());
                pollers.add(poller);
                pollerByStateMachine.put(arn.arn(), poller);
                if (stored == null) {
                    log.info("State machine {}: no stored checkpoint, streaming executions started from {}", arn.arn(),
                            java.time.Instant.ofEpochMilli(since));
                } else {
                    log.info("State machine {}: resuming from checkpoint {}", arn.arn(), stored);
                }
            }
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        }
        log.info("Started task for {} state machines in {} ms", pollers.size(), clock.nowMs() - started);
    }

    private static Map<String, ExecutionOffset> executionOffsets(OffsetStorageReader reader, Collection<String> arns) {
        List<Map<String, Object>> partitions = arns.stream().map(SourcePartitions::execution).toList();
        Map<String, ExecutionOffset> result = new HashMap<>();
        reader.offsets(partitions).forEach((partition, offset) -> {
            String arn = (String) partition.get(SourcePartitions.EXECUTION_ARN_KEY);
            ExecutionOffset parsed = ExecutionOffset.fromMap(offset, arn);
            if (parsed != null) {
                result.put(arn, parsed);
            }
        });
        return result;
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        pollLock.lockInterruptibly();
        try {
            if (stopping) {
                return null;
            }
            drainAcknowledged();
            long now = clock.nowMs();
            long deadline = now + MAX_POLL_MS;
            List<SourceRecord> out = new ArrayList<>();
            // rotate the starting state machine so that a busy one cannot starve the others
            for (int i = 0; i < pollers.size() && !stopping; i++) {
                StateMachinePoller poller = pollers.get((nextPoller + i) % pollers.size());
                out.addAll(poller.poll(clock.nowMs(), deadline, clock));
                if (clock.nowMs() >= deadline) {
                    nextPoller = (nextPoller + i + 1) % pollers.size();
                    break;
                }
            }
            if (!out.isEmpty()) {
                log.debug("Emitting {} records", out.size());
                return out;
            }
        } finally {
            pollLock.unlock();
        }
        waitForWork();
        return null;
    }

    private void waitForWork() throws InterruptedException {
        long next = pollers.stream().mapToLong(StateMachinePoller::nextWorkMs).min().orElse(Long.MAX_VALUE);
        long waitMs = Math.min(MAX_IDLE_WAIT_MS, next - clock.nowMs());
        if (waitMs > 0) {
            synchronized (wakeup) {
                if (!stopping) {
                    wakeup.wait(waitMs);
                }
            }
        }
    }

    private void drainAcknowledged() {
        Ack ack;
        while ((ack = acknowledged.poll()) != null) {
            StateMachinePoller poller = pollerByStateMachine.get(ack.stateMachineArn());
            if (poller != null) {
                poller.tracker().acknowledged(ack.executionArn());
            }
        }
    }

    /** Called by the producer's thread once Kafka acknowledged the record (metadata null if a transform dropped it). */
    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        Object executionArn = record.sourcePartition().get(SourcePartitions.EXECUTION_ARN_KEY);
        if (executionArn != null && record.value() instanceof Struct value) {
            acknowledged.add(new Ack(value.getString(ExecutionSchema.STATE_MACHINE_ARN), (String) executionArn));
        }
    }

    /** An acknowledged execution record, handed from the producer's thread to the poll thread. */
    private record Ack(String stateMachineArn, String executionArn) {
    }

    @Override
    public void stop() {
        long started = clock.nowMs();
        stopping = true;
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
        try {
            // let an in-flight poll() finish its current call before the client goes away
            if (pollLock.tryLock(5, TimeUnit.SECONDS)) {
                pollLock.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (gateway != null) {
            gateway.close();
        }
        log.info("Stopping task took {} ms", clock.nowMs() - started);
    }
}
