package io.github.sfnconnect.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.apache.kafka.common.MetricNameTemplate;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.WindowedCount;

/** Counters and gauges of one state machine, so that a task that cannot keep up or make progress shows it. */
public final class StateMachineMetrics {

    private final Metrics metrics;
    private final MetricsRegistry registry;
    private final Map<String, String> tags;
    private final String sensorPrefix;
    private final Sensor records;
    private final Sensor lag;
    private final Sensor lists;
    private final Sensor describes;
    private final Sensor failures;
    private final Map<String, Sensor> byStatus = new ConcurrentHashMap<>();
    private volatile int consecutiveFailures;
    private volatile long lastCycleMs;
    private final long startedMs = System.currentTimeMillis();
    private volatile long behindSourceMs = -1;
    private volatile int open;
    private volatile int tracked;
    private volatile long windowDepthMs = -1;

    StateMachineMetrics(Metrics metrics, MetricsRegistry registry, Map<String, String> tags) {
        this.metrics = metrics;
        this.registry = registry;
        this.tags = tags;
        this.sensorPrefix = "sfn." + String.join(".", tags.values()) + ".";
        records = metrics.sensor(sensorPrefix + "records");
        records.add(metrics.metricInstance(registry.recordsTotal, tags), new CumulativeCount());
        records.add(metrics.metricInstance(registry.recordsRate, tags), new Rate(new WindowedCount()));
        lag = metrics.sensor(sensorPrefix + "lag");
        lag.add(metrics.metricInstance(registry.recordLagAvg, tags), new Avg());
        lag.add(metrics.metricInstance(registry.recordLagMax, tags), new Max());
        lists = metrics.sensor(sensorPrefix + "lists");
        lists.add(metrics.metricInstance(registry.listCalls, tags), new CumulativeCount());
        describes = metrics.sensor(sensorPrefix + "describes");
        describes.add(metrics.metricInstance(registry.describeCalls, tags), new CumulativeCount());
        failures = metrics.sensor(sensorPrefix + "failures");
        failures.add(metrics.metricInstance(registry.pollFailures, tags), new CumulativeCount());
        gauge(registry.consecutivePollFailures, (config, now) -> consecutiveFailures);
        gauge(registry.lastCycleTimestamp, (config, now) -> lastCycleMs);
        gauge(registry.timeSinceLastCycle, (config, now) -> now - (lastCycleMs == 0 ? startedMs : lastCycleMs));
        gauge(registry.behindSource, (config, now) -> behindSourceMs);
        gauge(registry.openExecutions, (config, now) -> open);
        gauge(registry.trackedExecutions, (config, now) -> tracked);
        gauge(registry.windowDepth, (config, now) -> windowDepthMs);
    }

    private void gauge(MetricNameTemplate template, Measurable value) {
        metrics.addMetric(metrics.metricInstance(template, tags), value);
    }

    /** Reports the state machine's current interval between checks, read from {@code intervalMs}. */
    public void checkInterval(LongSupplier intervalMs) {
        gauge(registry.checkInterval, (config, now) -> intervalMs.getAsLong());
    }

    /** A record of an execution change was emitted. */
    public void emitted(String status, long changeTimeMs, long nowMs) {
        long lagMs = Math.max(0, nowMs - changeTimeMs);
        records.record();
        lag.record(lagMs);
        behindSourceMs = lagMs;
        byStatus.computeIfAbsent(status, this::statusSensor).record();
    }

    private Sensor statusSensor(String status) {
        Map<String, String> statusTags = new LinkedHashMap<>(tags);
        statusTags.put(MetricsRegistry.STATUS_TAG, status);
        Sensor sensor = metrics.sensor(sensorPrefix + "status." + status);
        sensor.add(metrics.metricInstance(registry.recordsByStatus, statusTags), new CumulativeCount());
        return sensor;
    }

    public void listed() {
        lists.record();
    }

    public void described() {
        describes.record();
    }

    /**
     * How many executions the tracker holds, how many of them are open, and how deep its next window listing
     * reaches.
     */
    public void tracking(int trackedExecutions, int openExecutions, long windowDepthMs) {
        tracked = trackedExecutions;
        open = openExecutions;
        this.windowDepthMs = windowDepthMs;
    }

    /** Counts a failed poll; returns how many failed in a row. */
    public int failed() {
        failures.record();
        return ++consecutiveFailures;
    }

    /** A poll succeeded; returns how many had failed in a row before it. */
    public int recovered() {
        int failed = consecutiveFailures;
        consecutiveFailures = 0;
        return failed;
    }

    public void cycleCompleted(long nowMs) {
        lastCycleMs = nowMs;
    }
}
