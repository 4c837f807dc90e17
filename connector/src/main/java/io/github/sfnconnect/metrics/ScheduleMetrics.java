package io.github.sfnconnect.metrics;

import java.util.Map;

import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;

/** When a task's state machines are checked: the cadence its list budget allows, and how often checks find nothing. */
public final class ScheduleMetrics {

    /** The live state the gauges read. */
    public interface State {
        int stateMachines();

        long roundRobinIntervalMs();

        long quietIntervalMs();
    }

    private final Sensor checks;
    private final Sensor checksWithoutChange;

    ScheduleMetrics(Metrics metrics, MetricsRegistry registry, Map<String, String> tags, State state) {
        metrics.addMetric(metrics.metricInstance(registry.stateMachinesScheduled, tags),
                (config, now) -> state.stateMachines());
        metrics.addMetric(metrics.metricInstance(registry.roundRobinInterval, tags),
                (config, now) -> state.roundRobinIntervalMs());
        metrics.addMetric(metrics.metricInstance(registry.quietCheckInterval, tags),
                (config, now) -> state.quietIntervalMs());
        String prefix = "sfn.schedule." + String.join(".", tags.values()) + ".";
        checks = metrics.sensor(prefix + "checks");
        checks.add(metrics.metricInstance(registry.checks, tags), new CumulativeCount());
        checksWithoutChange = metrics.sensor(prefix + "checks-without-change");
        checksWithoutChange.add(metrics.metricInstance(registry.checksWithoutChange, tags), new CumulativeCount());
    }

    public void checked(boolean changed) {
        checks.record();
        if (!changed) {
            checksWithoutChange.record();
        }
    }
}
