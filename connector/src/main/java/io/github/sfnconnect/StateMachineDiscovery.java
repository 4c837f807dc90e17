package io.github.sfnconnect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.sfnconnect.aws.ApiAccessDeniedException;
import io.github.sfnconnect.aws.StateMachineMissingException;
import io.github.sfnconnect.aws.StepFunctionsGateway;
import io.github.sfnconnect.config.InitialPosition;
import io.github.sfnconnect.model.StateMachinePage;
import io.github.sfnconnect.model.StateMachineSummary;

/**
 * The connector's current set of state machines, when they are selected by name pattern or tags: looked up at start,
 * then again every {@code discovery.interval.ms} on one daemon thread; a changed set asks Connect to reconfigure the
 * tasks. As MirrorMaker 2's topic refresh does, a failed look-up keeps the last set, so that a passing AWS fault never
 * stops the streaming of the state machines already known. Each look-up also reads the stored checkpoints of the
 * selected state machines, to tell which new ones were created since the connector first started
 * ({@link DiscoveredStart}).
 */
final class StateMachineDiscovery implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StateMachineDiscovery.class);

    /** ListStateMachines' largest page: one call per 1,000 state machines. */
    static final int PAGE_SIZE = 1000;

    /** What the connector does with a changed set. */
    interface Reconfiguration {
        void request();
    }

    /** The since_ms of the stored checkpoint of each state machine that has one; throws if they cannot be read. */
    interface StoredCheckpoints {
        Map<String, Long> sinceMs(Collection<String> stateMachineArns);
    }

    /**
     * The set as last looked up: {@code discovered} those selected by name pattern or tags rather than listed in
     * state.machine.arns, {@code fromFirstExecution} those among them without stored offsets that were created
     * since the connector first started.
     */
    record Snapshot(List<String> stateMachineArns, Set<String> discovered, Set<String> fromFirstExecution) {

        Snapshot {
            stateMachineArns = List.copyOf(stateMachineArns);
            discovered = Set.copyOf(discovered);
            fromFirstExecution = Set.copyOf(fromFirstExecution);
        }
    }

    private final StateMachineSelector selector;
    private final StepFunctionsGateway gateway;
    private final StoredCheckpoints checkpoints;
    private final InitialPosition initialPosition;
    private final Reconfiguration reconfiguration;
    private final long intervalMs;
    private final String threadName;
    /** ARNs of EXPRESS matches already warned about: one WARN each per connector start, not one per look-up. */
    private final Set<String> warned = new HashSet<>();
    private final Set<String> warnedShadowed = new HashSet<>();
    /**
     * A state machine created at or after this was created since the connector first started: this connector's
     * start at first, then the smallest since_ms stored ({@link DiscoveredStart#referenceMs}); it only goes down.
     */
    private long referenceMs;
    /** Whether the last read of the checkpoints failed: one WARN per run of failures. */
    private boolean checkpointsFailed;
    private volatile Snapshot current;
    private ScheduledExecutorService scheduler;

    /**
     * @param startedMs the connector's start (the worker's clock): the reference while no checkpoint is stored
     */
    StateMachineDiscovery(StateMachineSelector selector, StepFunctionsGateway gateway, StoredCheckpoints checkpoints,
                          InitialPosition initialPosition, long startedMs, Reconfiguration reconfiguration,
                          long intervalMs, String threadName) {
        this.selector = selector;
        this.gateway = gateway;
        this.checkpoints = checkpoints;
        this.initialPosition = initialPosition;
        this.referenceMs = startedMs;
        this.reconfiguration = reconfiguration;
        this.intervalMs = intervalMs;
        this.threadName = threadName;
        this.current = new Snapshot(selector.explicitArns(), Set.of(), Set.of());
    }

    /**
     * Looks the set up once, before Connect asks for task configurations, then every interval. Denied access fails
     * the connector with the permission to grant; any other failure starts with the explicit ARNs only and is retried
     * at the next interval.
     */
    void start() throws InterruptedException {
        try {
            refresh(false);
        } catch (ApiAccessDeniedException e) {
            throw new ConnectException("Cannot look up the state machines selected by name pattern or tags: "
                    + e.getMessage(), e);
        } catch (ConnectException e) {
            log.warn("Looking up the state machines selected by name pattern or tags failed; starting with the {} "
                    + "listed in state.machine.arns and looking again in {} ms: {}",
                    current.stateMachineArns().size(), intervalMs, e.getMessage());
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    Snapshot current() {
        return current;
    }

    private void refreshQuietly() {
        try {
            refresh(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping
        } catch (RuntimeException e) {
            log.warn("Looking up the state machines selected by name pattern or tags failed; keeping the {} known "
                    + "and looking again in {} ms: {}", current.stateMachineArns().size(), intervalMs, e.getMessage());
        }
    }

    /** Looks the set up; if it changed, logs what did and, when {@code reconfigure}, asks for new task configs. */
    synchronized boolean refresh(boolean reconfigure) throws InterruptedException {
        StateMachineSelector.Selection selection = lookUp(gateway, selector);
        for (StateMachineSummary express : selection.express()) {
            if (warned.add(express.stateMachineArn())) {
                log.warn("State machine {} matches the name pattern or tags but is EXPRESS: Step Functions does not "
                        + "list EXPRESS executions, so it is skipped. Read its executions from its CloudWatch Logs "
                        + "(logging configuration), or, run as Distributed Map children, as Map Run children "
                        + "(map.runs)", express.stateMachineArn());
            }
        }
        for (String arn : selection.shadowed()) {
            if (warnedShadowed.add(arn)) {
                log.info("State machine {} matches the name pattern or tags, but state.machine.arns names it by a "
                        + "version or alias ARN: only that is streamed, so that no execution is streamed twice", arn);
            }
        }
        Set<String> before = new TreeSet<>(current.stateMachineArns());
        Set<String> after = new TreeSet<>(selection.stateMachineArns());
        Map<String, DiscoveredStart.Decision> starts = decide(selection);
        Set<String> fromFirstExecution = new TreeSet<>();
        starts.forEach((arn, d) -> {
            if (d.start() == DiscoveredStart.Start.FIRST_EXECUTION) {
                fromFirstExecution.add(arn);
            }
        });
        current = new Snapshot(new ArrayList<>(after), selection.discovered().keySet(), fromFirstExecution);
        if (before.equals(after)) {
            log.debug("The selected state machines are unchanged: {}", after);
            return false;
        }
        Set<String> added = new TreeSet<>(after);
        added.removeAll(before);
        Set<String> removed = new TreeSet<>(before);
        removed.removeAll(after);
        added.forEach(arn -> log.info("State machine {} is selected{}", arn,
                starts.containsKey(arn) ? ": " + starts.get(arn).reason() : " (listed in state.machine.arns)"));
        removed.forEach(arn -> log.info("State machine {} is no longer selected (deleted, renamed or retagged): its "
                + "executions are no longer streamed; its offsets are kept", arn));
        if (reconfigure) {
            log.info("{} state machines selected now; reassigning them to the tasks", after.size());
            reconfiguration.request();
        }
        return true;
    }

    /**
     * Where each discovered state machine begins, from the stored checkpoints of every selected one (explicit ones
     * too: their since_ms tells when the connector first started). Offsets that cannot be read leave the reference
     * where it was (at first, this connector's start: a state machine created while the connector was stopped then
     * starts at initial.position), with a WARN.
     */
    private Map<String, DiscoveredStart.Decision> decide(StateMachineSelector.Selection selection) {
        Map<String, Long> stored = null;
        try {
            stored = checkpoints.sinceMs(selection.stateMachineArns());
            referenceMs = DiscoveredStart.referenceMs(stored.values(), referenceMs);
            checkpointsFailed = false;
        } catch (RuntimeException e) {
            if (!checkpointsFailed) {
                log.warn("Cannot read the stored checkpoints of the selected state machines ({}); a state machine "
                        + "found now counts as created since the connector first started only if created after {} "
                        + "(those created while the connector was stopped start at initial.position). Will read "
                        + "again at the next look-up", e.getMessage(), Instant.ofEpochMilli(referenceMs));
            }
            checkpointsFailed = true;
        }
        Map<String, DiscoveredStart.Decision> decisions = new TreeMap<>();
        for (Map.Entry<String, Long> machine : selection.discovered().entrySet()) {
            Boolean hasOffsets = stored == null ? null : stored.containsKey(machine.getKey());
            decisions.put(machine.getKey(), DiscoveredStart.decide(initialPosition, hasOffsets, machine.getValue(),
                    referenceMs));
        }
        return decisions;
    }

    /**
     * Lists every state machine of the account and region, then selects among them. A state machine deleted between
     * its listing and its tag look-up is simply not selected.
     */
    static StateMachineSelector.Selection lookUp(StepFunctionsGateway gateway, StateMachineSelector selector)
            throws InterruptedException {
        return lookUp(gateway, selector, Long.MAX_VALUE);
    }

    /**
     * As {@link #lookUp(StepFunctionsGateway, StateMachineSelector)}, giving up with a {@link RetriableException}
     * once {@code System.nanoTime()} passes {@code deadlineNanos}: for validate(), which must answer in time.
     */
    static StateMachineSelector.Selection lookUp(StepFunctionsGateway gateway, StateMachineSelector selector,
                                                 long deadlineNanos) throws InterruptedException {
        if (!selector.discovers()) {
            return selector.select(List.of(), arn -> Map.of());
        }
        List<StateMachineSummary> listed = new ArrayList<>();
        String token = null;
        do {
            checkDeadline(deadlineNanos);
            StateMachinePage page = gateway.listStateMachines(PAGE_SIZE, token);
            listed.addAll(page.stateMachines());
            token = page.nextToken();
        } while (token != null);
        return selector.select(listed, arn -> {
            checkDeadline(deadlineNanos);
            try {
                return gateway.tagsOf(arn);
            } catch (StateMachineMissingException e) {
                log.debug("State machine {} was deleted while it was looked up", arn);
                return null;
            }
        });
    }

    private static void checkDeadline(long deadlineNanos) {
        if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) {
            throw new RetriableException("the look-up of the selected state machines ran out of time");
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
                    log.warn("The state machine look-up did not stop within 5 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        gateway.close();
    }
}
