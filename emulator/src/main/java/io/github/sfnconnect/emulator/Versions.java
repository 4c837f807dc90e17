package io.github.sfnconnect.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A value's current version and the versions it replaced, each with the time it took effect, for reads as of
 * an earlier time. Not thread-safe: the owner guards it.
 *
 * <p>One of these lives in every execution, and the emulator is meant to hold a million of them: the current
 * version is kept inline (value and epoch millis, no wrapper objects), and the list of replaced ones exists only
 * while a read lag can still ask for them.
 */
final class Versions<T> {
    private record Version<T>(long sinceMillis, T value) {
    }

    private T current;
    private long currentSince;
    /** Oldest first; null while no replaced version is kept, which is the usual case. */
    private List<Version<T>> older;

    Versions(Instant since, T value) {
        this.current = value;
        this.currentSince = since.toEpochMilli();
    }

    T current() {
        return current;
    }

    /**
     * The version in effect at {@code at}: the latest one that took effect at or before it. When every kept
     * version is later, because older ones were pruned, the oldest kept one stands in.
     */
    T asOf(Instant at) {
        long atMillis = at.toEpochMilli();
        if (currentSince <= atMillis || older == null) {
            return current;
        }
        for (int i = older.size() - 1; i >= 0; i--) {
            if (older.get(i).sinceMillis() <= atMillis) {
                return older.get(i).value();
            }
        }
        return older.get(0).value();
    }

    /** Makes {@code value} current from {@code since}; versions nobody can read at or after {@code keepFrom} go. */
    void set(Instant since, T value, Instant keepFrom) {
        if (since.isAfter(keepFrom)) {
            if (older == null) {
                older = new ArrayList<>(2);
            }
            older.add(new Version<>(currentSince, current));
        }
        current = value;
        currentSince = since.toEpochMilli();
        prune(keepFrom);
    }

    /** A replaced version can be read only as of times before its successor took effect. */
    void prune(Instant keepFrom) {
        if (older == null) {
            return;
        }
        long keepFromMillis = keepFrom.toEpochMilli();
        int drop = 0;
        while (drop < older.size() && successorSince(drop) <= keepFromMillis) {
            drop++;
        }
        if (drop == older.size()) {
            older = null;
        } else if (drop > 0) {
            older.subList(0, drop).clear();
        }
    }

    private long successorSince(int index) {
        return index + 1 < older.size() ? older.get(index + 1).sinceMillis() : currentSince;
    }
}
