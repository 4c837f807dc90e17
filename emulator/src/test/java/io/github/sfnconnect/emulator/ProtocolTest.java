package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The AWS JSON 1.0 wire format itself, checked with a plain HTTP client. */
class ProtocolTest extends EmulatorFixture {
    private static final String JSON_1_0 = "application/x-amz-json-1.0";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void timestampsAreEpochSecondsWithMillisecondFraction() throws Exception {
        String machine = emulator.createStateMachine("orders");

        HttpResponse<String> response = call("StartExecution",
                "{\"stateMachineArn\":\"" + machine + "\",\"name\":\"wire\"}");

        JsonNode startDate = mapper.readTree(response.body()).get("startDate");
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).as("response Content-Type").contains(JSON_1_0);
        assertThat(startDate.isNumber()).as("startDate is a JSON number: %s", response.body()).isTrue();
        assertThat(startDate.decimalValue()).as("startDate value")
                .isEqualByComparingTo(BigDecimal.valueOf(T0.toEpochMilli(), 3));
    }

    @Test
    void unknownActionIsUnknownOperationException() throws Exception {
        HttpResponse<String> response = call("FlyToTheMoon", "{}");

        assertThat(response.statusCode()).as("status").isEqualTo(400);
        assertThat(errorType(response)).as("__type").isEqualTo("UnknownOperationException");
        assertThat(response.headers().firstValue("Content-Type")).as("error Content-Type").contains(JSON_1_0);
    }

    @Test
    void malformedJsonIsSerializationException() throws Exception {
        HttpResponse<String> response = call("ListStateMachines", "{\"maxResults\":");

        assertThat(response.statusCode()).as("status").isEqualTo(400);
        assertThat(errorType(response)).as("__type").isEqualTo("SerializationException");
    }

    @Test
    void memberOfTheWrongTypeIsSerializationException() throws Exception {
        HttpResponse<String> response = call("DescribeExecution", "{\"executionArn\":42}");

        assertThat(errorType(response)).as("__type for a number where a string belongs")
                .isEqualTo("SerializationException");
    }

    @Test
    void missingRequiredMemberIsValidationException() throws Exception {
        HttpResponse<String> response = call("DescribeExecution", "{}");

        assertThat(errorType(response)).as("__type").isEqualTo("ValidationException");
        assertThat(mapper.readTree(response.body()).get("message").asText()).as("message")
                .contains("'executionArn'").contains("must not be null");
    }

    @Test
    void emptyBodyCountsAsEmptyObject() throws Exception {
        HttpResponse<String> response = call("ListStateMachines", "");

        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(200);
        assertThat(mapper.readTree(response.body()).get("stateMachines").isArray()).as("stateMachines member")
                .isTrue();
    }

    @Test
    void requestsThatAreNotJsonCallsAreRejected() throws Exception {
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(emulator.endpoint()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> noTarget = http.send(HttpRequest.newBuilder(emulator.endpoint())
                .header("Content-Type", JSON_1_0)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrongType = http.send(HttpRequest.newBuilder(emulator.endpoint())
                .header("Content-Type", "application/json")
                .header("X-Amz-Target", "AWSStepFunctions.ListStateMachines")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(errorType(get)).as("GET /").isEqualTo("UnknownOperationException");
        assertThat(errorType(noTarget)).as("POST without X-Amz-Target").isEqualTo("UnknownOperationException");
        assertThat(errorType(wrongType)).as("POST with another Content-Type").isEqualTo("UnknownOperationException");
    }

    private HttpResponse<String> call(String action, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.endpoint() + "/"))
                .header("Content-Type", JSON_1_0)
                .header("X-Amz-Target", "AWSStepFunctions." + action)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String errorType(HttpResponse<String> response) throws IOException {
        return mapper.readTree(response.body()).get("__type").asText();
    }
}
