package io.github.sfnconnect.benchmark;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs phases one after the other (each measured on a machine the others leave alone: throughput, CPU, latency) or
 * side by side (phases that count calls or are held to a rate limit, and the smoke run, where only wall time
 * matters).
 */
final class Phases implements AutoCloseable {

    /** A phase: anything that measures and returns its outcome. */
    @FunctionalInterface
    interface Phase<T> {
        T run() throws Exception;
    }

    private final ExecutorService pool;

    Phases(boolean parallel) {
        this.pool = parallel ? Executors.newCachedThreadPool() : null;
    }

    /** Runs the phase now, failing as it fails (one after the other), or starts it (side by side). */
    <T> Future<T> start(Phase<T> phase) throws Exception {
        if (pool != null) {
            return pool.submit(phase::run);
        }
        return CompletableFuture.completedFuture(phase.run());
    }

    /** The phase's outcome, or its failure as thrown. */
    static <T> T get(Future<T> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
