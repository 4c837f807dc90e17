package io.github.sfnconnect.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.github.sfnconnect.tracking.ListingCycle.Region;

/** Claims in the making: listed start dates wait for their executions, then are claimed; meanwhile they hold the watermark. */
class PendingClaimsTest {

    private static final long WINDOW = 1_000;
    private final Unresolved unresolved = new Unresolved();
    private final PendingClaims pending = new PendingClaims(Claims.NONE, WINDOW);

    private void unresolvedAt(String arn, long startMs) {
        unresolved.add(arn, startMs, null, false, WINDOW);
    }

    @Test
    void resolvedRegionIsClaimedWholeAndHoldsNothing() {
        pending.listed(new Region(100, 500, 0));
        assertThat(pending.holdWatermark(10_000)).as("waiting: a restart must list it again").isEqualTo(100 + 1 + WINDOW);
        pending.claimResolved(null, unresolved);
        assertThat(pending.claims().covers(101)).isTrue();
        assertThat(pending.claims().covers(499)).isTrue();
        assertThat(pending.claims().covers(100)).as("open at both ends").isFalse();
        assertThat(pending.holdWatermark(10_000)).as("claimed: nothing waits").isEqualTo(10_000);
    }

    @Test
    void unresolvedExecutionsLeaveGapsJustAroundThemselves() {
        unresolvedAt("a", 300);
        pending.listed(new Region(100, 500, 0));
        pending.claimResolved(null, unresolved);
        assertThat(pending.claims().covers(350)).isTrue();
        assertThat(pending.claims().covers(250)).isTrue();
        assertThat(pending.claims().covers(300)).as("its own start date waits for it").isFalse();
        assertThat(pending.holdWatermark(10_000)).as("only its gap holds the watermark").isEqualTo(299 + 1 + WINDOW);

        unresolved.remove("a");
        pending.claimResolved(null, unresolved);
        assertThat(pending.claims().covers(300)).as("claimed once resolved").isTrue();
        assertThat(pending.holdWatermark(10_000)).isEqualTo(10_000);
    }

    @Test
    void beyondTheGapsAllowedTheRestOfTheRegionWaitsWhole() {
        for (int i = 0; i <= PendingClaims.MAX_GAPS; i++) {
            unresolvedAt("e" + i, 400 - 50L * i); // 400, 350, 300, 250, 200
        }
        pending.listed(new Region(100, 500, 0));
        pending.claimResolved(null, unresolved);
        assertThat(pending.claims().covers(450)).as("above the newest gap").isTrue();
        assertThat(pending.claims().covers(275)).as("between two gaps").isTrue();
        assertThat(pending.claims().covers(225)).as("below the last gap allowed (250): waits with the rest").isFalse();
        assertThat(pending.claims().covers(150)).isFalse();
        assertThat(pending.holdWatermark(10_000)).isEqualTo(100 + 1 + WINDOW);
    }

    @Test
    void theCurrentCyclesRegionIsClaimedButDoesNotWait() {
        unresolvedAt("a", 300);
        pending.claimResolved(new Region(100, 500, 0), unresolved);
        assertThat(pending.claims().covers(400)).isTrue();
        assertThat(pending.holdWatermark(10_000)).as("the cycle adds its region when it finishes").isEqualTo(10_000);
    }

    @Test
    void tooManyWaitingRegionsMergeOldestFirst() {
        unresolvedAt("stuck", 50);
        pending.listed(new Region(0, 100, 0));
        for (int i = 1; i <= PendingClaims.MAX_REGIONS; i++) {
            pending.listed(new Region(1_000L * i, 1_000L * i + 100, 0));
        }
        pending.claimResolved(null, unresolved);
        assertThat(pending.claims().covers(1_050)).as("merged with the oldest, whose execution is resolved but for one")
                .isTrue();
        assertThat(pending.claims().covers(500)).as("the merged region spans the gap between the two").isTrue();
        assertThat(pending.claims().covers(50)).isFalse();
        assertThat(pending.claims().covers(16_050)).as("the newest region is claimed on its own").isTrue();
    }
}
