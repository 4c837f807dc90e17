package io.github.sfnconnect.metrics;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricValueProvider;
import org.apache.kafka.common.metrics.MetricsReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors a task's metrics into Connect's {@code PluginMetrics} (KIP-877, Connect 4.1+), so that the worker's own
 * metric reporters ({@code metric.reporters}: OpenTelemetry, Prometheus, Confluent telemetry) see them, under group
 * {@code plugins} with the worker's {@code connector} and {@code task} tags. The connector's own JMX names of
 * metrics.md stay as they are, on every Connect version.
 * <p>
 * The plugin is compiled against Connect 3.7, where neither {@code SourceTaskContext.pluginMetrics()} nor
 * {@code PluginMetrics} exists: both are reached by reflection, and on 3.7 there is simply no mirror.
 */
public final class PluginMetricsMirror implements MetricsReporter {

    private static final Logger log = LoggerFactory.getLogger(PluginMetricsMirror.class);
    private static final String PLUGIN_METRICS = "org.apache.kafka.common.metrics.PluginMetrics";

    private final Object pluginMetrics;
    private final Method metricName;
    private final Method addMetric;
    private final Method removeMetric;
    private final Map<MetricName, MetricName> mirrored = new ConcurrentHashMap<>();

    private PluginMetricsMirror(Object pluginMetrics, Class<?> type) throws NoSuchMethodException {
        this.pluginMetrics = pluginMetrics;
        // its tags parameter is declared as a LinkedHashMap
        this.metricName = type.getMethod("metricName", String.class, String.class, LinkedHashMap.class);
        this.addMetric = type.getMethod("addMetric", MetricName.class, MetricValueProvider.class);
        this.removeMetric = type.getMethod("removeMetric", MetricName.class);
    }

    /** The mirror for a task or connector context, if its Connect runtime has PluginMetrics (4.1+). */
    public static Optional<PluginMetricsMirror> of(Object context) {
        if (context == null) {
            return Optional.empty();
        }
        try {
            Object pluginMetrics = context.getClass().getMethod("pluginMetrics").invoke(context);
            if (pluginMetrics == null) {
                return Optional.empty();
            }
            Class<?> type = Class.forName(PLUGIN_METRICS, false, pluginMetrics.getClass().getClassLoader());
            return Optional.of(new PluginMetricsMirror(pluginMetrics, type));
        } catch (NoSuchMethodException | ClassNotFoundException | AbstractMethodError e) {
            return Optional.empty(); // a Connect runtime before 4.1, or a context that does not implement it
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("Connect's PluginMetrics (KIP-877) could not be used; the connector's metrics are in JMX only", e);
            return Optional.empty();
        }
    }

    @Override
    public void init(List<KafkaMetric> metrics) {
        metrics.forEach(this::metricChange);
    }

    @Override
    public void metricChange(KafkaMetric metric) {
        MetricName own = metric.metricName();
        if (mirrored.containsKey(own)) {
            return;
        }
        // the worker sets connector and task itself, and refuses them from a plugin
        LinkedHashMap<String, String> tags = new LinkedHashMap<>(own.tags());
        tags.remove(MetricsRegistry.CONNECTOR_TAG);
        tags.remove(MetricsRegistry.TASK_TAG);
        try {
            MetricName name = (MetricName) metricName.invoke(pluginMetrics, own.name(), own.description(), tags);
            addMetric.invoke(pluginMetrics, name, (Gauge<Object>) (config, now) -> metric.metricValue());
            mirrored.put(own, name);
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            log.debug("Metric {} not mirrored to Connect's PluginMetrics", own, e);
        }
    }

    @Override
    public void metricRemoval(KafkaMetric metric) {
        MetricName name = mirrored.remove(metric.metricName());
        if (name != null) {
            try {
                removeMetric.invoke(pluginMetrics, name);
            } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
                log.debug("Metric {} not removed from Connect's PluginMetrics", name, e);
            }
        }
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    /** Nothing to do: the worker closes the task's PluginMetrics, and with it every mirrored metric, at its stop. */
    @Override
    public void close() {
    }
}
