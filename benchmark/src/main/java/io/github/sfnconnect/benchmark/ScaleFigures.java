package io.github.sfnconnect.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.sfnconnect.benchmark.ListLog.Call;

/**
 * The scale run's list figures, from one side's {@link ListLog}: how long each state machine went unlisted, how
 * many calls found nothing new, and the peak and mean call rate. Times are the emulator's, on the wall clock; the
 * caller converts them to real-world units.
 */
final class ScaleFigures {

    private ScaleFigures() {
    }

    /**
     * For each of {@code machines}, the longest time it went without a list call that ended after {@code fromMs}:
     * the gaps between its calls received up to {@code toMs}, counted from {@code startMs} at the earliest (a call
     * before it counts as made then), and the gap still open at {@code toMs}. A state machine listed at
     * {@code fromMs - 1} and then never again is unlisted for {@code toMs - fromMs + 1}.
     */
    static Map<Integer, Long> longestUnlisted(List<Call> calls, Collection<Integer> machines, long startMs,
                                              long fromMs, long toMs) {
        Map<Integer, List<Long>> times = new HashMap<>();
        for (Call c : calls) {
            if (c.receivedMs() <= toMs) {
                times.computeIfAbsent(c.machine(), m -> new ArrayList<>()).add(c.receivedMs());
            }
        }
        Map<Integer, Long> longest = new HashMap<>();
        for (int machine : machines) {
            long[] t = times.getOrDefault(machine, List.of()).stream().mapToLong(Long::longValue).sorted().toArray();
            long previous = startMs;
            long max = 0;
            for (long at : t) {
                if (at > fromMs) {
                    max = Math.max(max, at - previous);
                }
                previous = Math.max(previous, at);
            }
            longest.put(machine, Math.max(max, toMs - previous));
        }
        return longest;
    }

    /** Every gap between consecutive calls of each of {@code machines} that ends within {@code fromMs}..{@code toMs}. */
    static List<Long> gaps(List<Call> calls, Collection<Integer> machines, long fromMs, long toMs) {
        Map<Integer, List<Long>> times = new HashMap<>();
        for (Call c : calls) {
            if (c.receivedMs() < toMs && machines.contains(c.machine())) {
                times.computeIfAbsent(c.machine(), m -> new ArrayList<>()).add(c.receivedMs());
            }
        }
        List<Long> gaps = new ArrayList<>();
        for (List<Long> t : times.values()) {
            long[] sorted = t.stream().mapToLong(Long::longValue).sorted().toArray();
            for (int i = 1; i < sorted.length; i++) {
                if (sorted[i] >= fromMs) {
                    gaps.add(sorted[i] - sorted[i - 1]);
                }
            }
        }
        return gaps;
    }

    /** The most calls received within any {@code windowMs} (a half-open window) from {@code fromMs} to {@code toMs}. */
    static int peakCalls(List<Call> calls, long fromMs, long toMs, long windowMs) {
        long[] t = received(calls, fromMs, toMs);
        int peak = 0;
        int end = 0;
        for (int start = 0; start < t.length; start++) {
            while (end < t.length && t[end] < t[start] + windowMs) {
                end++;
            }
            peak = Math.max(peak, end - start);
        }
        return peak;
    }

    /** Calls received from {@code fromMs} (inclusive) to {@code toMs} (exclusive). */
    static int count(List<Call> calls, long fromMs, long toMs) {
        return received(calls, fromMs, toMs).length;
    }

    /**
     * Calls received from {@code fromMs} to {@code toMs} whose answer held no execution new or changed since the
     * state machine's previous answer; a failed call (throttled, say) found nothing either.
     */
    static int withoutChange(List<Call> calls, long fromMs, long toMs) {
        return (int) calls.stream().filter(c -> c.receivedMs() >= fromMs && c.receivedMs() < toMs)
                .filter(c -> !c.changed()).count();
    }

    private static long[] received(List<Call> calls, long fromMs, long toMs) {
        long[] t = calls.stream().mapToLong(Call::receivedMs).filter(ms -> ms >= fromMs && ms < toMs).toArray();
        Arrays.sort(t);
        return t;
    }
}
