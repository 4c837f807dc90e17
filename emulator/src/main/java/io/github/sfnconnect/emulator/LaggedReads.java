package io.github.sfnconnect.emulator;

import java.time.Duration;
import java.time.Instant;

/** The {@link ReadLag} that the fault switches set: list and describe lags, and late-appearing executions. */
final class LaggedReads implements ReadLag {
    private final Faults faults;

    LaggedReads(Faults faults) {
        this.faults = faults;
    }

    @Override
    public Duration listLag(ListVariant variant) {
        return faults.currentListLag(variant);
    }

    @Override
    public Duration longestListLag() {
        return faults.longestListLag();
    }

    @Override
    public Duration describeLag() {
        return faults.currentDescribeLag();
    }

    @Override
    public void started(String executionArn, Instant startDate) {
        Faults.LateAppearance late = faults.currentLateAppearance();
        if (late != null && faults.dice().roll(Dice.Stream.LATE_APPEARANCE, late.probability())) {
            late.listedFrom().put(executionArn, startDate.plus(late.extraDelay()));
            faults.injected("LateAppearance", "ListExecutions");
        }
    }

    @Override
    public boolean hiddenFromList(String executionArn, Instant asOf) {
        Faults.LateAppearance late = faults.currentLateAppearance();
        if (late == null) {
            return false;
        }
        Instant listedFrom = late.listedFrom().get(executionArn);
        return listedFrom != null && listedFrom.isAfter(asOf);
    }

    @Override
    public void staleRead(String action) {
        faults.injected(action.equals("ListExecutions") ? "ListLag" : "DescribeLag", action);
    }

    /** Counted in total, as before variants existed, and per variant. */
    @Override
    public void staleList(ListVariant variant) {
        faults.injected("ListLag", "ListExecutions");
        faults.injected("ListLag." + variant.name(), "ListExecutions");
    }
}
