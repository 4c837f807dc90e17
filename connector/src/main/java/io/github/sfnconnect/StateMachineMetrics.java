package io.github.sfnconnect;

import java.util.Map;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Rate;

/** Counters and gauges of one state machine, so that a task that cannot make progress shows it. */
final class StateMachineMetrics {

    private final Sensor records;
    private final Sensor lag;
    private final Sensor lists;
    private final Sensor describes;
    private final Sensor failures;
    private volatile int consecutiveFailures;
    private volatile long lastCycleMs = System.currentTimeMillis();

    StateMachineMetrics(Metrics metrics, String group, Map<String, String> tags) {
        String prefix = "sfn." + tags.get("connector") + "." + tags.get("task") + "." + tags.get("state-machine") + ".";
        records = metrics.sensor(prefix + "records");
        records.add(name(metrics, "records-emitted-total", group, "Execution records emitted", tags), new CumulativeCount());
        records.add(name(metrics, "records-emitted-rate", group, "Execution records emitted per second", tags), new Rate());
        lag = metrics.sensor(prefix + "lag");
        lag.add(name(metrics, "record-lag-ms-avg", group, "Time from an execution's change to its record, average", tags), new Avg());
        lag.add(name(metrics, "record-lag-ms-max", group, "Time from an execution's change to its record, maximum", tags), new Max());
        lists = metrics.sensor(prefix + "lists");
        lists.add(name(metrics, "list-executions-calls-total", group, "ListExecutions calls", tags), new CumulativeCount());
        describes = metrics.sensor(prefix + "describes");
        describes.add(name(metrics, "describe-execution-calls-total", group, "DescribeExecution calls", tags), new CumulativeCount());
        failures = metrics.sensor(prefix + "failures");
        failures.add(name(metrics, "poll-failures-total", group,
                "Polls that failed after the SDK's retries (throttling, 5xx, timeouts)", tags), new CumulativeCount());
        metrics.addMetric(name(metrics, "consecutive-poll-failures", group,
                "Polls failed in a row; above 0 the state machine is not making progress", tags),
                (Measurable) (config, now) -> consecutiveFailures);
        metrics.addMetric(name(metrics, "time-since-last-cycle-ms", group,
                "Time since the last complete poll cycle", tags), (Measurable) (config, now) -> now - lastCycleMs);
    }

    private static MetricName name(Metrics metrics, String name, String group, String doc, Map<String, String> tags) {
        return metrics.metricName(name, group, doc, tags);
    }

    void emitted(long changeTimeMs, long nowMs) {
        records.record();
        lag.record(Math.max(0, nowMs - changeTimeMs));
    }

    void listed() {
        lists.record();
    }

    void described() {
        describes.record();
    }

    /** Counts a failed poll; returns how many failed in a row. */
    int failed() {
        failures.record();
        return ++consecutiveFailures;
    }

    /** A poll succeeded; returns how many had failed in a row before it. */
    int recovered() {
        int failed = consecutiveFailures;
        consecutiveFailures = 0;
        return failed;
    }

    void cycleCompleted(long nowMs) {
        lastCycleMs = nowMs;
    }
}
