package io.github.sfnconnect;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import io.github.sfnconnect.model.StateMachinePage;
import io.github.sfnconnect.model.StateMachineSummary;

/**
 * The connector's current set of state machines, when they are selected by name pattern or tags: looked up at start,
 * then again every {@code discovery.interval.ms} on one daemon thread; a changed set asks Connect to reconfigure the
 * tasks. As MirrorMaker 2's topic refresh does, a failed look-up keeps the last set, so that a passing AWS fault never
 * stops the streaming of the state machines already known.
 */
final class StateMachineDiscovery implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StateMachineDiscovery.class);

    /** ListStateMachines' largest page: one call per 1,000 state machines. */
    static final int PAGE_SIZE = 1000;

    /** What the connector does with a changed set. */
    interface Reconfiguration {
        void request();
    }

    /** The set as last looked up, with the state machines created after the first look-up. */
    record Snapshot(List<String> stateMachineArns, Set<String> createdLater) {

        Snapshot {
            stateMachineArns = List.copyOf(stateMachineArns);
            createdLater = Set.copyOf(createdLater);
        }
    }

    private final StateMachineSelector selector;
    private final StepFunctionsGateway gateway;
    private final Reconfiguration reconfiguration;
    private final long intervalMs;
    private final String threadName;
    /** ARNs of EXPRESS matches already warned about: one WARN each per connector start, not one per look-up. */
    private final Set<String> warned = new HashSet<>();
    private final Set<String> warnedShadowed = new HashSet<>();
    /** Every ARN listed by the first successful look-up; one listed later was created after it. */
    private Set<String> baseline;
    private final Set<String> createdLater = new HashSet<>();
    private volatile Snapshot current;
    private ScheduledExecutorService scheduler;

    StateMachineDiscovery(StateMachineSelector selector, StepFunctionsGateway gateway,
                          Reconfiguration reconfiguration, long intervalMs, String threadName) {
        this.selector = selector;
        this.gateway = gateway;
        this.reconfiguration = reconfiguration;
        this.intervalMs = intervalMs;
        this.threadName = threadName;
        this.current = new Snapshot(selector.explicitArns(), Set.of());
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
        if (baseline == null) {
            baseline = selection.listed();
        } else {
            selection.stateMachineArns().stream().filter(arn -> !baseline.contains(arn)).forEach(createdLater::add);
        }
        Set<String> before = new TreeSet<>(current.stateMachineArns());
        Set<String> after = new TreeSet<>(selection.stateMachineArns());
        createdLater.retainAll(after);
        current = new Snapshot(new ArrayList<>(after), createdLater);
        if (before.equals(after)) {
            log.debug("The selected state machines are unchanged: {}", after);
            return false;
        }
        Set<String> added = new TreeSet<>(after);
        added.removeAll(before);
        Set<String> removed = new TreeSet<>(before);
        removed.removeAll(after);
        added.forEach(arn -> log.info("State machine {} is selected{}", arn, createdLater.contains(arn)
                ? " (created since the connector started: streamed from its first execution)" : ""));
        removed.forEach(arn -> log.info("State machine {} is no longer selected (deleted, renamed or retagged): its "
                + "executions are no longer streamed; its offsets are kept", arn));
        if (reconfigure) {
            log.info("{} state machines selected now; reassigning them to the tasks", after.size());
            reconfiguration.request();
        }
        return true;
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
