package io.github.sfnconnect.it;

import static io.github.sfnconnect.it.ConnectHarness.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.sfnconnect.emulator.StepFunctionsEmulator;

/**
 * The worker loads the connector the way users install it: from the unpacked Confluent Hub archive on its
 * plugin.path, in an isolated PluginClassLoader, with nothing of the connector on the test class path.
 */
class PluginPathIT {

    @Test
    void connectorIsNotOnTheTestClassPath() {
        assertThatThrownBy(() -> Class.forName(ConnectHarness.CONNECTOR_CLASS, false, getClass().getClassLoader()))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void workerLoadsTheConnectorFromPluginPathAndItStreams() throws Exception {
        String version = System.getProperty("sfn.project.version");
        assertThat(version).as("system property sfn.project.version, set by the pom's failsafe configuration")
                .isNotBlank();
        try (ConnectHarness harness = new ConnectHarness()) {
            JsonNode plugins = get(harness.connect().endpointForResource("connector-plugins"));
            assertThat(plugins.findValuesAsText("class")).contains(ConnectHarness.CONNECTOR_CLASS);
            for (JsonNode plugin : plugins) {
                if (plugin.path("class").asText().equals(ConnectHarness.CONNECTOR_CLASS)) {
                    assertThat(plugin.path("type").asText()).isEqualTo("source");
                    assertThat(plugin.path("version").asText()).isEqualTo(version);
                }
            }

            assertShippedExamplesValidate(harness);

            StepFunctionsEmulator sfn = harness.emulator();
            String machine = sfn.createStateMachine("plugin-path");
            harness.startConnector("plugin-path", harness.connectorProps(1, List.of(machine)), List.of(machine));
            String execution = sfn.startExecution(machine, "e1", "{}");
            sfn.succeed(execution, "{\"ok\":true}");
            await("the connector loaded from plugin.path did not stream the execution", Duration.ofSeconds(60),
                    () -> harness.readExecutions().stream().anyMatch(r -> r.key().equals(execution)
                            && r.status().equals("SUCCEEDED")),
                    harness::readExecutions);
        }
    }

    /**
     * Every example the Hub archive ships in etc/ (taken from config/) passes the worker's validation. Converter
     * settings are left out: they name classes of the user's worker (e.g. a registry's Avro converter), not ours.
     */
    private static void assertShippedExamplesValidate(ConnectHarness harness) throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.list(Path.of("..", "config"))) {
            examples = files.filter(f -> f.toString().endsWith(".properties")).sorted().toList();
        }
        assertThat(examples).as("examples in config/").isNotEmpty();
        for (Path example : examples) {
            Properties loaded = new Properties();
            try (Reader in = Files.newBufferedReader(example)) {
                loaded.load(in);
            }
            Map<String, String> props = new HashMap<>();
            loaded.stringPropertyNames().stream().filter(k -> !k.matches("(key|value|header)\\.converter.*"))
                    .forEach(k -> props.put(k, loaded.getProperty(k)));
            ConfigInfos result = harness.connect().validateConnectorConfig("StepFunctionsSourceConnector", props);
            Map<String, List<String>> errors = result.values().stream()
                    .filter(c -> c.configValue() != null && !c.configValue().errors().isEmpty())
                    .collect(Collectors.toMap(c -> c.configValue().name(), c -> c.configValue().errors()));
            assertThat(errors).as(example + " validates").isEmpty();
        }
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET " + url + ": " + response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }
}
