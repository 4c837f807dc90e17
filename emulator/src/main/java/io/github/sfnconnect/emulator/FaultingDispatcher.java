package io.github.sfnconnect.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/** Wraps the real dispatcher and, per call, applies the faults switched on in {@link Faults}. */
final class FaultingDispatcher implements ApiDispatcher {
    private static final String INTERNAL_FAILURE_MESSAGE =
            "The request processing has failed because of an unknown error, exception or failure.";
    private static final String SERVICE_UNAVAILABLE_MESSAGE =
            "The request has failed due to a temporary failure of the server.";

    private final ApiDispatcher delegate;
    private final Faults faults;
    private final StateStore store;
    private final ObjectMapper mapper;

    FaultingDispatcher(ApiDispatcher delegate, Faults faults, StateStore store, ObjectMapper mapper) {
        this.delegate = delegate;
        this.faults = faults;
        this.store = store;
        this.mapper = mapper;
    }

    @Override
    public ApiResponse dispatch(ApiRequest request) {
        if (!faults.active()) {
            return delegate.dispatch(request);
        }
        String action = request.action();
        Dice dice = faults.dice();
        if (dice.roll(Dice.Stream.CONNECTION_RESET, faults.connectionResetProbability())) {
            faults.injected("ConnectionReset", action);
            return ApiResponse.connectionReset();
        }
        ApiResponse response = injectedError(request).orElseGet(() -> delegate.dispatch(request));
        Faults.Slowness slowness = faults.slowness(action);
        if (dice.roll(Dice.Stream.SLOW_RESPONSE, slowness.probability())) {
            faults.injected("SlowResponse", action);
            response = response.delayedBy(slowness.delay());
        }
        return response;
    }

    /** An error to answer instead of running the action, if a fault calls for one. */
    private Optional<ApiResponse> injectedError(ApiRequest request) {
        String action = request.action();
        TokenBucket bucket = faults.bucket(action);
        if (bucket != null && !bucket.tryTake()) {
            return Optional.of(fired(action, ApiResponse.error(ErrorType.THROTTLING, "Rate exceeded")));
        }
        Faults.ScriptedFailure scripted = faults.scripted(action);
        if (scripted != null && scripted.take()) {
            return Optional.of(fired(action, ApiResponse.error(scripted.httpStatus(), scripted.errorType(),
                    "Injected fault: " + scripted.errorType())));
        }
        Dice dice = faults.dice();
        if (dice.roll(Dice.Stream.SERVER_ERROR, faults.serverErrorProbability(action))) {
            boolean unavailable = dice.roll(Dice.Stream.SERVER_ERROR, 0.5);
            return Optional.of(fired(action, unavailable
                    ? ApiResponse.error(ErrorType.SERVICE_UNAVAILABLE, SERVICE_UNAVAILABLE_MESSAGE)
                    : ApiResponse.error(ErrorType.INTERNAL_FAILURE, INTERNAL_FAILURE_MESSAGE)));
        }
        if (action.equals("ListExecutions") && faults.invalidTokensOn()) {
            Optional<String> token = member(request, "nextToken");
            if (token.isPresent() && faults.invalidateToken()) {
                return Optional.of(fired(action, ApiResponse.error(PageTokenCodec.invalid(token.get(), "it expired"))));
            }
        }
        if (action.equals("DescribeExecution") && faults.vanishProbability() > 0) {
            Optional<String> arn = member(request, "executionArn");
            if (arn.isPresent() && dice.roll(Dice.Stream.VANISH_ON_DESCRIBE, faults.vanishProbability())
                    && store.deleteVisibleExecution(arn.get())) {
                faults.vanished(arn.get());
                faults.injected("VanishOnDescribe", action);
                return Optional.of(ApiResponse.error(StateStore.executionDoesNotExist(arn.get())));
            }
        }
        return Optional.empty();
    }

    private ApiResponse fired(String action, ApiResponse error) {
        faults.injected(error.errorType().orElseThrow(), action);
        return error;
    }

    /** A string member of the request; empty if absent or if the body is malformed, which the action reports. */
    private Optional<String> member(ApiRequest request, String field) {
        try {
            return RequestBody.parse(mapper, request.body()).string(field);
        } catch (ApiException e) {
            return Optional.empty();
        }
    }
}
