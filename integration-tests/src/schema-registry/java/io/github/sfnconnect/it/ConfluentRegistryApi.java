package io.github.sfnconnect.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The few calls of Confluent's Schema Registry REST API the tests make, the way a Confluent client or an operator
 * makes them: against a registry's Confluent-compatible endpoint.
 */
public final class ConfluentRegistryApi {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param base e.g. {@code http://host:port/apis/ccompat/v7/} */
    public ConfluentRegistryApi(URI base) {
        this.base = base;
    }

    /** {@code POST /subjects/{subject}/versions}: registers a schema; returns its id. */
    public int register(String subject, String schema) {
        return send("POST", "subjects/" + encode(subject) + "/versions", schemaBody(schema)).get("id").asInt();
    }

    /** {@code GET /subjects/{subject}/versions/latest}: the latest schema's {@code id}, {@code version}, {@code schema}. */
    public JsonNode latest(String subject) {
        return send("GET", "subjects/" + encode(subject) + "/versions/latest", null);
    }

    /** {@code GET /schemas/ids/{id}}: the schema text a consumer resolves the id in a record to. */
    public String schemaById(int id) {
        return send("GET", "schemas/ids/" + id, null).get("schema").asText();
    }

    /** {@code PUT /config/{subject}}: the subject's compatibility level, e.g. BACKWARD. */
    public void setCompatibility(String subject, String level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level);
        JsonNode answer = send("PUT", "config/" + encode(subject), body);
        if (!level.equals(answer.path("compatibility").asText())) {
            throw new AssertionError("The registry did not take compatibility " + level + " for " + subject + ": " + answer);
        }
    }

    /** {@code POST /compatibility/subjects/{subject}/versions/latest}: whether the schema may be the next version. */
    public boolean isCompatibleWithLatest(String subject, String schema) {
        JsonNode answer = send("POST", "compatibility/subjects/" + encode(subject) + "/versions/latest",
                schemaBody(schema));
        if (!answer.has("is_compatible")) {
            throw new AssertionError("No is_compatible in the registry's answer: " + answer);
        }
        return answer.get("is_compatible").asBoolean();
    }

    private static ObjectNode schemaBody(String schema) {
        return JSON.createObjectNode().put("schema", schema);
    }

    private JsonNode send(String method, String path, JsonNode body) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", CONTENT_TYPE)
                .header("Accept", CONTENT_TYPE)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new AssertionError(method + " " + request.uri() + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + method + " " + request.uri(), e);
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8);
    }
}
