package io.github.sfnconnect.tracking;

import java.util.ArrayList;
import java.util.List;

/**
 * Start-date ranges whose closed executions were all recorded: a listed execution in a range that is closed, has
 * no stored offset and was not redriven recently needs no record (it was emitted, and its offset deleted or never
 * written). Ranges are open at both ends; the first may reach down to {@link Long#MIN_VALUE}. Immutable.
 * <p>
 * Ranges only grow, and only over start dates the listing covered and whose executions are all resolved; an
 * execution still awaiting its describe or its acknowledgement stays outside them (see {@link ExecutionTracker}).
 */
public final class Claims {

    /**
     * Beyond this many ranges (each gap waits for an execution Kafka has not acknowledged yet), the shortest is given
     * up: its executions may then be emitted again after a restart, never lost.
     */
    static final int MAX_RANGES = 32;
    public static final Claims NONE = new Claims(List.of());

    /**
     * An open interval of start dates, (low, high), whose executions were recorded after every redrive made
     * before {@code redriveBefore}.
     */
    public record Range(long low, long high, long redriveBefore) {
        boolean contains(long ms) {
            return ms > low && ms < high;
        }
    }

    private final List<Range> ranges;

    private Claims(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** Everything started before {@code belowMs} (exclusive). */
    public static Claims below(long belowMs) {
        return belowMs == Long.MIN_VALUE ? NONE
                : new Claims(List.of(new Range(Long.MIN_VALUE, belowMs, Long.MIN_VALUE)));
    }

    public List<Range> ranges() {
        return ranges;
    }

    public boolean covers(long startMs) {
        return rangeOf(startMs) != null;
    }

    /**
     * Whether a closed execution without a stored offset was recorded in this state: it started inside a range,
     * and it was not redriven since that range (or the state machine's redrive mark) was settled.
     */
    public boolean settles(long startMs, int redriveCount, Long redriveDateMs, long redriveSettledBelowMs) {
        Range r = rangeOf(startMs);
        if (r == null) {
            return false;
        }
        return redriveSettled(redriveCount, redriveDateMs, Math.max(r.redriveBefore(), redriveSettledBelowMs));
    }

    /** Never redriven, or last redriven before {@code settledBelowMs}, when every redrive made was recorded. */
    static boolean redriveSettled(int redriveCount, Long redriveDateMs, long settledBelowMs) {
        return redriveCount == 0 || redriveDateMs != null && redriveDateMs < settledBelowMs;
    }

    private Range rangeOf(long startMs) {
        for (Range r : ranges) {
            if (r.contains(startMs)) {
                return r;
            }
        }
        return null;
    }

    /** The end of the range that reaches down to the oldest start dates, or MIN_VALUE if there is none. */
    public long coveredBelowMs() {
        return !ranges.isEmpty() && ranges.get(0).low() == Long.MIN_VALUE ? ranges.get(0).high() : Long.MIN_VALUE;
    }

    /** These claims and the open interval (low, high), merged where they touch (keeping the older redrive bound). */
    public Claims plus(long low, long high, long redriveBefore) {
        if (high == Long.MIN_VALUE || low >= high - 1) {
            return this; // holds no millisecond
        }
        List<Range> all = new ArrayList<>(ranges);
        all.add(new Range(low, high, redriveBefore));
        all.sort((a, b) -> Long.compare(a.low(), b.low()));
        List<Range> merged = new ArrayList<>();
        for (Range r : all) {
            Range last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            // (a, b) and (c, d) with c < b leave no gap; with c == b the millisecond b itself stays out
            if (last != null && r.low() < last.high()) {
                merged.set(merged.size() - 1, new Range(last.low(), Math.max(last.high(), r.high()),
                        Math.min(last.redriveBefore(), r.redriveBefore())));
            } else {
                merged.add(r);
            }
        }
        while (merged.size() > MAX_RANGES) {
            // give up the shortest range above the lowest: its executions may be emitted again, never lost
            int shortest = 1;
            for (int i = 2; i < merged.size(); i++) {
                Range r = merged.get(i);
                if (r.high() - r.low() < merged.get(shortest).high() - merged.get(shortest).low()) {
                    shortest = i;
                }
            }
            merged.remove(shortest);
        }
        return new Claims(merged);
    }

    /** "low:high:redriveBefore,..." with MIN_VALUE written as empty. */
    String encode() {
        StringBuilder out = new StringBuilder();
        for (Range r : ranges) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(text(r.low())).append(':').append(r.high()).append(':').append(text(r.redriveBefore()));
        }
        return out.toString();
    }

    private static String text(long ms) {
        return ms == Long.MIN_VALUE ? "" : Long.toString(ms);
    }

    private static long parse(String text) {
        return text.isEmpty() ? Long.MIN_VALUE : Long.parseLong(text);
    }

    static Claims decode(String text, Object partition) {
        if (text == null || text.isEmpty()) {
            return NONE;
        }
        List<Range> parsed = new ArrayList<>();
        try {
            for (String part : text.split(",")) {
                String[] fields = part.split(":", -1);
                parsed.add(new Range(parse(fields[0]), Long.parseLong(fields[1]), parse(fields[2])));
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Source offset for source partition " + partition
                    + " has invalid claims '" + text + "'; expected low:high:redriveBefore ranges separated by commas",
                    e);
        }
        Claims claims = NONE;
        for (Range r : parsed) {
            claims = claims.plus(r.low(), r.high(), r.redriveBefore());
        }
        return claims;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Claims c && c.ranges.equals(ranges);
    }

    @Override
    public int hashCode() {
        return ranges.hashCode();
    }

    @Override
    public String toString() {
        return "Claims" + ranges;
    }
}
