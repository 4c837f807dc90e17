package io.github.sfnconnect.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A value's current version and the versions it replaced, each with the time it took effect, for reads as of
 * an earlier time. Not thread-safe: the owner guards it.
 */
final class Versions<T> {
    private record Version<T>(Instant since, T value) {
    }

    private Version<T> current;
    /** Oldest first; null while no replaced version is kept, which is the usual case. */
    private List<Version<T>> older;

    Versions(Instant since, T value) {
        this.current = new Version<>(since, value);
    }

    T current() {
        return current.value();
    }

    /**
     * The version in effect at {@code at}: the latest one that took effect at or before it. When every kept
     * version is later, because older ones were pruned, the oldest kept one stands in.
     */
    T asOf(Instant at) {
        if (!current.since().isAfter(at)) {
            return current.value();
        }
        if (older == null) {
            return current.value();
        }
        for (int i = older.size() - 1; i >= 0; i--) {
            if (!older.get(i).since().isAfter(at)) {
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
            older.add(current);
        }
        current = new Version<>(since, value);
        prune(keepFrom);
    }

    /** A replaced version can be read only as of times before its successor took effect. */
    void prune(Instant keepFrom) {
        if (older == null) {
            return;
        }
        int drop = 0;
        while (drop < older.size() && !successorSince(drop).isAfter(keepFrom)) {
            drop++;
        }
        if (drop == older.size()) {
            older = null;
        } else if (drop > 0) {
            older.subList(0, drop).clear();
        }
    }

    private Instant successorSince(int index) {
        return index + 1 < older.size() ? older.get(index + 1).since() : current.since();
    }
}
