package io.github.sfnconnect.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.function.Function;

/** Routes a request to its action and maps the outcome, success or {@link ApiException}, to a response. */
final class ActionDispatcher implements ApiDispatcher {
    private final ObjectMapper mapper;
    private final Map<String, Function<RequestBody, ObjectNode>> actions;

    ActionDispatcher(ObjectMapper mapper, Map<String, Function<RequestBody, ObjectNode>> actions) {
        this.mapper = mapper;
        this.actions = Map.copyOf(actions);
    }

    @Override
    public ApiResponse dispatch(ApiRequest request) {
        Function<RequestBody, ObjectNode> action = actions.get(request.action());
        if (action == null) {
            return ApiResponse.error(ErrorType.UNKNOWN_OPERATION,
                    "Unknown or unsupported operation: '" + request.action() + "'");
        }
        try {
            ObjectNode result = action.apply(RequestBody.parse(mapper, request.body()));
            return ApiResponse.ok(mapper.writeValueAsString(result));
        } catch (ApiException e) {
            return ApiResponse.error(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialize the " + request.action() + " response", e);
        }
    }
}
