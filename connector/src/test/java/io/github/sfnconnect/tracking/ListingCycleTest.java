package io.github.sfnconnect.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.sfnconnect.model.ExecutionPage;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.ExecutionSummary;
import io.github.sfnconnect.tracking.ExecutionTracker.ListRequest;
import io.github.sfnconnect.tracking.ListingCycle.Phase;
import io.github.sfnconnect.tracking.ListingCycle.Region;

/** A poll cycle's listing: its phases and requests, and what the window phase covered. */
class ListingCycleTest {

    private static final String SM = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";
    private static final long WINDOW = 1_000;

    private static ExecutionSummary startedAt(long startMs) {
        return new ExecutionSummary(SM.replace("stateMachine", "execution") + ":e" + startMs, SM, "e" + startMs,
                ExecutionStatus.SUCCEEDED, startMs, startMs + 1, 0, null, null, null);
    }

    private static ExecutionSummary startedAt(long startMs, String arn) {
        return new ExecutionSummary(arn, SM, arn, ExecutionStatus.RUNNING, startMs, null, 0, null, null, null);
    }

    private static ExecutionSummary redriven(long startMs, long redriveMs) {
        return new ExecutionSummary(SM.replace("stateMachine", "execution") + ":r" + startMs, SM, "r" + startMs,
                ExecutionStatus.SUCCEEDED, startMs, redriveMs + 1, 1, redriveMs, null, null);
    }

    private static ExecutionPage page(String nextToken, ExecutionSummary... executions) {
        return new ExecutionPage(List.of(executions), nextToken);
    }

    private static List<Long> starts(ListingCycle.Selection selection) {
        return selection.executions().stream().map(ExecutionSummary::startDateMs).toList();
    }

    @Test
    void windowPhaseClassifiesDownToItsFloorAndEndsThere() {
        ListingCycle cycle = new ListingCycle();
        cycle.start(9_000, 10_000, 50_000);
        ListingCycle.Selection first = cycle.select(page("w2", startedAt(30_000), startedAt(20_000)), 0);
        assertThat(starts(first)).containsExactly(30_000L, 20_000L);
        assertThat(first.lastPage()).as("more pages").isFalse();
        ListingCycle.Selection second = cycle.select(page("w3", startedAt(9_000), startedAt(8_999), startedAt(5)), 0);
        assertThat(starts(second)).as("down to the floor, inclusive").containsExactly(9_000L);
        assertThat(second.lastPage()).as("newest first: nothing below the floor can follow").isTrue();
        assertThat(cycle.select(page(null), 0).lastPage()).as("no token").isTrue();
    }

    @Test
    void aShallowWindowClassifiesTheRestOfItsLastPageDownToTheBoundAndReadsNoFurtherPage() {
        ListingCycle cycle = new ListingCycle();
        cycle.start(9_000, 4_000, 10_000, 50_000); // depth 1 s under the floor, bound 6 s
        ListingCycle.Selection page = cycle.select(page("w2", startedAt(30_000), startedAt(9_000), startedAt(8_000),
                startedAt(4_000), startedAt(3_999)), 0);
        assertThat(starts(page)).as("below the depth but on the page: classified down to the bound's floor")
                .containsExactly(30_000L, 9_000L, 8_000L, 4_000L);
        assertThat(page.lastPage()).as("the depth is reached: no further page").isTrue();
        cycle.read(page("w2", startedAt(30_000), startedAt(9_000), startedAt(8_000)));
        assertThat(cycle.startFloorMs()).isEqualTo(10_000);
        assertThat(cycle.topMs()).isEqualTo(30_000);
        assertThat(cycle.listedDownToMs()).as("what the window covered, not the extra part").isEqualTo(9_000);
    }

    @Test
    void pendingRedrivePhaseListsEveryWaitingChildBehindTheWindowAndCountsThemAsListedOpen() {
        ListingCycle cycle = new ListingCycle();
        cycle.start(9_000, 10_000, 50_000);
        cycle.beginPendingRedrive();
        assertThat(cycle.nextRequest("mapRun").statusFilter()).isEqualTo(ExecutionStatus.PENDING_REDRIVE);
        ExecutionPage waiting = page("p2", startedAt(9_500, "new"), startedAt(5_000, "old"), startedAt(1, "oldest"));
        ListingCycle.Selection selected = cycle.select(waiting, 0);
        assertThat(starts(selected)).as("the window phase classified the newer one").containsExactly(5_000L, 1L);
        assertThat(selected.lastPage()).as("no start date ends this list early").isFalse();
        cycle.read(waiting);
        assertThat(cycle.wasListedRunning("old")).as("open, so not closed by its absence from the RUNNING list")
                .isTrue();
    }

    @Test
    void openPhaseClassifiesOnlyWhatTheWindowDidNotAndEndsAtItsCutoff() {
        ListingCycle cycle = new ListingCycle();
        cycle.start(9_000, 10_000, 50_000);
        cycle.beginOpen(3_000);
        ListingCycle.Selection selection = cycle.select(
                page("o2", startedAt(20_000), startedAt(8_000), startedAt(3_000), startedAt(2_999)), 0);
        assertThat(starts(selection)).containsExactly(8_000L, 3_000L);
        assertThat(selection.lastPage()).isTrue();
    }

    @Test
    void redrivenPhaseEndsOnlyWhereNeitherStartNorRedriveDateCanHoldMore() {
        ListingCycle cycle = new ListingCycle();
        cycle.start(9_000, 10_000, 50_000);
        cycle.beginRedriven(2_000);
        long settled = 40_000;
        ListingCycle.Selection selection = cycle.select(page("r2",
                redriven(20_000, 45_000), // inside the window: the window phase saw it
                redriven(5_000, 44_000),
                redriven(1_000, 41_000), // older than the horizon but redriven after the mark: the list may be
                                         // ordered by redrive date, so more can follow; not classified
                redriven(4_000, 30_000),
                redriven(1_500, 39_000)), settled);
        assertThat(starts(selection)).containsExactly(5_000L, 4_000L);
        assertThat(selection.lastPage()).as("old start and redrive before the mark ends it").isTrue();
    }

    @Test
    void selectingChangesNothingSoThatAFailedPageIsReadAgain() {
        ListingCycle cycle = new ListingCycle();
        cycle.start(9_000, 10_000, 50_000);
        cycle.select(page(null, startedAt(30_000)), 0);
        assertThat(cycle.hasTop()).isFalse();
        assertThat(cycle.listedDownToMs()).isEqualTo(Long.MAX_VALUE);
        cycle.read(page(null, startedAt(30_000), startedAt(8_000)));
        assertThat(cycle.topMs()).isEqualTo(30_000);
        assertThat(cycle.listedDownToMs()).as("only what lies inside the window counts as listed").isEqualTo(30_000);
        cycle.done();
        assertThatThrownBy(() -> cycle.select(page(null), 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void noListingBeforeItStarts() {
        ListingCycle cycle = new ListingCycle();
        assertThat(cycle.phase()).isEqualTo(Phase.DONE);
        assertThat(cycle.isListing()).isFalse();
        assertThat(cycle.isActive()).isFalse();
        assertThatThrownBy(() -> cycle.nextRequest(SM)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(SM);
    }

    @Test
    void phasesAskForTheirOwnListEachFromTheFirstPage() {
        ListingCycle cycle = new ListingCycle();
        cycle.start(9_000, 10_000, 50_000);
        assertThat(cycle.nextRequest(SM)).isEqualTo(new ListRequest(null, false, null));
        cycle.nextToken("w2");
        assertThat(cycle.nextRequest(SM)).as("paged").isEqualTo(new ListRequest(null, false, "w2"));

        cycle.beginOpen(3_000);
        assertThat(cycle.phase()).isEqualTo(Phase.OPEN);
        assertThat(cycle.openCutoffMs()).isEqualTo(3_000);
        assertThat(cycle.nextRequest(SM)).as("running only, token reset")
                .isEqualTo(new ListRequest(ExecutionStatus.RUNNING, false, null));

        cycle.nextToken("o2");
        cycle.beginRedriven(2_000);
        assertThat(cycle.phase()).isEqualTo(Phase.REDRIVEN);
        assertThat(cycle.redriveFromMs()).isEqualTo(2_000);
        assertThat(cycle.nextRequest(SM)).as("redriven only, token reset").isEqualTo(new ListRequest(null, true, null));

        cycle.done();
        assertThat(cycle.isListing()).isFalse();
        assertThat(cycle.isActive()).as("active until its results are taken").isTrue();
        cycle.finish();
        assertThat(cycle.isActive()).isFalse();
    }

    @Test
    void windowPhaseTracksTheNewestStartAndHowFarDownItListed() {
        ListingCycle cycle = new ListingCycle();
        cycle.start(9_000, 10_000, 50_000);
        assertThat(cycle.hasTop()).isFalse();
        assertThat(cycle.topMs()).as("begins at the floor").isEqualTo(10_000);
        assertThat(cycle.listedDownToMs()).as("nothing listed yet").isEqualTo(Long.MAX_VALUE);

        cycle.read(page(null, startedAt(30_000), startedAt(20_000)));
        assertThat(cycle.hasTop()).isTrue();
        assertThat(cycle.topMs()).isEqualTo(30_000);
        assertThat(cycle.listedDownToMs()).isEqualTo(20_000);
        cycle.read(page(null, startedAt(15_000), startedAt(12_000)));
        assertThat(cycle.topMs()).isEqualTo(30_000);
        assertThat(cycle.listedDownToMs()).isEqualTo(12_000);

        cycle.beginOpen(1_000);
        assertThat(cycle.listedDownToMs()).as("the window phase ended: all down to its floor was listed")
                .isEqualTo(8_999);
    }

    @Test
    void emptyWindowKeepsTheFloorAsTop() {
        ListingCycle cycle = new ListingCycle();
        cycle.start(9_000, 10_000, 50_000);
        cycle.read(page(null));
        assertThat(cycle.hasTop()).as("a page was read").isTrue();
        assertThat(cycle.topMs()).isEqualTo(10_000);
        cycle.done();
        assertThat(cycle.listedDownToMs()).isEqualTo(8_999);
    }

    @Test
    void listedRegionLiesBelowTheWindowWithTheCycleStartAsRedriveBound() {
        ListingCycle cycle = new ListingCycle();
        cycle.start(9_000, 10_000, 50_000);
        cycle.read(page(null, startedAt(30_000), startedAt(20_000)));
        assertThat(cycle.listedRegion(WINDOW)).isEqualTo(new Region(20_000, 29_000, 49_000));
        cycle.done();
        assertThat(cycle.listedRegion(WINDOW)).isEqualTo(new Region(8_999, 29_000, 49_000));

        assertThat(new Region(10, 20, 5).union(new Region(30, 40, 3))).as("spans both, older redrive bound")
                .isEqualTo(new Region(10, 40, 3));
    }

    @Test
    void runningListedInTheOpenPhaseIsForgottenByTheNextPhaseAndTheNextCycle() {
        ListingCycle cycle = new ListingCycle();
        cycle.start(9_000, 10_000, 50_000);
        cycle.beginOpen(1_000);
        cycle.read(page(null, startedAt(5_000, "a")));
        assertThat(cycle.wasListedRunning("a")).isTrue();
        assertThat(cycle.wasListedRunning("b")).isFalse();
        cycle.beginRedriven(500);
        assertThat(cycle.wasListedRunning("a")).isFalse();

        cycle.start(9_500, 10_500, 60_000);
        assertThat(cycle.redriveFromMs()).as("reset by a new cycle").isEqualTo(Long.MAX_VALUE);
        assertThat(cycle.phase()).isEqualTo(Phase.WINDOW);
        assertThat(cycle.startedAtMs()).isEqualTo(60_000);
        assertThat(cycle.windowFloorMs()).isEqualTo(9_500);
        cycle.beginOpen(1_000);
        cycle.read(page(null, startedAt(5_000, "a")));
        cycle.start(9_500, 10_500, 61_000); // restarted from the top mid-listing
        assertThat(cycle.wasListedRunning("a")).isFalse();
    }
}
