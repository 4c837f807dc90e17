package io.github.sfnconnect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.MDC;

import io.github.sfnconnect.aws.StepFunctionsGateway;
import io.github.sfnconnect.model.ExecutionDetails;

/**
 * A task's {@code DescribeExecution} calls, a few at a time, so that their round trips overlap instead of adding up
 * (the gateway's rate limiter still spaces them). Callers get every outcome back, in order, and apply them on their
 * own thread: the trackers stay single-threaded.
 */
final class DescribePool implements AutoCloseable {

    /** Enough to hide a ~50 ms round trip at a few hundred calls per second; more only queues at the limiter. */
    static final int MAX_IN_FLIGHT = 8;

    /** One call's outcome: the details (empty if the execution no longer exists), or what the call threw. */
    record Outcome(Optional<ExecutionDetails> details, RuntimeException failure) {
    }

    private final int inFlight;
    private final ExecutorService executor;

    /**
     * @param describeRate the task's DescribeExecution rate limit, calls per second: no more calls are started at
     *                     once than the limiter lets through in about a second, so that a batch does not hold a
     *                     {@code poll()} much past its deadline
     */
    DescribePool(double describeRate, String threadNamePrefix) {
        this.inFlight = (int) Math.max(1, Math.min(MAX_IN_FLIGHT, Math.floor(describeRate)));
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, threadNamePrefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newFixedThreadPool(inFlight, threads);
    }

    /** How many describes a batch may hold. */
    int inFlight() {
        return inFlight;
    }

    /** Describes each execution (at most {@link #inFlight()}) concurrently; waits for all of them. */
    List<Outcome> describe(StepFunctionsGateway gateway, List<String> executionArns, boolean includeData)
            throws InterruptedException {
        // Connect's MDC (connector.context) names the connector and task in log lines: the pool's threads carry it
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        List<Callable<Optional<ExecutionDetails>>> calls = new ArrayList<>();
        for (String arn : executionArns) {
            calls.add(() -> {
                if (mdc != null) {
                    MDC.setContextMap(mdc);
                }
                try {
                    return gateway.describeExecution(arn, includeData);
                } finally {
                    MDC.clear();
                }
            });
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Optional<ExecutionDetails>> f : executor.invokeAll(calls)) { // interrupted: cancels them all
            try {
                outcomes.add(new Outcome(f.get(), null));
            } catch (ExecutionException e) {
                outcomes.add(new Outcome(null, failure(e.getCause())));
            }
        }
        return outcomes;
    }

    private static RuntimeException failure(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        // only the rate limiter's wait throws a checked exception: interrupted, as the task stops
        return new RetriableException("DescribeExecution was interrupted; will retry at the next poll", cause);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
