package io.github.sfnconnect.it;

import static io.github.sfnconnect.it.ConnectHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.JMException;
import javax.management.ObjectName;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.sfnconnect.emulator.StepFunctionsEmulator;

/**
 * The README's quickstart, taken from README.md as it stands, on a broker that creates no topic by itself (the
 * default on Amazon MSK and Confluent Cloud) and with no topic created beforehand: the records and the checkpoints
 * must flow, and the topics must have the settings the README promises.
 */
class ReadmeQuickstartIT {

    private static final Pattern CURL_BODY = Pattern.compile("-d '(\\{.*?\\})'", Pattern.DOTALL);

    /** The JSON body of the quickstart's {@code curl -X PUT}. */
    static Map<String, String> quickstartConfig() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String quickstart = readme.substring(readme.indexOf("## Quickstart"));
        quickstart = quickstart.substring(0, quickstart.indexOf("\n## ", 1));
        Matcher body = CURL_BODY.matcher(quickstart);
        assertThat(body.find()).as("the quickstart has a curl -d '{...}' body").isTrue();
        return new ObjectMapper().readValue(body.group(1), new TypeReference<Map<String, String>>() { });
    }

    /** The quickstart worker on a broker that creates no topic by itself; the connector's JMX is this JVM's. */
    @SuppressWarnings("cast") // build() needs the cast on 4.x (generic base builder not public), not on 3.7
    private static EmbeddedConnectCluster startCluster(String name) {
        Properties brokerProps = new Properties();
        brokerProps.put("auto.create.topics.enable", "false");
        Map<String, String> workerProps = new HashMap<>();
        workerProps.put("plugin.path", PluginPath.resolve().toString());
        workerProps.put("plugin.discovery", "service_load");
        workerProps.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        workerProps.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        workerProps.put("offset.flush.interval.ms", "1000");
        EmbeddedConnectCluster connect = (EmbeddedConnectCluster) new EmbeddedConnectCluster.Builder()
                .name(name).numWorkers(1).numBrokers(1).workerProps(workerProps).brokerProps(brokerProps).build();
        connect.start();
        return connect;
    }

    /**
     * What a reader changes: where AWS is, and its credentials; and Confluent's AvroConverter, which is not on Maven
     * Central, for JsonConverter (AvroSchemaRegistryIT covers the Avro path).
     */
    private static void pointAtEmulator(Map<String, String> props, StepFunctionsEmulator sfn) {
        props.put("aws.endpoint.url", sfn.endpoint().toString());
        props.put("aws.access.key.id", "test");
        props.put("aws.secret.access.key", "test");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.remove("value.converter.schema.registry.url");
    }

    private static StepFunctionsEmulator emulatorFor(List<String> arns) throws Exception {
        String[] arn = arns.get(0).split(":");
        StepFunctionsEmulator sfn = StepFunctionsEmulator.start(Clock.systemUTC(), arn[3], arn[4]);
        for (String a : arns) {
            assertThat(sfn.createStateMachine(a.substring(a.lastIndexOf(':') + 1))).isEqualTo(a);
        }
        return sfn;
    }

    @Test
    void quickstartAsWrittenStreamsOnABrokerWithoutAutomaticTopicCreation() throws Exception {
        Map<String, String> props = new HashMap<>(quickstartConfig());
        List<String> arns = List.of(props.get("state.machine.arns").split(","));
        try (StepFunctionsEmulator sfn = emulatorFor(arns)) {
            EmbeddedConnectCluster connect = startCluster("quickstart");
            try {
                pointAtEmulator(props, sfn);
                String topic = props.get("topic");
                String checkpoints = topic + ".checkpoints";
                connect.configureConnector("stepfunctions", props);
                connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("stepfunctions", 2, "not running");
                await("the first checkpoints", Duration.ofSeconds(60),
                        () -> read(connect, checkpoints).size() >= arns.size(), () -> "none yet");

                for (int round = 0; round < 3; round++) { // beyond the first batch: a stall shows from the second
                    for (String a : arns) {
                        String execution = sfn.startExecution(a, "order-" + round, "{}");
                        sfn.succeed(execution, "{\"ok\":true}");
                    }
                    long executions = (long) arns.size() * (round + 1);
                    await("records of round " + round, Duration.ofSeconds(60),
                            () -> executionsIn(read(connect, topic)) >= executions,
                            () -> executionsIn(read(connect, topic)) + " executions streamed");
                }
                assertThat(executionsIn(read(connect, topic))).as("every execution of the three rounds")
                        .isEqualTo(3L * arns.size());
                assertThat(deliveryMetric("stepfunctions", 0, "delivery-stalled")).isEqualTo(0.0);

                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        connect.kafka().bootstrapServers()))) {
                    Map<String, TopicDescription> topics = admin.describeTopics(Set.of(topic, checkpoints))
                            .allTopicNames().get();
                    assertThat(topics.get(topic).partitions()).as("the partitions the README names")
                            .hasSize(Integer.parseInt(props.get("topic.creation.default.partitions")));
                    assertThat(topics.get(checkpoints).partitions()).hasSize(1);
                    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, checkpoints);
                    assertThat(admin.describeConfigs(Set.of(resource)).all().get().get(resource)
                            .get("cleanup.policy").value()).isEqualTo("compact");
                }
            } finally {
                connect.stop();
            }
        }
    }

    /**
     * Issue 10's day-one stall, now loud: the quickstart without its topic.creation settings on the same broker. The
     * producer waits for the missing topics for ever and the task stays RUNNING; the connector must say so in an
     * ERROR that names the topics and the fix, and in the delivery-stalled metric.
     */
    @Test
    void withoutTopicCreationTheStallIsAnErrorNamingTheTopicsAndAMetric() throws Exception {
        Map<String, String> props = new HashMap<>(quickstartConfig());
        props.keySet().removeIf(k -> k.startsWith("topic.creation."));
        props.put("stall.threshold.ms", "5000");
        props.put("tasks.max", "1");
        List<String> arns = List.of(props.get("state.machine.arns").split(","));
        String topic = props.get("topic");
        try (StepFunctionsEmulator sfn = emulatorFor(arns); ConsoleCapture log = new ConsoleCapture()) {
            EmbeddedConnectCluster connect = startCluster("stalled");
            try {
                pointAtEmulator(props, sfn);
                connect.configureConnector("stalled", props);
                connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("stalled", 1, "not running");
                for (String a : arns) {
                    sfn.succeed(sfn.startExecution(a, "order", "{}"), "{}");
                }
                await("the delivery-stalled metric", Duration.ofSeconds(60),
                        () -> Double.valueOf(1.0).equals(deliveryMetric("stalled", 0, "delivery-stalled")),
                        () -> "delivery-stalled=" + deliveryMetric("stalled", 0, "delivery-stalled"));
                await("the ERROR line", Duration.ofSeconds(30),
                        () -> log.text().lines().anyMatch(l -> l.contains("ERROR") && l.contains("records handed "
                                + "to Kafka Connect have waited")), () -> "not logged");
                String error = log.text().lines().filter(l -> l.contains("records handed to Kafka Connect"))
                        .findFirst().orElseThrow();
                assertThat(error).contains("Task 0 of connector stalled", topic, "auto.create.topics.enable=false",
                        "topic.creation");
                assertThat((double) deliveryMetric("stalled", 0, "oldest-unacknowledged-record-age-ms"))
                        .isGreaterThanOrEqualTo(5_000);
                assertThat(connect.connectorStatus("stalled").tasks().get(0).state())
                        .as("what the user sees without the error line").isEqualTo("RUNNING");
            } finally {
                connect.stop();
            }
        }
    }

    /** A metric of the connector's delivery-metrics MBean, or null while it is not registered. */
    private static Object deliveryMetric(String connector, int task, String attribute) {
        try {
            return ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName(
                    "kafka.connect.stepfunctions:type=delivery-metrics,connector=" + connector + ",task=" + task),
                    attribute);
        } catch (JMException e) {
            return null;
        }
    }

    private static long executionsIn(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(ConsumerRecord::key).distinct().count();
    }

    /** Everything in the topic so far; nothing while it does not exist. */
    private static List<ConsumerRecord<String, byte[]>> read(EmbeddedConnectCluster connect, String topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.kafka().bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos == null || infos.isEmpty()) {
                return List.of();
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new java.util.ArrayList<>();
            long deadline = System.currentTimeMillis() + 10_000;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return List.of(); // the topic does not exist (yet)
        }
    }
}
