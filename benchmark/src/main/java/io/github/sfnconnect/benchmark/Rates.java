package io.github.sfnconnect.benchmark;

/** Throughput from the times records became readable. */
final class Rates {
    private Rates() {
    }

    /**
     * Records per second between the first and the n-th record readable: the streaming rate, without the start of
     * the worker task (reported apart) and without the first listing, which happens before the first record.
     */
    static double firstToLast(TopicReader reader, int n) {
        long first = reader.readTimeOf(1);
        long last = reader.readTimeOf(n);
        return n < 2 || last <= first ? Double.NaN : (n - 1) * 1000.0 / (last - first);
    }
}
