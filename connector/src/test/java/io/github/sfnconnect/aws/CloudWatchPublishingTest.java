package io.github.sfnconnect.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.github.sfnconnect.config.StepFunctionsSourceConfig;

/**
 * The opt-in CloudWatch publisher at the wire: a task's gateway sends the SDK's metrics of its Step Functions calls
 * to CloudWatch (PutMetricData, in the connector's namespace) at the latest when it closes; off by default.
 */
class CloudWatchPublishingTest {

    private static final String SM = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";

    /** Step Functions and CloudWatch on one port: answers ListExecutions with an empty page, anything else 200. */
    private final HttpServer server;
    private final List<String> cloudWatchRequests = new CopyOnWriteArrayList<>();

    CloudWatchPublishingTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] request = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            byte[] body;
            if (target != null && target.startsWith("AWSStepFunctions.")) {
                body = "{\"executions\":[]}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            } else {
                // whatever protocol the SDK speaks to CloudWatch (query, JSON or CBOR), its strings are readable
                cloudWatchRequests.add(exchange.getRequestURI() + " " + target + " "
                        + readable(new String(request, StandardCharsets.ISO_8859_1)));
                body = new byte[0];
            }
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /**
     * A body as text: form-decoded when it is a query-protocol form, else as sent. Binary bodies (CBOR) can hold a
     * '%' byte that no decoder accepts, which once made the recorded request vanish and this test fail at random.
     */
    private static String readable(String body) {
        try {
            return body + " " + URLDecoder.decode(body, StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException notAForm) {
            return body;
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private StepFunctionsSourceConfig config(Map<String, String> more) {
        String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
        Map<String, String> props = new HashMap<>(Map.of("aws.region", "us-east-1", "aws.endpoint.url", endpoint,
                "aws.access.key.id", "test", "aws.secret.access.key", "test", "state.machine.arns", SM, "topic", "t",
                "cloudwatch.metrics.endpoint.url", endpoint));
        props.putAll(more);
        return new StepFunctionsSourceConfig(props);
    }

    private void listTwiceAndClose(StepFunctionsSourceConfig config, String connectorName) throws Exception {
        AwsStepFunctionsGateway gateway = AwsStepFunctionsGateway.create(config, 100, 100, ApiCallListener.NONE,
                connectorName);
        gateway.listExecutions(SM, null, false, 100, null);
        gateway.listExecutions(SM, null, false, 100, null);
        gateway.close();
    }

    @Test
    void whenEnabledTheCallsMetricsReachCloudWatchInTheConnectorsNamespace() throws Exception {
        listTwiceAndClose(config(Map.of("cloudwatch.metrics.enabled", "true")), "orders-connector");
        assertThat(cloudWatchRequests).isNotEmpty().anySatisfy(r -> assertThat(r).contains("PutMetricData")
                .contains("KafkaConnect/StepFunctions/orders-connector").contains("ListExecutions")
                .contains("ApiCallDuration"));
    }

    @Test
    void aConfiguredNamespaceIsUsed() throws Exception {
        listTwiceAndClose(config(Map.of("cloudwatch.metrics.enabled", "true",
                "cloudwatch.metrics.namespace", "Team/Sfn")), "orders-connector");
        assertThat(cloudWatchRequests).anySatisfy(r -> assertThat(r).contains("Team/Sfn"));
    }

    @Test
    void offByDefaultAndNeverForValidation() throws Exception {
        listTwiceAndClose(config(Map.of()), "orders-connector");
        listTwiceAndClose(config(Map.of("cloudwatch.metrics.enabled", "true")), null);
        assertThat(cloudWatchRequests).isEmpty();
    }
}
