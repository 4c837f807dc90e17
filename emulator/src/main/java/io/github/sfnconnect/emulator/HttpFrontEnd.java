package io.github.sfnconnect.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the AWS JSON 1.0 protocol: checks method, path, Content-Type and X-Amz-Target,
 * counts the call, and hands it to the {@link ApiDispatcher}. SigV4 signatures are accepted unchecked.
 */
final class HttpFrontEnd implements HttpHandler {
    static final String TARGET_PREFIX = "AWSStepFunctions.";
    static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    /** The name under which requests without an X-Amz-Target header are counted. */
    static final String NO_TARGET = "(no X-Amz-Target)";
    private static final Logger LOG = LoggerFactory.getLogger(HttpFrontEnd.class);

    private final ApiDispatcher dispatcher;
    private final CallCounter counter;

    HttpFrontEnd(ApiDispatcher dispatcher, CallCounter counter) {
        this.dispatcher = dispatcher;
        this.counter = counter;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String action = target == null ? NO_TARGET
                : target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : target;
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            counter.record(action);
            ApiResponse response = rejection(exchange, target)
                    .orElseGet(() -> dispatch(new ApiRequest(action, body)));
            if (!pause(response.delay())) {
                return;
            }
            if (response.resetConnection()) {
                // closing the exchange before any response header makes the JDK server close the socket:
                // the client reads end-of-stream where it expects a status line
                LOG.debug("{} -> connection closed without a response", action);
                return;
            }
            write(exchange, response);
            LOG.debug("{} -> {}{} in {} ms", action, response.statusCode(),
                    response.errorType().map(t -> " " + t).orElse(""), (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** False when interrupted, which only happens when the emulator is closing. */
    private static boolean pause(Duration delay) {
        if (delay.isZero()) {
            return true;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(delay.toNanos());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private ApiResponse dispatch(ApiRequest request) {
        try {
            return dispatcher.dispatch(request);
        } catch (RuntimeException e) {
            LOG.error("{} failed inside the emulator", request.action(), e);
            return ApiResponse.error(ErrorType.INTERNAL_FAILURE, "Internal failure in the emulator: " + e);
        }
    }

    /** Requests that are not AWS JSON 1.0 calls at all never reach the dispatcher. */
    private static Optional<ApiResponse> rejection(HttpExchange exchange, String target) {
        if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals("/")) {
            return Optional.of(ApiResponse.error(ErrorType.UNKNOWN_OPERATION,
                    "Only POST / is served, not " + exchange.getRequestMethod() + " " + exchange.getRequestURI()));
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null
                || !contentType.toLowerCase(Locale.ROOT).split(";")[0].trim().equals(CONTENT_TYPE)) {
            return Optional.of(ApiResponse.error(ErrorType.UNKNOWN_OPERATION,
                    "Content-Type must be " + CONTENT_TYPE + ", not " + contentType));
        }
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            return Optional.of(ApiResponse.error(ErrorType.UNKNOWN_OPERATION,
                    "X-Amz-Target must be " + TARGET_PREFIX + "<Action>, not " + target));
        }
        return Optional.empty();
    }

    private static void write(HttpExchange exchange, ApiResponse response) throws IOException {
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(response.statusCode(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
