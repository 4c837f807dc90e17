package io.github.sfnconnect.emulator;

/**
 * The short-page fault of {@link Faults#shortPages(double)}: the {@code maxResults} of ListExecutions, ListMapRuns
 * and ListStateMachines "is only an upper limit. The actual number of results returned per call might be fewer than
 * the specified maximum" (API reference), so a page may be cut to any size below it, none included, while its
 * nextToken still leads to the rest.
 */
final class ShortPages {
    private final Faults faults;

    ShortPages(Faults faults) {
        this.faults = faults;
    }

    /** The number of items this page may hold: {@code maxResults}, or fewer when the fault fires. */
    int limit(String action, int maxResults) {
        if (!faults.dice().roll(Dice.Stream.SHORT_PAGES, faults.shortPagesProbability())) {
            return maxResults;
        }
        faults.injected("ShortPage", action);
        return (int) faults.dice().uniform(Dice.Stream.SHORT_PAGES, maxResults);
    }
}
