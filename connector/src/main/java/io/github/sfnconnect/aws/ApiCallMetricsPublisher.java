package io.github.sfnconnect.aws;

import java.time.Duration;
import java.util.List;

import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * Turns the SDK's per-call metrics into {@link ApiCallListener} events. The SDK publishes them on the calling thread
 * once a call (with its retries) is over, which is the only place that sees every attempt and why it failed.
 */
final class ApiCallMetricsPublisher implements MetricPublisher {

    /** The value of {@link CoreMetric#ERROR_TYPE} for an attempt refused by throttling. */
    private static final String THROTTLING = "Throttling";
    private static final String ATTEMPT = "ApiCallAttempt";

    private final ApiCallListener listener;

    ApiCallMetricsPublisher(ApiCallListener listener) {
        this.listener = listener;
    }

    @Override
    public void publish(MetricCollection call) {
        String action = first(call.metricValues(CoreMetric.OPERATION_NAME), "unknown");
        long durationMs = first(call.metricValues(CoreMetric.API_CALL_DURATION), Duration.ZERO).toMillis();
        boolean succeeded = first(call.metricValues(CoreMetric.API_CALL_SUCCESSFUL), false);
        List<MetricCollection> attempts = call.children().stream().filter(c -> ATTEMPT.equals(c.name())).toList();
        int throttled = (int) attempts.stream()
                .filter(a -> a.metricValues(CoreMetric.ERROR_TYPE).contains(THROTTLING))
                .count();
        listener.callCompleted(action, durationMs, Math.max(1, attempts.size()), throttled, succeeded);
    }

    private static <T> T first(List<T> values, T fallback) {
        return values.isEmpty() ? fallback : values.get(0);
    }

    @Override
    public void close() {
    }
}
