package io.github.sfnconnect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.github.sfnconnect.emulator.ScaledClock;

/**
 * 130 simulated days of one account through a real Connect worker with exactly-once support, in about three minutes:
 * the emulator's clock is moved on a simulated day at a time (in 15-minute steps, the workload acting at each), and
 * the connector judges executions by the service's clock (the {@code Date} of its answers), not the worker's. The
 * account
 * ({@link LongHorizonWorkload}) has steady starts of executions that run for seconds, days and months, a burst of
 * more than 2,000 open at once, redrives soon after a failure and at the very end of the 14-day period, names used
 * again after 90-day retention, executions started through a version and an alias (one state machine is streamed
 * by its alias ARN only), and a state machine deleted and created again. The connector is restarted every few
 * simulated days, and stopped for an hour, a day and 16 days.
 * <p>
 * After every simulated day the connector ran (so at every restart, and at the end): every terminal state the
 * account shows reached the topic, nothing was invented, nothing repeated. At the end also: the execution offsets
 * left and the executions the task holds stay within the open executions and a small margin (docs/guarantees.md).
 */
@Tag(LongHorizonIT.LONG_HORIZON)
class LongHorizonIT {

    /** Runs on the Connect 4.x line only (about 100 s); the 3.7 line runs it with -Dconnect37.excludedGroups=. */
    static final String LONG_HORIZON = "long-horizon";

    private static final double FACTOR = 75_000; // unused while paused: the test moves the clock itself
    private static final long DAY = LongHorizonWorkload.DAY;
    private static final int SIMULATED_DAYS = 130;
    private static final String CONNECTOR = "months";
    private static final String DOMAIN = "kafka.connect.stepfunctions";

    @Test
    void monthsOfOneAccount() throws Exception {
        // the simulated months end before the wall clock: a Kafka 4 broker refuses record timestamps more than an hour
        // ahead of its own (log.message.timestamp.after.max.ms, KIP-1030), and the records carry the service's times
        Instant simStart = Instant.now().minus(SIMULATED_DAYS + 40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
        ScaledClock clock = new ScaledClock(simStart, FACTOR);
        clock.pause(); // moved by the test only
        try (ConnectHarness harness = new ConnectHarness(1, Map.of("exactly.once.source.support", "enabled"), clock)) {
            EmbeddedConnectCluster connect = harness.connect();
            TopicWatcher watcher = new TopicWatcher(connect.kafka().bootstrapServers(), ConnectHarness.TOPIC);
            try {
                run(harness, clock, watcher);
            } finally {
                watcher.close();
            }
        }
    }

    private void run(ConnectHarness harness, ScaledClock clock, TopicWatcher watcher) throws Exception {
        EmbeddedConnectCluster connect = harness.connect();
        LongHorizonWorkload workload = new LongHorizonWorkload(harness.emulator(), clock, 90);
        Map<String, String> props = harness.connectorProps(2, workload.streamed());
        props.put("poll.interval.ms", "200");
        // 90 simulated days, each awaited: quiet state machines back off only to 4 intervals, or the run takes minutes
        props.put("poll.interval.max.ms", "800");
        props.put("consistency.window.ms", Long.toString(10 * LongHorizonWorkload.MINUTE));
        props.put("exactly.once.support", "required");
        props.put("execution.detail", "summary"); // describes cost real time: summary keeps the run short
        props.put("list.page.size", "1000");
        props.put("aws.list.executions.rate.limit", "2000"); // a simulated day lasts well under a second
        props.put("aws.describe.execution.rate.limit", "2000");
        // as README says for a backfill: the records carry the (simulated) change times, months old, so the topic
        // the connector creates must keep them for ever
        props.put("topic.creation.default.retention.ms", "-1");
        harness.startConnector(CONNECTOR, props, workload.streamed());
        long started = System.currentTimeMillis();
        Map<Integer, Long> outages = Map.of(20, LongHorizonWorkload.HOUR, 45, DAY, 75, 16 * DAY);
        int nextRestart = 4;
        int restarts = 0;
        int maxTracked = 0;
        int maxOpen = 0;
        for (int day = 1; day <= SIMULATED_DAYS; day++) {
            advance(workload, clock, DAY, true);
            Long outage = outages.get(day);
            if (outage != null) {
                check(connect, workload, watcher, "before the outage of " + Duration.ofMillis(outage));
                connect.stopConnector(CONNECTOR);
                connect.assertions().assertConnectorIsStopped(CONNECTOR, "connector did not stop");
                advance(workload, clock, outage, true);
                connect.resumeConnector(CONNECTOR);
                continue; // the next day's check waits for the catch-up
            }
            if (day == nextRestart) {
                check(connect, workload, watcher, "at restart " + (++restarts) + " (day " + day + ")");
                connect.restartConnectorAndTasks(CONNECTOR, false, true, false);
                nextRestart = day + 3 + restarts % 4;
                continue;
            }
            check(connect, workload, watcher, "on day " + day);
            maxTracked = Math.max(maxTracked, trackedExecutions());
            maxOpen = Math.max(maxOpen, workload.open());
        }
        // the end: no new executions; the last ones end, the connector catches up
        advance(workload, clock, 3 * DAY, false);
        check(connect, workload, watcher, "at the end");
        long realSeconds = (System.currentTimeMillis() - started) / 1000;
        // closed executions leave the window and the redrive mark moves: their offsets go
        advance(workload, clock, DAY, false);
        ConnectHarness.await("the offsets of closed executions deleted", Duration.ofSeconds(30),
                () -> executionOffsetKeys(connect) <= workload.open() + 100, () -> executionOffsetKeys(connect)
                        + " execution offset keys, " + workload.open() + " open executions; beyond them: "
                        + offsetsOfClosed(connect, harness));
        assertNoTaskFailed(connect, "at the end");
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(CONNECTOR, 2, "tasks not running at the end");
        int open = workload.open();
        int offsetKeys = executionOffsetKeys(connect);
        int tracked = trackedExecutions();
        System.out.printf("[long horizon] tracked by state machine: %s; open by state machine: %s%n",
                trackedByStateMachine(), workload.openByStateMachine());
        System.out.printf("[long horizon] %d simulated days in %d s: executions=%d states emitted=%d restarts=%d "
                        + "outages=%d; open now=%d (max %d); execution offset keys=%d; tracked now=%d (max %d); API "
                        + "calls=%s%n", SIMULATED_DAYS, realSeconds, workload.executions(),
                watcher.lifeCounts(workload.executionArnPrefix()).size(), restarts, outages.size(), open, maxOpen,
                offsetKeys, tracked, maxTracked, new java.util.TreeMap<>(harness.emulator().callCounts()));
        assertThat(offsetKeys).as("execution offsets left: the open executions, and a few closed ones whose "
                + "deletion is pending").isLessThanOrEqualTo(open + 100);
        assertThat(tracked).as("executions the task holds at the end").isLessThanOrEqualTo(open + 100);
        assertThat(maxTracked).as("executions the task held at most").isLessThanOrEqualTo(maxOpen + 2_500);
        connect.deleteConnector(CONNECTOR);
    }

    /**
     * Moves the (paused) clock on by {@code span} in 15-minute steps, the workload acting at each: the connector sees
     * the account only as it stands between two such moves.
     */
    private static void advance(LongHorizonWorkload workload, ScaledClock clock, long span, boolean starting) {
        for (long done = 0; done < span; done += 15 * LongHorizonWorkload.MINUTE) {
            clock.advance(Duration.ofMinutes(15));
            workload.step(starting);
        }
    }

    /**
     * Every terminal state the account shows now reaches the topic (the connector, running, sees each of them), and
     * nothing was invented or repeated.
     */
    private static void check(EmbeddedConnectCluster connect, LongHorizonWorkload workload, TopicWatcher watcher,
                              String when) throws InterruptedException {
        assertNoTaskFailed(connect, when);
        Set<String> required = workload.requireCurrent();
        ConnectHarness.await("every change " + when, Duration.ofSeconds(60),
                () -> watcher.lifeCounts(workload.executionArnPrefix()).keySet().containsAll(required),
                () -> missing(required, watcher).size() + " missing, e.g. " + missing(required, watcher).stream()
                        .limit(3).map(m -> m.substring(0, m.indexOf('@'))).map(arn -> workload.history(arn)
                                + " emitted " + watcher.lifeCounts(arn).keySet()).toList());
        Map<String, Long> counts = watcher.lifeCounts(workload.executionArnPrefix());
        Set<String> invented = new HashSet<>(counts.keySet());
        invented.removeAll(workload.possible());
        assertThat(invented).as("records of states that never happened, or of executions not streamed, %s", when)
                .isEmpty();
        assertThat(counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
                .as("duplicates with exactly-once, %s", when).isEmpty();
        if (when.startsWith("at") || when.startsWith("before")) {
            System.out.printf("[long horizon] %s: %d states emitted, %d required so far, none missing, invented or "
                    + "repeated%n", when, counts.size(), required.size());
        }
    }

    /** A failed task stops streaming its state machines for good: the test must not go on without it. */
    private static void assertNoTaskFailed(EmbeddedConnectCluster connect, String when) {
        ConnectorStateInfo info = connect.connectorStatus(CONNECTOR);
        assertThat(info.tasks().stream().filter(t -> "FAILED".equals(t.state()))
                .map(t -> "task " + t.id() + ": " + t.trace()).toList())
                .as("failed tasks %s", when).isEmpty();
    }

    private static Set<String> missing(Set<String> required, TopicWatcher watcher) {
        Set<String> missing = new HashSet<>(required);
        missing.removeAll(watcher.lifeCounts("").keySet());
        return missing;
    }

    /** Execution offsets of executions not open now, counted by state machine and stored status, with examples. */
    private static String offsetsOfClosed(EmbeddedConnectCluster connect, ConnectHarness harness) {
        Map<String, Integer> byKind = new java.util.TreeMap<>();
        List<String> examples = new java.util.ArrayList<>();
        for (var o : ConnectHarness.offsets(connect, CONNECTOR)) {
            Object arn = o.partition().get("execution_arn");
            if (arn == null) {
                continue;
            }
            var now = harness.emulator().execution((String) arn);
            if (now.isPresent() && now.get().status().name().equals("RUNNING")) {
                continue;
            }
            String machine = ((String) arn).split(":")[6];
            byKind.merge(machine + "/" + o.offset().get("status") + "/rc" + o.offset().get("redrive_count")
                    + (now.isEmpty() ? "/gone" : "/" + now.get().status()), 1, Integer::sum);
            if (examples.size() < 4) {
                examples.add(arn + " " + o.offset() + " now " + now.map(v -> v.status() + " rc" + v.redriveCount()
                        + " start " + v.startDate() + " stop " + v.stopDate() + " redrive " + v.redriveDate())
                        .orElse("gone"));
            }
        }
        return byKind + " e.g. " + examples;
    }

    private static int executionOffsetKeys(EmbeddedConnectCluster connect) {
        return (int) ConnectHarness.offsets(connect, CONNECTOR).stream()
                .filter(o -> o.partition().containsKey("execution_arn")).count();
    }

    /** The tracked-executions gauges of the connector's tasks, summed (JMX of this JVM, where the worker runs). */
    private static int trackedExecutions() throws Exception {
        return trackedByStateMachine().values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The tracked-executions gauge of each state machine's metrics (one per state machine across tasks). */
    private static Map<String, Integer> trackedByStateMachine() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        Map<String, Integer> tracked = new java.util.TreeMap<>();
        for (ObjectName n : jmx.queryNames(new ObjectName(DOMAIN + ":type=state-machine-metrics,connector="
                + CONNECTOR + ",*"), null)) {
            Object value = jmx.getAttribute(n, "tracked-executions");
            tracked.put(n.getKeyProperty("state-machine"), value instanceof Number number ? number.intValue() : 0);
        }
        return tracked;
    }
}
