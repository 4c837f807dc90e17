package io.github.sfnconnect.emulator;

import java.util.Comparator;

/** A list position: a start (or creation) time in epoch millis, with the creation sequence breaking ties. */
record SortKey(long millis, long sequence) {
    /** ListExecutions order: most recent first, and of equal times the later-created first. */
    static final Comparator<SortKey> NEWEST_FIRST =
            Comparator.comparingLong(SortKey::millis).thenComparingLong(SortKey::sequence).reversed();

    /** A position ahead of everything in newest-first order (executions, Map Runs): continuing after it lists all. */
    static final SortKey BEFORE_NEWEST = new SortKey(Long.MAX_VALUE, Long.MAX_VALUE);
}
