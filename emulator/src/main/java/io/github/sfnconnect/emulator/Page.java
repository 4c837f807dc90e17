package io.github.sfnconnect.emulator;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** One page of a listing, with the position of its last item when more items follow. */
record Page<T>(List<T> items, Optional<SortKey> continueAfter) {

    /**
     * The first {@code maxResults} items in list order as snapshots; continuing after the last one if more follow,
     * or, for an empty (short) page, from {@code startedAfter}, where the request started.
     */
    static <S, T> Page<T> first(List<S> ordered, int maxResults, Function<S, T> snapshot, Function<S, SortKey> key,
            SortKey startedAfter) {
        List<T> page = ordered.stream().limit(maxResults).map(snapshot).toList();
        Optional<SortKey> next = Optional.empty();
        if (ordered.size() > maxResults) {
            next = Optional.of(maxResults == 0 ? startedAfter : key.apply(ordered.get(maxResults - 1)));
        }
        return new Page<>(page, next);
    }
}
