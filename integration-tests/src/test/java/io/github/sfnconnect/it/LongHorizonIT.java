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

import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.github.sfnconnect.emulator.ScaledClock;

/**
 * About 130 simulated days of one account through a real Connect worker with exactly-once support: the emulator's
 * clock runs 75,000 times faster than the wall clock, and the connector judges executions by the service's clock
 * (the {@code Date} of its answers), so a poll every 200 ms is one every few simulated hours. The account
 * ({@link LongHorizonWorkload}) has steady starts of executions that run for seconds, days and months, a burst of
 * more than 2,000 open at once, redrives soon after a failure and at the very end of the 14-day period, names used
 * again after 90-day retention, executions started through a version and an alias (one state machine is streamed
 * by its alias ARN only), and a state machine deleted and created again. The connector is restarted every few
 * simulated days, and stopped for an hour, a day and 16 days.
 * <p>
 * At every restart and at the end: nothing missing (every terminal state that lasted a simulated day while the
 * connector ran), nothing invented, no duplicate. At the end also: the execution offsets left and the executions the
 * task holds stay within the open executions and a small margin (docs/guarantees.md).
 */
@Tag(LongHorizonIT.LONG_HORIZON)
class LongHorizonIT {

    /** Runs on the Connect 4.x line only (about 3 minutes); the 3.7 line runs it with -Dconnect37.excludedGroups=. */
    static final String LONG_HORIZON = "long-horizon";

    private static final double FACTOR = 75_000;
    private static final long DAY = LongHorizonWorkload.DAY;
    private static final int SIMULATED_DAYS = 130;
    private static final String CONNECTOR = "months";
    private static final String DOMAIN = "kafka.connect.stepfunctions";

    @Test
    void monthsOfOneAccount() throws Exception {
        Instant simStart = Instant.now().minus(SIMULATED_DAYS + 20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
        ScaledClock clock = new ScaledClock(simStart, FACTOR);
        clock.pause();
        try (ConnectHarness harness = new ConnectHarness(1, Map.of("exactly.once.source.support", "enabled"), clock)) {
            EmbeddedConnectCluster connect = harness.connect();
            keepForever(harness, ConnectHarness.TOPIC);
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
        props.put("consistency.window.ms", Long.toString(10 * LongHorizonWorkload.MINUTE));
        props.put("exactly.once.support", "required");
        props.put("execution.detail", "summary"); // describes cost real time: summary keeps pace with the clock
        props.put("list.page.size", "1000");
        harness.startConnector(CONNECTOR, props, workload.streamed());
        List<long[]> running = new ArrayList<>();
        long upSince = clock.millis();
        clock.resume();
        long started = System.currentTimeMillis();
        long[][] outages = {{20 * DAY, LongHorizonWorkload.HOUR}, {45 * DAY, DAY}, {75 * DAY, 16 * DAY}};
        int nextOutage = 0;
        long nextRestart = clock.millis() + 4 * DAY;
        long simEnd = clock.millis() + SIMULATED_DAYS * DAY;
        int maxTracked = 0;
        int maxOpen = 0;
        long lastSample = 0;
        int restarts = 0;
        while (clock.millis() < simEnd) {
            workload.step(true);
            long sim = clock.millis() - (simEnd - SIMULATED_DAYS * DAY);
            if (nextOutage < outages.length && sim >= outages[nextOutage][0]) {
                running.add(new long[] {upSince, clock.millis()});
                check(workload, watcher, running, clock.millis(), "before the outage of "
                        + Duration.ofMillis(outages[nextOutage][1]));
                connect.stopConnector(CONNECTOR);
                connect.assertions().assertConnectorIsStopped(CONNECTOR, "connector did not stop");
                long resumeAt = clock.millis() + outages[nextOutage][1];
                while (clock.millis() < resumeAt) {
                    workload.step(true);
                    Thread.sleep(10);
                }
                connect.resumeConnector(CONNECTOR);
                upSince = clock.millis();
                nextOutage++;
            } else if (clock.millis() >= nextRestart) {
                running.add(new long[] {upSince, clock.millis()});
                check(workload, watcher, running, clock.millis(), "at restart " + (++restarts));
                connect.restartConnectorAndTasks(CONNECTOR, false, true, false);
                upSince = clock.millis();
                nextRestart = clock.millis() + (3 + restarts % 4) * DAY;
            }
            if (System.currentTimeMillis() - lastSample > 2_000) {
                maxTracked = Math.max(maxTracked, trackedExecutions());
                maxOpen = Math.max(maxOpen, workload.open());
                lastSample = System.currentTimeMillis();
            }
            Thread.sleep(10);
        }
        // the end: no new executions; the last ones end, the connector catches up
        long drainUntil = clock.millis() + 3 * DAY;
        while (clock.millis() < drainUntil) {
            workload.step(false);
            Thread.sleep(10);
        }
        clock.pause();
        Thread.sleep(3_000);
        running.add(new long[] {upSince, clock.millis()});
        long realSeconds = (System.currentTimeMillis() - started) / 1000;
        Set<String> finallyRequired = workload.required(running, DAY, clock.millis() + 1);
        ConnectHarness.await("every change delivered at the end", Duration.ofSeconds(120),
                () -> watcher.lifeCounts(workload.executionArnPrefix()).keySet().containsAll(finallyRequired),
                () -> missing(finallyRequired, watcher).size() + " missing, e.g. "
                        + missing(finallyRequired, watcher).stream().limit(5).toList());
        check(workload, watcher, running, clock.millis(), "at the end");
        // let the clock run on a little, so that closed executions leave the window and their offsets go
        clock.resume();
        Thread.sleep(4_000);
        clock.pause();
        Thread.sleep(6_000);
        int open = workload.open();
        int offsetKeys = executionOffsetKeys(connect);
        int tracked = trackedExecutions();
        System.out.printf("[long horizon] %d simulated days in %d s: executions=%d states emitted=%d restarts=%d "
                        + "outages=%d; open now=%d (max %d); execution offset keys=%d; tracked now=%d (max %d); API "
                        + "calls=%s%n", SIMULATED_DAYS, realSeconds, workload.executions(),
                watcher.lifeCounts(workload.executionArnPrefix()).size(), restarts, outages.length, open, maxOpen,
                offsetKeys, tracked, maxTracked, new java.util.TreeMap<>(harness.emulator().callCounts()));
        assertThat(offsetKeys).as("execution offsets left: the open executions, and a few closed ones whose "
                + "deletion is pending").isLessThanOrEqualTo(open + 100);
        assertThat(tracked).as("executions the task holds at the end").isLessThanOrEqualTo(open + 100);
        assertThat(maxTracked).as("executions the task held at most").isLessThanOrEqualTo(maxOpen + 2_500);
        connect.deleteConnector(CONNECTOR);
    }

    /** Nothing invented, nothing repeated, and every state that lasted a simulated day while running is there. */
    private static void check(LongHorizonWorkload workload, TopicWatcher watcher, List<long[]> running, long nowMs,
                              String when) throws InterruptedException {
        Set<String> required = workload.required(running, DAY, nowMs - 2 * DAY);
        ConnectHarness.await("every change " + when, Duration.ofSeconds(60),
                () -> watcher.lifeCounts(workload.executionArnPrefix()).keySet().containsAll(required),
                () -> missing(required, watcher).size() + " missing, e.g. "
                        + missing(required, watcher).stream().limit(5).toList());
        Map<String, Long> counts = watcher.lifeCounts(workload.executionArnPrefix());
        Set<String> invented = new HashSet<>(counts.keySet());
        invented.removeAll(workload.possible());
        assertThat(invented).as("records of states that never happened, or of executions not streamed, %s", when)
                .isEmpty();
        assertThat(counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
                .as("duplicates with exactly-once, %s", when).isEmpty();
        System.out.printf("[long horizon] %s: %d states emitted, %d required, none missing, invented or repeated%n",
                when, counts.size(), required.size());
    }

    private static Set<String> missing(Set<String> required, TopicWatcher watcher) {
        Set<String> missing = new HashSet<>(required);
        missing.removeAll(watcher.lifeCounts("").keySet());
        return missing;
    }

    /** The execution topic keeps the records for ever: their timestamps are the (simulated) change times. */
    private static void keepForever(ConnectHarness harness, String topic) throws Exception {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers",
                harness.connect().kafka().bootstrapServers()))) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(
                    new AlterConfigOp(new ConfigEntry("retention.ms", "-1"), AlterConfigOp.OpType.SET)))).all().get();
        }
    }

    private static int executionOffsetKeys(EmbeddedConnectCluster connect) {
        return (int) connect.connectorOffsets(CONNECTOR).offsets().stream()
                .filter(o -> o.partition().containsKey("execution_arn")).count();
    }

    /** The tracked-executions gauges of the connector's tasks, summed (JMX of this JVM, where the worker runs). */
    private static int trackedExecutions() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        double sum = 0;
        for (ObjectName n : jmx.queryNames(new ObjectName(DOMAIN + ":type=state-machine-metrics,connector="
                + CONNECTOR + ",*"), null)) {
            Object value = jmx.getAttribute(n, "tracked-executions");
            sum += value instanceof Number number ? number.doubleValue() : 0;
        }
        return (int) sum;
    }
}
