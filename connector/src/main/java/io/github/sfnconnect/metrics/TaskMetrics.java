package io.github.sfnconnect.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.MetricNameTemplate;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.MetricsReporter;
import org.apache.kafka.common.utils.Time;

/**
 * One task's metrics, in JMX under {@code kafka.connect.stepfunctions:type=<group>,connector=...,task=...,...}.
 * The connector keeps its own {@link Metrics} (with a JMX reporter), so that the names are the same on every Connect
 * version; on Connect 4.1+ a {@link PluginMetricsMirror} also hands them to the worker's reporters (KIP-877).
 */
public final class TaskMetrics implements AutoCloseable {

    private final MetricsRegistry registry = new MetricsRegistry();
    private final Metrics metrics;
    private final Map<String, String> taskTags;
    private final ApiMetrics api;

    public TaskMetrics(String connector, String task) {
        this(connector, task, Optional.empty());
    }

    public TaskMetrics(String connector, String task, Optional<PluginMetricsMirror> mirror) {
        List<MetricsReporter> reporters = new ArrayList<>(List.of(new JmxReporter()));
        mirror.ifPresent(reporters::add);
        this.metrics = new Metrics(new MetricConfig(), reporters, Time.SYSTEM,
                new KafkaMetricsContext(MetricsRegistry.JMX_DOMAIN));
        this.taskTags = new LinkedHashMap<>();
        taskTags.put(MetricsRegistry.CONNECTOR_TAG, connector);
        taskTags.put(MetricsRegistry.TASK_TAG, task);
        this.api = new ApiMetrics(metrics, registry, taskTags);
    }

    public StateMachineMetrics forStateMachine(String stateMachineArn) {
        Map<String, String> tags = new LinkedHashMap<>(taskTags);
        tags.put(MetricsRegistry.STATE_MACHINE_TAG, stateMachineArn);
        return new StateMachineMetrics(metrics, registry, tags);
    }

    /** The Map Runs of a state machine's executions, read from {@code state}. */
    public MapRunMetrics forMapRuns(String stateMachineArn, MapRunMetrics.State state) {
        Map<String, String> tags = new LinkedHashMap<>(taskTags);
        tags.put(MetricsRegistry.STATE_MACHINE_TAG, stateMachineArn);
        return new MapRunMetrics(metrics, registry, tags, state);
    }

    /** When the task's state machines are checked, read from {@code state}. */
    public ScheduleMetrics schedule(ScheduleMetrics.State state) {
        return new ScheduleMetrics(metrics, registry, taskTags, state);
    }

    /** The task's record delivery, read from {@code state}. */
    public DeliveryMetrics delivery(DeliveryMetrics.State state) {
        return new DeliveryMetrics(metrics, registry, taskTags, state);
    }

    /** Records the task's Step Functions calls. */
    public ApiMetrics api() {
        return api;
    }

    /** The current value of a metric of this task, or null if it does not exist; for tests and diagnostics. */
    public Object value(MetricNameTemplate template, Map<String, String> extraTags) {
        Map<String, String> tags = new LinkedHashMap<>(taskTags);
        tags.putAll(extraTags);
        MetricName name = metrics.metricInstance(template, tags);
        var metric = metrics.metric(name);
        return metric == null ? null : metric.metricValue();
    }

    public MetricsRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        metrics.close();
    }
}
