package io.github.sfnconnect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.Time;

/**
 * The task's metrics, in JMX under {@code kafka.connect.stepfunctions:type=state-machine-metrics,connector=...,
 * task=...,state-machine=...}. One {@link StateMachineMetrics} per state machine.
 */
final class SourceTaskMetrics implements AutoCloseable {

    static final String JMX_NAMESPACE = "kafka.connect.stepfunctions";
    static final String GROUP = "state-machine-metrics";

    private final Metrics metrics;
    private final Map<String, String> taskTags;

    SourceTaskMetrics(String connector, String task) {
        this.metrics = new Metrics(new MetricConfig(), List.of(new JmxReporter()), Time.SYSTEM,
                new KafkaMetricsContext(JMX_NAMESPACE));
        this.taskTags = new LinkedHashMap<>();
        taskTags.put("connector", connector);
        taskTags.put("task", task);
    }

    StateMachineMetrics forStateMachine(String stateMachineArn) {
        Map<String, String> tags = new LinkedHashMap<>(taskTags);
        tags.put("state-machine", stateMachineArn);
        return new StateMachineMetrics(metrics, GROUP, tags);
    }

    // visible for testing
    Object value(String name, String stateMachineArn) {
        Map<String, String> tags = new LinkedHashMap<>(taskTags);
        tags.put("state-machine", stateMachineArn);
        var metric = metrics.metric(new MetricName(name, GROUP, "", tags));
        return metric == null ? null : metric.metricValue();
    }

    @Override
    public void close() {
        metrics.close();
    }
}
