package io.github.sfnconnect.emulator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the AWS JSON 1.0 protocol, as a Jetty core handler: checks method, path, Content-Type and
 * X-Amz-Target, counts the call, and hands it to the {@link ApiDispatcher}. SigV4 signatures are accepted
 * unchecked. Every response carries a {@code Date} header from the emulator's clock, as AWS stamps its own.
 *
 * <p>Blocking by design (Jetty runs it on a pool thread): the body is read whole, and an injected delay sleeps.
 */
final class HttpFrontEnd extends Handler.Abstract {
    static final String TARGET_PREFIX = "AWSStepFunctions.";
    static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    /** The name under which requests without an X-Amz-Target header are counted. */
    static final String NO_TARGET = "(no X-Amz-Target)";
    private static final Logger LOG = LoggerFactory.getLogger(HttpFrontEnd.class);

    private final ApiDispatcher dispatcher;
    private final CallCounter counter;
    private final Clock clock;
    /** Told of each answer before it is written; a copy-on-write list, so that adding one never blocks a request. */
    private final List<RequestObserver> observers;

    HttpFrontEnd(ApiDispatcher dispatcher, CallCounter counter, Clock clock, List<RequestObserver> observers) {
        super(InvocationType.BLOCKING);
        this.dispatcher = dispatcher;
        this.counter = counter;
        this.clock = clock;
        this.observers = observers;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long started = System.nanoTime();
        String target = request.getHeaders().get("X-Amz-Target");
        String action = target == null ? NO_TARGET
                : target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : target;
        String body;
        try {
            body = Content.Source.asString(request, StandardCharsets.UTF_8);
        } catch (Exception e) {
            // the client went away mid-request: nobody is left to answer
            callback.failed(e);
            return true;
        }
        counter.record(action);
        Instant receivedAt = clock.instant();
        ApiResponse answer = rejection(request, target).orElseGet(() -> dispatch(new ApiRequest(action, body)));
        if (!pause(answer.delay())) {
            callback.failed(new InterruptedException("the emulator is closing"));
            return true;
        }
        // one reading for the observers and the Date header: the moment the answer leaves
        Instant answeredAt = clock.instant();
        tell(new ObservedRequest(action, body, receivedAt, answer.statusCode(), answer.body(), answer.errorType(),
                answeredAt));
        if (answer.resetConnection()) {
            // closing the socket before any byte of a response: the client reads end-of-stream where it expects
            // a status line, which is what a dropped connection looks like to it
            LOG.debug("{} -> connection closed without a response", action);
            request.getConnectionMetaData().getConnection().getEndPoint().close();
            callback.failed(new EofException("connection reset injected by the emulator"));
            return true;
        }
        write(response, answer, answeredAt, callback);
        LOG.debug("{} -> {}{} in {} ms", action, answer.statusCode(),
                answer.errorType().map(t -> " " + t).orElse(""), (System.nanoTime() - started) / 1_000_000);
        return true;
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
    private static Optional<ApiResponse> rejection(Request request, String target) {
        String path = request.getHttpURI().getPath();
        if (!request.getMethod().equals("POST") || !"/".equals(path)) {
            return Optional.of(ApiResponse.error(ErrorType.UNKNOWN_OPERATION,
                    "Only POST / is served, not " + request.getMethod() + " " + request.getHttpURI().getPathQuery()));
        }
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
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

    private void tell(ObservedRequest observed) {
        for (RequestObserver observer : observers) {
            try {
                observer.answered(observed);
            } catch (RuntimeException e) {
                // an observer measures; it must not change what the client is told
                LOG.warn("A request observer failed on {}; the answer is sent all the same", observed.action(), e);
            }
        }
    }

    private void write(Response response, ApiResponse answer, Instant answeredAt, Callback callback) {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        response.setStatus(answer.statusCode());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        response.getHeaders().put("x-amzn-RequestId", UUID.randomUUID().toString());
        // the time after any injected delay: the moment the answer leaves, as on a real server
        response.getHeaders().put(HttpHeader.DATE, HttpDates.format(answeredAt));
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
