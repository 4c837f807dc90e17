package io.github.sfnconnect.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;

import io.github.sfnconnect.aws.ApiCallListener;

/** A task's Step Functions calls by action: count, latency, errors, attempts, retries, throttling, rate-limit wait. */
public final class ApiMetrics implements ApiCallListener {

    private final Metrics metrics;
    private final MetricsRegistry registry;
    private final Map<String, String> taskTags;
    private final Map<String, ActionSensors> actions = new ConcurrentHashMap<>();

    ApiMetrics(Metrics metrics, MetricsRegistry registry, Map<String, String> taskTags) {
        this.metrics = metrics;
        this.registry = registry;
        this.taskTags = taskTags;
    }

    /** The sensors of one action, made at its first call so that JMX shows only the actions in use. */
    private final class ActionSensors {
        final Sensor calls;
        final Sensor errors;
        final Sensor attempts;
        final Sensor retries;
        final Sensor throttled;
        final Sensor waits;

        ActionSensors(String action) {
            Map<String, String> tags = new LinkedHashMap<>(taskTags);
            tags.put(MetricsRegistry.ACTION_TAG, action);
            String prefix = "sfn.api." + String.join(".", tags.values()) + ".";
            calls = metrics.sensor(prefix + "calls");
            calls.add(metrics.metricInstance(registry.apiCalls, tags), new CumulativeCount());
            calls.add(metrics.metricInstance(registry.apiCallLatencyAvg, tags), new Avg());
            calls.add(metrics.metricInstance(registry.apiCallLatencyMax, tags), new Max());
            errors = metrics.sensor(prefix + "errors");
            errors.add(metrics.metricInstance(registry.apiCallErrors, tags), new CumulativeCount());
            attempts = metrics.sensor(prefix + "attempts");
            attempts.add(metrics.metricInstance(registry.apiAttempts, tags), new CumulativeSum());
            retries = metrics.sensor(prefix + "retries");
            retries.add(metrics.metricInstance(registry.apiRetries, tags), new CumulativeSum());
            throttled = metrics.sensor(prefix + "throttled");
            throttled.add(metrics.metricInstance(registry.apiThrottled, tags), new CumulativeSum());
            waits = metrics.sensor(prefix + "waits");
            waits.add(metrics.metricInstance(registry.rateLimitWait, tags), new CumulativeSum());
        }
    }

    private ActionSensors sensors(String action) {
        return actions.computeIfAbsent(action, ActionSensors::new);
    }

    @Override
    public void callCompleted(String action, long durationMs, int attempts, int throttledAttempts, boolean succeeded) {
        ActionSensors s = sensors(action);
        s.calls.record(durationMs);
        s.attempts.record(attempts);
        s.retries.record(attempts - 1);
        s.throttled.record(throttledAttempts);
        if (!succeeded) {
            s.errors.record();
        }
    }

    @Override
    public void rateLimited(String action, long waitedNanos) {
        sensors(action).waits.record(TimeUnit.NANOSECONDS.toMillis(waitedNanos));
    }
}
