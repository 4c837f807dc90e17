package io.github.sfnconnect.metrics;

import java.util.Map;

import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;

/**
 * The Map Runs of one state machine's executions: how many are streamed, found, gone, and how many executions'
 * ends wait for their Map Runs to be looked for (the discovery's backlog). Their children's listing and records are
 * counted by the state machine metrics tagged {@code <state machine ARN>/map-runs}.
 */
public final class MapRunMetrics {

    /** The live state the gauges read. */
    public interface State {
        int streamed();

        int endsWaiting();
    }

    private final Sensor found;
    private final Sensor vanished;

    MapRunMetrics(Metrics metrics, MetricsRegistry registry, Map<String, String> tags, State state) {
        metrics.addMetric(metrics.metricInstance(registry.mapRunsStreamed, tags), (config, now) -> state.streamed());
        metrics.addMetric(metrics.metricInstance(registry.endsWaitingForMapRuns, tags),
                (config, now) -> state.endsWaiting());
        String prefix = "sfn.map-runs." + String.join(".", tags.values()) + ".";
        found = metrics.sensor(prefix + "found");
        found.add(metrics.metricInstance(registry.mapRunsFound, tags), new CumulativeCount());
        vanished = metrics.sensor(prefix + "vanished");
        vanished.add(metrics.metricInstance(registry.mapRunsVanished, tags), new CumulativeCount());
    }

    public void found() {
        found.record();
    }

    /** A Map Run was gone (ResourceNotFound) before all of it was streamed. */
    public void vanished() {
        vanished.record();
    }
}
