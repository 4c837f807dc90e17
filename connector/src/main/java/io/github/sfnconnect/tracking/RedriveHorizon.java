package io.github.sfnconnect.tracking;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far back the redriven listing must reach: per day of start date, until when an execution started that day may
 * still be redriven. Step Functions redrives a FAILED, TIMED_OUT or ABORTED execution up to 14 days after it
 * stopped, however long ago it started; one more day of margin covers a late stop date. Immutable.
 * <p>
 * An entry lasts until a redriven listing that began after its end has completed ({@link #expire}), not merely until
 * its end passes: a redrive made just before the end, while the connector was down or its cycles failed, is still
 * listed once it runs again.
 */
public final class RedriveHorizon {

    public static final long REDRIVE_PERIOD_MS = Duration.ofDays(15).toMillis();
    private static final long DAY_MS = Duration.ofDays(1).toMillis();
    public static final RedriveHorizon NONE = new RedriveHorizon(new TreeMap<>());

    /** Start day (epoch day) to the latest time an execution started that day may be redriven. */
    private final TreeMap<Long, Long> untilByDay;

    private RedriveHorizon(TreeMap<Long, Long> untilByDay) {
        this.untilByDay = untilByDay;
    }

    /** With an execution that started at {@code startMs} redrivable until {@code untilMs}. */
    public RedriveHorizon with(long startMs, long untilMs) {
        long day = Math.floorDiv(startMs, DAY_MS);
        Long current = untilByDay.get(day);
        if (current != null && current >= untilMs) {
            return this;
        }
        TreeMap<Long, Long> next = new TreeMap<>(untilByDay);
        next.put(day, untilMs);
        return new RedriveHorizon(next);
    }

    /** With an execution that stopped unsuccessfully at {@code stopMs} (null: now, as far as anyone knows). */
    public RedriveHorizon withStopped(long startMs, Long stopMs, long nowMs) {
        return with(startMs, (stopMs == null ? nowMs : Math.max(stopMs, startMs)) + REDRIVE_PERIOD_MS);
    }

    /** Without the days whose executions could no longer be redriven after {@code checkedMs}. */
    public RedriveHorizon expire(long checkedMs) {
        if (untilByDay.values().stream().allMatch(u -> u >= checkedMs)) {
            return this;
        }
        TreeMap<Long, Long> next = new TreeMap<>(untilByDay);
        next.values().removeIf(u -> u < checkedMs);
        return new RedriveHorizon(next);
    }

    /**
     * The oldest start date the redriven listing must reach for executions started before {@code beforeMs}, or
     * MAX_VALUE if none of those may have been redriven since {@code checkedMs}.
     */
    public long oldestStartMs(long beforeMs, long checkedMs) {
        for (Map.Entry<Long, Long> e : untilByDay.entrySet()) {
            long dayStart = e.getKey() * DAY_MS;
            if (dayStart >= beforeMs) {
                break;
            }
            if (e.getValue() >= checkedMs) {
                return dayStart;
            }
        }
        return Long.MAX_VALUE;
    }

    /** Whether executions started at {@code startMs} are listed as redriven until at least {@code untilMs}. */
    public boolean reaches(long startMs, long untilMs) {
        Long until = untilByDay.get(Math.floorDiv(startMs, DAY_MS));
        return until != null && until >= untilMs;
    }

    public boolean isEmpty() {
        return untilByDay.isEmpty();
    }

    public int days() {
        return untilByDay.size();
    }

    /** "epochDay:untilMs,..." */
    String encode() {
        StringBuilder out = new StringBuilder();
        untilByDay.forEach((day, until) -> {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(day).append(':').append(until);
        });
        return out.toString();
    }

    static RedriveHorizon decode(String text, Object partition) {
        if (text == null || text.isEmpty()) {
            return NONE;
        }
        TreeMap<Long, Long> parsed = new TreeMap<>();
        try {
            for (String part : text.split(",")) {
                int colon = part.indexOf(':');
                parsed.merge(Long.parseLong(part.substring(0, colon)), Long.parseLong(part.substring(colon + 1)),
                        Math::max);
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Source offset for source partition " + partition
                    + " has an invalid redrive horizon '" + text + "'; expected epochDay:untilMs pairs", e);
        }
        return new RedriveHorizon(parsed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RedriveHorizon h && h.untilByDay.equals(untilByDay);
    }

    @Override
    public int hashCode() {
        return untilByDay.hashCode();
    }

    @Override
    public String toString() {
        return "RedriveHorizon" + untilByDay;
    }
}
