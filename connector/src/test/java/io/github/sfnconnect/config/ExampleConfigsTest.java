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
}
