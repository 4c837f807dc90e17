package io.github.sfnconnect.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Typed access to the members of a request's JSON object; a member of the wrong JSON type is a SerializationException. */
final class RequestBody {
    private final ObjectNode node;

    private RequestBody(ObjectNode node) {
        this.node = node;
    }

    /** An empty body counts as {@code {}}: that is what the protocol sends for a request without members. */
    static RequestBody parse(ObjectMapper mapper, String text) {
        if (text.isBlank()) {
            return new RequestBody(mapper.createObjectNode());
        }
        JsonNode parsed;
        try {
            parsed = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ApiException(ErrorType.SERIALIZATION, "Malformed JSON request body: " + e.getOriginalMessage());
        }
        if (!(parsed instanceof ObjectNode object)) {
            throw new ApiException(ErrorType.SERIALIZATION, "The request body must be a JSON object");
        }
        return new RequestBody(object);
    }

    Optional<String> string(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw wrongType(field, "a string");
        }
        return Optional.of(value.textValue());
    }

    String requiredString(String field) {
        return string(field).orElseThrow(() -> Constraints.violation(field, null, "Member must not be null"));
    }

    Optional<Integer> integer(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw wrongType(field, "an integer");
        }
        return Optional.of(value.intValue());
    }

    Optional<Boolean> bool(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw wrongType(field, "a boolean");
        }
        return Optional.of(value.booleanValue());
    }

    Optional<RequestBody> object(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!(value instanceof ObjectNode object)) {
            throw wrongType(field, "an object");
        }
        return Optional.of(new RequestBody(object));
    }

    /** A list of structures, e.g. routingConfiguration. */
    Optional<List<RequestBody>> objects(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw wrongType(field, "a list");
        }
        List<RequestBody> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!(item instanceof ObjectNode object)) {
                throw wrongType(field, "a list of objects");
            }
            items.add(new RequestBody(object));
        }
        return Optional.of(items);
    }

    /** A list of strings, e.g. tagKeys. */
    Optional<List<String>> strings(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw wrongType(field, "a list");
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw wrongType(field, "a list of strings");
            }
            items.add(item.textValue());
        }
        return Optional.of(items);
    }

    private static ApiException wrongType(String field, String expected) {
        return new ApiException(ErrorType.SERIALIZATION, "Member '" + field + "' must be " + expected);
    }
}
