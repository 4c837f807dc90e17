package io.github.sfnconnect.benchmark;

/** A system that streams an account's executions into a Kafka topic: the connector or the naive baseline. */
interface Subject extends AutoCloseable {

    /** "connector" or "baseline": the side of the figures it supplies. */
    String side();

    String topic();

    /** Starts streaming; returns once it runs. */
    void start() throws InterruptedException;

    /** Stops streaming gracefully (a restart's first half). */
    void stop() throws InterruptedException;

    /** Starts again after {@link #stop()}, keeping what a restarted deployment of it would keep. */
    void resume() throws InterruptedException;

    /** CPU time used so far by its own threads (polling, conversion, producing), in nanoseconds. */
    long cpuNanos();

    /** Tasks (or loops) that failed and stopped streaming. */
    int failures();

    /** Stops and releases it; an interrupt is passed on (the thread's flag is set again). */
    @Override
    void close();
}
