package io.github.sfnconnect.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.sfnconnect.emulator.ExecutionStatus;
import io.github.sfnconnect.emulator.ExecutionView;

/**
 * Hard crashes, measured: a distributed Connect worker in a JVM of its own ({@link WorkerProcess}, the connector
 * from its unpacked Hub archive) is killed with SIGKILL mid-stream several times while a live workload runs, and
 * started again each time (same group, same internal topics). Once the workload has ended and the connector has
 * caught up, the execution topic is compared with the emulator's truth: every execution's last state must be
 * there (missing), and no change may be there twice (duplicates).
 * <p>
 * Twice: with exactly-once delivery (worker {@code exactly.once.source.support=enabled}, connector
 * {@code exactly.once.support=required}), read with {@code read_committed}; and at-least-once, where a change
 * delivered after the last offset commit before a kill may come again. For that mode each kill's bound is the
 * records that became readable from 2 s before the last offset commit the harness saw until 3 s after the kill
 * (the restarted worker needs longer than that to produce again).
 * <p>
 * It also reads the offsets the connector leaves: a closed execution behind the consistency window should have none
 * once the connector has caught up, since each one left is read by every later restart and never deleted.
 */
final class CrashRun {

    /** The run's size: kills, live workload, offset commit interval. */
    record Plan(int kills, Duration live, double startsPerSecond, long meanRunTimeMs, long offsetFlushMs,
                long pollIntervalMs) {
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("kills_per_mode", kills);
            json.put("live_seconds", live.toSeconds());
            json.put("starts_per_second", startsPerSecond);
            json.put("mean_run_time_ms", meanRunTimeMs);
            json.put("offset_flush_interval_ms", offsetFlushMs);
            json.put("poll_interval_ms", pollIntervalMs);
            json.put("signal", "SIGKILL (Process.destroyForcibly), then a new worker JVM with the same group and "
                    + "scheduled.rebalance.max.delay.ms=0");
            return json;
        }
    }

    /** {@code consistency.window.ms} of the connector under test. */
    private static final long WINDOW_MS = 5_000;

    private final ObjectMapper json = new ObjectMapper();
    private final Settings settings;
    private final BenchCluster cluster;
    private final Plan plan;

    private CrashRun(Settings settings, BenchCluster cluster, Plan plan) {
        this.settings = settings;
        this.cluster = cluster;
        this.plan = plan;
    }

    static Map<String, Object> run(Settings settings, BenchCluster cluster, Plan plan) throws Exception {
        CrashRun run = new CrashRun(settings, cluster, plan);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("plan", plan.toJson());
        out.put("exactly_once", run.mode(true));
        out.put("at_least_once", run.mode(false));
        return out;
    }

    @SuppressWarnings("try") // the offsets topic is read in the background for as long as its block runs
    private Map<String, Object> mode(boolean exactlyOnce) throws Exception {
        String name = exactlyOnce ? "crash-eos" : "crash-alo";
        String topic = name;
        cluster.connect().kafka().createTopic(topic, 1);
        cluster.connect().kafka().createTopic(topic + ".checkpoints", 1);
        Workload workload = new Workload(exactlyOnce ? 11L : 12L, 2, 0, 0, plan.startsPerSecond(),
                plan.meanRunTimeMs(), 0.2, 0.5, Duration.ofHours(1));
        Path directory = settings.output().resolve("crash");
        Map<String, String> worker = new HashMap<>();
        worker.put("offset.flush.interval.ms", Long.toString(plan.offsetFlushMs()));
        // a killed worker never says goodbye: Connect would keep its tasks unassigned for up to 5 minutes, waiting for
        // it to come back; the restarted worker is a new member, so reassign at once (only the run's length changes)
        worker.put("scheduled.rebalance.max.delay.ms", "0");
        if (exactlyOnce) {
            worker.put("exactly.once.source.support", "enabled");
        }
        List<String> jvm = List.of("-XX:TieredStopAtLevel=1");
        Benchmark.progress("crash (" + name + "): " + plan.kills() + " SIGKILLs during " + plan.live().toSeconds()
                + " s of live workload");
        List<Map<String, Object>> kills = new ArrayList<>();
        List<Long> commitReadMs = new CopyOnWriteArrayList<>();
        Map<String, Boolean> executionOffsets = new ConcurrentHashMap<>(); // execution ARN -> stored (not deleted)
        Random random = new Random(exactlyOnce ? 41L : 42L);
        try (SimulatedAccount account = new SimulatedAccount(workload);
             TopicReader reader = new TopicReader(cluster.bootstrapServers(), topic, exactlyOnce)) {
            // each JVM keeps its own log (name-0.log, name-1.log, ...): what happened before a kill stays readable
            WorkerProcess current = new WorkerProcess(name, name + "-0", directory, cluster.bootstrapServers(), "512m",
                    jvm, worker);
            try (TopicTimeline offsets = new TopicTimeline(cluster.bootstrapServers(), current.offsetsTopic(),
                    exactlyOnce, r -> {
                        commitReadMs.add(System.currentTimeMillis());
                        String arn = executionArnOf(r.key());
                        if (arn != null) {
                            executionOffsets.put(arn, r.value() != null);
                        }
                    })) {
                current.putConnector(name, connectorProps(account, topic, exactlyOnce));
                awaitRunning(current, name);
                Thread live = new Thread(() -> {
                    try {
                        account.playLive(plan.live());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "crash-live-workload");
                long liveStart = System.currentTimeMillis();
                live.start();
                long every = plan.live().toMillis() / (plan.kills() + 1);
                for (int k = 0; k < plan.kills(); k++) {
                    // a random moment in each slice of the live phase, while records flow
                    long at = liveStart + every * k + every / 2 + (long) (random.nextDouble() * every / 2);
                    Thread.sleep(Math.max(0, at - System.currentTimeMillis()));
                    long readBefore = reader.count();
                    long killMs = System.currentTimeMillis();
                    current.close(); // SIGKILL
                    Map<String, Object> kill = new LinkedHashMap<>();
                    kill.put("at_live_second", (killMs - liveStart) / 1000.0);
                    kill.put("records_read_before", readBefore);
                    long lastCommit = commitReadMs.stream().filter(t -> t <= killMs).mapToLong(Long::longValue)
                            .max().orElse(liveStart);
                    kill.put("ms_since_last_offset_commit_seen", killMs - lastCommit);
                    kill.put("last_commit_ms", lastCommit);
                    kill.put("kill_ms", killMs);
                    kills.add(kill);
                    current = new WorkerProcess(name, name + "-" + (k + 1), directory, cluster.bootstrapServers(),
                            "512m", jvm, worker);
                    awaitRunning(current, name);
                    kill.put("back_running_after_ms", System.currentTimeMillis() - killMs);
                    Benchmark.progress("crash (" + name + "): kill " + (k + 1) + " at " + kill.get("at_live_second")
                            + " s, running again after " + kill.get("back_running_after_ms") + " ms");
                }
                live.join();
                Set<String> required = account.liveFinalStates();
                long deadline = System.currentTimeMillis() + 180_000;
                while (reader.missing(required) > 0 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(500);
                }
                Thread.sleep(4 * plan.pollIntervalMs() + 2_000); // anything that would be a duplicate arrives
                Map<String, Object> row = new LinkedHashMap<>();
                List<TopicReader.Observed> all = reader.readWhere(t -> true);
                row.put("live_started_ms", liveStart);
                Map<String, Integer> copies = new TreeMap<>();
                all.forEach(o -> copies.merge(o.key(), 1, Integer::sum));
                long duplicates = copies.values().stream().mapToLong(c -> c - 1).sum();
                row.put("executions", required.size());
                row.put("records", all.size());
                row.put("distinct_changes", copies.size());
                row.put("missing", reader.missing(required));
                row.put("missing_changes", reader.missingKeys(required, 10));
                // what the stream and Step Functions say about each missing change, in seconds of the live phase
                List<Map<String, Object>> traces = new ArrayList<>();
                for (String key : reader.missingKeys(required, 10)) {
                    String arn = key.substring(0, key.indexOf('|'));
                    Map<String, Object> trace = new LinkedHashMap<>();
                    trace.put("change", key);
                    account.emulator().execution(arn).ifPresent(v -> {
                        trace.put("started_at_s", (v.startDate().toEpochMilli() - liveStart) / 1000.0);
                        trace.put("stopped_at_s", v.stopDate() == null ? null
                                : (v.stopDate().toEpochMilli() - liveStart) / 1000.0);
                    });
                    trace.put("records_read_at_s", all.stream().filter(o -> o.executionArn().equals(arn))
                            .map(o -> o.status() + "|" + o.redriveCount() + "@" + (o.readMs() - liveStart) / 1000.0)
                            .toList());
                    traces.add(trace);
                }
                row.put("missing_traces", traces);
                row.put("duplicates", duplicates);
                row.put("duplicated_changes", copies.entrySet().stream().filter(e -> e.getValue() > 1)
                        .limit(10).map(Map.Entry::getKey).toList());
                if (!exactlyOnce) {
                    long bound = 0;
                    for (Map<String, Object> kill : kills) {
                        long from = (long) kill.get("last_commit_ms") - 2_000;
                        long to = (long) kill.get("kill_ms") + 3_000;
                        long atRisk = all.stream().filter(o -> o.readMs() > from && o.readMs() <= to).count();
                        kill.put("records_at_risk", atRisk);
                        bound += atRisk;
                    }
                    row.put("duplicate_bound", bound);
                }
                // closed executions leave the window and their offsets: one window, two commits and a few polls
                Thread.sleep(WINDOW_MS + 2 * plan.offsetFlushMs() + 5_000);
                row.putAll(offsetsLeft(account, executionOffsets));
                row.put("kills", kills);
                row.put("task_states_at_end", current.taskStates(name));
                row.put("worker_error_lines_last_jvm", current.errorLines());
                Benchmark.progress("crash (" + name + "): " + row.get("executions") + " executions, "
                        + row.get("records") + " records, missing " + row.get("missing") + ", duplicates "
                        + duplicates + (exactlyOnce ? "" : " (bound " + row.get("duplicate_bound") + ")")
                        + ", execution offsets left " + row.get("execution_offsets_left") + " (closed behind the window "
                        + row.get("closed_behind_the_window") + ")");
                return row;
            } finally {
                current.close();
            }
        }
    }

    /** The execution ARN of an offsets topic key {@code ["<connector>", {"execution_arn": "..."}]}, else null. */
    private String executionArnOf(String key) {
        try {
            JsonNode arn = key == null ? null : json.readTree(key).path(1).get("execution_arn");
            return arn == null ? null : arn.asText();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * The execution offsets still stored at the end, and those of them the connector no longer needs: closed, and
     * started more than the window before the newest start of their state machine (each state machine has its own
     * window), so no listing shows them again.
     */
    private static Map<String, Object> offsetsLeft(SimulatedAccount account, Map<String, Boolean> executionOffsets) {
        List<String> left = executionOffsets.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                .sorted().toList();
        Map<String, Long> newest = new HashMap<>();
        List<String> behind = new ArrayList<>();
        for (String arn : left) {
            ExecutionView view = account.emulator().execution(arn).orElse(null);
            if (view == null || view.status() == ExecutionStatus.RUNNING) {
                continue;
            }
            long newestStart = newest.computeIfAbsent(view.stateMachineArn(), sm -> account.emulator().executions(sm)
                    .stream().mapToLong(v -> v.startDate().toEpochMilli()).max().orElse(0));
            if (view.startDate().toEpochMilli() < newestStart - WINDOW_MS) {
                behind.add(arn.substring(arn.lastIndexOf(':', arn.lastIndexOf(':') - 1) + 1) + " " + view.status()
                        + "|" + view.redriveCount());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("execution_offsets_left", left.size());
        out.put("closed_behind_the_window", behind.size());
        out.put("closed_behind_the_window_sample", behind.stream().limit(10).toList());
        return out;
    }

    private Map<String, String> connectorProps(SimulatedAccount account, String topic, boolean exactlyOnce) {
        Map<String, String> props = new HashMap<>();
        props.put("connector.class", ConnectorSubject.CONNECTOR_CLASS);
        props.put("tasks.max", "1");
        props.put("topic", topic);
        props.putAll(ConnectorSubject.accountProperties(account));
        props.put("initial.position", "earliest");
        props.put("poll.interval.ms", Long.toString(plan.pollIntervalMs()));
        props.put("consistency.window.ms", Long.toString(WINDOW_MS));
        // the account's quota is not what is measured: the connector keeps up with the workload, so that the kills
        // fall while records flow
        props.put("aws.list.executions.rate.limit", "1000");
        props.put("aws.describe.execution.rate.limit", "1000");
        if (exactlyOnce) {
            props.put("exactly.once.support", "required");
        }
        return props;
    }

    private static void awaitRunning(WorkerProcess worker, String connector) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        // this worker's own task: the status topic still says RUNNING for the killed worker's task for a while
        while (!worker.ownTaskStates(connector).equals(List.of("RUNNING"))) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("connector " + connector + " not running in 120 s: "
                        + worker.taskStates(connector) + " " + worker.taskTrace(connector));
            }
            Thread.sleep(200);
        }
    }
}
