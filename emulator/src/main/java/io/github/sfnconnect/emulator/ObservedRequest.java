package io.github.sfnconnect.emulator;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request the emulator answered, as it went over the wire: the action named by {@code X-Amz-Target}, the
 * request's JSON body, and the answer's status and JSON body. Both times are on the emulator's clock: when the whole
 * request had been read, and when the answer left (the same instant as its {@code Date} header, after any injected
 * delay). An injected connection reset has status 0 and an empty body: the client got no answer.
 *
 * @param errorType the answer's {@code __type} for an error (e.g. {@code ThrottlingException}), else empty
 */
public record ObservedRequest(String action, String requestBody, Instant receivedAt, int statusCode,
                              String responseBody, Optional<String> errorType, Instant answeredAt) {

    public ObservedRequest {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(requestBody, "requestBody");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(responseBody, "responseBody");
        Objects.requireNonNull(errorType, "errorType");
        Objects.requireNonNull(answeredAt, "answeredAt");
    }

    /** Whether the client got the action's result (HTTP 200), not an error or a dropped connection. */
    public boolean succeeded() {
        return statusCode == 200;
    }
}
