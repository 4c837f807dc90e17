package io.github.sfnconnect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.sfnconnect.aws.StateMachineMissingException;
import io.github.sfnconnect.aws.StepFunctionsGateway;
import io.github.sfnconnect.metrics.MapRunMetrics;
import io.github.sfnconnect.model.DescribedStateMachine;
import io.github.sfnconnect.model.DistributedMap;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.MapRunPage;
import io.github.sfnconnect.model.MapRunSummary;
import io.github.sfnconnect.record.MapRunParent;
import io.github.sfnconnect.record.RecordFactory;
import io.github.sfnconnect.tracking.AckTarget;
import io.github.sfnconnect.tracking.ExecutionTracker;
import io.github.sfnconnect.tracking.MapRunRegistry;
import io.github.sfnconnect.tracking.SourcePartitions;

/**
 * Finds the Map Runs of one state machine's executions, and keeps the {@link MapRunRegistry} of those streamed.
 * <p>
 * No API lists a state machine's Map Runs: {@code ListMapRuns} takes one execution. So that the cost follows the
 * executions that can have Map Runs, not the polls, each execution of a state machine with a Distributed Map state is
 * asked (one call, more pages only past 1,000 Map Runs): a poll interval after it is first seen running, then at
 * gaps that double up to {@code map.run.discovery.interval.ms} while it runs (a first start or a restart spreads the
 * first asks of the open ones over that interval), right away after a redrive, and once after it ends, before its end is recorded ({@link #mayRecordEnd}): a Map Run found then joins the registry, and the end
 * waits until Kafka acknowledged the registry, so that no restart finds the end stored and the Map Run unknown. An
 * execution whose Map Runs still run after it ended (EXPRESS children outlive an aborted parent) is asked until they
 * stop, which is how a Map Run's end is known without {@code DescribeMapRun}.
 */
final class MapRunDiscovery implements Pollable, StateMachinePoller.MapRunWatch, AckTarget, MapRunMetrics.State {

    private static final Logger log = LoggerFactory.getLogger(MapRunDiscovery.class);

    /** ListMapRuns' largest page. */
    private static final int PAGE_SIZE = 1_000;
    /** Map Runs that left the registry, remembered so that asking their execution again does not bring them back. */
    private static final int RETIRED_REMEMBERED = 10_000;
    private static final String ACK_KEY_PREFIX = "#map-runs-";

    /** Told about each Map Run to stream: at start for the registered ones, then as they are found. */
    interface Listener {
        void started(MapRunParent run);
    }

    private final String stateMachineArn;
    private final StepFunctionsGateway gateway;
    private final OffsetReader offsets;
    private final RecordFactory records;
    private final StateMachinePoller.AckRegistry acks;
    private final Listener listener;
    private final long intervalMs;
    private final long retryMs;
    private final LongSupplier workerClock;
    private final MapRunMetrics metrics;

    /** Null until the definition was read. */
    private List<DistributedMap> maps;
    /** The definition as the state machine's poller read it, until the start takes it. */
    private DescribedStateMachine handedDefinition;
    private MapRunRegistry registry;
    /** Nothing to find: no Distributed Map state, or the definition cannot be read (said once). */
    private boolean inert;
    /** Execution ARN to when it is asked next (the worker's clock). */
    private final Map<String, Long> dueMs = new HashMap<>();
    /** Executions last recorded open. */
    private final Set<String> open = new HashSet<>();
    /** Execution ARN to the time between its asks: doubles from a poll interval up to the discovery interval. */
    private final Map<String, Long> gapMs = new HashMap<>();
    /** Ended executions whose end waits to be recorded until they were asked, in the order they came. */
    private final Set<String> endWanted = new LinkedHashSet<>();
    /** Ended executions that were asked since and whose Map Runs are stored: their end may be recorded. */
    private final Set<String> endChecked = new HashSet<>();
    /** A registry record's acknowledgement key to the executions whose end waits for it. */
    private final Map<String, Set<String>> awaitingAck = new HashMap<>();
    private long registryWrites;
    /** Map Runs known stopped, with their stop date (the service's clock). */
    private final Map<String, Long> stoppedMs = new HashMap<>();
    private final Map<String, Boolean> retired = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RETIRED_REMEMBERED;
        }
    };
    private long notBeforeMs;
    private long nextSyncMs;
    private boolean warnedSize;

    MapRunDiscovery(String stateMachineArn, StepFunctionsGateway gateway, OffsetReader offsets, RecordFactory records,
                    StateMachinePoller.AckRegistry acks, Listener listener, long intervalMs, long retryMs,
                    LongSupplier workerClock, Function<MapRunMetrics.State, MapRunMetrics> metrics) {
        this.stateMachineArn = stateMachineArn;
        this.gateway = gateway;
        this.offsets = offsets;
        this.records = records;
        this.acks = acks;
        this.listener = listener;
        this.intervalMs = intervalMs;
        this.retryMs = retryMs;
        this.workerClock = workerClock;
        this.metrics = metrics.apply(this); // last: its gauges read this object
    }

    String stateMachineArn() {
        return stateMachineArn;
    }

    /** The stop date of a Map Run known stopped, or null (running, or not known). */
    Long stoppedMs(String mapRunArn) {
        return stoppedMs.get(mapRunArn);
    }

    @Override
    public List<SourceRecord> poll(long nowMs, long deadlineMs, StateMachinePoller.Clock clock)
            throws InterruptedException {
        List<SourceRecord> out = new ArrayList<>();
        if (inert || nowMs < notBeforeMs) {
            return out;
        }
        try {
            if (maps == null) {
                start(nowMs);
                if (inert) {
                    return out;
                }
            }
            boolean first = true;
            while (first || clock.nowMs() < deadlineMs) {
                first = false;
                String execution = nextDue(clock.nowMs());
                if (execution == null) {
                    break;
                }
                ask(execution, out, clock);
            }
        } catch (StateMachineMissingException e) {
            notBeforeMs = nowMs + intervalMs;
            log.info("The Map Runs of state machine {} are looked for once it exists again: {}", stateMachineArn,
                    e.getMessage());
        } catch (RetriableException e) {
            notBeforeMs = nowMs + retryMs;
            log.warn("Looking for the Map Runs of state machine {} failed, will retry in {} ms: {}", stateMachineArn,
                    retryMs, e.getMessage());
        }
        return out;
    }

    @Override
    public boolean wantsDefinition() {
        return maps == null;
    }

    @Override
    public void described(DescribedStateMachine described) {
        if (maps == null) {
            handedDefinition = described;
        }
    }

    @Override
    public long nextWorkMs() {
        if (inert) {
            return Long.MAX_VALUE;
        }
        if (maps == null || !endWanted.isEmpty()) {
            return notBeforeMs;
        }
        long next = dueMs.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
        return Math.max(notBeforeMs, next);
    }

    /** Reads the definition and the registry; resumes every registered Map Run. */
    private void start(long nowMs) throws InterruptedException {
        Map<String, Object> partition = SourcePartitions.mapRuns(stateMachineArn);
        registry = MapRunRegistry.fromMap(offsets.mapRuns(stateMachineArn), partition);
        DescribedStateMachine definition = handedDefinition;
        if (definition == null) { // the state machine's poller has not described it yet (or failed to)
            try {
                List<DistributedMap> read = gateway.distributedMaps(StateMachinePoller.unqualified(stateMachineArn));
                definition = new DescribedStateMachine(null, read, null);
            } catch (RetriableException | StateMachineMissingException e) {
                throw e; // tried again later: a state machine deleted may be created again
            } catch (ConnectException e) {
                definition = new DescribedStateMachine(null, List.of(), e);
            }
        }
        handedDefinition = null;
        if (definition.unreadable() != null) {
            log.warn("The Map Runs of state machine {} are not looked for: {}. Grant that, or set map.runs=off to "
                    + "stop this warning", stateMachineArn, definition.unreadable().getMessage());
        }
        maps = definition.distributedMaps().stream().filter(m -> !m.inChildWorkflow()).toList();
        if (!maps.isEmpty()) {
            log.info("State machine {} has Distributed Map states {}; their Map Runs are streamed ({} resumed)",
                    stateMachineArn, maps.stream().map(DistributedMap::statePath).toList(), registry.size());
        } else if (registry.size() > 0) {
            log.info("State machine {} has no Distributed Map state now; the {} Map Runs found before are streamed "
                    + "to their end", stateMachineArn, registry.size());
        }
        inert = maps.isEmpty() && registry.size() == 0;
        registry.runs().forEach((run, execution) -> {
            listener.started(new MapRunParent(run, execution));
            dueMs.putIfAbsent(execution, nowMs + spread(execution));
        });
    }

    /** The executions the state machine's tracker holds open: each is asked within an interval of being seen. */
    void syncOpen(ExecutionTracker tracker, long nowMs) {
        if (inert || maps == null || maps.isEmpty() || tracker == null || nowMs < nextSyncMs) {
            return;
        }
        nextSyncMs = nowMs + Math.min(intervalMs, retryMs);
        tracker.forEachOpen(arn -> {
            if (open.add(arn)) {
                dueMs.putIfAbsent(arn, nowMs + spread(arn));
            }
        });
    }

    /** A fixed place within the interval per execution: a restart does not ask every open execution at once. */
    private long spread(String executionArn) {
        return Math.floorMod(executionArn.hashCode(), intervalMs);
    }

    private String nextDue(long nowMs) {
        if (!endWanted.isEmpty()) {
            return endWanted.iterator().next();
        }
        String next = null;
        long nextMs = Long.MAX_VALUE;
        for (Map.Entry<String, Long> e : dueMs.entrySet()) {
            if (e.getValue() <= nowMs && e.getValue() < nextMs) {
                next = e.getKey();
                nextMs = e.getValue();
            }
        }
        return next;
    }

    /** Asks for the execution's Map Runs; registers the new ones, and notes which stopped. */
    private void ask(String execution, List<SourceRecord> out, StateMachinePoller.Clock clock)
            throws InterruptedException {
        List<MapRunSummary> found = new ArrayList<>();
        boolean gone = false;
        String token = null;
        do {
            Optional<MapRunPage> page = gateway.listMapRuns(execution, PAGE_SIZE, token);
            if (page.isEmpty()) {
                gone = true;
                break;
            }
            found.addAll(page.get().mapRuns());
            token = page.get().nextToken();
        } while (token != null);
        boolean changed = false;
        for (MapRunSummary m : found) {
            clock.observed(m.startDateMs());
            if (m.stopDateMs() == null) {
                stoppedMs.remove(m.mapRunArn());
            } else {
                stoppedMs.put(m.mapRunArn(), m.stopDateMs());
            }
            boolean runsAgain = m.stopDateMs() == null; // a redrive brings a stopped Map Run back
            if (!registry.contains(m.mapRunArn()) && (runsAgain || !retired.containsKey(m.mapRunArn()))) {
                registry.add(m.mapRunArn(), execution);
                retired.remove(m.mapRunArn());
                changed = true;
                log.info("Found Map Run {} of execution {} ({})", m.mapRunArn(), execution,
                        m.stopDateMs() == null ? "running" : "stopped");
                listener.started(new MapRunParent(m.mapRunArn(), execution));
                metrics.found();
            }
        }
        if (gone) {
            open.remove(execution);
            log.info("Execution {} of state machine {} no longer exists (ExecutionDoesNotExist); its Map Runs are "
                    + "no longer looked for", execution, stateMachineArn);
        }
        boolean endWaits = endWanted.remove(execution);
        if (changed) {
            String key = ACK_KEY_PREFIX + (++registryWrites);
            SourceRecord record = records.mapRunsRecord(stateMachineArn, registry, clock.nowMs());
            acks.expect(record, this, key);
            out.add(record);
            if (endWaits) {
                awaitingAck.computeIfAbsent(key, k -> new HashSet<>()).add(execution);
            }
            warnIfLarge();
        } else if (endWaits) {
            endChecked.add(execution);
        }
        if (!gone && (open.contains(execution) || hasRunningMapRun(execution))) {
            long gap = Math.min(intervalMs, 2 * gapMs.getOrDefault(execution, intervalMs));
            gapMs.put(execution, gap);
            dueMs.put(execution, clock.nowMs() + gap);
        } else {
            dueMs.remove(execution);
            gapMs.remove(execution);
        }
    }

    private boolean hasRunningMapRun(String execution) {
        if (registry == null) {
            return false;
        }
        for (Map.Entry<String, String> e : registry.runs().entrySet()) {
            if (e.getValue().equals(execution) && !stoppedMs.containsKey(e.getKey())) {
                return true;
            }
        }
        return false;
    }

    private void warnIfLarge() {
        if (!warnedSize && registry.size() > MapRunRegistry.WARN_SIZE) {
            warnedSize = true;
            log.warn("State machine {} has {} Map Runs streamed at once; each is listed every poll. Consider "
                    + "map.runs=progress, or more tasks", stateMachineArn, registry.size());
        }
    }

    /** The Map Run stopped and everything of it is stored, or it is gone: it leaves the registry. */
    void retired(String mapRunArn, boolean vanished, List<SourceRecord> out, long nowMs) {
        if (vanished) {
            metrics.vanished();
        }
        stoppedMs.remove(mapRunArn);
        retired.put(mapRunArn, Boolean.TRUE);
        if (registry.remove(mapRunArn)) {
            out.add(records.mapRunsRecord(stateMachineArn, registry, nowMs));
        }
    }

    @Override
    public void acknowledged(String key, long commitGeneration) {
        Set<String> waiting = awaitingAck.remove(key);
        if (waiting != null) {
            endChecked.addAll(waiting);
        }
    }

    @Override
    public int streamed() {
        return registry == null ? 0 : registry.size();
    }

    @Override
    public int endsWaiting() {
        return endWanted.size() + awaitingAck.values().stream().mapToInt(Set::size).sum();
    }

    // ---- told by the state machine's poller ----

    @Override
    public void changed(String executionArn, ExecutionStatus status, int redriveCount) {
        if (inert || maps == null || maps.isEmpty()) {
            return; // before the definition is read, the open ones are taken from the tracker (syncOpen)
        }
        if (status.isOpen()) {
            if (open.add(executionArn)) {
                // first seen open: asked soon, then less and less often (a Distributed Map is often its first
                // state); a redriven one at once, as its redrive brings its failed Map Runs back
                long nowMs = workerClock.getAsLong();
                long gap = Math.min(intervalMs, retryMs);
                gapMs.put(executionArn, gap);
                dueMs.put(executionArn, redriveCount > 0 ? nowMs : nowMs + gap);
            }
        } else {
            open.remove(executionArn);
            gapMs.remove(executionArn);
            if (!endChecked.remove(executionArn)) {
                // an end recorded without asking first (its status is not emitted): ask right after
                dueMs.put(executionArn, workerClock.getAsLong());
            } else if (!hasRunningMapRun(executionArn)) {
                dueMs.remove(executionArn);
            }
        }
    }

    @Override
    public boolean mayRecordEnd(String executionArn) {
        if (inert || maps != null && maps.isEmpty() || endChecked.contains(executionArn)) {
            return true;
        }
        if (awaitingAck.values().stream().noneMatch(waiting -> waiting.contains(executionArn))) {
            endWanted.add(executionArn); // asked once; then its registry's acknowledgement is all it waits for
        }
        return false;
    }
}
