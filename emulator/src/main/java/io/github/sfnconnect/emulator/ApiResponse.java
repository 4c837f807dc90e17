package io.github.sfnconnect.emulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Optional;

/**
 * The status code and JSON body to send back, {@code errorType} set for error responses, and how to deliver
 * it: after {@code delay}, and not at all when {@code resetConnection} (the connection is closed instead).
 */
record ApiResponse(int statusCode, String body, Optional<String> errorType, Duration delay, boolean resetConnection) {

    static ApiResponse ok(String body) {
        return new ApiResponse(200, body, Optional.empty(), Duration.ZERO, false);
    }

    static ApiResponse error(ApiException e) {
        ApiResponse response = error(e.type(), e.apiMessage());
        if (e.members().isEmpty()) {
            return response;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("__type", e.type().wireName())
                .put("message", e.apiMessage());
        e.members().forEach(body::put);
        return new ApiResponse(response.statusCode(), body.toString(), response.errorType(), Duration.ZERO, false);
    }

    static ApiResponse error(ErrorType type, String message) {
        return error(type.httpStatus(), type.wireName(), message);
    }

    static ApiResponse error(int statusCode, String errorType, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("__type", errorType)
                .put("message", message);
        return new ApiResponse(statusCode, body.toString(), Optional.of(errorType), Duration.ZERO, false);
    }

    /** No HTTP response at all: the client sees the connection close under its request. */
    static ApiResponse connectionReset() {
        return new ApiResponse(0, "", Optional.empty(), Duration.ZERO, true);
    }

    ApiResponse delayedBy(Duration extra) {
        return new ApiResponse(statusCode, body, errorType, delay.plus(extra), resetConnection);
    }
}
