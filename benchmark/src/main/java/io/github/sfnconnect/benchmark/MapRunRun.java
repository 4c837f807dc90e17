package io.github.sfnconnect.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.github.sfnconnect.benchmark.TopicReader.Observed;
import io.github.sfnconnect.emulator.ExecutionView;
import io.github.sfnconnect.emulator.MapRunConfig;
import io.github.sfnconnect.emulator.MapRunStatus;
import io.github.sfnconnect.emulator.MapRunView;
import io.github.sfnconnect.emulator.StepFunctionsEmulator;

/**
 * Issue 11's Map Run scenario: one parent execution of a state machine with a Distributed Map state runs one Map Run
 * of STANDARD children, started in batches, some failing, ending over time. The connector (in the benchmark's
 * Connect worker, {@code map.runs} and {@code map.run.*} at their defaults unless the plan says otherwise) and the
 * {@link NaiveMapRunPoller} stream the children side by side, each from its own account playing the same seeded
 * schedule; every call is counted by that account's emulator.
 * <p>
 * Phases: the first batches start before the subjects do and stay RUNNING until both have recorded them (the
 * connector finds the Map Run by its discovery), then nothing changes for the idle window (calls per poll of an open,
 * unchanging Map Run); then the other batches start and every child ends, and the Map Run succeeds. Once a subject
 * has recorded every child's final state its parent succeeds, as a parent whose Map state was its last state would;
 * the run ends when the connector stopped calling for the Map Run and the baseline exited. A change lost by either
 * side fails the run, with the missing changes in the message.
 */
final class MapRunRun {

    /** The Distributed Map state the connector looks for: label {@value #LABEL}, STANDARD children. */
    static final String LABEL = "items";
    static final String DEFINITION = "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"Label\":\"" + LABEL
            + "\",\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"},"
            + "\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}}}";

    /**
     * The run's size: {@code children} items, the first {@code idleChildren} started before the subjects and held
     * RUNNING through the idle window, the rest in batches of {@code batchSize} every {@code batchEveryMs}; each
     * child runs an exponential time of mean {@code meanRunMs}, at most {@code maxRunMs} (the idle batch's from the
     * live phase's start), and {@code failureShare} of them fail (60 % FAILED, 20 % TIMED_OUT, 20 % ABORTED); the
     * Map Run tolerates every failure. {@code connector}: connector properties of this run only (the smoke run
     * shortens the discovery interval and the consistency window; the full and quick runs set none).
     */
    record Plan(int children, int idleChildren, int batchSize, long batchEveryMs, long meanRunMs, long maxRunMs,
                double failureShare, long seed, Map<String, String> connector) {

        private static final List<String> KEYS = List.of("mapRunChildren", "mapRunIdleChildren", "mapRunBatchSize",
                "mapRunMeanRunTimeMs");

        Plan {
            if (children < 1 || idleChildren < 1 || idleChildren >= children || batchSize < 1 || batchEveryMs < 0
                    || meanRunMs < 0 || maxRunMs < meanRunMs || failureShare < 0 || failureShare > 1) {
                throw new IllegalArgumentException("a Map Run plan needs 1 <= idle children < children, a batch size"
                        + " of at least 1, a mean run time <= the longest and a failure share in [0, 1]: children "
                        + children + ", idle " + idleChildren + ", batch " + batchSize + ", mean " + meanRunMs
                        + " ms, longest " + maxRunMs + " ms, failures " + failureShare);
            }
            if (children > 10_000) {
                throw new IllegalArgumentException("a Map Run runs at most 10,000 children at once, not " + children);
            }
            connector = Map.copyOf(connector);
        }

        static boolean knows(String key) {
            return KEYS.contains(key);
        }

        Plan with(String key, String v) {
            return switch (key) {
                case "mapRunChildren" -> new Plan(Integer.parseInt(v), idleChildren, batchSize, batchEveryMs,
                        meanRunMs, maxRunMs, failureShare, seed, connector);
                case "mapRunIdleChildren" -> new Plan(children, Integer.parseInt(v), batchSize, batchEveryMs,
                        meanRunMs, maxRunMs, failureShare, seed, connector);
                case "mapRunBatchSize" -> new Plan(children, idleChildren, Integer.parseInt(v), batchEveryMs,
                        meanRunMs, maxRunMs, failureShare, seed, connector);
                case "mapRunMeanRunTimeMs" -> new Plan(children, idleChildren, batchSize, batchEveryMs,
                        Long.parseLong(v), Math.max(maxRunMs, 3 * Long.parseLong(v)), failureShare, seed, connector);
                default -> throw new IllegalArgumentException(key);
            };
        }

        int liveBatches() {
            return (children - idleChildren + batchSize - 1) / batchSize;
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("children", children);
            json.put("child_type", "STANDARD");
            json.put("idle_children", idleChildren);
            json.put("batch_size", batchSize);
            json.put("live_batches", liveBatches());
            json.put("batch_every_ms", batchEveryMs);
            json.put("run_time", "exponential, mean " + meanRunMs + " ms, at most " + maxRunMs
                    + " ms (the idle batch's counted from the live phase's start)");
            json.put("failure_share", failureShare);
            json.put("failures", "60% FAILED, 20% TIMED_OUT, 20% ABORTED; the Map Run tolerates all (100%)");
            json.put("seed", seed);
            json.put("connector_overrides", new TreeMap<>(connector));
            return json;
        }
    }

    private enum Kind { START, SUCCEED, FAIL, TIME_OUT, ABORT }

    /** {@code count} children from index {@code child} start, or child {@code child} ends; at {@code atMs}. */
    private record Event(long atMs, long seq, Kind kind, int child, int count) {
    }

    /** The seeded schedule: the idle batches (at setup) and the live events (ms after the live phase's start). */
    private record Schedule(List<Event> idle, List<Event> live) {
    }

    /** One subject's account: the parent state machine, its one execution and Map Run, the children by index. */
    private static final class Side implements AutoCloseable {
        final String name;
        final SimulatedAccount account;
        final StepFunctionsEmulator sfn;
        final String machine;
        final String parent;
        final String mapRun;
        final String[] children;
        final long mapRunStartMs;

        Side(String name, Plan plan) {
            this.name = name;
            this.account = new SimulatedAccount(new Workload(plan.seed(), 1, 0, 0, 0, 1_000, 0, 0,
                    Duration.ofHours(1)));
            this.sfn = account.emulator();
            this.machine = account.stateMachineArns().get(0);
            sfn.updateStateMachine(machine, DEFINITION);
            this.parent = sfn.startExecution(machine, "fan-out-1", "{\"items\":" + plan.children() + "}");
            this.mapRunStartMs = System.currentTimeMillis();
            this.mapRun = sfn.startMapRun(parent, MapRunConfig.of(LABEL, plan.children(), "STANDARD")
                    .withToleratedFailurePercentage(100f));
            this.children = new String[plan.children()];
        }

        void apply(Event e) {
            switch (e.kind()) {
                case START -> {
                    List<String> arns = sfn.startChildren(mapRun, e.count());
                    for (int k = 0; k < arns.size(); k++) {
                        children[e.child() + k] = arns.get(k);
                    }
                }
                case SUCCEED -> sfn.succeed(children[e.child()], "{\"ok\":true}");
                case FAIL -> sfn.fail(children[e.child()], "Bench.Error", "failed by the workload");
                case TIME_OUT -> sfn.timeOut(children[e.child()]);
                case ABORT -> sfn.abort(children[e.child()], "Bench.Stopped", "stopped by the workload");
                default -> throw new IllegalStateException("unhandled " + e.kind());
            }
        }

        long describes() {
            return sfn.callCount("DescribeExecution");
        }

        /** Calls that concern the Map Run, with every DescribeExecution (the caller accounts for the parent's). */
        long mapRunCalls() {
            return sfn.listingsOf(mapRun) + sfn.callCount("ListMapRuns") + sfn.callCount("DescribeMapRun")
                    + describes();
        }

        Set<String> childArns() {
            Set<String> arns = new HashSet<>();
            for (String arn : children) {
                if (arn != null) {
                    arns.add(arn);
                }
            }
            return arns;
        }

        /** The key of each child's state now, as the emulator has it: what a complete stream holds. */
        Set<String> currentStates(int from, int to) {
            Set<String> keys = new HashSet<>();
            for (int i = from; i < to; i++) {
                ExecutionView v = sfn.execution(children[i]).orElseThrow();
                keys.add(v.executionArn() + "|" + v.status() + "|" + v.redriveCount());
            }
            return keys;
        }

        MapRunView view() {
            return sfn.mapRun(mapRun).orElseThrow();
        }

        @Override
        public void close() {
            account.close();
        }
    }

    private final Settings settings;
    private final BenchCluster cluster;
    private final Plan plan;
    private final long poll;
    private final Map<String, String> props;
    private final long discoveryMs;
    private final long windowMs;

    private MapRunRun(Settings settings, BenchCluster cluster) {
        this.settings = settings;
        this.cluster = cluster;
        this.plan = settings.mapRun();
        this.poll = settings.pollIntervalMs();
        Map<String, String> p = new LinkedHashMap<>(settings.connectorProperties());
        p.putAll(plan.connector());
        this.props = p;
        this.discoveryMs = Long.parseLong(props.getOrDefault("map.run.discovery.interval.ms", "60000"));
        this.windowMs = Long.parseLong(props.getOrDefault("consistency.window.ms", "60000"));
    }

    /** Runs the scenario; the figures' inputs and every raw count, for results.json. */
    static Map<String, Object> run(Settings settings, BenchCluster cluster) throws Exception {
        return new MapRunRun(settings, cluster).run();
    }

    private Map<String, Object> run() throws Exception {
        Schedule schedule = schedule(plan);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("plan", plan.toJson());
        out.put("poll_interval_ms", poll);
        out.put("consistency_window_ms", windowMs);
        out.put("map_run_discovery_interval_ms", discoveryMs);
        out.put("map_run_child_detail", props.getOrDefault("map.run.child.detail", "summary (default)"));
        Benchmark.progress("map run: " + plan.children() + " STANDARD children, " + plan.idleChildren()
                + " started before the subjects, then " + plan.liveBatches() + " batches of " + plan.batchSize()
                + " every " + plan.batchEveryMs() + " ms; connector and naive poller side by side");
        try (Side c = new Side("connector", plan); Side b = new Side("baseline", plan)) {
            for (Event e : schedule.idle()) {
                c.apply(e);
                b.apply(e);
            }
            ConnectorSubject connector = new ConnectorSubject(cluster, "c-maprun", c.account, 1, props);
            NaiveMapRunPoller baseline = new NaiveMapRunPoller("b-maprun", b.account, b.parent, poll,
                    cluster.bootstrapServers());
            cluster.createTopics(baseline.topic());
            try (TopicReader cr = new TopicReader(cluster.bootstrapServers(), connector.topic());
                 TopicReader br = new TopicReader(cluster.bootstrapServers(), baseline.topic())) {
                return measure(schedule, c, b, connector, baseline, cr, br, out);
            } finally {
                connector.close();
                baseline.close();
            }
        }
    }

    private Map<String, Object> measure(Schedule schedule, Side c, Side b, ConnectorSubject connector,
                                        NaiveMapRunPoller baseline, TopicReader cr, TopicReader br,
                                        Map<String, Object> out) throws Exception {
        long startedMs = System.currentTimeMillis();
        connector.start();
        baseline.start();

        // the parent's RUNNING record: its describe is the last call that is not the Map Run's, until its end
        String parentRunning = c.parent + "|RUNNING|0";
        await("the connector to record the parent execution " + c.parent, Duration.ofSeconds(120),
                () -> cr.contains(parentRunning), () -> "");
        long describesBeforeParentRecord = c.describes();

        // ---- idle: the first batches RUNNING, recorded by both, then nothing changes
        Set<String> cIdle = c.currentStates(0, plan.idleChildren());
        Set<String> bIdle = b.currentStates(0, plan.idleChildren());
        Duration discoveryTimeout = Duration.ofMillis(discoveryMs + 120_000);
        await("the connector to find the Map Run and record its " + cIdle.size() + " RUNNING children",
                discoveryTimeout, () -> cr.missing(cIdle) == 0, () -> missingMessage(cr, cIdle, c));
        long connectorFoundMs = System.currentTimeMillis();
        await("the baseline to record the Map Run's " + bIdle.size() + " RUNNING children", Duration.ofSeconds(120),
                () -> br.missing(bIdle) == 0, () -> missingMessage(br, bIdle, b));
        Benchmark.progress("map run: connector recorded the " + cIdle.size() + " running children "
                + (connectorFoundMs - c.mapRunStartMs) + " ms after the Map Run started; idle for "
                + settings.idle().toMillis() + " ms");
        Thread.sleep(2 * poll + 1_000);
        long idleFrom = System.currentTimeMillis();
        long cIdleCalls0 = c.mapRunCalls();
        Map<String, Long> cIdleActions0 = c.sfn.callCounts();
        long cIdleMapLists0 = c.sfn.listingsOf(c.mapRun);
        long cIdleParentLists0 = c.sfn.listingsOf(c.machine);
        int cIdleRecords0 = cr.count();
        int bIdleRecords0 = br.count();
        Thread.sleep(settings.idle().toMillis());
        long idleUntil = idleFrom + settings.idle().toMillis();
        double idlePolls = (double) settings.idle().toMillis() / poll;
        long cIdleCalls = c.mapRunCalls() - cIdleCalls0;
        Map<String, Object> cIdleDetail = new LinkedHashMap<>();
        cIdleDetail.put("seconds", settings.idle().toMillis() / 1000.0);
        cIdleDetail.put("polls", idlePolls);
        cIdleDetail.put("map_run_calls", cIdleCalls);
        cIdleDetail.put("list_executions_by_map_run", c.sfn.listingsOf(c.mapRun) - cIdleMapLists0);
        cIdleDetail.put("list_executions_by_parent_state_machine_not_counted",
                c.sfn.listingsOf(c.machine) - cIdleParentLists0);
        cIdleDetail.put("api_calls_by_action", diff(cIdleActions0, c.sfn.callCounts()));
        cIdleDetail.put("records_during_idle", cr.count() - cIdleRecords0);
        cIdleDetail.put("method", "calls counted by the emulator over the idle window; polls = window / "
                + "poll.interval.ms. Counted: ListExecutions by the Map Run, ListMapRuns, DescribeMapRun, "
                + "DescribeExecution (the parent does not change); not counted: the parent state machine's listing");
        await("the baseline to finish a poll started in the idle window", Duration.ofSeconds(120),
                () -> baseline.polls().stream().anyMatch(p -> p.startMs() >= idleFrom), () -> "");
        List<NaiveMapRunPoller.PollStats> bIdlePolls = baseline.polls().stream()
                .filter(p -> p.startMs() >= idleFrom && p.startMs() < idleUntil).toList();
        if (bIdlePolls.isEmpty()) {
            bIdlePolls = baseline.polls().stream().filter(p -> p.startMs() >= idleFrom).limit(1).toList();
        }
        long bIdleCalls = bIdlePolls.stream().mapToLong(NaiveMapRunPoller.PollStats::calls).sum();
        Map<String, Object> bIdleDetail = new LinkedHashMap<>();
        bIdleDetail.put("polls", bIdlePolls.size());
        bIdleDetail.put("map_run_calls", bIdleCalls);
        bIdleDetail.put("records_during_idle", br.count() - bIdleRecords0);
        bIdleDetail.put("method", "the baseline's own count over its polls started in the idle window");
        double cIdlePerPoll = cIdleCalls / idlePolls;
        double bIdlePerPoll = (double) bIdleCalls / bIdlePolls.size();
        Benchmark.progress("map run: idle with " + plan.idleChildren() + " running children: connector "
                + Results.format(cIdlePerPoll) + ", baseline " + Results.format(bIdlePerPoll) + " calls per poll");

        // ---- live: the other batches start, every child ends
        long liveStart = System.currentTimeMillis();
        for (Event e : schedule.live()) {
            long wait = liveStart + e.atMs() - System.currentTimeMillis();
            if (wait > 0) {
                TimeUnit.MILLISECONDS.sleep(wait);
            }
            c.apply(e);
            b.apply(e);
        }
        long cTail0 = c.mapRunCalls();
        long bTailPolls0 = System.currentTimeMillis();
        for (Side s : List.of(c, b)) {
            MapRunView v = s.view();
            if (v.status() != MapRunStatus.SUCCEEDED) {
                throw new IllegalStateException("The " + s.name + "'s Map Run is " + v.status() + " after every child"
                        + " ended; the workload is wrong: " + v);
            }
        }
        long mapRunStopMs = c.view().stopDate().toEpochMilli();
        Benchmark.progress("map run: every child ended, the Map Run SUCCEEDED "
                + (System.currentTimeMillis() - liveStart) + " ms after the live phase started");

        // ---- every final state recorded; then the parent ends
        Set<String> cFinal = c.currentStates(0, plan.children());
        Set<String> bFinal = b.currentStates(0, plan.children());
        Duration drain = Duration.ofMillis(Math.max(120_000, 4 * windowMs));
        await("the connector to record the final state of the " + cFinal.size() + " children", drain,
                () -> cr.missing(cFinal) == 0, () -> missingMessage(cr, cFinal, c));
        long cAllFinalMs = System.currentTimeMillis();
        long describesAtParentEnd = c.describes();
        c.sfn.succeed(c.parent, "{\"done\":true}");
        await("the baseline to record the final state of the " + bFinal.size() + " children", drain,
                () -> br.missing(bFinal) == 0, () -> missingMessage(br, bFinal, b));
        long bAllFinalMs = System.currentTimeMillis();
        b.sfn.succeed(b.parent, "{\"done\":true}");

        // ---- the connector stops calling for the Map Run; the baseline exits
        String parentSucceeded = c.parent + "|SUCCEEDED|0";
        await("the connector to record the parent's end", Duration.ofMillis(discoveryMs + 120_000),
                () -> cr.contains(parentSucceeded), () -> "");
        long quietMs = Math.max(5 * poll, 3_000);
        long[] last = {c.mapRunCalls(), System.currentTimeMillis()};
        long quietTimeout = windowMs + discoveryMs + 120_000;
        await("the connector to stop calling for the Map Run (no call for " + quietMs + " ms)",
                Duration.ofMillis(quietTimeout), () -> {
                    long now = c.mapRunCalls();
                    if (now != last[0]) {
                        last[0] = now;
                        last[1] = System.currentTimeMillis();
                    }
                    return System.currentTimeMillis() - last[1] >= quietMs;
                }, () -> "it still calls " + (System.currentTimeMillis() - mapRunStopMs) + " ms after the Map Run "
                        + "stopped: " + c.sfn.callCounts() + ", ListExecutions by the Map Run "
                        + c.sfn.listingsOf(c.mapRun));
        long cLastCallMs = last[1];
        await("the baseline to exit after seeing the Map Run stopped", Duration.ofSeconds(120), baseline::finished,
                () -> "");
        int failures = connector.failures();
        if (failures > 0) {
            throw new IllegalStateException("The Map Run connector has " + failures + " failed task(s); see the log");
        }

        // ---- the connector's count
        long describesAtEnd = c.describes();
        long afterParentEnd = describesAtEnd - describesAtParentEnd;
        long childDescribes = (describesAtParentEnd - describesBeforeParentRecord) + Math.max(0, afterParentEnd - 1);
        long cListByMapRun = c.sfn.listingsOf(c.mapRun);
        long cListMapRuns = c.sfn.callCount("ListMapRuns");
        long cDescribeMapRun = c.sfn.callCount("DescribeMapRun");
        long cCalls = cListByMapRun + cListMapRuns + cDescribeMapRun + childDescribes;
        long cTailCalls = c.mapRunCalls() - cTail0 - Math.min(1, afterParentEnd);
        Map<String, Object> cd = side(cr, c, cFinal, liveStart);
        long cChanges = ((Number) cd.get("child_changes")).longValue();
        cd.put("map_run_calls", cCalls);
        cd.put("calls_per_child_change", (double) cCalls / cChanges);
        cd.put("calls_by_kind", Map.of("ListExecutions_by_map_run", cListByMapRun, "ListMapRuns", cListMapRuns,
                "DescribeMapRun", cDescribeMapRun, "DescribeExecution_of_children", childDescribes));
        cd.put("describe_calls_per_child_change", (double) childDescribes / cChanges);
        cd.put("idle", cIdleDetail);
        cd.put("idle_calls_per_poll", cIdlePerPoll);
        cd.put("ms_from_map_run_start_to_running_children_recorded", connectorFoundMs - c.mapRunStartMs);
        cd.put("ms_from_map_run_stop_to_all_final_states", cAllFinalMs - mapRunStopMs);
        cd.put("ms_from_map_run_stop_to_last_map_run_call", cLastCallMs - mapRunStopMs);
        cd.put("calls_after_map_run_stop", cTailCalls);
        cd.put("not_counted", Map.of("parent_describes", describesBeforeParentRecord + Math.min(1, afterParentEnd),
                "list_executions_by_parent_state_machine", c.sfn.listingsOf(c.machine),
                "DescribeStateMachine", c.sfn.callCount("DescribeStateMachine")));
        cd.put("api_calls_by_action", new TreeMap<>(c.sfn.callCounts()));
        cd.put("task_failures", failures);
        cd.put("method", "Map Run calls: every ListExecutions by the Map Run's ARN, ListMapRuns and DescribeMapRun,"
                + " and every DescribeExecution but the parent's (made before its RUNNING record was read, and the one"
                + " after its end), from the connector's start until it made no call for the Map Run for " + quietMs
                + " ms; divided by the distinct child changes (ARN, status, redrive count) in its topic");

        // ---- the baseline's count: its account has no other client
        long bListByMapRun = b.sfn.listingsOf(b.mapRun);
        long bListMapRuns = b.sfn.callCount("ListMapRuns");
        long bDescribes = b.describes();
        long bDescribeMapRun = b.sfn.callCount("DescribeMapRun");
        long bCalls = bListByMapRun + bListMapRuns + bDescribes + bDescribeMapRun;
        Map<String, Object> bd = side(br, b, bFinal, liveStart);
        long bChanges = ((Number) bd.get("child_changes")).longValue();
        List<NaiveMapRunPoller.PollStats> polls = baseline.polls();
        bd.put("map_run_calls", bCalls);
        bd.put("calls_per_child_change", (double) bCalls / bChanges);
        bd.put("calls_by_kind", Map.of("ListExecutions_by_map_run", bListByMapRun, "ListMapRuns", bListMapRuns,
                "DescribeMapRun", bDescribeMapRun, "DescribeExecution_of_children", bDescribes));
        bd.put("describe_calls_per_child_change", (double) bDescribes / bChanges);
        bd.put("idle", bIdleDetail);
        bd.put("idle_calls_per_poll", bIdlePerPoll);
        bd.put("ms_from_map_run_start_to_running_children_recorded",
                allReadMs(br, bIdle) - b.mapRunStartMs);
        bd.put("ms_from_map_run_stop_to_all_final_states", bAllFinalMs - mapRunStopMs);
        long bLastPollEnd = polls.isEmpty() ? mapRunStopMs : polls.get(polls.size() - 1).endMs();
        bd.put("ms_from_map_run_stop_to_last_map_run_call", bLastPollEnd - mapRunStopMs);
        bd.put("calls_after_map_run_stop", polls.stream().filter(p -> p.startMs() >= bTailPolls0)
                .mapToLong(NaiveMapRunPoller.PollStats::calls).sum());
        bd.put("polls", polls.size());
        bd.put("failed_polls", baseline.failures());
        bd.put("calls_counted_by_itself", polls.stream().mapToLong(NaiveMapRunPoller.PollStats::calls).sum());
        bd.put("api_calls_by_action", new TreeMap<>(b.sfn.callCounts()));
        bd.put("method", "every call on its account (it has no other client), from its start until it exited;"
                + " divided by the distinct child changes in its topic");

        out.put("seconds", (System.currentTimeMillis() - startedMs) / 1000.0);
        out.put("connector", cd);
        out.put("baseline", bd);
        out.put("load", Machine.load());
        Benchmark.progress("map run: connector " + cCalls + " calls for " + cChanges + " child changes ("
                + Results.format((double) cCalls / cChanges) + " per change, " + childDescribes + " describes), "
                + "baseline " + bCalls + " for " + bChanges + " (" + Results.format((double) bCalls / bChanges)
                + "); 0 missing");
        return out;
    }

    /** The children's records in one subject's topic: distinct changes, duplicates, missing, latency. */
    private static Map<String, Object> side(TopicReader reader, Side side, Set<String> finals, long liveStart) {
        Set<String> arns = side.childArns();
        List<Observed> records = reader.readWhere(ms -> true).stream()
                .filter(o -> arns.contains(o.executionArn())).toList();
        Set<String> distinct = new HashSet<>();
        Map<String, Integer> byStatus = new TreeMap<>();
        List<Long> latencies = new ArrayList<>();
        long firstReadMs = Long.MAX_VALUE;
        for (Observed o : records) {
            if (distinct.add(o.key())) {
                byStatus.merge(o.status(), 1, Integer::sum);
            }
            if (o.changeMs() >= liveStart) {
                latencies.add(o.readMs() - o.changeMs());
            }
            firstReadMs = Math.min(firstReadMs, o.readMs());
        }
        Percentiles latency = new Percentiles(latencies);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("child_changes", distinct.size());
        d.put("child_records", records.size());
        d.put("duplicates", records.size() - distinct.size());
        d.put("missing", reader.missing(finals));
        d.put("child_changes_by_status", byStatus);
        d.put("final_states_expected", finals.size());
        d.put("ms_from_map_run_start_to_first_child_record", firstReadMs - side.mapRunStartMs);
        d.put("live_latency_ms", Map.of("p50", latency.at(50), "p99", latency.at(99), "max", latency.max(),
                "samples", latency.count(), "method", "read time minus the change's time (start or stop date) for"
                        + " child changes of the live phase; the window listing and summary records make this"
                        + " the poll interval plus the listing"));
        return d;
    }

    /** When the last of {@code keys} was read. */
    private static long allReadMs(TopicReader reader, Set<String> keys) {
        return reader.readWhere(ms -> true).stream().filter(o -> keys.contains(o.key()))
                .mapToLong(Observed::readMs).max().orElse(-1);
    }

    private static String missingMessage(TopicReader reader, Set<String> expected, Side side) {
        int missing = reader.missing(expected);
        List<String> sample = reader.missingKeys(expected, 10);
        Set<String> arns = side.childArns();
        long childRecords = reader.readWhere(ms -> true).stream().filter(o -> arns.contains(o.executionArn()))
                .count();
        return missing + " of " + expected.size() + " expected child changes missing (" + childRecords
                + " child records read), e.g. " + sample + "; the Map Run is " + side.view().status()
                + ", ListExecutions by it: " + side.sfn.listingsOf(side.mapRun) + ", calls: " + side.sfn.callCounts();
    }

    private static Map<String, Long> diff(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new TreeMap<>();
        after.forEach((k, v) -> {
            long n = v - before.getOrDefault(k, 0L);
            if (n != 0) {
                d.put(k, n);
            }
        });
        return d;
    }

    /** Waits for {@code condition}; on timeout fails with {@code what} and {@code why}'s account of the state. */
    private static void await(String what, Duration timeout, BooleanSupplier condition,
                              java.util.function.Supplier<String> why) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Map Run run: timed out after " + timeout.toSeconds()
                        + " s waiting for " + what + ". " + why.get() + " (see benchmark.log)");
            }
            Thread.sleep(20);
        }
    }

    /** The seeded schedule of the plan. */
    private static Schedule schedule(Plan p) {
        Random random = new Random(p.seed());
        List<Event> idle = new ArrayList<>();
        List<Event> live = new ArrayList<>();
        long seq = 0;
        for (int first = 0; first < p.idleChildren(); first += p.batchSize()) {
            idle.add(new Event(0, seq++, Kind.START, first, Math.min(p.batchSize(), p.idleChildren() - first)));
        }
        for (int i = 0; i < p.idleChildren(); i++) {
            live.add(new Event(runTime(random, p), seq++, outcome(random, p), i, 1));
        }
        int batch = 0;
        for (int first = p.idleChildren(); first < p.children(); first += p.batchSize(), batch++) {
            long at = batch * p.batchEveryMs();
            int count = Math.min(p.batchSize(), p.children() - first);
            live.add(new Event(at, seq++, Kind.START, first, count));
            for (int i = first; i < first + count; i++) {
                live.add(new Event(at + runTime(random, p), seq++, outcome(random, p), i, 1));
            }
        }
        live.sort(Comparator.comparingLong(Event::atMs).thenComparingLong(Event::seq));
        return new Schedule(idle, live);
    }

    private static long runTime(Random random, Plan p) {
        return Math.min(p.maxRunMs(), Math.max(50, (long) (-Math.log(1 - random.nextDouble()) * p.meanRunMs())));
    }

    private static Kind outcome(Random random, Plan p) {
        if (random.nextDouble() >= p.failureShare()) {
            return Kind.SUCCEED;
        }
        double d = random.nextDouble();
        return d < 0.6 ? Kind.FAIL : d < 0.8 ? Kind.TIME_OUT : Kind.ABORT;
    }
}
