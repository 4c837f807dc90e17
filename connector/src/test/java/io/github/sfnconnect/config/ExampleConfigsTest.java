package io.github.sfnconnect.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.github.sfnconnect.StepFunctionsSourceConnector;

/** The ready examples in config/ (shipped in the archives' etc/) pass the connector's own validation. */
class ExampleConfigsTest {

    @Test
    void everyExampleValidates() throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.list(Path.of("..", "config"))) {
            examples = files.filter(p -> p.toString().endsWith(".properties")).sorted().toList();
        }
        assertThat(examples).as("JSON with and without schemas, Confluent's and Apicurio's Avro converters")
                .hasSizeGreaterThanOrEqualTo(4);
        for (Path example : examples) {
            Properties props = new Properties();
            try (Reader in = Files.newBufferedReader(example)) {
                props.load(in);
            }
            Map<String, String> config = new HashMap<>();
            props.stringPropertyNames().forEach(k -> config.put(k, props.getProperty(k)));
            assertValidAndCreatesItsTopics(example.toString(), config);
        }
    }

    /** Strimzi's KafkaConnector: spec.class, spec.tasksMax and spec.config make the connector's configuration. */
    @Test
    void theStrimziExampleValidatesAndItsPluginIsPinnedByChecksum() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode connector = yaml.readTree(Path.of("..", "config", "strimzi", "kafka-connector.yaml").toFile());
        assertThat(connector.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1beta2");
        assertThat(connector.path("kind").asText()).isEqualTo("KafkaConnector");
        Map<String, String> config = new HashMap<>();
        connector.path("spec").path("config").properties().forEach(e -> config.put(e.getKey(),
                e.getValue().asText()));
        config.put("connector.class", connector.path("spec").path("class").asText());
        config.put("tasks.max", connector.path("spec").path("tasksMax").asText());
        assertValidAndCreatesItsTopics("strimzi/kafka-connector.yaml", config);

        JsonNode connect = yaml.readTree(Path.of("..", "config", "strimzi", "kafka-connect.yaml").toFile());
        assertThat(connect.path("kind").asText()).isEqualTo("KafkaConnect");
        assertThat(connect.path("metadata").path("annotations").path("strimzi.io/use-connector-resources").asText())
                .isEqualTo("true");
        assertThat(connector.path("metadata").path("labels").path("strimzi.io/cluster").asText())
                .isEqualTo(connect.path("metadata").path("name").asText());
        JsonNode artifact = connect.path("spec").path("build").path("plugins").path(0).path("artifacts").path(0);
        assertThat(artifact.path("type").asText()).isEqualTo("zip");
        assertThat(artifact.path("url").asText()).endsWith(".zip");
        assertThat(artifact.path("sha512sum").asText()).isNotBlank();
        assertThat(connect.path("spec").path("template").path("serviceAccount").path("metadata").path("annotations")
                .path("eks.amazonaws.com/role-arn").asText()).startsWith("arn:aws:iam::");
    }

    /** MSK Connect: the connector configuration map, and a worker configuration that names its offsets topic. */
    @Test
    void theMskConnectExampleValidatesAndNamesItsOffsetsTopic() throws IOException {
        Map<String, String> config = new ObjectMapper().readValue(
                Path.of("..", "config", "msk-connect", "connector-configuration.json").toFile(),
                new TypeReference<Map<String, String>>() { });
        assertValidAndCreatesItsTopics("msk-connect/connector-configuration.json", config);
        Properties worker = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("..", "config", "msk-connect",
                "worker-configuration.properties"))) {
            worker.load(in);
        }
        assertThat(worker.getProperty("offset.storage.topic")).as("offsets that outlive a re-created connector")
                .isNotBlank();
        // the converter the MSK plugin build collects is the one the Avro tests run with
        java.util.regex.Matcher tested = java.util.regex.Pattern.compile(
                "<apicurio.converter.version>([^<]+)<").matcher(Files.readString(Path.of("..", "pom.xml")));
        assertThat(tested.find()).isTrue();
        assertThat(Files.readString(Path.of("..", "config", "msk-connect", "converter-pom.xml")))
                .contains("<version>" + tested.group(1) + "</version>");
    }

    private static void assertValidAndCreatesItsTopics(String example, Map<String, String> config) {
        assertThat(config.get("connector.class")).as(example + " names the connector")
                .isEqualTo(StepFunctionsSourceConnector.class.getName());
        // the examples' state machines exist in no account: validate() is told AWS cannot be reached, which it
        // only logs, so that what is checked is the config itself, wherever the test runs
        StepFunctionsSourceConnector offline = new StepFunctionsSourceConnector(c -> {
            throw new RetriableException("AWS not reachable from this test");
        });
        List<String> errors = offline.validate(config).configValues().stream()
                .filter(v -> !v.errorMessages().isEmpty())
                .map(ConfigValue::toString)
                .toList();
        assertThat(errors).as(example + " validates").isEmpty();
        // on a broker without automatic topic creation the producer waits for a missing topic for ever: each
        // example has Connect create the checkpoint topic, compacted with one partition (KIP-158)
        String checkpointTopic = config.getOrDefault("checkpoint.topic", config.get("topic") + ".checkpoints");
        assertThat(config.get("topic.creation.groups")).as(example + " has a topic creation group").isNotNull();
        String group = java.util.Arrays.stream(config.get("topic.creation.groups").split(","))
                .map(String::trim)
                .filter(g -> java.util.regex.Pattern.matches(config.getOrDefault("topic.creation." + g + ".include",
                        "(?!)"), checkpointTopic))
                .findFirst().orElseThrow(() -> new AssertionError(example + ": no topic.creation group includes "
                        + checkpointTopic));
        assertThat(config).as(example + " creates " + checkpointTopic)
                .containsEntry("topic.creation." + group + ".partitions", "1")
                .containsEntry("topic.creation." + group + ".cleanup.policy", "compact");
        assertThat(config).as(example + " creates the execution topic").containsKey(
                "topic.creation.default.partitions").containsKey("topic.creation.default.replication.factor");
    }
}
