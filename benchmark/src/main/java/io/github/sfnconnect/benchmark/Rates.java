package io.github.sfnconnect.benchmark;

/** Throughput from the times records became readable. */
final class Rates {
    private Rates() {
    }

    /**
     * Records per second from the moment the subject ran (its tasks started) to the n-th record readable: the first
     * listing and the describes before the first batch count. (From the first record to the last would not: a task
     * returns up to two seconds of work at once, and a history that fits in one batch would show only how fast the
     * worker writes it.)
     */
    static double fromStart(TopicReader reader, int n, long runningSinceMs) {
        long last = reader.readTimeOf(n);
        return n < 1 || last <= runningSinceMs ? Double.NaN : n * 1000.0 / (last - runningSinceMs);
    }
}
