package io.github.sfnconnect.emulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts events per name (requests per action, injected faults per kind and action), thread-safely. */
final class CallCounter {
    private final ConcurrentMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    void record(String action) {
        counts.computeIfAbsent(action, a -> new LongAdder()).increment();
    }

    long count(String action) {
        LongAdder adder = counts.get(action);
        return adder == null ? 0 : adder.sum();
    }

    Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((action, adder) -> copy.put(action, adder.sum()));
        return Map.copyOf(copy);
    }

    void reset() {
        counts.clear();
    }
}
