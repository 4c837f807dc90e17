package io.github.sfnconnect.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.sfnconnect.Version;
import io.github.sfnconnect.benchmark.Results.Goal;

/**
 * The benchmark of issue 5: the connector in a real Connect worker against the naive baseline, each on its own
 * emulated account with the same seeded workload, and the figures with their goals; and issue 9's large backfill
 * ({@link LargeBackfillRun}: a million retained executions, a worker JVM with a 512 MiB heap); and issue 11's Map
 * Run scenario ({@link MapRunRun}: the children of a Distributed Map, against a poller that lists them all);
 * the scale run ({@link ScaleRun}: 1,000 state machines, 50 active, against today's round-robin schedule); and issue
 * 12's summary-mode scenario ({@link SummaryRun}: one busy state machine, changes per list call). Run it
 * with {@code mvn -Pbenchmark verify [-Dbenchmark.quick=true]} from the project root; docs/benchmarks.md explains
 * each figure.
 */
public final class Benchmark {

    private static final long STARTED = System.nanoTime();

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromArgs(args);
        createLogDirectory();
        Files.createDirectories(settings.output());
        int status = 0;
        try {
            Results results = run(settings);
            Path file = results.write(settings.output());
            System.out.println();
            System.out.println(results.table());
            System.out.println("Results written to " + file.toAbsolutePath());
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            status = 1;
        }
        // the embedded worker and broker leave non-daemon threads behind
        System.exit(status);
    }

    /** Runs every phase the settings ask for and returns the figures. */
    static Results run(Settings settings) throws Exception {
        Results results = new Results();
        results.header("benchmark", "kafka-connect-stepfunctions " + Version.get());
        results.header("started_at", Instant.now().toString());
        results.header("workload", settings.toJson());
        results.header("machine", Machine.describe());
        Workload workload = settings.workload();
        long poll = settings.pollIntervalMs();
        progress("settings: " + settings.toJson());
        if (settings.crashOnly()) {
            try (BenchCluster cluster = new BenchCluster(settings.workerOverrides())) {
                crashFigures(results, CrashRun.run(settings, cluster, settings.crashPlan()));
            }
            results.header("finished_at", Instant.now().toString());
            results.header("load_average_at_end", Machine.load());
            return results;
        }
        if (settings.mapRunOnly()) {
            try (BenchCluster cluster = new BenchCluster(settings.workerOverrides())) {
                mapRunFigures(results, MapRunRun.run(settings, cluster));
            }
            results.header("finished_at", Instant.now().toString());
            results.header("load_average_at_end", Machine.load());
            return results;
        }
        if (settings.scaleOnly()) {
            try (BenchCluster cluster = new BenchCluster(settings.workerOverrides())) {
                scaleFigures(results, settings.scale(), ScaleRun.run(settings, cluster));
            }
            results.header("finished_at", Instant.now().toString());
            results.header("load_average_at_end", Machine.load());
            return results;
        }
        if (settings.summaryOnly()) {
            try (BenchCluster cluster = new BenchCluster(settings.workerOverrides())) {
                summaryFigures(results, SummaryRun.run(settings, cluster));
            }
            results.header("finished_at", Instant.now().toString());
            results.header("load_average_at_end", Machine.load());
            return results;
        }
        if (settings.largeBackfillOnly()) {
            results.figure("backfill_heap_bytes_per_pending_execution", pendingProbe(settings, results), null,
                    Goal.NONE);
            try (BenchCluster cluster = new BenchCluster(settings.workerOverrides())) {
                largeBackfillFigures(results, settings, LargeBackfillRun.run(settings, cluster));
            }
            results.header("finished_at", Instant.now().toString());
            results.header("load_average_at_end", Machine.load());
            return results;
        }

        progress("heap probe: " + settings.heapExecutions() + " open executions in the connector's trackers");
        double heapConnector = HeapProbe.connectorBytesPerOpenExecution(settings.heapExecutions(), workload.seed());
        double heapBaseline = HeapProbe.baselineBytesPerExecution(settings.heapExecutions(), workload.seed());
        results.detail("heap", Map.of("open_executions", settings.heapExecutions(), "method",
                "in-process: ExecutionTracker x10 driven with ListExecutions pages and DescribeExecution answers for"
                        + " two full cycles (records acknowledged, offsets committed) until they hold the RUNNING"
                        + " executions; heap in use after System.gc() (min of 3) before and after, divided by the"
                        + " count. The baseline: its HashMap of ARN to state, same ARNs.",
                "connector_bytes", heapConnector, "baseline_bytes", heapBaseline));
        progress("heap: connector " + Results.format(heapConnector) + " B per open execution, baseline "
                + Results.format(heapBaseline) + " B per execution");
        double heapPending = pendingProbe(settings, results);

        CallCost.Outcome callCost = CallCost.run(settings);
        results.detail("describe_call_cost", callCost.details());

        StreamRun.Outcome connector;
        StreamRun.Outcome baseline;
        IdleRun.Outcome smallIdle;
        QuotaRun.Outcome quotaFull;
        QuotaRun.Outcome quotaHalf;
        Map<String, Object> mapRun;
        Map<String, Object> summary;
        Map<String, Object> summaryMode;
        Map<String, Object> large;
        Map<String, Object> scale;
        List<Map<String, Object>> scaling = new ArrayList<>();
        progress("starting the Kafka broker and Connect worker");
        // throughput and latency are measured alone; the rate-limited and idle phases (counts, not CPU) side by side
        try (BenchCluster cluster = new BenchCluster(settings.workerOverrides());
             Phases alone = new Phases(settings.parallel()); Phases together = new Phases(true)) {
            // the smoke run starts the large backfill first (its worker JVM starts during the warm-up) and runs it
            // with the rest; the others run it last, alone on the machine
            boolean largeBackfill = settings.largeBackfill().executions() > 0;
            var largeRun = settings.parallel() && largeBackfill
                    ? alone.start(() -> LargeBackfillRun.run(settings, cluster)) : null;
            results.detail("warm_up", WarmUp.run(settings, cluster));
            var connectorRun = alone.start(() -> mainRun(settings, cluster, true));
            var baselineRun = alone.start(() -> mainRun(settings, cluster, false));
            var summaryRun = alone.start(() -> BackfillRun.run(settings, cluster, "c-summary",
                    workload.stateMachines(), 1, workload.historyExecutions(), Map.of("execution.detail", "summary")));
            List<java.util.concurrent.Future<Map<String, Object>>> scalingRuns = new ArrayList<>();
            if (settings.scaling()) {
                for (int machines : settings.scalingStateMachines()) {
                    scalingRuns.add(alone.start(() -> BackfillRun.run(settings, cluster, "c-scale-s" + machines
                            + "-t1", machines, 1, settings.scalingHistory(), Map.of())));
                }
                int middle = settings.scalingStateMachines().get(settings.scalingStateMachines().size() / 2);
                for (int tasks : settings.scalingTasks()) {
                    if (tasks != 1) {
                        scalingRuns.add(alone.start(() -> BackfillRun.run(settings, cluster, "c-scale-s" + middle
                                + "-t" + tasks, middle, tasks, settings.scalingHistory(), Map.of())));
                    }
                }
            }
            var summaryModeRun = alone.start(() -> SummaryRun.run(settings, cluster));
            var smallIdleRun = together.start(() -> IdleRun.run(settings, cluster, settings.smallHistory()));
            var quotaFullRun = together.start(() -> QuotaRun.run(settings, cluster, "c-quota-full", 1.0, true));
            var quotaHalfRun = together.start(() -> QuotaRun.run(settings, cluster, "c-quota-half", 0.5, false));
            var mapRunRun = together.start(() -> MapRunRun.run(settings, cluster));
            // its latencies are wall time multiplied by the scale factor, so a loaded machine would inflate them
            // tenfold: alone, after the others, except in the smoke run
            var scaleRun = settings.parallel() ? together.start(() -> ScaleRun.run(settings, cluster)) : null;
            connector = Phases.get(connectorRun);
            results.detail("connector", connector.details());
            baseline = Phases.get(baselineRun);
            results.detail("baseline", baseline.details());
            smallIdle = Phases.get(smallIdleRun);
            results.detail("idle_small_history", smallIdle.details());
            quotaFull = Phases.get(quotaFullRun);
            results.detail("quota_limit_at_refill", quotaFull.details());
            quotaHalf = Phases.get(quotaHalfRun);
            results.detail("quota_limit_at_half_refill", quotaHalf.details());
            mapRun = Phases.get(mapRunRun);
            summaryMode = Phases.get(summaryModeRun);
            summary = Phases.get(summaryRun);
            results.detail("summary_detail_backfill", summary);
            for (var run : scalingRuns) {
                scaling.add(Phases.get(run));
            }
            if (!scaling.isEmpty()) {
                results.detail("scaling", Map.of("rows", scaling));
            }
            large = largeRun != null ? Phases.get(largeRun)
                    : largeBackfill ? LargeBackfillRun.run(settings, cluster) : null;
            scale = scaleRun != null ? Phases.get(scaleRun) : ScaleRun.run(settings, cluster);
        }

        double history = workload.historyExecutions();
        results.figure("describe_calls_per_record", connector.describesPerRecord(), baseline.describesPerRecord(),
                new Goal("<= 1.01 (steady state)", v -> v <= 1.01));
        results.figure("list_calls_per_record", connector.listsPerRecord(), baseline.listsPerRecord(), Goal.NONE);
        double idle = connector.idleCallsPerMachinePerPoll();
        double idleSmall = smallIdle.connector();
        double idleRatio = baseline.idleCallsPerMachinePerPoll() / idle;
        results.figure("idle_calls_per_state_machine_per_poll", idle, baseline.idleCallsPerMachinePerPoll(),
                new Goal(String.format(Locale.ROOT, "<= 3 at %,d and %,d history (%s there); >= 100x fewer",
                        (long) history, settings.smallHistory(), Results.format(idleSmall)),
                        v -> v <= 3 && idleSmall <= 3 && Math.abs(v - idleSmall) <= 0.5 && idleRatio >= 100));
        results.figure("total_api_calls", connector.steadyCalls(), (double) baseline.steadyCalls(), Goal.NONE);
        results.figure("quota_utilization", quotaFull.utilization(), quotaFull.baselineRecordsPerSecond() == null
                        ? null : quotaFull.baselineRecordsPerSecond() / (QuotaRun.DESCRIBE_REFILL * settings.quotaScale()),
                new Goal(">= 0.95, 0 task failures, 0 ERROR log lines",
                        v -> v >= 0.95 && quotaFull.failures() == 0 && quotaFull.errorLines() <= 0));
        results.figure("quota_reserved_share", quotaHalf.describesPerSecond()
                        / (QuotaRun.DESCRIBE_REFILL * settings.quotaScale()), null,
                new Goal("<= 0.50 with the limit at half; neighbour never throttled",
                        v -> v <= 0.51 && quotaHalf.neighbourThrottled() == 0 && quotaHalf.throttled() == 0));
        results.figure("records_per_second_per_task", connector.recordsPerSecond(), baseline.recordsPerSecond(),
                new Goal(">= 10,000", v -> v >= 10_000));
        results.figure("records_per_second_per_task_summary_detail",
                (double) summary.get("backfill_records_per_second_per_task"), null,
                new Goal(">= 10,000 (execution.detail=summary)", v -> v >= 10_000));
        results.figure("describe_calls_per_record_summary_detail",
                (double) summary.get("backfill_describes_per_record"), null, Goal.NONE);
        results.figure("cpu_us_per_record", connector.cpuUsPerRecord(), baseline.cpuUsPerRecord(), Goal.NONE);
        results.figure("describe_call_cpu_us", callCost.connectorCpuUs(), callCost.baselineCpuUs(), Goal.NONE);
        results.figure("p50_latency_ms", connector.p50(), baseline.p50(), Goal.NONE);
        results.figure("p99_latency_ms", connector.p99(), baseline.p99(),
                new Goal("<= " + (poll + 1_000) + " (poll interval + 1 s)", v -> v <= poll + 1_000));
        results.figure("heap_bytes_per_open_execution", heapConnector, heapBaseline,
                new Goal("<= 1,024", v -> v <= 1_024));
        results.figure("offset_keys_per_tracked_execution", connector.offsetKeysPerTrackedExecution(), null,
                Goal.NONE);
        results.figure("restart_describe_calls", connector.restartDescribes(), (double) baseline.restartDescribes(),
                new Goal("0 for already-emitted executions", v -> v == 0));
        long windowMs = Long.parseLong(settings.connectorOverrides().getOrDefault("consistency.window.ms", "60000"));
        long windowPages = Math.max(1, (long) Math.ceil(workload.startsPerSecond() * windowMs / 1000.0
                / workload.stateMachines() / 1000.0));
        long oneCycle = workload.stateMachines() * (2 + windowPages);
        results.figure("restart_list_calls", connector.restartLists(), (double) baseline.restartLists(),
                new Goal("<= " + oneCycle + " (one cycle: window pages + running + redriven lists per state machine)",
                        v -> v <= oneCycle));
        results.figure("restart_ms_to_first_record", connector.restartMs(), (double) baseline.restartMs(),
                Goal.NONE);
        results.figure("task_failures", connector.failures() + quotaFull.failures() + quotaHalf.failures(),
                (double) baseline.failures(), new Goal("0", v -> v == 0));
        results.figure("backfill_heap_bytes_per_pending_execution", heapPending, null, Goal.NONE);
        mapRunFigures(results, mapRun);
        scaleFigures(results, settings.scale(), scale);
        summaryFigures(results, summaryMode);
        if (large != null) {
            largeBackfillFigures(results, settings, large);
        }
        results.header("finished_at", Instant.now().toString());
        results.header("load_average_at_end", Machine.load());
        if (!scaling.isEmpty()) {
            System.out.println(scalingTable(scaling));
        }
        return results;
    }

    /** Heap per listed-but-not-yet-emitted execution of a backfill (in-process, while the JVM is quiet). */
    private static double pendingProbe(Settings settings, Results results) {
        int n = settings.largeBackfill().pendingProbe();
        progress("heap probe: " + n + " listed executions awaiting their describe in the connector's trackers");
        double bytes = HeapProbe.connectorBytesPerPendingExecution(n, settings.workload().seed());
        results.detail("heap_pending", Map.of("pending_executions", n, "method",
                "in-process: ExecutionTracker x" + (n + 1_999) / 2_000 + ", each started on a first cycle"
                        + " (initial.position=earliest) and given ListExecutions pages of 1,000 closed executions,"
                        + " newest first, until it pauses the listing at 2,000 candidates (executions listed and"
                        + " awaiting their describe); heap in use after System.gc() (min of 3) with the trackers"
                        + " started and empty, then holding the candidates, divided by the count. Each listed item"
                        + " has strings of its own (ARN, name, state machine ARN), as SDK responses do.",
                "connector_bytes", bytes));
        progress("heap: connector " + Results.format(bytes) + " B per pending (listed, not yet emitted) execution");
        return bytes;
    }

    /** The crash run's figures: missing and duplicated changes after SIGKILLs, with and without exactly-once. */
    @SuppressWarnings("unchecked")
    static void crashFigures(Results results, Map<String, Object> crash) {
        results.detail("crash", crash);
        Map<String, Object> eos = (Map<String, Object>) crash.get("exactly_once");
        Map<String, Object> alo = (Map<String, Object>) crash.get("at_least_once");
        int kills = ((List<?>) eos.get("kills")).size();
        results.figure("crash_kills", kills, null, new Goal(">= 3 per mode", v -> v >= 3));
        results.figure("crash_eos_missing", number(eos.get("missing")), null, new Goal("0", v -> v == 0));
        results.figure("crash_eos_duplicates", number(eos.get("duplicates")), null, new Goal("0", v -> v == 0));
        results.figure("crash_alo_missing", number(alo.get("missing")), null, new Goal("0", v -> v == 0));
        double bound = number(alo.get("duplicate_bound"));
        results.figure("crash_alo_duplicates", number(alo.get("duplicates")), null,
                new Goal("<= crash_alo_duplicate_bound (" + Results.format(bound) + ")", v -> v <= bound));
        results.figure("crash_alo_duplicate_bound", bound, null, Goal.NONE);
        results.figure("crash_eos_offsets_left_behind_window", number(eos.get("closed_behind_the_window")), null,
                new Goal("0", v -> v == 0));
        results.figure("crash_alo_offsets_left_behind_window", number(alo.get("closed_behind_the_window")), null,
                new Goal("0", v -> v == 0));
    }

    /**
     * The Map Run run's figures (issue 11), each for the connector and the naive poller. The run fails before this
     * if either lost a change, so "missing" is 0 whenever it is written.
     */
    @SuppressWarnings("unchecked")
    static void mapRunFigures(Results results, Map<String, Object> run) {
        results.detail("map_run", run);
        Map<String, Object> c = (Map<String, Object>) run.get("connector");
        Map<String, Object> b = (Map<String, Object>) run.get("baseline");
        results.figure("map_run_calls_per_child_change", number(c.get("calls_per_child_change")),
                number(b.get("calls_per_child_change")), Goal.NONE);
        results.figure("map_run_describe_calls_per_child_change", number(c.get("describe_calls_per_child_change")),
                number(b.get("describe_calls_per_child_change")), Goal.NONE);
        results.figure("map_run_idle_calls_per_poll", number(c.get("idle_calls_per_poll")),
                number(b.get("idle_calls_per_poll")), Goal.NONE);
        results.figure("map_run_child_changes", number(c.get("child_changes")), number(b.get("child_changes")),
                Goal.NONE);
        results.figure("map_run_child_changes_missing", number(c.get("missing")), number(b.get("missing")),
                new Goal("0", v -> v == 0));
        results.figure("map_run_duplicate_child_records", number(c.get("duplicates")), number(b.get("duplicates")),
                Goal.NONE);
        results.figure("map_run_ms_to_first_child_record", number(c.get("ms_from_map_run_start_to_first_child_record")),
                number(b.get("ms_from_map_run_start_to_first_child_record")), Goal.NONE);
        results.figure("map_run_calls_after_it_stopped", number(c.get("calls_after_map_run_stop")),
                number(b.get("calls_after_map_run_stop")), Goal.NONE);
    }

    /**
     * The scale run's figures (many state machines, few active), each for the connector and for today's
     * round-robin schedule (the same connector with poll.interval.max.ms = poll.interval.ms); all in real-world units.
     */
    @SuppressWarnings("unchecked")
    static void scaleFigures(Results results, ScalePlan plan, Map<String, Object> run) {
        results.detail("scale", run);
        Map<String, Object> c = (Map<String, Object>) run.get("connector");
        Map<String, Object> b = (Map<String, Object>) run.get("baseline");
        Map<String, Object> cl = (Map<String, Object>) c.get("latency_active");
        Map<String, Object> bl = (Map<String, Object>) b.get("latency_active");
        double baselineP99 = number(bl.get("p99_ms"));
        results.figure("scale_p99_latency_active_ms", number(cl.get("p99_ms")), baselineP99,
                new Goal("<= 1/10 of the round-robin's (" + Results.format(baselineP99 / 10) + ")",
                        v -> v <= baselineP99 / 10));
        long bound = plan.maxIntervalMs();
        results.figure("scale_max_check_interval_quiet_ms", number(c.get("max_check_interval_quiet_ms")),
                number(b.get("max_check_interval_quiet_ms")),
                new Goal("<= poll.interval.max.ms (" + Results.format(bound) + ")", v -> v <= bound));
        results.figure("scale_list_calls_without_change_share", number(c.get("list_calls_without_change_share")),
                number(b.get("list_calls_without_change_share")), Goal.NONE);
        double share = plan.listShare();
        // the calls are counted where the emulator received them. A limiter at exactly the share lets one call
        // through per period, so a window of n periods can hold n + 1 calls (one at each edge); and the first call of
        // a window may have been sent a little before it (the emulator read it late), the next one being sent only
        // after its answer: n + 2 at most without a call too many. Compressed tenfold, a period is 50 ms, which a
        // loaded machine's scheduling easily shifts
        double twoPerWindow = 2000.0 / ScalePlan.RATE_WINDOW_MS;
        results.figure("scale_list_calls_per_second", number(c.get("list_calls_per_second_peak")),
                number(b.get("list_calls_per_second_peak")),
                new Goal("<= " + Results.format(share) + " (the share) in any " + ScalePlan.RATE_WINDOW_MS / 1000
                        + " s, +2 calls for the window's edges (" + Results.format(share + twoPerWindow) + ")",
                        v -> v <= share + twoPerWindow + 1e-9));
        results.figure("scale_list_calls_per_second_mean", number(c.get("list_calls_per_second_mean")),
                number(b.get("list_calls_per_second_mean")),
                new Goal("<= " + Results.format(share) + " (the share)", v -> v <= share));
    }

    /**
     * The summary-mode run's figures (issue 12), per start rate, each for the connector and the list-only naive
     * poller. The run fails before this if either side missed a final state or streamed an invented one.
     */
    @SuppressWarnings("unchecked")
    static void summaryFigures(Results results, Map<String, Object> run) {
        results.detail("summary_mode", run);
        for (Map<String, Object> row : (List<Map<String, Object>>) run.get("rates")) {
            long rate = Math.round(number(row.get("starts_per_second")));
            Map<String, Object> c = (Map<String, Object>) row.get("connector");
            Map<String, Object> b = (Map<String, Object>) row.get("baseline");
            results.figure("summary_changes_per_list_call_at_" + rate + "_per_s", number(c.get("changes_per_list_call")),
                    number(b.get("changes_per_list_call")), rate >= 1_000
                            ? new Goal(">= 500, none missing, none repeated", v -> v >= 500
                            && number(c.get("missing_final_states")) == 0 && number(c.get("repeated_records")) == 0)
                            : Goal.NONE);
            Map<String, Object> cs = (Map<String, Object>) c.get("steady");
            Map<String, Object> bs = (Map<String, Object>) b.get("steady");
            results.figure("summary_describe_calls_per_change_at_" + rate + "_per_s",
                    number(cs.get("describe_calls_per_change")), number(bs.get("describe_calls_per_change")),
                    Goal.NONE);
            results.figure("summary_missing_at_" + rate + "_per_s", number(c.get("missing_final_states")),
                    number(b.get("missing_final_states")), new Goal("0", v -> v == 0));
            results.figure("summary_repeated_records_at_" + rate + "_per_s", number(c.get("repeated_records")),
                    number(b.get("repeated_records")), new Goal("0", v -> v == 0));
        }
    }

    /** The large backfill's figures; the summary-mode run is the main case. */
    @SuppressWarnings("unchecked")
    static void largeBackfillFigures(Results results, Settings settings, Map<String, Object> large) {
        results.detail("large_backfill", large);
        Map<String, Object> s = (Map<String, Object>) large.get("summary");
        Settings.LargeBackfill config = settings.largeBackfill();
        String heap = "-Xmx" + config.workerHeap();
        int n = config.executions();
        results.figure("backfill_time_to_first_record_ms", number(s.get("time_to_first_record_ms")), null,
                new Goal("<= 60,000", v -> v <= 60_000));
        results.figure("backfill_time_to_first_checkpoint_ms", number(s.get("time_to_first_checkpoint_ms")), null,
                new Goal("<= 60,000", v -> v <= 60_000));
        results.figure("backfill_time_to_first_claiming_commit_ms",
                number(s.get("time_to_first_claiming_commit_ms")), null, Goal.NONE);
        results.figure("backfill_records_first_minute", number(s.get("records_first_minute")), null,
                new Goal("> 0", v -> v > 0));
        results.figure("backfill_checkpoints_first_minute", number(s.get("checkpoints_first_minute")), null,
                new Goal("> 0", v -> v > 0));
        results.figure("backfill_executions_claimed_first_minute",
                number(s.get("executions_claimed_by_commits_first_minute")), null, Goal.NONE);
        results.figure("backfill_records_per_second", number(s.get("records_per_second")), null, Goal.NONE);
        results.figure("backfill_total_seconds", number(s.get("seconds_to_last_record")), null, Goal.NONE);
        results.figure("backfill_executions_streamed", number(s.get("distinct_executions")), null,
                new Goal(String.format(Locale.ROOT, "%,d (all, within %d min)", n, config.cap().toMinutes()),
                        v -> v == n));
        results.figure("backfill_duplicate_records", number(s.get("duplicates")), null,
                new Goal("0", v -> v == 0));
        results.figure("backfill_list_calls_per_1000_executions", number(s.get("list_calls_per_1000_executions")),
                null, Goal.NONE);
        results.figure("backfill_execution_offsets_per_1000_executions",
                number(s.get("execution_offsets_deleted_per_1000_executions")), null, Goal.NONE);
        Map<String, Object> heapLog = (Map<String, Object>) s.get("worker_heap");
        results.figure("backfill_worker_peak_heap_after_gc_mib", number(heapLog.get("peak_heap_after_gc_mib")),
                null, Goal.NONE);
        boolean alive = Boolean.TRUE.equals(s.get("worker_alive")) && number(s.get("worker_out_of_memory_lines")) == 0
                && !"task failed".equals(s.get("stopped"));
        results.figure("backfill_worker_alive", alive ? 1 : 0, null,
                new Goal("1 (" + heap + ": no OutOfMemoryError, task running)", v -> v == 1));
        Map<String, Object> f = (Map<String, Object>) large.get("full");
        if (f != null) {
            results.figure("backfill_records_per_second_full_detail", number(f.get("records_per_second")), null,
                    Goal.NONE);
            results.figure("backfill_time_to_first_record_ms_full_detail", number(f.get("time_to_first_record_ms")),
                    null, Goal.NONE);
            results.figure("backfill_worker_peak_heap_after_gc_mib_full_detail",
                    number(((Map<String, Object>) f.get("worker_heap")).get("peak_heap_after_gc_mib")), null,
                    Goal.NONE);
            boolean fullAlive = Boolean.TRUE.equals(f.get("worker_alive"))
                    && number(f.get("worker_out_of_memory_lines")) == 0 && !"task failed".equals(f.get("stopped"));
            results.figure("backfill_worker_alive_full_detail", fullAlive ? 1 : 0, null,
                    new Goal("1 (" + heap + ")", v -> v == 1));
        }
    }

    private static double number(Object value) {
        return value instanceof Number v ? v.doubleValue() : Double.NaN;
    }

    private static StreamRun.Outcome mainRun(Settings settings, BenchCluster cluster, boolean isConnector)
            throws InterruptedException {
        try (SimulatedAccount account = new SimulatedAccount(settings.workload())) {
            Subject subject = subject(settings, cluster, account, isConnector, "main");
            try (TopicReader reader = new TopicReader(cluster.bootstrapServers(), subject.topic())) {
                return new StreamRun(settings, subject, account, reader).run();
            } finally {
                subject.close();
            }
        }
    }

    /**
     * The connector (one task, the run's connector properties) or the baseline, streaming {@code account} into a
     * topic of its own: {@code c-<name>} or {@code b-<name>}.
     */
    static Subject subject(Settings settings, BenchCluster cluster, SimulatedAccount account, boolean isConnector,
                           String name) {
        if (isConnector) {
            return new ConnectorSubject(cluster, "c-" + name, account, 1, settings.connectorProperties());
        }
        NaiveBaseline baseline = new NaiveBaseline(name, "b-" + name, account, settings.pollIntervalMs(),
                cluster.bootstrapServers());
        cluster.createTopics(baseline.topic());
        return baseline;
    }

    static String scalingTable(List<Map<String, Object>> rows) {
        StringBuilder out = new StringBuilder("\nScaling (connector; throttling off)\n");
        out.append("| state machines | tasks | backfill records/s | describes/record | lists/record | idle calls/s |"
                + " idle calls/state machine/poll | load |\n|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.get("state_machines"), r.get("tasks"),
                    Results.format((double) r.get("backfill_records_per_second")),
                    Results.format((double) r.get("backfill_describes_per_record")),
                    Results.format((double) r.get("backfill_lists_per_record")),
                    Results.format((double) r.get("idle_calls_per_second")),
                    Results.format((double) r.get("idle_calls_per_state_machine_per_poll")), r.get("load")));
        }
        return out.toString();
    }

    /** One progress line on standard output (the logs go to the log file). */
    static void progress(String message) {
        System.out.printf(Locale.ROOT, "[benchmark %5.0fs, load %.2f] %s%n", (System.nanoTime() - STARTED) / 1e9,
                Machine.load(), message);
    }

    /** slf4j-simple cannot create the directory of its log file, and falls back to stderr without it. */
    private static void createLogDirectory() throws java.io.IOException {
        String logFile = System.getProperty("org.slf4j.simpleLogger.logFile");
        if (logFile != null && !logFile.startsWith("System.")) {
            Path parent = Path.of(logFile).toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        }
    }
}
