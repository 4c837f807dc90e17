package io.github.sfnconnect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The unpacked Hub archive on the plugin.path of a stock Apache Kafka distribution: a KRaft broker and
 * {@code connect-distributed.sh} in the official {@code apache/kafka} image (Connect 3.7, the line MSK Connect runs).
 * Needs Docker; skips itself where there is none.
 */
class DockerConnectWorkerIT {

    private static final DockerImageName IMAGE = DockerImageName.parse("apache/kafka:3.7.2");
    private static final String PLUGIN_PATH = "/opt/connect-plugins";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void connectDistributedLoadsThePluginFromItsPluginPath() throws Exception {
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "Docker is not available: skipping the apache/kafka container test (needs a Docker engine)");
        Path plugin = PluginPath.unpackedArchives(PluginPath.resolve()).get(0); // resolve() checked there is one

        try (Network network = Network.newNetwork();
             GenericContainer<?> kafka = broker(network);
             GenericContainer<?> connect = worker(network, plugin)) {
            kafka.start();
            connect.start();
            String base = "http://" + connect.getHost() + ":" + connect.getMappedPort(8083);

            JsonNode listed = send(HttpRequest.newBuilder(URI.create(base + "/connector-plugins")).GET());
            assertThat(listed.findValuesAsText("class")).as("GET /connector-plugins: " + listed)
                    .contains(ConnectHarness.CONNECTOR_CLASS);
            for (JsonNode p : listed) {
                if (p.path("class").asText().equals(ConnectHarness.CONNECTOR_CLASS)) {
                    assertThat(p.path("type").asText()).isEqualTo("source");
                    assertThat(p.path("version").asText()).isEqualTo(System.getProperty("sfn.project.version"));
                }
            }

            // the worker can instantiate the plugin's classes (ConfigDef, validators) in its isolated class loader
            Map<String, String> config = Map.of(
                    "connector.class", ConnectHarness.CONNECTOR_CLASS,
                    "name", "stepfunctions",
                    "tasks.max", "1",
                    "aws.region", "eu-west-1",
                    "state.machine.arns", "arn:aws:states:eu-west-1:123456789012:stateMachine:orders",
                    "topic", "stepfunctions.executions");
            JsonNode validation = send(HttpRequest.newBuilder(
                            URI.create(base + "/connector-plugins/StepFunctionsSourceConnector/config/validate"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config))));
            assertThat(validation.path("error_count").asInt()).as("validation: " + validation).isZero();
        }
    }

    private static GenericContainer<?> broker(Network network) {
        return new GenericContainer<>(IMAGE)
                .withNetwork(network)
                .withNetworkAliases("kafka")
                .withEnv(Map.ofEntries(
                        Map.entry("KAFKA_NODE_ID", "1"),
                        Map.entry("KAFKA_PROCESS_ROLES", "broker,controller"),
                        Map.entry("KAFKA_LISTENERS", "PLAINTEXT://:9092,CONTROLLER://:9093"),
                        Map.entry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka:9092"),
                        Map.entry("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER"),
                        Map.entry("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"),
                        Map.entry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@localhost:9093"),
                        Map.entry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1"),
                        Map.entry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1"),
                        Map.entry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1"),
                        Map.entry("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")))
                .waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1)
                        .withStartupTimeout(Duration.ofMinutes(2)));
    }

    /** connect-distributed.sh from the same image, with the unpacked archive copied under its plugin.path. */
    private static GenericContainer<?> worker(Network network, Path plugin) {
        String props = String.join("\n",
                "bootstrap.servers=kafka:9092",
                "group.id=sfn-docker-it",
                "listeners=http://0.0.0.0:8083",
                "config.storage.topic=connect-configs",
                "offset.storage.topic=connect-offsets",
                "status.storage.topic=connect-status",
                "config.storage.replication.factor=1",
                "offset.storage.replication.factor=1",
                "status.storage.replication.factor=1",
                "key.converter=org.apache.kafka.connect.storage.StringConverter",
                "value.converter=org.apache.kafka.connect.json.JsonConverter",
                "plugin.path=" + PLUGIN_PATH,
                // the connector jar has META-INF/services, so the worker needs no reflective scan
                "plugin.discovery=service_load",
                "");
        return new GenericContainer<>(IMAGE)
                .withNetwork(network)
                .withExposedPorts(8083)
                // copied rather than bind-mounted, so it works with a remote Docker engine too
                .withCopyToContainer(Transferable.of(props), "/tmp/connect-distributed.properties")
                .withCopyFileToContainer(MountableFile.forHostPath(plugin),
                        PLUGIN_PATH + "/" + plugin.getFileName())
                .withCommand("/opt/kafka/bin/connect-distributed.sh", "/tmp/connect-distributed.properties")
                .waitingFor(Wait.forHttp("/connector-plugins").forPort(8083).forStatusCode(200)
                        .withStartupTimeout(Duration.ofMinutes(3)));
    }

    private static JsonNode send(HttpRequest.Builder request) throws Exception {
        HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(built, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(built.method() + " " + built.uri() + ": " + response.body())
                .isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
