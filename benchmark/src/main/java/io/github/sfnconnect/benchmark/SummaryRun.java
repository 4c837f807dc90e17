package io.github.sfnconnect.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import io.github.sfnconnect.benchmark.TopicReader.Observed;
import io.github.sfnconnect.emulator.StepFunctionsEmulator;

/**
 * Issue 12's scenario: one busy STANDARD state machine streamed with {@code execution.detail=summary}, where a
 * change costs nothing but the {@code ListExecutions} pages that show it. For each start rate of the plan, first the
 * connector, then the list-only {@link NaiveBaseline} (every page, every poll, records from the listed items), each
 * alone on the machine with an account of its own playing the same seeded schedule: Poisson starts, each execution
 * ending a few seconds later, so that starts and ends both make changes.
 * <p>
 * The figure is changes streamed per {@code ListExecutions} call the emulator counted, over the part of the live
 * phase after the connector's window has filled ({@code consistency.window.ms} plus two polls, at most half the
 * phase): before that, the window holds less than it will. Changes are counted by when they happened (their start or
 * stop date), calls by when they were made. The whole run's ratio is kept too. Every side is checked
 * against the emulator's truth once it caught up: each execution's final state is in its topic (else the run
 * fails), no record holds a state the execution never went through, and repeats are counted.
 */
final class SummaryRun {

    /**
     * The scenario's size: each rate in {@code rates} (starts per second) for {@code live}; each execution runs as
     * {@code runTimes} says (uniform between 1 and 5 s in the full and quick runs); {@code failureShare} of executions fail, time out or abort (none is redriven:
     * the redriven listing's cost grows with redrives, not with the window this scenario measures); both sides poll
     * every {@code pollIntervalMs} (the connector's default, 5 s, in the full and quick runs). {@code connector}:
     * connector properties of this run (the smoke run shortens the consistency window).
     */
    record Plan(List<Double> rates, Duration live, RunTimes runTimes, double failureShare, long pollIntervalMs,
                long seed, Map<String, String> connector) {

        private static final List<String> KEYS = List.of("summaryRates", "summarySeconds", "summaryRunTimes",
                "summaryPollIntervalMs");

        Plan {
            rates = List.copyOf(rates);
            connector = Map.copyOf(connector);
            if (rates.isEmpty() || rates.stream().anyMatch(r -> !(r > 0)) || live.isNegative() || live.isZero()
                    || pollIntervalMs < 100 || failureShare < 0 || failureShare > 1) {
                throw new IllegalArgumentException("a summary plan needs positive rates, a live phase, a poll interval"
                        + " of at least 100 ms and a failure share in [0, 1]: " + rates + ", " + live + ", "
                        + pollIntervalMs + " ms, " + failureShare);
            }
        }

        static boolean knows(String key) {
            return KEYS.contains(key);
        }

        Plan with(String key, String v) {
            return switch (key) {
                case "summaryRates" -> new Plan(java.util.Arrays.stream(v.split(",")).map(Double::parseDouble)
                        .toList(), live, runTimes, failureShare, pollIntervalMs, seed, connector);
                case "summarySeconds" -> new Plan(rates, Duration.ofSeconds(Long.parseLong(v)), runTimes,
                        failureShare, pollIntervalMs, seed, connector);
                case "summaryRunTimes" -> new Plan(rates, live, RunTimes.parse(v), failureShare, pollIntervalMs,
                        seed, connector);
                case "summaryPollIntervalMs" -> new Plan(rates, live, runTimes, failureShare, Long.parseLong(v),
                        seed, connector);
                default -> throw new IllegalArgumentException(key);
            };
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("starts_per_second", rates);
            json.put("state_machines", 1);
            json.put("live_phase_seconds", live.toSeconds());
            json.put("run_time", runTimes.toString());
            json.put("failure_share", failureShare);
            json.put("redrives", "none");
            json.put("poll_interval_ms", pollIntervalMs);
            json.put("seed", seed);
            json.put("connector_overrides", new TreeMap<>(connector));
            return json;
        }
    }

    private final BenchCluster cluster;
    private final Plan plan;
    private final Map<String, String> props;
    private final long windowMs;

    private SummaryRun(Settings settings, BenchCluster cluster) {
        this.cluster = cluster;
        this.plan = settings.summary();
        Map<String, String> p = new LinkedHashMap<>(settings.connectorProperties());
        p.put("execution.detail", "summary");
        p.put("poll.interval.ms", Long.toString(plan.pollIntervalMs()));
        // the adaptive depth is opt-in (it may miss an execution that appears later than the current depth)
        p.put("consistency.window.min.ms", "5000");
        p.putAll(plan.connector());
        this.props = p;
        this.windowMs = Long.parseLong(props.getOrDefault("consistency.window.ms", "60000"));
    }

    /** Runs every rate of the plan, connector then baseline; the figures' inputs and every raw count. */
    static Map<String, Object> run(Settings settings, BenchCluster cluster) throws Exception {
        return new SummaryRun(settings, cluster).run();
    }

    private Map<String, Object> run() throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("plan", plan.toJson());
        out.put("connector_properties", new TreeMap<>(props));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (double rate : plan.rates()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("starts_per_second", rate);
            row.put("connector", side(rate, true));
            row.put("baseline", side(rate, false));
            rows.add(row);
        }
        out.put("rates", rows);
        return out;
    }

    /** One side at one rate, on an account of its own. */
    private Map<String, Object> side(double rate, boolean isConnector) throws Exception {
        String label = (isConnector ? "connector" : "baseline") + " at " + Results.format(rate) + " starts/s";
        Workload workload = new Workload(plan.seed(), 1, 0, 0, rate, plan.runTimes().minMs(), plan.failureShare(),
                0.0, Duration.ofHours(1));
        long poll = plan.pollIntervalMs();
        try (SimulatedAccount account = new SimulatedAccount(workload, plan.runTimes())) {
            StepFunctionsEmulator sfn = account.emulator();
            String machine = account.stateMachineArns().get(0);
            String name = "summary-" + Math.round(rate);
            Subject subject;
            if (isConnector) {
                subject = new ConnectorSubject(cluster, "c-" + name, account, 1, props);
            } else {
                NaiveBaseline baseline = NaiveBaseline.listOnly(name, "b-" + name, account, poll,
                        cluster.bootstrapServers());
                cluster.createTopics(baseline.topic());
                subject = baseline;
            }
            try (TopicReader reader = new TopicReader(cluster.bootstrapServers(), subject.topic())) {
                Benchmark.progress("summary: " + label + " for " + plan.live().toSeconds() + " s");
                subject.start();
                await(label + " to list once", Duration.ofSeconds(60), () -> sfn.callCount(ApiCalls.LIST) > 0);
                ApiCalls.Snapshot whole = ApiCalls.from(sfn);
                long liveStart = System.currentTimeMillis();
                long warmUpMs = Math.min(windowMs + 2 * poll, plan.live().toMillis() / 2);
                long steadyFrom = liveStart + warmUpMs;
                long steadyTo = liveStart + plan.live().toMillis();
                Marks marks = new Marks(sfn, subject, steadyFrom, steadyTo);
                marks.start();
                account.playLive(plan.live());
                long liveEnd = System.currentTimeMillis();
                marks.join();

                // the emulator's truth: every execution's final state must be in the topic
                Set<String> finals = new HashSet<>();
                sfn.executions(machine).forEach(v -> finals.add(v.executionArn() + "|" + v.status().name() + "|"
                        + v.redriveCount()));
                await(label + " to stream the final state of the " + finals.size() + " executions",
                        Duration.ofMillis(Math.max(120_000, 4 * windowMs)), () -> reader.missing(finals) == 0,
                        () -> reader.missing(finals) + " missing, e.g. " + reader.missingKeys(finals, 5));
                long caughtUpMs = System.currentTimeMillis();
                Thread.sleep(2 * poll + 1_000); // anything that would be a repeat arrives
                ApiCalls total = whole.sinceThen();
                int failures = subject.failures();
                return figures(label, reader, account, finals, total, marks, liveStart, liveEnd, caughtUpMs,
                        failures, warmUpMs);
            } finally {
                subject.close();
            }
        }
    }

    private Map<String, Object> figures(String label, TopicReader reader, SimulatedAccount account,
                                        Set<String> finals, ApiCalls total, Marks marks, long liveStart,
                                        long liveEnd, long caughtUpMs, int failures, long warmUpMs) {
        List<Observed> records = reader.readWhere(ms -> true);
        Set<String> possible = account.livePossibleStates();
        Set<String> distinct = new HashSet<>();
        Set<String> invented = new java.util.TreeSet<>(); // sorted: the sample printed is stable
        List<Long> latencies = new ArrayList<>();
        for (Observed o : records) {
            distinct.add(o.key());
            if (!possible.contains(o.key())) {
                invented.add(o.key());
            }
            latencies.add(o.readMs() - o.changeMs());
        }
        ApiCalls steady = marks.steady();
        // by the change's own time: changes happen evenly, records arrive in a burst per poll
        long steadyRecords = records.stream().filter(o -> o.changeMs() >= marks.fromMs && o.changeMs() < marks.toMs)
                .map(Observed::key).distinct().count();
        Percentiles latency = new Percentiles(latencies);
        Map<String, Object> d = new LinkedHashMap<>();
        double perList = (double) steadyRecords / Math.max(1, steady.lists());
        d.put("changes_per_list_call", perList);
        d.put("steady", Map.of("from_s", warmUpMs / 1000.0, "to_s", (marks.toMs - liveStart) / 1000.0,
                "records", steadyRecords, "api_calls", steady.byAction(),
                "describe_calls_per_change", (double) steady.describes() / Math.max(1, steadyRecords),
                "method", "distinct records whose change (start or stop date) came between the two marks (seconds"
                        + " after the live phase began) over the calls the emulator counted between them"));
        d.put("whole_run", Map.of("records", records.size(), "api_calls", total.byAction(),
                "changes_per_list_call", (double) distinct.size() / Math.max(1, total.lists()),
                "seconds_live", (liveEnd - liveStart) / 1000.0,
                "seconds_to_caught_up_after_live", (caughtUpMs - liveEnd) / 1000.0));
        d.put("executions", finals.size());
        d.put("changes", distinct.size());
        d.put("repeated_records", records.size() - distinct.size());
        d.put("missing_final_states", reader.missing(finals));
        d.put("invented_states", invented.size());
        d.put("latency_ms", Map.of("p50", latency.at(50), "p99", latency.at(99), "max", latency.max(),
                "method", "read time minus the change's time (start or stop date)"));
        d.put("player_max_lag_ms", account.maxPlayLagMs());
        d.put("max_time_since_last_cycle_ms", marks.maxSinceCycleMs.get());
        if (marks.maxDepthMs.get() >= 0) {
            d.put("window_depth_ms_in_steady_part", Map.of("min", marks.minDepthMs.get(), "max",
                    marks.maxDepthMs.get(), "method", "the connector's window-depth-ms, read every 100 ms"));
        }
        d.put("task_failures", failures);
        d.put("load", Machine.load());
        if (!invented.isEmpty()) {
            throw new IllegalStateException("Summary run, " + label + ": records of states that never happened, e.g. "
                    + invented.stream().limit(5).toList());
        }
        Benchmark.progress("summary: " + label + ": " + Results.format(perList) + " changes per list call ("
                + steadyRecords + " records, " + steady.byAction() + " after the warm-up), " + distinct.size()
                + " changes in all, " + (records.size() - distinct.size()) + " repeated, 0 missing; latency p99 "
                + latency.at(99) + " ms, player " + account.maxPlayLagMs() + " ms behind at worst, load "
                + Machine.load());
        return d;
    }

    /**
     * The call counts at the two marks of the steady part, taken on a thread of their own while the live phase
     * plays; and, for the connector, the longest time between two completed cycles seen meanwhile (whether its
     * cycles kept up with the poll interval).
     */
    private static final class Marks extends Thread {
        final long fromMs;
        final long toMs;
        private final StepFunctionsEmulator sfn;
        private final Subject subject;
        private final AtomicReference<ApiCalls.Snapshot> from = new AtomicReference<>();
        private final AtomicReference<ApiCalls> steady = new AtomicReference<>();
        final AtomicLong maxSinceCycleMs = new AtomicLong(-1);
        /** The connector's window-depth-ms over the steady part: least and most. */
        final AtomicLong minDepthMs = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong maxDepthMs = new AtomicLong(-1);

        Marks(StepFunctionsEmulator sfn, Subject subject, long fromMs, long toMs) {
            super("bench-summary-marks");
            setDaemon(true);
            this.sfn = sfn;
            this.subject = subject;
            this.fromMs = fromMs;
            this.toMs = toMs;
        }

        @Override
        public void run() {
            try {
                while (System.currentTimeMillis() < toMs) {
                    if (from.get() == null && System.currentTimeMillis() >= fromMs) {
                        from.set(ApiCalls.from(sfn));
                    }
                    if (subject instanceof ConnectorSubject c) {
                        maxSinceCycleMs.accumulateAndGet(JmxMetrics.sum(c.name(), "time-since-last-cycle-ms"),
                                Math::max);
                        if (from.get() != null) {
                            long depth = JmxMetrics.sum(c.name(), "window-depth-ms");
                            minDepthMs.accumulateAndGet(depth, Math::min);
                            maxDepthMs.accumulateAndGet(depth, Math::max);
                        }
                    }
                    Thread.sleep(100);
                }
                if (from.get() == null) {
                    from.set(ApiCalls.from(sfn));
                }
                steady.set(from.get().sinceThen());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        ApiCalls steady() {
            return steady.get();
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        await(what, timeout, condition, () -> "");
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition,
                              java.util.function.Supplier<String> why) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Summary run: timed out after " + timeout.toSeconds()
                        + " s waiting for " + what + ". " + why.get() + " (see benchmark.log)");
            }
            Thread.sleep(50);
        }
    }
}
