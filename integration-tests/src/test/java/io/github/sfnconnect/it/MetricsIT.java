package io.github.sfnconnect.it;

import static io.github.sfnconnect.it.ConnectHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import java.nio.file.Path;
import java.util.stream.Collectors;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.prometheus.jmx.JmxCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.github.sfnconnect.emulator.StepFunctionsEmulator;

/**
 * The connector's metrics, read over JMX from the running worker, agree with what the emulator saw and with the
 * records in Kafka: records by status, open executions, API calls, attempts and throttled attempts per action.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String DOMAIN = "kafka.connect.stepfunctions";
    private static final String CONNECTOR = "metrics";

    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
    private ConnectHarness harness;
    private StepFunctionsEmulator sfn;

    @BeforeAll
    void startCluster() {
        harness = new ConnectHarness();
        sfn = harness.emulator();
    }

    @AfterAll
    void stopCluster() {
        if (harness != null) {
            harness.close();
        }
    }

    /** The MBeans of one type of this connector's task 0, by the value of their distinguishing tag. */
    private Map<String, ObjectName> mbeans(String type, String tag) throws Exception {
        Set<ObjectName> names = jmx.queryNames(
                new ObjectName(DOMAIN + ":type=" + type + ",connector=" + CONNECTOR + ",task=0,*"), null);
        Map<String, ObjectName> byTag = new TreeMap<>();
        for (ObjectName n : names) {
            String v = n.getKeyProperty(tag);
            // JMX quotes tag values with special characters, such as the ':' of an ARN
            byTag.put(v.startsWith("\"") ? ObjectName.unquote(v) : v, n);
        }
        return byTag;
    }

    private double value(ObjectName mbean, String attribute) throws Exception {
        return ((Number) jmx.getAttribute(mbean, attribute)).doubleValue();
    }

    private double api(String action, String attribute) {
        try {
            ObjectName mbean = mbeans("api-metrics", "action").get(action);
            return mbean == null ? -1 : value(mbean, attribute);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void metricsOverJmxMatchTheRecordsAndTheCallsTheEmulatorSaw() throws Exception {
        String machine = sfn.createStateMachine("metered");
        long started = System.currentTimeMillis();
        harness.startConnector(CONNECTOR, harness.connectorProps(1, List.of(machine)), List.of(machine));
        // the next three DescribeExecution attempts are throttled; the SDK retries them
        sfn.faults().failNext("DescribeExecution", 3, 400, "ThrottlingException");

        List<String> arns = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            arns.add(sfn.startExecution(machine, "m-" + i, "{\"i\":" + i + "}"));
        }
        await("six RUNNING records", WAIT, () -> harness.readExecutions().size() >= 6,
                () -> harness.readExecutions().size() + " records");
        for (int i = 0; i < 3; i++) {
            sfn.succeed(arns.get(i), "{}");
        }
        sfn.fail(arns.get(3), "Boom", "first");
        sfn.fail(arns.get(4), "Boom", "second");
        await("eleven records", WAIT, () -> harness.readExecutions().size() >= 11,
                () -> harness.readExecutions().size() + " records");

        Map<String, ObjectName> machines = mbeans("state-machine-metrics", "state-machine");
        assertThat(machines).as("one MBean for the task's one state machine").containsOnlyKeys(machine);
        ObjectName sm = machines.get(machine);
        await("a poll cycle after the last change", WAIT, () -> {
            try {
                return value(sm, "open-executions") == 1;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, () -> "open-executions not yet 1");

        assertThat(value(sm, "records-emitted-total")).isEqualTo(harness.readExecutions().size()).isEqualTo(11);
        Map<String, Double> byStatus = new TreeMap<>();
        for (Map.Entry<String, ObjectName> e : mbeans("state-machine-status-metrics", "status").entrySet()) {
            byStatus.put(e.getKey(), value(e.getValue(), "records-emitted-total"));
        }
        assertThat(byStatus).isEqualTo(Map.of("RUNNING", 6.0, "SUCCEEDED", 3.0, "FAILED", 2.0));
        assertThat(value(sm, "tracked-executions")).as("all six are inside the consistency window").isEqualTo(6);
        assertThat(value(sm, "consecutive-poll-failures")).isZero();
        assertThat(value(sm, "milliseconds-behind-source")).isBetween(0.0, 30_000.0);
        assertThat(value(sm, "last-successful-poll-timestamp")).isGreaterThan(started);
        assertThat(value(sm, "time-since-last-cycle-ms")).isBetween(0.0, 10_000.0);

        // one DescribeExecution per record; the three throttled attempts show as attempts and throttles
        assertThat(value(sm, "describe-execution-calls-total")).isEqualTo(11);
        assertThat(api("DescribeExecution", "calls-total")).isEqualTo(11);
        assertThat(api("DescribeExecution", "throttled-attempts-total")).isEqualTo(3)
                .isEqualTo(sfn.faults().injectedCounts().get("ThrottlingException:DescribeExecution").doubleValue());
        assertThat(api("DescribeExecution", "retries-total")).isEqualTo(3);
        assertThat(api("DescribeExecution", "attempts-total")).as("what the emulator received")
                .isEqualTo(14).isEqualTo((double) sfn.callCount("DescribeExecution"));
        assertThat(api("DescribeExecution", "call-errors-total")).isZero();
        assertThat(api("DescribeExecution", "call-latency-ms-max")).isPositive();
        assertThat(api("DescribeStateMachine", "calls-total")).as("the task's own (one: its check reads the "
                + "definition for Distributed Map states too): the emulator also saw the one validate() made at "
                + "creation, outside any task").isEqualTo(1)
                .isEqualTo((double) sfn.callCount("DescribeStateMachine") - 1);
        // polling goes on: compare ListExecutions between two polls
        await("ListExecutions attempts to match the emulator's count", WAIT,
                () -> api("ListExecutions", "attempts-total") == sfn.callCount("ListExecutions"),
                () -> api("ListExecutions", "attempts-total") + " vs " + sfn.callCount("ListExecutions"));
        assertThat(api("ListExecutions", "calls-total")).isPositive();

        // the shipped Prometheus JMX exporter rules turn these MBeans into labelled series, ARNs unquoted
        Map<String, Double> scraped = prometheus();
        String labels = "{connector=metrics,state_machine=" + machine + ",task=0}";
        assertThat(scraped).containsEntry("kafka_connect_stepfunctions_state_machine_records_emitted" + labels,
                value(sm, "records-emitted-total"));
        assertThat(scraped).containsEntry("kafka_connect_stepfunctions_state_machine_open_executions" + labels, 1.0);
        assertThat(scraped).containsEntry("kafka_connect_stepfunctions_state_machine_records_emitted_by_status"
                + "{connector=metrics,state_machine=" + machine + ",status=FAILED,task=0}", 2.0);
        assertThat(scraped).containsEntry("kafka_connect_stepfunctions_api_throttled_attempts"
                + "{action=DescribeExecution,connector=metrics,task=0}", 3.0);
        assertThat(scraped).containsEntry("kafka_connect_stepfunctions_delivery_stalled"
                + "{connector=metrics,task=0}", 0.0);
        assertThat(scraped.keySet()).as("every metric of the connector is matched by a rule")
                .filteredOn(k -> k.startsWith("kafka_connect_stepfunctions_"))
                .hasSizeGreaterThanOrEqualTo(harnessMetricCount());

        // Connect 4.1+ (KIP-877): the same metrics reach the worker's own reporters, here its JMX reporter, under
        // group "plugins" with the worker's connector and task tags; a 3.7 worker has no PluginMetrics
        Set<ObjectName> plugin = jmx.queryNames(new ObjectName("kafka.connect:type=plugins,connector=" + CONNECTOR
                + ",task=0,*"), null);
        if (workerHasPluginMetrics()) {
            ObjectName pluginSm = plugin.stream().filter(n -> machine.equals(unquote(n.getKeyProperty(
                    "state-machine"))) && n.getKeyProperty("status") == null).findFirst().orElseThrow(
                            () -> new AssertionError("no plugin metrics for " + machine + " in " + plugin + "; all: "
                            + queryAll()));
            assertThat(value(pluginSm, "records-emitted-total")).isEqualTo(value(sm, "records-emitted-total"));
            assertThat(plugin).as("every group is mirrored: state machine, status, API action, delivery")
                    .anyMatch(n -> "RUNNING".equals(n.getKeyProperty("status")))
                    .anyMatch(n -> "ListExecutions".equals(n.getKeyProperty("action")))
                    .anyMatch(n -> n.getKeyPropertyList().keySet().equals(Set.of("type", "connector", "task")));
        } else {
            assertThat(plugin).isEmpty();
        }
    }

    /** This connector's MBeans (its metric count), for comparing with what the exporter rules export. */
    private int harnessMetricCount() {
        try {
            int count = 0;
            for (ObjectName n : jmx.queryNames(new ObjectName(DOMAIN + ":connector=" + CONNECTOR + ",*"), null)) {
                count += jmx.getMBeanInfo(n).getAttributes().length;
            }
            return count;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * What the Prometheus JMX exporter exports with config/prometheus/jmx-exporter.yaml, as name{sorted labels}
     * to value; only this connector's series.
     */
    private static Map<String, Double> prometheus() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        new JmxCollector(Path.of("..", "config", "prometheus", "jmx-exporter.yaml").toFile()).register(registry);
        Map<String, Double> out = new TreeMap<>();
        for (MetricSnapshot snapshot : registry.scrape()) {
            for (DataPointSnapshot point : snapshot.getDataPoints()) {
                Map<String, String> labels = new TreeMap<>();
                point.getLabels().forEach(l -> labels.put(l.getName(), l.getValue()));
                if (!CONNECTOR.equals(labels.get("connector"))) {
                    continue;
                }
                String key = snapshot.getMetadata().getName() + labels.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",", "{", "}"));
                if (point instanceof CounterSnapshot.CounterDataPointSnapshot c) {
                    out.put(key, c.getValue());
                } else if (point instanceof GaugeSnapshot.GaugeDataPointSnapshot g) {
                    out.put(key, g.getValue());
                } else if (point instanceof UnknownSnapshot.UnknownDataPointSnapshot u) {
                    out.put(key, u.getValue());
                }
            }
        }
        return out;
    }

    private Set<ObjectName> queryAll() {
        try {
            return jmx.queryNames(new ObjectName("kafka.connect:type=plugins,*"), null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String unquote(String value) {
        return value != null && value.startsWith("\"") ? ObjectName.unquote(value) : value;
    }

    /** Whether the Connect runtime under test has KIP-877's SourceTaskContext.pluginMetrics() (4.1+). */
    private static boolean workerHasPluginMetrics() {
        try {
            org.apache.kafka.connect.source.SourceTaskContext.class.getMethod("pluginMetrics");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
