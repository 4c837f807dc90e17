package io.github.sfnconnect.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.sfnconnect.benchmark.ListLog.Call;

/** The scale run's list figures on hand-made call logs, where the answer is known. */
class ScaleFiguresTest {

    private static Call call(int machine, long receivedMs, boolean changed) {
        return new Call(machine, receivedMs, receivedMs + 1, true, changed);
    }

    @Test
    void theLongestUnlistedTimeCountsGapsEndingInTheSpanAndTheGapLeftOpen() {
        List<Call> calls = List.of(
                call(0, 100, true), call(0, 900, false), call(0, 1_000, false), // a 800 gap ending before the span
                call(1, 500, true), call(1, 1_600, false),                      // 1,100: straddles the span's start
                call(2, 1_200, false),                                          // then never again: open to 3,000
                call(0, 2_900, false));
        var longest = ScaleFigures.longestUnlisted(calls, List.of(0, 1, 2, 3), 0, 1_000, 3_000);

        assertThat(longest.get(0)).as("1,000 -> 2,900; the 800 before the span does not count").isEqualTo(1_900);
        assertThat(longest.get(1)).as("500 -> 1,600 ends in the span; then open to its end").isEqualTo(1_400);
        assertThat(longest.get(2)).as("1,200 to the end, longer than 0 -> 1,200").isEqualTo(1_800);
        assertThat(longest.get(3)).as("never listed: from the start to the end").isEqualTo(3_000);
    }

    @Test
    void aCallAfterTheSpanIsNotCountedAndAGapOpenAtItsEndIs() {
        List<Call> calls = List.of(call(0, 0, true), call(0, 2_000, false), call(0, 5_000, false));

        assertThat(ScaleFigures.longestUnlisted(calls, List.of(0), 0, 1_000, 4_000).get(0))
                .as("0 -> 2,000 ends in the span; 2,000 -> 4,000 still open at its end").isEqualTo(2_000);
    }

    @Test
    void thePeakIsTheMostCallsInAnyWindowOfTheLength() {
        List<Call> calls = new ArrayList<>();
        for (long t = 0; t < 10_000; t += 500) { // a limiter at 2/s: 20 calls
            calls.add(call(0, t, false));
        }
        assertThat(ScaleFigures.peakCalls(calls, 0, 20_000, 10_000)).as("evenly spaced at the rate").isEqualTo(20);

        calls.add(call(1, 9_999, false));
        assertThat(ScaleFigures.peakCalls(calls, 0, 20_000, 10_000)).as("one more within the same 10 s")
                .isEqualTo(21);
        assertThat(ScaleFigures.peakCalls(calls, 600, 20_000, 10_000)).as("only calls inside the span count")
                .isEqualTo(19);
        assertThat(ScaleFigures.peakCalls(calls, 0, 20_000, 1_000)).as("a window of 1 s").isEqualTo(3);
    }

    @Test
    void callsWithoutChangeAreCountedInTheSpanFailedOnesAmongThem() {
        List<Call> calls = List.of(call(0, 0, true), call(0, 100, false), call(1, 200, true),
                new Call(1, 300, 301, false, false), call(1, 400, false), call(0, 1_000, false));

        assertThat(ScaleFigures.count(calls, 100, 1_000)).isEqualTo(4);
        assertThat(ScaleFigures.withoutChange(calls, 100, 1_000)).as("100, the failed 300, 400").isEqualTo(3);
    }
}
