package io.github.sfnconnect.emulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** The status code and JSON body to send back; {@code errorType} is set for error responses. */
record ApiResponse(int statusCode, String body, Optional<String> errorType) {

    static ApiResponse ok(String body) {
        return new ApiResponse(200, body, Optional.empty());
    }

    static ApiResponse error(ApiException e) {
        return error(e.type(), e.apiMessage());
    }

    static ApiResponse error(ErrorType type, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("__type", type.wireName())
                .put("message", message);
        return new ApiResponse(type.httpStatus(), body.toString(), Optional.of(type.wireName()));
    }
}
