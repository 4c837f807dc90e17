package io.github.sfnconnect.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.github.sfnconnect.benchmark.NaiveBaseline.PollStats;
import io.github.sfnconnect.benchmark.TopicReader.Observed;

/**
 * The main run of one subject on its own account, phase after phase: <b>backfill</b> (stream the whole history),
 * <b>steady</b> (the live workload; cost per record and latency), <b>idle</b> (no changes; cost per state machine
 * and poll) and <b>restart</b> (stop, one new execution, resume; describes of already-emitted executions).
 */
final class StreamRun {

    /** What one subject measured. */
    record Outcome(String side, Map<String, Object> details, double recordsPerSecond, double cpuUsPerRecord,
                   double describesPerRecord, double listsPerRecord, long steadyCalls, double p50, double p99,
                   double idleCallsPerMachinePerPoll, long restartDescribes, long restartLists, long restartMs,
                   int failures, double offsetKeysPerTrackedExecution) {
    }

    private final Settings settings;
    private final Subject subject;
    private final SimulatedAccount account;
    private final TopicReader reader;
    private final Map<String, Object> details = new LinkedHashMap<>();

    StreamRun(Settings settings, Subject subject, SimulatedAccount account, TopicReader reader) {
        this.settings = settings;
        this.subject = subject;
        this.account = account;
        this.reader = reader;
    }

    Outcome run() throws InterruptedException {
        String side = subject.side();
        long poll = settings.pollIntervalMs();
        int machines = account.stateMachineArns().size();

        // ---- backfill: the whole history, throttling off
        int history = account.writeHistory();
        Benchmark.progress(side + ": history of " + history + " executions written; streaming it");
        long t0 = System.currentTimeMillis();
        subject.start();
        long cpuAtStart = subject.cpuNanos(); // the task's start (SDK client, class loading) is not per record
        long runningSince = System.currentTimeMillis();
        await("the " + side + " to stream the " + history + " executions of the history",
                Duration.ofSeconds(120 + history / 200), () -> reader.count() >= history);
        long backfillMs = Math.max(1, reader.readTimeOf(history) - t0);
        long cpuNanos = subject.cpuNanos() - cpuAtStart;
        double recordsPerSecond = Rates.fromStart(reader, history, runningSince);
        double cpuUsPerRecord = cpuNanos / 1000.0 / Math.max(1, history);
        details.put("backfill", Map.of("records", history, "seconds_from_start", backfillMs / 1000.0,
                "ms_to_first_record", reader.readTimeOf(1) - t0, "records_per_second_from_running", recordsPerSecond,
                "cpu_us_per_record", cpuUsPerRecord, "load", Machine.load()));
        Benchmark.progress(side + ": backfill " + history + " records in " + backfillMs + " ms ("
                + Math.round(recordsPerSecond) + "/s)");

        // ---- steady: the live workload
        Thread.sleep(2 * poll + 1_000); // the backfill's offsets are committed, its last polls are done
        ApiCalls.Snapshot steadyStart = ApiCalls.from(account.emulator());
        long liveStart = System.currentTimeMillis();
        account.playLive(settings.live());
        var expected = account.liveFinalStates();
        await("the " + side + " to stream the final state of the " + expected.size() + " live executions",
                drainTimeout(), () -> reader.missing(expected) == 0);
        long steadyEnd = System.currentTimeMillis();
        ApiCalls steady = steadyStart.sinceThen();
        List<Observed> live = reader.readWhere(ms -> ms >= liveStart && ms <= steadyEnd);
        List<Long> latencies = new ArrayList<>();
        for (Observed o : live) {
            if (o.changeMs() >= liveStart) {
                latencies.add(o.readMs() - o.changeMs());
            }
        }
        Percentiles latency = new Percentiles(latencies);
        int records = live.size();
        details.put("steady", Map.of("seconds", (steadyEnd - liveStart) / 1000.0, "live_executions", expected.size(),
                "records", records, "api_calls", steady.byAction(), "latency_ms",
                Map.of("p50", latency.at(50), "p90", latency.at(90), "p99", latency.at(99), "max", latency.max(),
                        "samples", latency.count()),
                "load", Machine.load()));
        Benchmark.progress(side + ": steady " + records + " records, calls " + steady.byAction() + ", latency p50 "
                + latency.at(50) + " ms p99 " + latency.at(99) + " ms");

        // ---- idle: nothing changes
        Thread.sleep(2 * poll);
        double idlePerMachinePerPoll;
        if (subject instanceof NaiveBaseline baseline) {
            idlePerMachinePerPoll = baselineIdle(baseline, machines);
        } else {
            ApiCalls.Snapshot idleStart = ApiCalls.from(account.emulator());
            Thread.sleep(settings.idle().toMillis());
            ApiCalls idle = idleStart.sinceThen();
            double polls = (double) settings.idle().toMillis() / poll;
            idlePerMachinePerPoll = idle.total() / (machines * polls);
            details.put("idle", Map.of("seconds", settings.idle().toMillis() / 1000.0, "polls_per_state_machine", polls,
                    "api_calls", idle.byAction(), "method", "calls counted by the emulator over the idle window; polls"
                            + " = window / poll.interval.ms (the task starts a cycle every interval)",
                    "load", Machine.load()));
        }
        double offsetKeysPerTracked = Double.NaN;
        if (subject instanceof ConnectorSubject connector) {
            offsetKeysPerTracked = offsetKeysPerTrackedExecution(connector);
        }
        Benchmark.progress(side + ": idle " + Results.format(idlePerMachinePerPoll) + " calls per state machine per poll");

        // ---- restart: stop, one new execution, resume
        subject.stop();
        ApiCalls.Snapshot restartStart = ApiCalls.from(account.emulator());
        String probe = account.startProbe("probe-after-restart");
        long resumeAt = System.currentTimeMillis();
        subject.resume();
        await("the " + side + " to stream the execution started while it was stopped", drainTimeout(),
                () -> reader.contains(probe));
        long restartMs = System.currentTimeMillis() - resumeAt;
        ApiCalls toFirstRecord = restartStart.sinceThen();
        // the first cycle after the restart may go on after the new record: count all of it
        if (subject instanceof NaiveBaseline baseline) {
            int before = baseline.polls().size();
            await("the baseline's first poll after its restart", drainTimeout(), () -> baseline.polls().size() > before);
        } else {
            Thread.sleep(2 * poll);
        }
        ApiCalls firstCycle = restartStart.sinceThen();
        long restartDescribes = Math.max(0, firstCycle.describes() - 1); // the new execution's own describe
        details.put("restart", Map.of("ms_to_first_new_record", restartMs, "api_calls_to_first_new_record",
                toFirstRecord.byAction(), "api_calls_first_cycle", firstCycle.byAction(),
                "describes_of_already_emitted_executions", restartDescribes, "load", Machine.load()));
        Benchmark.progress(side + ": restart " + restartMs + " ms to the first new record; calls " + firstCycle.byAction());

        int failures = subject.failures();
        details.put("failures", failures);
        details.put("records_by_status", reader.countsByStatus());
        return new Outcome(side, details, recordsPerSecond, cpuUsPerRecord,
                (double) steady.describes() / Math.max(1, records), (double) steady.lists() / Math.max(1, records),
                steady.total(), latency.at(50), latency.at(99), idlePerMachinePerPoll, restartDescribes,
                toFirstRecord.lists(), restartMs, failures, offsetKeysPerTracked);
    }

    /**
     * The baseline's idle cost from its own complete polls: at least one, and all those started within the idle
     * window (a poll of a large history takes longer than the poll interval).
     */
    private double baselineIdle(NaiveBaseline baseline, int machines) throws InterruptedException {
        long from = System.currentTimeMillis();
        long until = from + settings.idle().toMillis();
        await("the baseline to finish a poll while idle", drainTimeout(), () -> System.currentTimeMillis() >= until
                && baseline.polls().stream().anyMatch(p -> p.startMs() >= from));
        List<PollStats> idle = baseline.polls().stream().filter(p -> p.startMs() >= from).toList();
        long calls = idle.stream().mapToLong(p -> p.listCalls() + p.describeCalls()).sum();
        double perMachinePerPoll = (double) calls / (machines * idle.size());
        details.put("idle", Map.of("polls", idle.size(), "api_calls", calls, "poll_seconds",
                idle.stream().mapToDouble(p -> (p.endMs() - p.startMs()) / 1000.0).average().orElse(Double.NaN),
                "method", "the baseline's own count of its calls over its complete polls started in the idle window",
                "load", Machine.load()));
        return perMachinePerPoll;
    }

    /** Live execution offsets per execution the tasks hold in memory (JMX {@code tracked-executions}). */
    private double offsetKeysPerTrackedExecution(ConnectorSubject connector) {
        long tracked = JmxMetrics.sum(connector.name(), "tracked-executions");
        long keys = connector.executionOffsetKeys();
        details.put("offsets", Map.of("execution_offset_keys", keys, "tracked_executions", tracked));
        return tracked > 0 ? (double) keys / tracked : Double.NaN;
    }

    /** Long enough for a slow baseline poll or two. */
    private Duration drainTimeout() {
        long longestPoll = subject instanceof NaiveBaseline b
                ? b.polls().stream().mapToLong(p -> p.endMs() - p.startMs()).max().orElse(0) : 0;
        return Duration.ofMillis(Math.max(120_000, 4 * longestPoll));
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + "; see the log file for the connector's and Kafka's warnings");
            }
            Thread.sleep(20);
        }
    }
}
