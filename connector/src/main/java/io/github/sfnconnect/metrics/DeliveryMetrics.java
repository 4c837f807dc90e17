package io.github.sfnconnect.metrics;

import java.util.Map;

import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;

/** What happens to a task's records after poll() hands them to Connect: waiting, stalled, dropped. */
public final class DeliveryMetrics {

    /** The live state the gauges read. */
    public interface State {
        int awaitingAcknowledgement();

        long oldestUnacknowledgedAgeMs(long nowMs);

        boolean stalled(long nowMs);
    }

    private final Sensor dropped;

    DeliveryMetrics(Metrics metrics, MetricsRegistry registry, Map<String, String> tags, State state) {
        metrics.addMetric(metrics.metricInstance(registry.awaitingAcknowledgement, tags),
                (config, now) -> state.awaitingAcknowledgement());
        metrics.addMetric(metrics.metricInstance(registry.oldestUnacknowledgedAge, tags),
                (config, now) -> state.oldestUnacknowledgedAgeMs(now));
        metrics.addMetric(metrics.metricInstance(registry.deliveryStalled, tags),
                (config, now) -> state.stalled(now) ? 1 : 0);
        dropped = metrics.sensor("sfn.delivery." + String.join(".", tags.values()) + ".dropped");
        dropped.add(metrics.metricInstance(registry.recordsDropped, tags), new CumulativeCount());
    }

    /** Connect acknowledged a record without writing it (KIP-779: a transform dropped it, or errors.tolerance=all). */
    public void dropped() {
        dropped.record();
    }
}
