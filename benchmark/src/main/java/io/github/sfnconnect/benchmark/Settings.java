package io.github.sfnconnect.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one benchmark run does: a preset (full, quick or smoke) with {@code key=value} overrides from the command
 * line; {@code connector.<key>=<value>} adds or replaces a connector property in every run,
 * {@code worker.<key>=<value>} a property of the Connect worker (e.g.
 * {@code worker.value.converter.schemas.enable=true}).
 */
record Settings(
        String mode,
        Path output,
        Workload workload,
        int smallHistory,
        long pollIntervalMs,
        Duration live,
        Duration idle,
        int heapExecutions,
        int quotaStateMachines,
        double quotaDemandPerSecond,
        double quotaScale,
        Duration quotaWindow,
        boolean scaling,
        List<Integer> scalingStateMachines,
        List<Integer> scalingTasks,
        int scalingHistory,
        Map<String, String> connectorOverrides,
        Map<String, String> workerOverrides,
        int warmUpExecutions,
        boolean parallel,
        LargeBackfill largeBackfill,
        MapRunRun.Plan mapRun,
        ScalePlan scale,
        String only,
        SummaryRun.Plan summary) {

    /**
     * The one phase that may run alone: {@code only=large-backfill}, {@code only=crash}, {@code only=map-run},
     * {@code only=scale} or {@code only=summary}; empty: every phase.
     */
    static final List<String> ALONE = List.of("large-backfill", "crash", "map-run", "scale", "summary");

    boolean largeBackfillOnly() {
        return only.equals("large-backfill");
    }

    boolean crashOnly() {
        return only.equals("crash");
    }

    boolean mapRunOnly() {
        return only.equals("map-run");
    }

    boolean scaleOnly() {
        return only.equals("scale");
    }

    boolean summaryOnly() {
        return only.equals("summary");
    }

    /** The crash run's size ({@link CrashRun}): a few minutes for quick, about ten for full. */
    CrashRun.Plan crashPlan() {
        return mode.equals("full") ? new CrashRun.Plan(5, Duration.ofSeconds(150), 10, 3_000, 5_000, 500)
                : new CrashRun.Plan(3, Duration.ofSeconds(60), 10, 3_000, 5_000, 500);
    }

    /**
     * The large backfill phase ({@link LargeBackfillRun}): {@code executions} closed executions over
     * {@code stateMachines}, started over {@code span}, streamed with {@code initial.position=earliest} by a Connect
     * worker in its own JVM with {@code -Xmx<workerHeap>}: with {@code execution.detail=summary} to the end or for
     * {@code cap}, then with {@code full} for {@code fullDetailFor} (0: not run); the in-process probe holds
     * {@code pendingProbe} listed-but-not-emitted executions.
     */
    record LargeBackfill(int executions, int stateMachines, Duration span, Duration cap, Duration fullDetailFor,
                         int pendingProbe, String workerHeap, long offsetFlushMs, List<String> workerJvmOptions) {

        private static final List<String> KEYS = List.of("largeBackfillExecutions", "largeBackfillStateMachines",
                "largeBackfillDays", "largeBackfillMinutes", "largeBackfillFullSeconds", "largeBackfillWorkerHeap",
                "largeBackfillOffsetFlushMs", "pendingProbeExecutions");

        boolean knows(String key) {
            return KEYS.contains(key);
        }

        /** With one of {@link #KEYS} set. */
        LargeBackfill with(String key, String v) {
            return switch (key) {
                case "largeBackfillExecutions" -> new LargeBackfill(Integer.parseInt(v), stateMachines, span, cap,
                        fullDetailFor, pendingProbe, workerHeap, offsetFlushMs, workerJvmOptions);
                case "largeBackfillStateMachines" -> new LargeBackfill(executions, Integer.parseInt(v), span, cap,
                        fullDetailFor, pendingProbe, workerHeap, offsetFlushMs, workerJvmOptions);
                case "largeBackfillDays" -> new LargeBackfill(executions, stateMachines,
                        Duration.ofDays(Long.parseLong(v)), cap, fullDetailFor, pendingProbe, workerHeap, offsetFlushMs, workerJvmOptions);
                case "largeBackfillMinutes" -> new LargeBackfill(executions, stateMachines, span,
                        Duration.ofMinutes(Long.parseLong(v)), fullDetailFor, pendingProbe, workerHeap, offsetFlushMs, workerJvmOptions);
                case "largeBackfillFullSeconds" -> new LargeBackfill(executions, stateMachines, span, cap,
                        Duration.ofSeconds(Long.parseLong(v)), pendingProbe, workerHeap, offsetFlushMs, workerJvmOptions);
                case "largeBackfillWorkerHeap" -> new LargeBackfill(executions, stateMachines, span, cap,
                        fullDetailFor, pendingProbe, v, offsetFlushMs, workerJvmOptions);
                case "largeBackfillOffsetFlushMs" -> new LargeBackfill(executions, stateMachines, span, cap,
                        fullDetailFor, pendingProbe, workerHeap, Long.parseLong(v), workerJvmOptions);
                case "pendingProbeExecutions" -> new LargeBackfill(executions, stateMachines, span, cap,
                        fullDetailFor, Integer.parseInt(v), workerHeap, offsetFlushMs, workerJvmOptions);
                default -> throw new IllegalArgumentException(key);
            };
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("executions", executions);
            json.put("state_machines", stateMachines);
            json.put("start_dates_span_days", span.toHours() / 24.0);
            json.put("summary_detail_time_cap_seconds", cap.toSeconds());
            json.put("full_detail_seconds", fullDetailFor.toSeconds());
            json.put("pending_probe_executions", pendingProbe);
            json.put("worker_heap", "-Xmx" + workerHeap);
            json.put("worker_offset_flush_interval_ms", offsetFlushMs);
            json.put("worker_jvm_options", workerJvmOptions);
            return json;
        }
    }

    /**
     * The headline run: a 100,000-execution history with 1,000 long-running executions; the large backfill over
     * 1,000,000.
     */
    static Settings full(Path output) {
        return new Settings("full", output,
                new Workload(20260501L, 10, 100_000, 1_000, 20, 5_000, 0.10, 0.5, Duration.ofHours(6)),
                1_000, 1_000, Duration.ofSeconds(120), Duration.ofSeconds(30), 100_000,
                2, 25, 1.0, Duration.ofSeconds(90),
                true, List.of(1, 100, 1_000), List.of(1, 4), 20_000, Map.of(), Map.of(), 10_000, false,
                new LargeBackfill(1_000_000, 1, Duration.ofDays(89), Duration.ofMinutes(30), Duration.ofSeconds(120),
                        100_000, "512m", 10_000, List.of()),
                new MapRunRun.Plan(10_000, 2_000, 500, 5_000, 30_000, 120_000, 0.10, 20261204L, Map.of()),
                ScalePlan.full(), "",
                new SummaryRun.Plan(List.of(100.0, 1_000.0), Duration.ofSeconds(150), RunTimes.uniform(1_000, 5_000),
                        0.10, 5_000, 20261212L, Map.of()));
    }

    /**
     * The same figures on a smaller workload, about 6 minutes on 2 cores with the build; the large backfill over
     * 100,000 executions instead of 1,000,000.
     */
    static Settings quick(Path output) {
        return new Settings("quick", output,
                new Workload(20260501L, 10, 5_000, 200, 20, 5_000, 0.10, 0.5, Duration.ofHours(6)),
                500, 1_000, Duration.ofSeconds(20), Duration.ofSeconds(6), 100_000,
                2, 25, 1.0, Duration.ofSeconds(25),
                true, List.of(1, 10, 100), List.of(1, 2), 2_000, Map.of(), Map.of(), 3_000, false,
                new LargeBackfill(100_000, 1, Duration.ofDays(89), Duration.ofMinutes(10), Duration.ofSeconds(30),
                        100_000, "512m", 10_000, List.of()),
                new MapRunRun.Plan(2_000, 500, 250, 3_000, 10_000, 30_000, 0.10, 20261204L, Map.of()),
                ScalePlan.quick(), "",
                new SummaryRun.Plan(List.of(100.0, 1_000.0), Duration.ofSeconds(40), RunTimes.uniform(1_000, 5_000),
                        0.10, 5_000, 20261212L, Map.of()));
    }

    /**
     * Seconds: every phase on a tiny workload, all at once, to keep the harness from rotting (the smoke test); its
     * figures only show that each phase ran.
     */
    static Settings smoke(Path output) {
        return new Settings("smoke", output,
                new Workload(7L, 2, 100, 10, 10, 400, 0.2, 0.5, Duration.ofHours(1)),
                20, 400, Duration.ofSeconds(2), Duration.ofMillis(1_600), 5_000,
                1, 40, 2.0, Duration.ofSeconds(8),
                false, List.of(1, 2), List.of(1, 2), 100, Map.of(), Map.of(), 50, true,
                new LargeBackfill(3_000, 1, Duration.ofDays(89), Duration.ofSeconds(60), Duration.ZERO, 4_000, "512m",
                        1_000, List.of("-XX:TieredStopAtLevel=1")),
                // the Map Run is found within a second and dropped two seconds after it stopped, not a minute
                new MapRunRun.Plan(60, 20, 10, 300, 800, 2_000, 0.2, 7L, Map.of(
                        "map.run.discovery.interval.ms", "1000", "consistency.window.ms", "2000")),
                ScalePlan.smoke(), "",
                // one rate, seconds long; a window of 2 s fills within it
                new SummaryRun.Plan(List.of(50.0), Duration.ofSeconds(6), RunTimes.uniform(200, 1_000), 0.2, 1_000,
                        7L, Map.of("consistency.window.ms", "2000")));
    }

    /** {@code quick=true|false}, {@code output=<dir>} and overrides, as the exec plugin passes them. */
    static Settings fromArgs(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String arg : args) {
            for (String token : arg.trim().split("\\s+")) {
                if (token.isEmpty()) {
                    continue;
                }
                int eq = token.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("Benchmark arguments are key=value pairs, e.g. quick=true or "
                            + "historyExecutions=50000; got '" + token + "'");
                }
                values.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        Path output = Path.of(values.getOrDefault("output", "target/benchmark"));
        String mode = values.getOrDefault("mode", Boolean.parseBoolean(values.getOrDefault("quick", "false"))
                ? "quick" : "full");
        Settings base = switch (mode) {
            case "full" -> full(output);
            case "quick" -> quick(output);
            case "smoke" -> smoke(output);
            default -> throw new IllegalArgumentException("mode must be full, quick or smoke, not " + mode);
        };
        values.remove("output");
        values.remove("quick");
        values.remove("mode");
        return base.with(values);
    }

    /** This preset with overrides applied; unknown keys fail, naming the known ones. */
    Settings with(Map<String, String> overrides) {
        Workload w = workload;
        int small = smallHistory;
        long poll = pollIntervalMs;
        Duration liveFor = live;
        Duration idleFor = idle;
        int heap = heapExecutions;
        double demand = quotaDemandPerSecond;
        Duration quotaFor = quotaWindow;
        boolean scale = scaling;
        int warmUp = warmUpExecutions;
        LargeBackfill large = largeBackfill;
        MapRunRun.Plan mapRunPlan = mapRun;
        ScalePlan scalePlan = this.scale; // "scale" here is the scaling switch
        SummaryRun.Plan summaryPlan = summary;
        String alone = only;
        Map<String, String> connector = new HashMap<>(connectorOverrides);
        Map<String, String> worker = new HashMap<>(workerOverrides);
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "seed" -> w = new Workload(Long.parseLong(v), w.stateMachines(), w.historyExecutions(),
                        w.longRunning(), w.startsPerSecond(), w.meanRunTimeMs(), w.failureShare(), w.redriveShare(),
                        w.historySpan());
                case "stateMachines" -> w = w.withStateMachines(Integer.parseInt(v));
                case "historyExecutions" -> w = w.withHistory(Integer.parseInt(v), w.longRunning());
                case "longRunning" -> w = w.withHistory(w.historyExecutions(), Integer.parseInt(v));
                case "startsPerSecond" -> w = w.withLive(Double.parseDouble(v), w.meanRunTimeMs());
                case "meanRunTimeMs" -> w = w.withLive(w.startsPerSecond(), Long.parseLong(v));
                case "failureShare" -> w = new Workload(w.seed(), w.stateMachines(), w.historyExecutions(),
                        w.longRunning(), w.startsPerSecond(), w.meanRunTimeMs(), Double.parseDouble(v),
                        w.redriveShare(), w.historySpan());
                case "redriveShare" -> w = new Workload(w.seed(), w.stateMachines(), w.historyExecutions(),
                        w.longRunning(), w.startsPerSecond(), w.meanRunTimeMs(), w.failureShare(),
                        Double.parseDouble(v), w.historySpan());
                case "smallHistory" -> small = Integer.parseInt(v);
                case "pollIntervalMs" -> poll = Long.parseLong(v);
                case "liveSeconds" -> liveFor = Duration.ofSeconds(Long.parseLong(v));
                case "idleSeconds" -> idleFor = Duration.ofSeconds(Long.parseLong(v));
                case "heapExecutions" -> heap = Integer.parseInt(v);
                case "quotaDemand" -> demand = Double.parseDouble(v);
                case "quotaSeconds" -> quotaFor = Duration.ofSeconds(Long.parseLong(v));
                case "scaling" -> scale = Boolean.parseBoolean(v);
                case "warmUpExecutions" -> warmUp = Integer.parseInt(v);
                case "only" -> {
                    if (!ALONE.contains(v)) {
                        throw new IllegalArgumentException("only= takes one of " + ALONE + ", not " + v);
                    }
                    alone = v;
                }
                default -> {
                    if (large.knows(e.getKey())) {
                        large = large.with(e.getKey(), v);
                        continue;
                    }
                    if (MapRunRun.Plan.knows(e.getKey())) {
                        mapRunPlan = mapRunPlan.with(e.getKey(), v);
                        continue;
                    }
                    if (ScalePlan.knows(e.getKey())) {
                        scalePlan = scalePlan.with(e.getKey(), v);
                        continue;
                    }
                    if (SummaryRun.Plan.knows(e.getKey())) {
                        summaryPlan = summaryPlan.with(e.getKey(), v);
                        continue;
                    }
                    if (e.getKey().startsWith("worker.")) {
                        worker.put(e.getKey().substring("worker.".length()), v);
                        continue;
                    }
                    if (!e.getKey().startsWith("connector.")) {
                        throw new IllegalArgumentException("Unknown benchmark setting '" + e.getKey() + "'; known: "
                                + "seed, stateMachines, historyExecutions, longRunning, startsPerSecond, "
                                + "meanRunTimeMs, failureShare, redriveShare, smallHistory, pollIntervalMs, "
                                + "liveSeconds, idleSeconds, heapExecutions, quotaDemand, quotaSeconds, scaling, "
                                + "warmUpExecutions, largeBackfillExecutions, largeBackfillStateMachines, "
                                + "largeBackfillDays, largeBackfillMinutes, largeBackfillFullSeconds, "
                                + "largeBackfillWorkerHeap, largeBackfillOffsetFlushMs, pendingProbeExecutions, "
                                + "mapRunChildren, mapRunIdleChildren, mapRunBatchSize, mapRunMeanRunTimeMs, "
                                + "scaleStateMachines, scaleActive, scaleFactor, scalePollIntervalMs, "
                                + "scaleMaxIntervalMinutes, scaleStartsPerHour, scaleMeasureMinutes, scaleDrainMinutes, "
                                + ""
                                + "summaryRates, summarySeconds, summaryRunTimes, summaryPollIntervalMs, "
                                + "only=large-backfill|crash|map-run|scale|summary, "
                                + "connector.<connector property>, worker.<Connect worker property>");
                    }
                    connector.put(e.getKey().substring("connector.".length()), v);
                }
            }
        }
        return new Settings(mode, output, w, small, poll, liveFor, idleFor, heap, quotaStateMachines, demand,
                quotaScale, quotaFor, scale, scalingStateMachines, scalingTasks, scalingHistory, Map.copyOf(connector),
                Map.copyOf(worker), warmUp, parallel, large, mapRunPlan, scalePlan, alone, summaryPlan);
    }

    /** The connector properties every run starts from: the overrides and the run's poll interval. */
    Map<String, String> connectorProperties() {
        Map<String, String> props = new LinkedHashMap<>(connectorOverrides);
        props.put("poll.interval.ms", Long.toString(pollIntervalMs));
        return props;
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>(workload.toJson());
        json.put("mode", mode);
        json.put("poll_interval_ms", pollIntervalMs);
        json.put("live_phase_seconds", live.toSeconds());
        json.put("idle_phase_seconds", idle.toMillis() / 1000.0);
        json.put("small_history_executions", smallHistory);
        json.put("heap_probe_open_executions", heapExecutions);
        json.put("quota_state_machines", quotaStateMachines);
        json.put("quota_demand_records_per_second", quotaDemandPerSecond);
        json.put("quota_scale", quotaScale);
        json.put("quota_window_seconds", quotaWindow.toSeconds());
        json.put("scaling", scaling ? Map.of("state_machines", scalingStateMachines, "tasks", scalingTasks,
                "history_executions", scalingHistory) : "off");
        json.put("connector_overrides", new java.util.TreeMap<>(connectorOverrides));
        json.put("worker_overrides", new java.util.TreeMap<>(workerOverrides));
        json.put("warm_up_executions_per_side", warmUpExecutions);
        json.put("phases", largeBackfillOnly() ? "the large backfill alone" : crashOnly() ? "the crash run alone"
                : mapRunOnly() ? "the Map Run run alone (connector and naive poller side by side)"
                : scaleOnly() ? "the scale run alone (connector and round-robin baseline side by side)"
                : summaryOnly() ? "the summary-mode run alone (connector, then list-only naive poller, per rate)"
                : parallel ? "all at once"
                : "main runs, summary backfill and scaling one after the other; then the small-history idle run,"
                + " both quota runs and the Map Run run side by side; then the large backfill and the scale run"
                + " alone");
        json.put("large_backfill", largeBackfill.toJson());
        json.put("map_run", mapRun.toJson());
        json.put("scale_run", scale.toJson());
        json.put("summary", summary.toJson());
        return json;
    }

    @Override
    public String toString() {
        return mode + " " + Arrays.toString(new Object[] {workload, "poll " + pollIntervalMs + " ms"});
    }
}
