package io.github.sfnconnect.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.github.sfnconnect.tracking.Claims.Range;

/** Claimed start-date ranges: open intervals that merge where they leave no gap, and are bounded in number. */
class ClaimsTest {

    @Test
    void rangesAreOpenAtBothEnds() {
        Claims claims = Claims.NONE.plus(100, 200, 0);
        assertThat(claims.covers(100)).as("low end is excluded").isFalse();
        assertThat(claims.covers(101)).isTrue();
        assertThat(claims.covers(199)).isTrue();
        assertThat(claims.covers(200)).as("high end is excluded").isFalse();

        Claims below = Claims.below(50);
        assertThat(below.covers(Long.MIN_VALUE + 1)).isTrue();
        assertThat(below.covers(49)).isTrue();
        assertThat(below.covers(50)).as("below() is exclusive").isFalse();
        assertThat(below.coveredBelowMs()).isEqualTo(50);
        assertThat(Claims.below(Long.MIN_VALUE)).as("nothing is below MIN_VALUE").isEqualTo(Claims.NONE);
        assertThat(Claims.NONE.plus(100, 200, 0).coveredBelowMs())
                .as("a range that does not reach the oldest start dates covers nothing below")
                .isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void intervalHoldingNoMillisecondIsIgnored() {
        assertThat(Claims.NONE.plus(5, 6, 0)).as("(5, 6) holds no millisecond").isEqualTo(Claims.NONE);
        assertThat(Claims.NONE.plus(5, 5, 0)).isEqualTo(Claims.NONE);
        assertThat(Claims.NONE.plus(9, 3, 0)).isEqualTo(Claims.NONE);
        assertThat(Claims.NONE.plus(5, 7, 0).ranges()).as("(5, 7) holds 6").containsExactly(new Range(5, 7, 0));
    }

    @Test
    void rangesMergeWhenTheyLeaveNoGapKeepingTheOlderRedriveBound() {
        // (0, 10) holds 1..9 and (9, 20) holds 10..19: together 1..19, no gap
        Claims touching = Claims.NONE.plus(0, 10, 500).plus(9, 20, 300);
        assertThat(touching.ranges()).containsExactly(new Range(0, 20, 300));

        // (0, 10) and (10, 20) leave 10 itself out: they stay apart
        Claims gap = Claims.NONE.plus(0, 10, 500).plus(10, 20, 300);
        assertThat(gap.ranges()).containsExactly(new Range(0, 10, 500), new Range(10, 20, 300));
        assertThat(gap.covers(10)).isFalse();

        // a range filling the gap between two merges all three, added in any order
        Claims filled = Claims.NONE.plus(30, 40, 7).plus(0, 10, 9).plus(5, 35, 8);
        assertThat(filled.ranges()).containsExactly(new Range(0, 40, 7));

        // one inside another extends nothing but may lower the redrive bound
        assertThat(Claims.NONE.plus(0, 100, 50).plus(10, 20, 60).ranges()).containsExactly(new Range(0, 100, 50));
        assertThat(Claims.NONE.plus(0, 100, 50).plus(10, 20, 40).ranges()).containsExactly(new Range(0, 100, 40));
    }

    @Test
    void beyondMaxRangesTheShortestAboveTheLowestIsGivenUp() {
        // the lowest range is short on purpose: it is kept all the same
        Claims claims = Claims.NONE.plus(0, 2, 0);
        for (int i = 1; i < Claims.MAX_RANGES; i++) {
            claims = claims.plus(i * 1_000L, i * 1_000L + 500, 0); // 500 wide, with gaps between
        }
        assertThat(claims.ranges()).hasSize(Claims.MAX_RANGES);

        Claims more = claims.plus(100_000, 100_100, 0); // 100 wide: the shortest above the lowest
        assertThat(more.ranges()).as("the new, shortest range is given up").isEqualTo(claims.ranges());

        Claims wider = claims.plus(100_000, 101_000, 0); // 1000 wide: the first 500-wide one goes
        assertThat(wider.ranges()).hasSize(Claims.MAX_RANGES);
        assertThat(wider.ranges().get(0)).as("the lowest stays").isEqualTo(new Range(0, 2, 0));
        assertThat(wider.covers(1_200)).as("the first of the equally short ranges is dropped").isFalse();
        assertThat(wider.covers(2_200)).isTrue();
        assertThat(wider.covers(100_500)).isTrue();
    }

    @Test
    void settlesOnlyUnredrivenExecutionsOrThoseRedrivenBeforeTheBound() {
        Claims claims = Claims.NONE.plus(0, 100, 40);
        assertThat(claims.settles(50, 0, null, 0)).as("never redriven, inside").isTrue();
        assertThat(claims.settles(100, 0, null, 0)).as("outside the range").isFalse();
        assertThat(claims.settles(50, 1, 39L, 0)).as("redriven before the range's bound").isTrue();
        assertThat(claims.settles(50, 1, 40L, 0)).as("the bound is exclusive").isFalse();
        assertThat(claims.settles(50, 1, 60L, 70)).as("redriven before the state machine's redrive mark").isTrue();
        assertThat(claims.settles(50, 1, 70L, 70)).isFalse();
        assertThat(claims.settles(50, 1, null, Long.MAX_VALUE)).as("redriven, date unknown").isFalse();
    }

    @Test
    void encodesMinValueAsEmptyAndDecodesToMergedRanges() {
        Claims claims = Claims.below(100).plus(200, 300, 250);
        assertThat(claims.encode()).isEqualTo(":100:,200:300:250");
        assertThat(Claims.decode(claims.encode(), "p")).isEqualTo(claims);
        assertThat(Claims.decode("", "p")).isEqualTo(Claims.NONE);
        assertThat(Claims.decode(null, "p")).isEqualTo(Claims.NONE);
        assertThat(Claims.decode("50:150:9,:100:", "p").ranges()).as("decoded ranges are sorted and merged")
                .containsExactly(new Range(Long.MIN_VALUE, 150, Long.MIN_VALUE));
        assertThatThrownBy(() -> Claims.decode("1:x:2", "partition-7"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partition-7");
        assertThatThrownBy(() -> Claims.decode("1:2", "p")).as("a missing field")
                .isInstanceOf(IllegalArgumentException.class);
    }
}
