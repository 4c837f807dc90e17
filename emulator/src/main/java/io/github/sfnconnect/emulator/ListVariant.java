package io.github.sfnconnect.emulator;

/**
 * The ListExecutions requests that may be answered from differently lagging indexes: the unfiltered list, the list
 * by {@code statusFilter} and the list by {@code redriveFilter}. A request with both filters is a
 * {@link #STATUS_FILTER} one. The API reference only says ListExecutions is eventually consistent; how AWS indexes
 * it is not documented, so the variants lag independently to let a client prove it assumes nothing about them.
 */
public enum ListVariant {
    UNFILTERED,
    STATUS_FILTER,
    REDRIVE_FILTER;

    static ListVariant of(boolean statusFilter, boolean redriveFilter) {
        return statusFilter ? STATUS_FILTER : redriveFilter ? REDRIVE_FILTER : UNFILTERED;
    }
}
