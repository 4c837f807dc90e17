package io.github.sfnconnect.benchmark;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import io.github.sfnconnect.benchmark.ListLog.Call;

/**
 * Many state machines, few of them active ({@link ScalePlan}): the connector, whose quiet state machines may wait up
 * to {@code poll.interval.max.ms}, against today's round-robin (the same connector with {@code poll.interval.max.ms}
 * equal to {@code poll.interval.ms}), side by side in the benchmark's worker, each on its own emulated account with
 * the published ListExecutions bucket, both within the default list share. The run is compressed by scaled rates;
 * every figure is in real-world units.
 * <p>
 * Everything is measured from outside the connector: list calls, their timing and what their answers held from each
 * emulator's request log ({@link ListLog}), change times from the emulator's executions, and record arrival from a
 * reader of each topic ({@link TopicReader}).
 */
final class ScaleRun {

    private static final String[] SIDES = {"connector", "baseline"};

    private final ScalePlan plan;
    private final BenchCluster cluster;
    private final Path output;

    private ScaleRun(ScalePlan plan, BenchCluster cluster, Path output) {
        this.plan = plan;
        this.cluster = cluster;
        this.output = output;
    }

    /**
     * Runs the scenario; the figures' inputs and the raw counts, for results.json. Each side's list calls go to
     * {@code scale/<side>-list-calls.csv} in the output directory, for a closer look at the schedule.
     */
    static Map<String, Object> run(Settings settings, BenchCluster cluster) throws Exception {
        return new ScaleRun(settings.scale(), cluster, settings.output().resolve("scale")).run();
    }

    private Map<String, Object> run() throws Exception {
        Benchmark.progress(String.format(Locale.ROOT, "scale: %,d state machines, %d active; connector"
                        + " (poll.interval.max.ms %,d) and round-robin baseline side by side at %sx real time",
                plan.stateMachines(), plan.active(), plan.maxIntervalMs(), Results.format(plan.factor())));
        Workload accountShape = new Workload(plan.seed(), plan.stateMachines(), 0, 0, 0, 0, 0, 0,
                java.time.Duration.ofHours(1));
        Instant historyFrom = Instant.now().minus(1, ChronoUnit.DAYS);
        try (SimulatedAccount c = new SimulatedAccount(accountShape);
             SimulatedAccount b = new SimulatedAccount(accountShape)) {
            List<SimulatedAccount> accounts = List.of(c, b);
            List<ListLog> logs = new ArrayList<>();
            for (SimulatedAccount account : accounts) {
                account.writeClosedOnEach(plan.quietHistory(), historyFrom);
                account.emulator().faults()
                        .throttle(ApiCalls.LIST, ScalePlan.LIST_BUCKET, ScalePlan.LIST_REFILL * plan.factor())
                        .throttle(ApiCalls.DESCRIBE, ScalePlan.DESCRIBE_BUCKET,
                                ScalePlan.DESCRIBE_REFILL * plan.factor());
                ListLog log = new ListLog(account.stateMachineArns());
                account.emulator().observe(log);
                logs.add(log);
            }
            List<ConnectorSubject> subjects = List.of(
                    new ConnectorSubject(cluster, "c-fleet", c, 1, plan.connectorProperties(false)),
                    new ConnectorSubject(cluster, "b-fleet", b, 1, plan.connectorProperties(true)));
            try (ScaleLoad load = new ScaleLoad(plan, accounts);
                 TopicReader cr = new TopicReader(cluster.bootstrapServers(), subjects.get(0).topic());
                 TopicReader br = new TopicReader(cluster.bootstrapServers(), subjects.get(1).topic())) {
                return measure(accounts, logs, subjects, load, List.of(cr, br));
            } finally {
                for (ConnectorSubject subject : subjects) {
                    subject.close();
                }
            }
        }
    }

    private Map<String, Object> measure(List<SimulatedAccount> accounts, List<ListLog> logs,
                                        List<ConnectorSubject> subjects, ScaleLoad load, List<TopicReader> readers)
            throws Exception {
        long startMs = System.currentTimeMillis();
        load.start();
        // side by side: validate() alone checks state machines for up to 30 s per connector
        var baselineStarted = CompletableFuture.runAsync(() -> start(subjects.get(1)));
        start(subjects.get(0));
        Phases.get(baselineStarted);
        // ---- warm-up: every state machine listed by both sides (each tracker exists from then on)
        // the first pass: up to 3 list calls per state machine at the share, compressed, and a describe and an
        // offset read each on the wall clock (0.2 s measured; 1 s allowed)
        long firstPassMs = Math.round(plan.stateMachines() * 3 / plan.listShare() * 1000);
        long warmUpTimeoutMs = 3 * plan.wallMs(firstPassMs) + plan.stateMachines() * 1_000L + 120_000;
        long warmUpUntil = startMs + plan.wallMs(plan.warmUpMs());
        while (System.currentTimeMillis() < warmUpUntil || logs.stream()
                .anyMatch(l -> l.listedStateMachines() < plan.stateMachines())) {
            if (System.currentTimeMillis() - startMs > warmUpTimeoutMs) {
                throw new IllegalStateException("Scale run: after " + warmUpTimeoutMs / 1000 + " s the connector has"
                        + " listed " + logs.get(0).listedStateMachines() + " and the baseline "
                        + logs.get(1).listedStateMachines() + " of the " + plan.stateMachines() + " state machines"
                        + " (see benchmark.log)");
            }
            Thread.sleep(250);
            failIfATaskFailed(subjects);
        }
        long fromMs = System.currentTimeMillis();
        // the first pass reads each state machine's offsets and describes it, one after the other: a start-up cost on
        // the wall clock, which the compression would multiply; unlisted times are counted from its end
        long[] firstPassEndMs = logs.stream().mapToLong(ListLog::firstPassEndMs).toArray();
        Benchmark.progress(String.format(Locale.ROOT, "scale: warm-up over after %.0f s wall (%.1f min"
                        + " real): every state machine listed by both sides; measuring for %.1f min real",
                (fromMs - startMs) / 1000.0, (fromMs - startMs) * plan.factor() / 60_000,
                plan.quietSpanMs() / 60_000.0));
        long changesToMs = fromMs + plan.wallMs(plan.measureMs());
        long toMs = fromMs + plan.wallMs(plan.quietSpanMs());
        long nextReport = fromMs + 60_000;
        while (System.currentTimeMillis() < toMs) {
            Thread.sleep(Math.min(1_000, Math.max(1, toMs - System.currentTimeMillis())));
            failIfATaskFailed(subjects);
            if (System.currentTimeMillis() >= nextReport) {
                nextReport += 60_000;
                Benchmark.progress(String.format(Locale.ROOT, "scale: %.0f%% through; list calls %d / %d,"
                                + " records %d / %d (connector / baseline)",
                        100.0 * (System.currentTimeMillis() - fromMs) / (toMs - fromMs),
                        logs.get(0).calls().size(), logs.get(1).calls().size(), readers.get(0).count(),
                        readers.get(1).count()));
            }
        }
        load.close();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("plan", plan.toJson());
        out.put("warm_up_wall_seconds", (fromMs - startMs) / 1000.0);
        out.put("measured_wall_seconds", (toMs - fromMs) / 1000.0);
        out.put("measured_real_minutes", (toMs - fromMs) * plan.factor() / 60_000);
        for (int side = 0; side < SIDES.length; side++) {
            List<ScaleLatency.Change> changes = ScaleLatency.changes(accounts.get(side).emulator(),
                    load.startedOn(side), readers.get(side), logs.get(side), fromMs, changesToMs);
            Map<String, Object> d = side(logs.get(side).calls(), load.activeMachines(), firstPassEndMs[side], fromMs,
                    toMs);
            d.put("first_pass_wall_seconds", (firstPassEndMs[side] - startMs) / 1000.0);
            d.put("latency_active", ScaleLatency.summary(changes, plan.factor(), toMs));
            d.put("records", readers.get(side).count());
            d.put("api_calls_by_action", new TreeMap<>(accounts.get(side).emulator().callCounts()));
            d.put("throttled", accounts.get(side).emulator().faults().injectedCounts());
            d.put("task_failures", subjects.get(side).failures());
            d.put("list_calls_file", writeCalls(SIDES[side], logs.get(side).calls(), load.activeMachines(), startMs)
                    .toString());
            out.put(SIDES[side], d);
        }
        out.put("load", Machine.load());
        Benchmark.progress("scale: " + summaryLine(out));
        return out;
    }

    /**
     * One side's list figures over the measured span, in real-world units; unlisted times are counted from
     * {@code firstPassEndMs} at the earliest.
     */
    private Map<String, Object> side(List<Call> calls, List<Integer> active, long firstPassEndMs, long fromMs,
                                     long toMs) {
        Set<Integer> activeSet = new HashSet<>(active);
        List<Integer> quiet = new ArrayList<>();
        for (int i = 0; i < plan.stateMachines(); i++) {
            if (!activeSet.contains(i)) {
                quiet.add(i);
            }
        }
        Map<Integer, Long> quietGaps = ScaleFigures.longestUnlisted(calls, quiet, firstPassEndMs, fromMs, toMs);
        Map<Integer, Long> activeGaps = ScaleFigures.longestUnlisted(calls, active, firstPassEndMs, fromMs, toMs);
        long boundWallMs = plan.wallMs(plan.maxIntervalMs());
        Percentiles quietLongest = new Percentiles(quietGaps.values().stream().toList());
        int listCalls = ScaleFigures.count(calls, fromMs, toMs);
        int unchanged = ScaleFigures.withoutChange(calls, fromMs, toMs);
        long windowWallMs = plan.wallMs(ScalePlan.RATE_WINDOW_MS);
        int peak = ScaleFigures.peakCalls(calls, fromMs, toMs, windowWallMs);
        double seconds = (toMs - fromMs) * plan.factor() / 1000.0;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("max_check_interval_quiet_ms", quietLongest.max() * plan.factor());
        d.put("quiet_longest_unlisted_ms", Map.of("p50", quietLongest.at(50) * plan.factor(), "p99",
                quietLongest.at(99) * plan.factor(), "max", quietLongest.max() * plan.factor()));
        d.put("quiet_state_machines_over_the_connectors_bound",
                quietGaps.values().stream().filter(g -> g > boundWallMs).count());
        d.put("max_check_interval_active_ms",
                activeGaps.values().stream().mapToLong(Long::longValue).max().orElse(0) * plan.factor());
        d.put("list_calls", listCalls);
        d.put("list_calls_by_kind", Map.of("active", calls.stream().filter(c -> c.receivedMs() >= fromMs
                && c.receivedMs() < toMs && activeSet.contains(c.machine())).count(), "quiet",
                calls.stream().filter(c -> c.receivedMs() >= fromMs && c.receivedMs() < toMs
                        && !activeSet.contains(c.machine())).count()));
        Map<String, Long> activeByListing = new java.util.TreeMap<>();
        calls.stream().filter(c -> c.receivedMs() >= fromMs && c.receivedMs() < toMs
                && activeSet.contains(c.machine())).forEach(c -> activeByListing.merge(c.kind(), 1L, Long::sum));
        d.put("active_list_calls_by_listing", activeByListing);
        // how often an active state machine's window was listed: the check interval its changes wait on
        List<Long> activeChecks = ScaleFigures.gaps(calls.stream().filter(c -> c.kind().equals("window")).toList(),
                active, fromMs, toMs);
        Percentiles activeCheck = new Percentiles(activeChecks);
        d.put("active_check_interval_ms", Map.of("p50", activeCheck.at(50) * plan.factor(), "p99",
                activeCheck.at(99) * plan.factor(), "samples", activeChecks.size()));
        d.put("list_calls_without_change", unchanged);
        d.put("list_calls_without_change_share", listCalls == 0 ? Double.NaN : (double) unchanged / listCalls);
        d.put("list_calls_failed", calls.stream().filter(c -> c.receivedMs() >= fromMs && c.receivedMs() < toMs
                && !c.succeeded()).count());
        d.put("list_calls_per_second_peak", peak / (ScalePlan.RATE_WINDOW_MS / 1000.0));
        d.put("list_calls_peak_window", peak + " calls in " + ScalePlan.RATE_WINDOW_MS / 1000 + " s real ("
                + windowWallMs + " ms wall)");
        d.put("list_calls_per_second_mean", listCalls / seconds);
        d.put("method", "from the emulator's request log: list calls received from the end of the warm-up to the end"
                + " of the run (" + Results.format(seconds / 60) + " min real); a state machine's longest unlisted"
                + " time counts every gap between its calls that ends in that span, and the gap still open at its"
                + " end, each from the end of the side's first pass at the earliest; a call without change is one whose answer held no execution new or changed (status, redrive"
                + " count) since that state machine's previous answer; the peak rate is the most calls received in"
                + " any " + ScalePlan.RATE_WINDOW_MS / 1000 + " s (real) window. Wall times x" + plan.factor());
        return d;
    }

    /** One line per list call: wall ms since the start, the state machine, active or not, and what it found. */
    private Path writeCalls(String side, List<Call> calls, List<Integer> active, long startMs) throws IOException {
        Files.createDirectories(output);
        Path file = output.resolve(side + "-list-calls.csv");
        Set<Integer> activeSet = new HashSet<>(active);
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("received_wall_ms,answered_wall_ms,state_machine,active,succeeded,changed\n");
            for (Call c : calls) {
                out.write((c.receivedMs() - startMs) + "," + (c.answeredMs() - startMs) + "," + c.machine() + ","
                        + activeSet.contains(c.machine()) + "," + c.succeeded() + "," + c.changed() + "\n");
            }
        }
        return file;
    }

    /** Starts a connector, as an unchecked failure (for running it on another thread). */
    private static void start(ConnectorSubject subject) {
        try {
            subject.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + subject.name(), e);
        }
    }

    private static void failIfATaskFailed(List<ConnectorSubject> subjects) {
        for (ConnectorSubject subject : subjects) {
            if (subject.failures() > 0) {
                throw new IllegalStateException("Scale run: connector " + subject.name() + " has a failed task;"
                        + " see benchmark.log");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static String summaryLine(Map<String, Object> out) {
        StringBuilder line = new StringBuilder();
        for (String side : SIDES) {
            Map<String, Object> d = (Map<String, Object>) out.get(side);
            Map<String, Object> latency = (Map<String, Object>) d.get("latency_active");
            line.append(side).append(": p99 ").append(Results.format((double) latency.get("p99_ms")))
                    .append(" ms (").append(latency.get("changes")).append(" changes), quiet unlisted at most ")
                    .append(Results.format((double) d.get("max_check_interval_quiet_ms"))).append(" ms, ")
                    .append(Results.format((double) d.get("list_calls_per_second_peak"))).append(" lists/s peak; ");
        }
        return line.toString();
    }
}
