package io.github.sfnconnect.aws;

/** Told about each Step Functions call, in the connector's terms, so that metrics need no SDK types. */
public interface ApiCallListener {

    ApiCallListener NONE = new ApiCallListener() {
        @Override
        public void callCompleted(String action, long durationMs, int attempts, int throttledAttempts,
                                  boolean succeeded) {
        }

        @Override
        public void rateLimited(String action, long waitedNanos) {
        }
    };

    /**
     * A call finished, after all its attempts.
     *
     * @param action            the API action, e.g. {@code DescribeExecution}
     * @param attempts          HTTP requests sent for it (1 + retries)
     * @param throttledAttempts attempts refused with a throttling error
     */
    void callCompleted(String action, long durationMs, int attempts, int throttledAttempts, boolean succeeded);

    /** A call waited for the connector's own rate limit before it was sent. */
    void rateLimited(String action, long waitedNanos);

    /** A response (success or error) carried this {@code Date} header: the service's clock. */
    default void serviceDate(long epochMs) {
    }
}
