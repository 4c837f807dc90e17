package io.github.sfnconnect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.sfnconnect.aws.ApiCallListener;
import io.github.sfnconnect.aws.AwsStepFunctionsGateway;
import io.github.sfnconnect.aws.StepFunctionsGateway;
import io.github.sfnconnect.config.ExecutionDetail;
import io.github.sfnconnect.config.StateMachineArn;
import io.github.sfnconnect.config.StepFunctionsTaskConfig;
import io.github.sfnconnect.metrics.PluginMetricsMirror;
import io.github.sfnconnect.metrics.ScheduleMetrics;
import io.github.sfnconnect.metrics.TaskMetrics;
import io.github.sfnconnect.record.MapRunParent;
import io.github.sfnconnect.record.RecordFactory;
import io.github.sfnconnect.schedule.CheckSchedule;
import io.github.sfnconnect.tracking.AckTarget;
import io.github.sfnconnect.tracking.ExecutionTracker;

/** Polls the executions of its share of the state machines and emits one record per observed change. */
public class StepFunctionsSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(StepFunctionsSourceTask.class);

    /** A poll() returns within about this long, well under Connect's 5 s graceful shutdown timeout. */
    private static final long MAX_POLL_MS = 2_000L;
    /** An idle poll() returns after at most this long, so that the worker stays responsive. */
    private static final long MAX_IDLE_WAIT_MS = 1_000L;
    /**
     * How often a unit of work with nothing to do is polled all the same, for its upkeep (stored states that age,
     * offsets to forget once committed, metrics): giving it every poll() cost a task of 10,000 state machines most of a
     * core, since poll() runs again for each check begun.
     */
    private static final long IDLE_UPKEEP_MS = 1_000L;
    /** How long an offset read may take before the state machine is retried at a later poll. */
    private static final long OFFSET_READ_TIMEOUT_MS = 10_000L;
    private final long offsetReadTimeoutMs;
    /** How long stop() lets a poll() finish before closing the clients under it. */
    private static final long STOP_WAIT_MS = 4_000L;

    private final BiFunction<StepFunctionsTaskConfig, ApiCallListener, StepFunctionsGateway> gatewayFactory;
    /** Offset commits seen; a record acknowledged before commit n is surely committed by commit n + 2. */
    private final AtomicLong offsetCommits = new AtomicLong();
    private final ServiceClock serviceClock;
    private final StateMachinePoller.Clock clock = new StateMachinePoller.Clock() {
        @Override
        public long nowMs() {
            return System.currentTimeMillis();
        }

        @Override
        public long serviceNowMs() {
            return serviceClock.nowMs();
        }

        @Override
        public long latestMs() {
            return serviceClock.latestMs();
        }

        @Override
        public void observed(long epochMs) {
            serviceClock.observed(epochMs);
        }

        @Override
        public long offsetCommits() {
            return offsetCommits.get();
        }
    };
    private final ReentrantLock pollLock = new ReentrantLock();
    private final Object wakeup = new Object();
    /** The thread inside poll(), which stop() interrupts: a call blocked in a backoff must not outlast the stop. */
    private Thread polling;
    /** Records whose acknowledgement a tracker waits for; commitRecord gets the very same instances back. */
    private final Map<SourceRecord, Pending> awaitingAck = Collections.synchronizedMap(new IdentityHashMap<>());
    private final ConcurrentLinkedQueue<Pending> acknowledged = new ConcurrentLinkedQueue<>();

    private StepFunctionsGateway gateway;
    private DescribePool describes;
    private OffsetReader offsets;
    private TaskMetrics metrics;
    private DeliveryWatch delivery;
    private String taskName = "task";
    private final List<StateMachinePoller> pollers = new ArrayList<>();
    /** The state machines' pollers by ARN, for the schedule that begins their checks. */
    private final Map<String, StateMachinePoller> byArn = new HashMap<>();
    private CheckSchedule schedule;
    private ScheduleMetrics scheduleMetrics;
    /** The discovery of each state machine's Map Runs, by state machine ARN (none with map.runs=off). */
    private final Map<String, MapRunDiscovery> discoveries = new HashMap<>();
    /** Everything poll() gives time to in turn: state machines, discoveries, Map Runs (which come and go). */
    private final List<Pollable> work = new ArrayList<>();
    /** When each unit of work was last polled, for {@link #IDLE_UPKEEP_MS}. */
    private final Map<Pollable, Long> polledAtMs = new HashMap<>();
    private final Map<String, MapRunPoller> mapRuns = new HashMap<>();
    private MapRunPollers mapRunPollers;
    private volatile boolean stopping;
    private int nextPoller;
    /** State machines not checked yet since start, and when the task started: the first pass is logged once. */
    private final Set<String> uncheckedYet = new HashSet<>();
    private long startedMs;

    public StepFunctionsSourceTask() {
        this((c, listener) -> AwsStepFunctionsGateway.create(c, c.listRateLimit(), c.describeRateLimit(), listener,
                        c.connectorName()),
                new ServiceClock(), OFFSET_READ_TIMEOUT_MS);
    }

    // visible for testing
    StepFunctionsSourceTask(BiFunction<StepFunctionsTaskConfig, ApiCallListener, StepFunctionsGateway> gatewayFactory,
                            ServiceClock serviceClock, long offsetReadTimeoutMs) {
        this.gatewayFactory = gatewayFactory;
        this.serviceClock = serviceClock;
        this.offsetReadTimeoutMs = offsetReadTimeoutMs;
    }

    /** A record sent for a tracked execution or open-name part, until Kafka acknowledges it. */
    private record Pending(AckTarget tracker, String key) {
    }

    @Override
    public String version() {
        return Version.get();
    }

    /**
     * Builds the clients and one poller per state machine. Nothing is read here: stored offsets are read at the first
     * poll, with a time limit, so that an unreachable offsets topic cannot hold up the worker.
     */
    @Override
    public void start(Map<String, String> props) {
        long started = clock.nowMs();
        StepFunctionsTaskConfig config = new StepFunctionsTaskConfig(props);
        taskName = "Task " + config.taskIndex() + " of connector " + config.connectorName();
        metrics = new TaskMetrics(config.connectorName(), Integer.toString(config.taskIndex()),
                PluginMetricsMirror.of(context));
        ApiCallListener listener = new ApiCallListener() {
            @Override
            public void callCompleted(String action, long durationMs, int attempts, int throttledAttempts,
                                      boolean succeeded) {
                metrics.api().callCompleted(action, durationMs, attempts, throttledAttempts, succeeded);
            }

            @Override
            public void rateLimited(String action, long waitedNanos) {
                metrics.api().rateLimited(action, waitedNanos);
            }

            @Override
            public void serviceDate(long epochMs) {
                serviceClock.dateHeader(epochMs);
            }
        };
        String threadPrefix = "sfn-" + config.connectorName() + "-" + config.taskIndex();
        gateway = gatewayFactory.apply(config, listener);
        describes = new DescribePool(config.describeRateLimit(), threadPrefix + "-describe");
        offsets = new OffsetReader(context.offsetStorageReader(), offsetReadTimeoutMs, threadPrefix + "-offsets");
        delivery = new DeliveryWatch(taskName, config.stallThresholdMs(), clock::nowMs);
        delivery.start(metrics.delivery(delivery), threadPrefix + "-delivery");
        RecordFactory records = new RecordFactory(config.topic(), config.checkpointTopic(), config.payloadLimit());
        StateMachinePoller.AckRegistry acks = (record, tracker, key) -> awaitingAck.put(record,
                new Pending(tracker, key));
        mapRunPollers = new MapRunPollers(config, taskName, gateway, describes, offsets, records, acks, metrics);
        schedule = new CheckSchedule(config.pollInterval().toMillis(), config.pollIntervalMax().toMillis(),
                config.listRateLimit());
        scheduleMetrics = metrics.schedule(new ScheduleMetrics.State() {
            @Override
            public int stateMachines() {
                return schedule.size();
            }

            @Override
            public long roundRobinIntervalMs() {
                return schedule.roundRobinIntervalMs();
            }

            @Override
            public long quietIntervalMs() {
                return schedule.quietIntervalMs();
            }
        });
        offsets.readAhead(config.taskStateMachineArns().stream().map(StateMachineArn::arn).toList(),
                config.mapRuns().any());
        for (StateMachineArn arn : config.taskStateMachineArns()) {
            MapRunDiscovery discovery = null;
            if (config.mapRuns().any()) {
                discovery = new MapRunDiscovery(arn.arn(), gateway, offsets, records, acks,
                        run -> startMapRun(arn.arn(), run), config.mapRunDiscoveryInterval().toMillis(),
                        config.pollInterval().toMillis(), clock::nowMs, state -> metrics.forMapRuns(arn.arn(), state));
                discoveries.put(arn.arn(), discovery);
            }
            StateMachinePoller.TrackerFactory trackers = latestMs -> {
                OffsetReader.Stored stored = offsets.scope(arn.arn());
                // a discovered state machine created since the connector first started has no execution older than
                // the connector: all of them are streamed (DiscoveredStart)
                long since = config.fromFirstExecution(arn.arn()) ? 0L : config.initialPosition().sinceMs(latestMs);
                ExecutionTracker tracker = new ExecutionTracker(arn.arn(), stored.checkpoint(), stored.parts(), since,
                        config.consistencyWindow().toMillis(), config.consistencyWindowMin().toMillis(),
                        config.executionDetail() == ExecutionDetail.SUMMARY, config.executionStatuses(), offsets);
                // at most half the bound: a quiet state machine's checks, which come less often, then all list them
                tracker.listRedrivenEvery(config.pollInterval().toMillis(),
                        Math.max(config.pollInterval().toMillis(), config.pollIntervalMax().toMillis() / 2));
                log.info("{}: state machine {} {}", taskName, arn.arn(), stored.checkpoint() == null
                        ? "first start: executions started from " + Instant.ofEpochMilli(since)
                        : "resuming at watermark " + Instant.ofEpochMilli(stored.checkpoint().watermarkMs())
                                + " with " + (stored.checkpoint().openNames().size()
                                + stored.parts().stream().mapToInt(p -> p.names().size()).sum())
                                + " open executions named behind the window");
                return tracker;
            };
            var machineMetrics = metrics.forStateMachine(arn.arn());
            machineMetrics.checkInterval(() -> schedule.intervalMs(arn.arn()));
            StateMachinePoller poller = new StateMachinePoller(arn.arn(), null,
                    discovery == null ? StateMachinePoller.MapRunWatch.NONE : discovery, trackers, gateway, describes,
                    records, acks, machineMetrics, config.listPageSize(), config.executionDetail(),
                    config.pollInterval().toMillis(), (changed, listCalls, quietForMs) -> {
                        schedule.finished(arn.arn(), changed, listCalls, quietForMs, clock.nowMs());
                        scheduleMetrics.checked(changed);
                        firstChecked(arn.arn());
                    });
            if (config.discovered(arn.arn())) {
                poller.discovered(config.discoveryInterval().toMillis());
            }
            pollers.add(poller);
            uncheckedYet.add(arn.arn());
            byArn.put(arn.arn(), poller);
            schedule.add(arn.arn(), clock.nowMs());
            work.add(poller);
            if (discovery != null) {
                work.add(discovery);
            }
        }
        startedMs = started;
        log.info("{} started in {} ms for {} state machines: {}", taskName, clock.nowMs() - started, pollers.size(),
                pollers.stream().map(StateMachinePoller::stateMachineArn).toList());
        logCadence(config);
    }

    /** Logs once when every state machine has had its first check: how long a start takes to cover them all. */
    private void firstChecked(String stateMachineArn) {
        if (uncheckedYet.remove(stateMachineArn) && uncheckedYet.isEmpty()) {
            log.info("{}: every one of its {} state machines was checked once, {} ms after start ({} offset reads "
                    + "took {} ms)", taskName, pollers.size(), clock.nowMs() - startedMs, offsets.reads(),
                    offsets.readMs());
        }
    }

    /** Says what cadence the task's list budget allows, and warns when the quiet state machines' bound cannot hold. */
    private void logCadence(StepFunctionsTaskConfig config) {
        long fastMs = config.pollInterval().toMillis();
        long boundMs = config.pollIntervalMax().toMillis();
        long everyOneMs = schedule.roundRobinIntervalMs();
        String budget = String.format("%.3g ListExecutions/s", config.listRateLimit());
        if (schedule.quietIntervalMs() > boundMs) {
            log.warn("{}: {} state machines at {} (its share of aws.list.executions.rate.limit) cannot each be checked "
                    + "every poll.interval.max.ms={} ms: quiet ones are checked about every {} ms, so that those with "
                    + "changes keep a fifth of the budget. Raise aws.list.executions.rate.limit (below the account's "
                    + "refill, shared with other clients), or poll.interval.max.ms to at least {}, or split the state "
                    + "machines among connectors of other accounts", taskName, schedule.size(), budget, boundMs,
                    schedule.quietIntervalMs(), schedule.quietIntervalMs());
        } else if (everyOneMs > fastMs) {
            log.info("{}: {} state machines at {}: checking every one takes about {} ms, more than poll.interval.ms={}: "
                    + "those with recent changes are checked first, quiet ones at least every {} ms", taskName,
                    schedule.size(), budget, everyOneMs, fastMs, boundMs);
        } else {
            log.info("{}: {} state machines at {}: those with recent changes are checked every {} ms, quiet ones back "
                    + "off to every {} ms", taskName, schedule.size(), budget, fastMs, boundMs);
        }
    }

    /** Streams a Map Run that a discovery found or resumed. */
    private void startMapRun(String stateMachineArn, MapRunParent run) {
        if (!mapRuns.containsKey(run.mapRunArn())) {
            StateMachinePoller parent = pollers.stream().filter(p -> p.stateMachineArn().equals(stateMachineArn))
                    .findFirst().orElseThrow();
            MapRunPoller poller = mapRunPollers.create(run, parent, discoveries.get(stateMachineArn));
            mapRuns.put(run.mapRunArn(), poller);
            work.add(poller);
        }
    }

    /** Drops a Map Run that stopped and is stored, or is gone; it leaves its state machine's registry. */
    private void retire(MapRunPoller poller, List<SourceRecord> out) {
        poller.discovery().retired(poller.run().mapRunArn(), poller.vanished(), out, clock.nowMs());
        mapRuns.remove(poller.run().mapRunArn());
        work.remove(poller);
        polledAtMs.remove(poller);
        log.info("{}: Map Run {} of execution {} {}", taskName, poller.run().mapRunArn(),
                poller.run().parentExecutionArn(), poller.vanished() ? "is gone; it is no longer streamed"
                        : "stopped and all of its child executions are stored; it is no longer listed");
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        pollLock.lockInterruptibly();
        try {
            synchronized (wakeup) {
                if (stopping) {
                    return null;
                }
                polling = Thread.currentThread();
            }
            List<SourceRecord> out = pollOnce();
            if (out != null && !out.isEmpty()) {
                log.debug("Returning {} records", out.size());
                delivery.handedOver(out);
                return out;
            }
        } catch (InterruptedException e) {
            if (stopping) {
                return null;
            }
            throw e;
        } finally {
            synchronized (wakeup) {
                polling = null;
                Thread.interrupted(); // an interrupt meant for this poll() must not reach Connect's code
            }
            pollLock.unlock();
        }
        waitForWork();
        return null;
    }

    private List<SourceRecord> pollOnce() throws InterruptedException {
        drainAcknowledged();
        long deadline = clock.nowMs() + MAX_POLL_MS;
        List<SourceRecord> out = new ArrayList<>();
        // rotate the starting point so that a busy state machine or Map Run cannot starve the others
        List<Pollable> round = List.copyOf(work); // Map Runs are found and dropped while it goes round
        for (int i = 0; i < round.size() && !stopping; i++) {
            Pollable next = round.get((nextPoller + i) % round.size());
            long nowMs = clock.nowMs();
            Long polledMs = polledAtMs.get(next);
            if (polledMs != null && nowMs - polledMs < IDLE_UPKEEP_MS && next.nextWorkMs() > nowMs) {
                continue; // nothing to do, and its upkeep was recent
            }
            polledAtMs.put(next, nowMs);
            out.addAll(next.poll(nowMs, deadline, clock));
            polled(next, out);
            if (clock.nowMs() >= deadline) {
                nextPoller = (nextPoller + i + 1) % round.size();
                break;
            }
        }
        beginChecks(out, deadline);
        return stopping ? null : out;
    }

    private void polled(Pollable next, List<SourceRecord> out) {
        if (next instanceof StateMachinePoller p && discoveries.containsKey(p.stateMachineArn())) {
            discoveries.get(p.stateMachineArn()).syncOpen(p.tracker(), clock.nowMs());
        } else if (next instanceof MapRunPoller m && m.finished()) {
            retire(m, out);
        }
    }

    /**
     * Begins the checks the schedule says are due, best first, one at a time and only while the list rate limit
     * would let a call through at once: a check begun now lists now, and the next best waits for the next permit
     * rather than queueing behind calls of state machines that matter less.
     */
    private void beginChecks(List<SourceRecord> out, long deadline) throws InterruptedException {
        while (!stopping && clock.nowMs() < deadline && gateway.listCallWaitMs() == 0) {
            String arn = schedule.begin(clock.nowMs());
            if (arn == null) {
                return;
            }
            StateMachinePoller poller = byArn.get(arn);
            if (!poller.beginCycle(clock)) {
                schedule.release(arn, clock.nowMs()); // not ready (first poll to come, backing off): it says when
                continue;
            }
            polledAtMs.put(poller, clock.nowMs());
            out.addAll(poller.poll(clock.nowMs(), deadline, clock));
            polled(poller, out);
        }
    }

    private void waitForWork() throws InterruptedException {
        long next = work.stream().mapToLong(Pollable::nextWorkMs).min().orElse(Long.MAX_VALUE);
        long due = schedule.nextDueMs();
        if (due < next) {
            next = Math.min(next, Math.max(due, clock.nowMs() + gateway.listCallWaitMs()));
        }
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
            pending.tracker().acknowledged(pending.key(), offsetCommits.get());
        }
    }

    /**
     * Called by the producer's thread once Kafka acknowledged the record; metadata is null if Connect dropped it
     * instead (a transform filtered it, or errors.tolerance=all skipped a failure: KIP-779). Connect commits a
     * dropped record's offset all the same, so the tracker treats it as delivered; the watch counts and logs it.
     */
    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        delivery.acknowledged(record, metadata != null);
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
        synchronized (wakeup) {
            stopping = true;
            wakeup.notifyAll();
            if (polling != null) {
                polling.interrupt(); // a rate-limit wait, an SDK backoff or an offset read ends now
            }
        }
        try {
            // let an in-flight poll() finish its current call before the clients go away
            if (pollLock.tryLock(STOP_WAIT_MS, TimeUnit.MILLISECONDS)) {
                pollLock.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
        log.info("{} stopped in {} ms ({} state machines: {})", taskName, clock.nowMs() - started, pollers.size(),
                pollers.stream().map(StateMachinePoller::stateMachineArn).toList());
    }

    /** Closes every resource, each even if closing another one threw (closeQuietly logs the failure). */
    private void close() {
        Utils.closeQuietly(delivery, "delivery watch");
        Utils.closeQuietly(describes, "DescribeExecution pool"); // before the client its threads use
        Utils.closeQuietly(offsets, "offset reader");
        Utils.closeQuietly(gateway, "Step Functions client");
        Utils.closeQuietly(metrics, "metrics");
    }
}
