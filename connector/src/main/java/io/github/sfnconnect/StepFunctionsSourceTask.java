package io.github.sfnconnect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.sfnconnect.aws.ApiCallListener;
import io.github.sfnconnect.aws.AwsStepFunctionsGateway;
import io.github.sfnconnect.aws.StepFunctionsGateway;
import io.github.sfnconnect.config.StateMachineArn;
import io.github.sfnconnect.config.StepFunctionsTaskConfig;
import io.github.sfnconnect.metrics.TaskMetrics;
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

    private final BiFunction<StepFunctionsTaskConfig, ApiCallListener, StepFunctionsGateway> gatewayFactory;
    /** Offset commits seen; a record acknowledged before commit n is surely committed by commit n + 2. */
    private final AtomicLong offsetCommits = new AtomicLong();
    private final StateMachinePoller.Clock clock = new StateMachinePoller.Clock() {
        @Override
        public long nowMs() {
            return System.currentTimeMillis();
        }

        @Override
        public long offsetCommits() {
            return offsetCommits.get();
        }
    };
    private final ReentrantLock pollLock = new ReentrantLock();
    private final Object wakeup = new Object();
    /** Records whose acknowledgement a tracker waits for; commitRecord gets the very same instances back. */
    private final Map<SourceRecord, Pending> awaitingAck = Collections.synchronizedMap(new IdentityHashMap<>());
    private final ConcurrentLinkedQueue<Pending> acknowledged = new ConcurrentLinkedQueue<>();

    private StepFunctionsGateway gateway;
    private DescribePool describes;
    private TaskMetrics metrics;
    private String taskName = "task";
    private final List<StateMachinePoller> pollers = new ArrayList<>();
    private volatile boolean stopping;
    private int nextPoller;

    public StepFunctionsSourceTask() {
        this((c, listener) -> AwsStepFunctionsGateway.create(c, c.listRateLimit(), c.describeRateLimit(), listener));
    }

    // visible for testing
    StepFunctionsSourceTask(BiFunction<StepFunctionsTaskConfig, ApiCallListener, StepFunctionsGateway> gatewayFactory) {
        this.gatewayFactory = gatewayFactory;
    }

    /** A record sent for a tracked execution, until Kafka acknowledges it. */
    private record Pending(ExecutionTracker tracker, String executionArn) {
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        long started = clock.nowMs();
        StepFunctionsTaskConfig config = new StepFunctionsTaskConfig(props);
        taskName = "Task " + config.taskIndex() + " of connector " + config.connectorName();
        metrics = new TaskMetrics(config.connectorName(), Integer.toString(config.taskIndex()));
        gateway = gatewayFactory.apply(config, metrics.api());
        describes = new DescribePool(config.describeRateLimit(),
                "sfn-describe-" + config.connectorName() + "-" + config.taskIndex());
        RecordFactory records = new RecordFactory(config.topic(), config.checkpointTopic(), config.payloadLimit());
        OffsetStorageReader reader = context.offsetStorageReader();
        OffsetLookup lookup = arns -> executionOffsets(reader, arns);
        StateMachinePoller.AckRegistry acks = (record, tracker, arn) -> awaitingAck.put(record, new Pending(tracker, arn));
        List<String> machines = new ArrayList<>();
        try {
            for (StateMachineArn arn : config.taskStateMachineArns()) {
                Checkpoint stored = Checkpoint.fromMap(reader.offset(SourcePartitions.stateMachine(arn.arn())), arn.arn());
                long since = config.initialPosition().sinceMs(started);
                ExecutionTracker tracker = new ExecutionTracker(arn.arn(), stored, since,
                        config.consistencyWindow().toMillis(), config.executionStatuses(), lookup);
                pollers.add(new StateMachinePoller(tracker, gateway, describes, records, lookup, acks,
                        metrics.forStateMachine(arn.arn()), config.listPageSize(), config.executionDetail(),
                        config.pollInterval().toMillis()));
                machines.add(stored == null
                        ? arn.arn() + " (first start: executions started from " + Instant.ofEpochMilli(since) + ")"
                        : arn.arn() + " (resuming at watermark " + Instant.ofEpochMilli(stored.watermarkMs()) + " with "
                                + stored.openNames().size() + " open executions behind it)");
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info("{} started in {} ms for {} state machines: {}", taskName, clock.nowMs() - started, pollers.size(),
                String.join(", ", machines));
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
            long deadline = clock.nowMs() + MAX_POLL_MS;
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
                log.debug("Returning {} records", out.size());
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
        Pending pending;
        while ((pending = acknowledged.poll()) != null) {
            pending.tracker().acknowledged(pending.executionArn(), offsetCommits.get());
        }
    }

    /** Called by the producer's thread once Kafka acknowledged the record (metadata null if a transform dropped it). */
    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        Pending pending = awaitingAck.remove(record);
        if (pending != null) {
            acknowledged.add(pending);
        }
    }

    /** Called by Connect after it committed offsets (with exactly-once, after each transaction). */
    @Override
    public void commit() {
        offsetCommits.incrementAndGet();
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
        close();
        log.info("{} stopped in {} ms ({} state machines: {})", taskName, clock.nowMs() - started, pollers.size(),
                pollers.stream().map(StateMachinePoller::stateMachineArn).toList());
    }

    private void close() {
        if (describes != null) {
            describes.close(); // before the client its threads use
        }
        if (gateway != null) {
            gateway.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
