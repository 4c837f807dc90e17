package io.github.sfnconnect.benchmark;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.sfnconnect.config.PublishedQuotas;
import io.github.sfnconnect.config.StepFunctionsSourceConfig;

/**
 * The size of the scale run ({@link ScaleRun}), in real-world (unscaled) units: {@code stateMachines} of which
 * {@code active} start executions; the connector checks a quiet one at least every {@code maxIntervalMs}, the
 * round-robin baseline every {@code pollIntervalMs}, both within {@code listShare} ListExecutions calls a second.
 * <p>
 * The run is compressed by scaling rates, not by a clock: every rate is multiplied by {@code factor} and every
 * duration divided by it (the connector's poll intervals, consistency window and rate limits, the emulator's refill
 * rates, the workload's starts and run times), and every measured time is multiplied back. The emulator has a
 * {@code ScaledClock}, but the connector and Connect run on the wall clock, so only scaled rates compress the whole
 * system. Counts are not scaled: the token buckets keep their published sizes, as a faster clock would leave them.
 *
 * @param startsPerActivePerHour executions each active state machine starts an hour (a Poisson process)
 * @param meanRunMs              their mean run time (exponential); 10 % fail, none is redriven
 * @param quietHistory           closed executions of every state machine, started a day before the run
 * @param warmUpMs               at least this long before measuring, and until every state machine was listed by
 *                               both sides
 * @param measureMs              changes in this span after the warm-up are measured
 * @param drainMs                then the run goes on this long, so that late records of those changes still count;
 *                               the list calls are measured over both spans, which the run stretches to 2.2
 *                               times {@code maxIntervalMs} if they are shorter
 */
record ScalePlan(int stateMachines, int active, double factor, long pollIntervalMs, long maxIntervalMs,
                 double listShare, double startsPerActivePerHour, long meanRunMs, int quietHistory, long warmUpMs,
                 long measureMs, long drainMs, long seed) {

    /** The connector's smallest poll.interval.ms: the compressed poll interval must not go below it. */
    static final long MIN_POLL_INTERVAL_MS = 100;
    /** The published ListExecutions token bucket of us-east-1 (the emulator's region): size, refill per second. */
    static final int LIST_BUCKET = 200;
    static final double LIST_REFILL = 5.0;
    /** The published DescribeExecution token bucket of us-east-1. */
    static final int DESCRIBE_BUCKET = 300;
    static final double DESCRIBE_REFILL = 15.0;
    /** The window of the peak list rate, real-world. */
    static final long RATE_WINDOW_MS = 10_000;

    private static final List<String> KEYS = List.of("scaleStateMachines", "scaleActive", "scaleFactor",
            "scalePollIntervalMs", "scaleMaxIntervalMinutes", "scaleStartsPerHour", "scaleMeasureMinutes",
            "scaleDrainMinutes");

    ScalePlan {
        if (stateMachines < 2 || active < 1 || active >= stateMachines) {
            throw new IllegalArgumentException("the scale run needs 1 <= active < state machines, not " + active
                    + " of " + stateMachines);
        }
        if (!(factor >= 1) || pollIntervalMs / factor < MIN_POLL_INTERVAL_MS) {
            throw new IllegalArgumentException("the scale factor must be at least 1 and leave a poll interval of at"
                    + " least " + MIN_POLL_INTERVAL_MS + " ms (the connector's minimum): " + pollIntervalMs + " ms / "
                    + factor);
        }
        if (maxIntervalMs < pollIntervalMs || listShare <= 0 || startsPerActivePerHour <= 0 || meanRunMs < 0
                || measureMs <= 0 || drainMs < 0 || warmUpMs < 0 || quietHistory < 0) {
            throw new IllegalArgumentException("a scale plan needs max interval >= poll interval and positive rates"
                    + " and spans: " + this);
        }
    }

    /** The emulated accounts' region: its published ListExecutions bucket is 200, refilled at 5/s. */
    static final String REGION = "us-east-1";
    /** The connector's default list share there: half the published refill. */
    static final double DEFAULT_LIST_SHARE = PublishedQuotas.DEFAULT_SHARE * PublishedQuotas.listExecutionsRefill(REGION);

    /** The full run: 1,000 state machines, 50 active, ten times real time; about 10.5 minutes on 2 cores. */
    static ScalePlan full() {
        return new ScalePlan(1_000, 50, 10, StepFunctionsSourceConfig.POLL_INTERVAL_MS_DEFAULT,
                Duration.ofMinutes(30).toMillis(), DEFAULT_LIST_SHARE, 60, 10_000, 3,
                Duration.ofMinutes(5).toMillis(), Duration.ofMinutes(30).toMillis(), Duration.ofMinutes(20).toMillis(),
                20261210L);
    }

    /** The quick run: 200 state machines, 10 active; about 3 minutes. */
    static ScalePlan quick() {
        return new ScalePlan(200, 10, 10, StepFunctionsSourceConfig.POLL_INTERVAL_MS_DEFAULT,
                Duration.ofMinutes(10).toMillis(), DEFAULT_LIST_SHARE, 60, 10_000, 3,
                Duration.ofMinutes(2).toMillis(), Duration.ofMinutes(10).toMillis(), Duration.ofMinutes(5).toMillis(),
                20261210L);
    }

    /** The smoke run: 40 state machines, 4 active; about 45 seconds, side by side with the other phases. */
    static ScalePlan smoke() {
        return new ScalePlan(40, 4, 10, StepFunctionsSourceConfig.POLL_INTERVAL_MS_DEFAULT,
                Duration.ofMinutes(1).toMillis(), DEFAULT_LIST_SHARE, 360, 5_000, 3,
                Duration.ofSeconds(30).toMillis(), Duration.ofSeconds(90).toMillis(), Duration.ofMinutes(2).toMillis(),
                7L);
    }

    static boolean knows(String key) {
        return KEYS.contains(key);
    }

    ScalePlan with(String key, String v) {
        return switch (key) {
            case "scaleStateMachines" -> new ScalePlan(Integer.parseInt(v), active, factor, pollIntervalMs,
                    maxIntervalMs, listShare, startsPerActivePerHour, meanRunMs, quietHistory, warmUpMs, measureMs,
                    drainMs, seed);
            case "scaleActive" -> new ScalePlan(stateMachines, Integer.parseInt(v), factor, pollIntervalMs,
                    maxIntervalMs, listShare, startsPerActivePerHour, meanRunMs, quietHistory, warmUpMs, measureMs,
                    drainMs, seed);
            case "scaleFactor" -> new ScalePlan(stateMachines, active, Double.parseDouble(v), pollIntervalMs,
                    maxIntervalMs, listShare, startsPerActivePerHour, meanRunMs, quietHistory, warmUpMs, measureMs,
                    drainMs, seed);
            case "scalePollIntervalMs" -> new ScalePlan(stateMachines, active, factor, Long.parseLong(v),
                    maxIntervalMs, listShare, startsPerActivePerHour, meanRunMs, quietHistory, warmUpMs, measureMs,
                    drainMs, seed);
            case "scaleMaxIntervalMinutes" -> new ScalePlan(stateMachines, active, factor, pollIntervalMs,
                    minutes(v), listShare, startsPerActivePerHour, meanRunMs, quietHistory, warmUpMs, measureMs,
                    drainMs, seed);
            case "scaleStartsPerHour" -> new ScalePlan(stateMachines, active, factor, pollIntervalMs, maxIntervalMs,
                    listShare, Double.parseDouble(v), meanRunMs, quietHistory, warmUpMs, measureMs, drainMs, seed);
            case "scaleMeasureMinutes" -> new ScalePlan(stateMachines, active, factor, pollIntervalMs, maxIntervalMs,
                    listShare, startsPerActivePerHour, meanRunMs, quietHistory, warmUpMs, minutes(v), drainMs, seed);
            case "scaleDrainMinutes" -> new ScalePlan(stateMachines, active, factor, pollIntervalMs, maxIntervalMs,
                    listShare, startsPerActivePerHour, meanRunMs, quietHistory, warmUpMs, measureMs, minutes(v), seed);
            default -> throw new IllegalArgumentException(key);
        };
    }

    private static long minutes(String v) {
        return Math.round(Double.parseDouble(v) * 60_000);
    }

    /** A real-world span as the compressed run plays it. */
    long wallMs(long realMs) {
        return Math.round(realMs / factor);
    }

    /**
     * The span over which the list calls are measured. It holds at least 2.2 bounds, so that each quiet state
     * machine has, after the interval that began in the warm-up, one whole interval in it (or one left open at its
     * end that is longer than the bound).
     */
    long quietSpanMs() {
        return Math.max(measureMs + drainMs, Math.round(2.2 * maxIntervalMs));
    }

    /**
     * The properties of one side, compressed: the connector checks quiet state machines at least every
     * {@code maxIntervalMs}; the baseline is the same connector with {@code poll.interval.max.ms} equal to
     * {@code poll.interval.ms}, which is today's round-robin. {@code initial.position} is the default
     * ({@code latest}): the quiet history is there to be listed, not streamed.
     */
    Map<String, String> connectorProperties(boolean baseline) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("initial.position", StepFunctionsSourceConfig.INITIAL_POSITION_DEFAULT);
        p.put("poll.interval.ms", Long.toString(wallMs(pollIntervalMs)));
        p.put("poll.interval.max.ms", Long.toString(wallMs(baseline ? pollIntervalMs : maxIntervalMs)));
        p.put("consistency.window.ms", Long.toString(wallMs(StepFunctionsSourceConfig.CONSISTENCY_WINDOW_MS_DEFAULT)));
        p.put("aws.list.executions.rate.limit", Double.toString(listShare * factor));
        p.put("aws.describe.execution.rate.limit",
                Double.toString(PublishedQuotas.DEFAULT_SHARE
                        * PublishedQuotas.describeExecutionRefill(REGION) * factor));
        return p;
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("state_machines", stateMachines);
        json.put("active_state_machines", active);
        json.put("compression", "scaled rates, factor " + factor + ": rates x" + factor + ", durations /" + factor
                + "; every figure in real-world (unscaled) units");
        json.put("scale_factor", factor);
        json.put("poll_interval_ms", pollIntervalMs);
        json.put("connector_poll_interval_max_ms", maxIntervalMs);
        json.put("baseline_poll_interval_max_ms", pollIntervalMs);
        json.put("list_share_per_second", listShare);
        json.put("emulator_list_executions_bucket", Map.of("size", LIST_BUCKET, "refill_per_second", LIST_REFILL,
                "as_played", Map.of("size", LIST_BUCKET, "refill_per_second", LIST_REFILL * factor)));
        json.put("emulator_describe_execution_bucket", Map.of("size", DESCRIBE_BUCKET, "refill_per_second",
                DESCRIBE_REFILL, "as_played", Map.of("size", DESCRIBE_BUCKET, "refill_per_second",
                        DESCRIBE_REFILL * factor)));
        json.put("active_workload", startsPerActivePerHour + " starts an hour per active state machine (Poisson), run"
                + " time exponential with mean " + meanRunMs + " ms, 10% FAILED, no redrives");
        json.put("quiet_workload", quietHistory + " SUCCEEDED executions per state machine, started a day before the"
                + " run; nothing new during it");
        json.put("warm_up_at_least_ms", warmUpMs);
        json.put("measure_ms", measureMs);
        json.put("drain_ms", drainMs);
        json.put("quiet_span_ms", quietSpanMs());
        json.put("seed", seed);
        json.put("connector_properties_as_played", new TreeMap<>(connectorProperties(false)));
        json.put("baseline_properties_as_played", new TreeMap<>(connectorProperties(true)));
        return json;
    }
}
