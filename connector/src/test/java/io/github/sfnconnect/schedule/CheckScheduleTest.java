package io.github.sfnconnect.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CheckScheduleTest {

    @Test
    void quietStateMachineWaitsHalfItsQuietTimeUpToTheBoundAndComesBackOnItsFirstChange() {
        CheckSchedule schedule = new CheckSchedule(5_000, 60_000, 100);
        schedule.add("a", 0);
        assertEquals("a", schedule.begin(0));
        schedule.finished("a", true, 1); // its last change: found by the check begun at 0
        long now = 5_000;
        List<Long> atBound = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            assertNull(schedule.begin(now - 1), "not due before its interval");
            assertEquals("a", schedule.begin(now));
            schedule.finished("a", false, 1);
            long quarterOfQuietTime = now / 4;
            if (quarterOfQuietTime < 60_000) {
                assertEquals(Math.max(5_000, quarterOfQuietTime), schedule.intervalMs("a"), "quiet for " + now);
            } else {
                atBound.add(schedule.intervalMs("a"));
            }
            now += schedule.intervalMs("a");
        }
        assertTrue(atBound.size() > 3, "reached the bound: " + atBound);
        for (long interval : atBound) {
            assertTrue(interval >= 42_000 && interval <= 57_000, "at the bound, 70% to 95% of it: " + interval);
        }
        assertTrue(atBound.stream().distinct().count() > 1, "spread, not one value: " + atBound);
        assertEquals("a", schedule.begin(now));
        schedule.finished("a", true, 1);
        assertEquals(5_000, schedule.intervalMs("a"));
        assertEquals("a", schedule.begin(now + 5_000));
    }

    @Test
    void aQuietStateMachineFoundLateWaitsHalfItsQuietTime() {
        CheckSchedule schedule = new CheckSchedule(5_000, 3_600_000, 100);
        schedule.add("a", 0);
        schedule.begin(0);
        schedule.finished("a", true, 1);
        assertEquals("a", schedule.begin(480_000), "came late: the budget was busy");
        schedule.finished("a", false, 1);
        assertEquals(120_000, schedule.intervalMs("a"));
    }

    @Test
    void theListingDatesTheLastChange() {
        CheckSchedule schedule = new CheckSchedule(5_000, 1_800_000, 100);
        schedule.add("weekOld", 0);
        schedule.add("minuteOld", 0);
        assertEquals("weekOld", schedule.begin(10_000));
        schedule.finished("weekOld", false, 1, 7 * 86_400_000L, 10_000); // its newest execution ended a week ago
        assertTrue(schedule.intervalMs("weekOld") <= 1_710_000, "at its bound at once (the first draw: up to 95%)");
        assertEquals("minuteOld", schedule.begin(10_000));
        schedule.finished("minuteOld", false, 1, 60_000, 10_000);
        assertEquals(15_000, schedule.intervalMs("minuteOld"), "a quarter of a minute");
        schedule.remove("minuteOld");
        long second = 10_000 + schedule.intervalMs("weekOld");
        assertEquals("weekOld", schedule.begin(second));
        schedule.finished("weekOld", false, 1, 7 * 86_400_000L + second, second);
        assertTrue(schedule.intervalMs("weekOld") >= 1_260_000, "then 70% to 95% of the bound");
    }

    @Test
    void busyStateMachinesFoundInTheFirstRoundGetTurnsBeforeItEnds() {
        // 1,000 state machines at 2.5 calls/s: the first round takes 400 s at the full rate. The 50 busy ones (a
        // change at every check) are known only once checked; urgent-first, each waited for the round to end
        CheckSchedule schedule = new CheckSchedule(5_000, 1_800_000, 2.5);
        Set<String> busy = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            schedule.add("sm" + i, 0);
            if (i % 20 == 0) {
                busy.add("sm" + i);
            }
        }
        Map<String, Long> lastCheck = new HashMap<>();
        long busyWorst = 0;
        long roundEndMs = -1;
        for (long now = 0; now < 1_200_000 && roundEndMs < 0; now += 400) {
            String key = schedule.begin(now);
            if (key == null) {
                continue;
            }
            Long last = lastCheck.put(key, now);
            if (last != null && busy.contains(key)) {
                busyWorst = Math.max(busyWorst, now - last);
            }
            schedule.finished(key, busy.contains(key), 1, busy.contains(key) ? 1_000 : 86_400_000L, now);
            if (lastCheck.size() == 1_000) {
                roundEndMs = now;
            }
        }
        // a third of 2.5/s shared by up to 50 busy ones and the quiet ones come due again: 85 s measured at worst,
        // where each waited for the whole round before
        assertTrue(busyWorst <= 120_000, "a busy one waited " + busyWorst + " ms between checks in the first round");
        // two thirds of the checks against busy ones, a third against quiet ones due again (drawn from 0-95% of the
        // bound), the whole while none is: 653 s measured (591 s when it took two thirds against both)
        assertTrue(roundEndMs > 0 && roundEndMs <= 720_000, "the first round ended at " + roundEndMs + " ms");
    }

    @Test
    void quietOnesDueInACrowdLeaveTheBusyOnesTheirShare() {
        // 10,000 state machines, 100 busy, a 2-hour bound at 2.5 calls/s, of which checks get 1.25/s (the rest went to
        // DescribeStateMachine in the benchmark): the first round takes over 2 hours, and the quiet ones it checked
        // early are all due when it ends. By due time alone they took 95% of the checks for an hour (the scale run of
        // 10,000 state machines: the busy ones' p50 latency 20 minutes)
        CheckSchedule schedule = new CheckSchedule(5_000, 7_200_000, 2.5);
        for (int i = 0; i < 10_000; i++) {
            schedule.add("sm" + i, 0);
        }
        Map<String, Long> lastCheck = new HashMap<>();
        long roundEndMs = -1;
        long busyWorstAfter = 0;
        int checksAfter = 0;
        int busyChecksAfter = 0;
        for (long now = 0; roundEndMs < 0 || now < roundEndMs + 3_600_000; now += 800) {
            String key = schedule.begin(now);
            if (key == null) {
                continue;
            }
            boolean busy = Integer.parseInt(key.substring(2)) % 100 == 0;
            Long last = lastCheck.put(key, now);
            if (roundEndMs >= 0) {
                checksAfter++;
                if (busy) {
                    busyChecksAfter++;
                    busyWorstAfter = Math.max(busyWorstAfter, now - last);
                }
            }
            schedule.finished(key, busy, 1, busy ? 1_000 : 86_400_000L, now);
            if (roundEndMs < 0 && lastCheck.size() == 10_000) {
                roundEndMs = now;
            }
        }
        // 8,000 s at the whole rate; 16,198 s measured, where quiet ones past 90% of their bound share with it (and
        // 22,950 s when every quiet one due weighed as much as those)
        assertTrue(roundEndMs > 7_200_000 && roundEndMs < 18_000_000, "the first round ended at " + roundEndMs + " ms");
        assertTrue(busyChecksAfter >= checksAfter / 5, "busy ones got " + busyChecksAfter + " of the " + checksAfter
                + " checks in the hour after the first round");
        // a fifth of 1.25/s for 100 busy ones: 400 s apart on average; 698 s measured at worst
        assertTrue(busyWorstAfter <= 900_000, "a busy one waited " + busyWorstAfter + " ms after the first round");
    }

    @Test
    void withoutBackOffEveryStateMachineIsCheckedInTurnBusyOrNot() {
        // poll.interval.max.ms = poll.interval.ms: the schedule of 0.1.0, the scale run's round-robin baseline
        CheckSchedule schedule = new CheckSchedule(1_000, 1_000, 1);
        for (int i = 0; i < 10; i++) {
            schedule.add("sm" + i, 0);
        }
        Map<String, Integer> checks = new HashMap<>();
        for (long now = 0; now < 100_000; now += 1_000) {
            String key = schedule.begin(now);
            checks.merge(key, 1, Integer::sum);
            schedule.finished(key, key.equals("sm3"), 1, key.equals("sm3") ? 0 : 86_400_000L, now);
        }
        // the first round shares with the ones checked already, which are due at once: a few more for the first
        assertTrue(checks.values().stream().allMatch(n -> n >= 9 && n <= 13), "checks: " + checks);
        assertTrue(checks.get("sm3") <= 10, "the busy one goes no more often than in turn: " + checks);
    }

    @Test
    void theFirstChecksOfAStartSpreadTheNextOnesOverTheBoundSoThatTheyComeInNoWave() {
        long boundMs = 1_800_000;
        CheckSchedule schedule = new CheckSchedule(5_000, boundMs, 100);
        for (int i = 0; i < 1_000; i++) {
            schedule.add("sm" + i, 0);
        }
        int inFirstHalf = 0;
        for (int i = 0; i < 1_000; i++) {
            String key = schedule.begin(i * 10L);
            schedule.finished(key, false, 1, 86_400_000L, i * 10L);
            long interval = schedule.intervalMs(key);
            assertTrue(interval <= boundMs * 0.95, "within the bound: " + interval);
            inFirstHalf += interval < boundMs / 2 ? 1 : 0;
        }
        // drawn from 0 to 95% of the bound: about 53% come due in its first half (from 70%, none would)
        assertTrue(inFirstHalf > 450 && inFirstHalf < 600, inFirstHalf + " of 1,000 due in the first half");
    }

    @Test
    void theFirstCheckCountsTheTimeSinceTheStateMachineWasAdded() {
        CheckSchedule schedule = new CheckSchedule(5_000, 3_600_000, 100);
        schedule.add("a", 0);
        assertEquals("a", schedule.begin(600_000), "its turn came after a long first round");
        schedule.finished("a", false, 1);
        assertEquals(150_000, schedule.intervalMs("a"));
    }

    @Test
    void aStateMachineBeingCheckedIsNotBegunAgain() {
        CheckSchedule schedule = new CheckSchedule(1_000, 1_000, 100);
        schedule.add("a", 0);
        assertEquals("a", schedule.begin(0));
        assertNull(schedule.begin(10_000), "its check has not finished");
        assertEquals(Long.MAX_VALUE, schedule.nextDueMs());
        schedule.finished("a", true, 1);
        assertEquals(1_000, schedule.nextDueMs());
    }

    @Test
    void releasedCheckIsDueAFastIntervalLaterWithItsIntervalKept() {
        CheckSchedule schedule = new CheckSchedule(1_000, 16_000, 100);
        schedule.add("a", 0);
        schedule.begin(0);
        schedule.finished("a", true, 1);
        assertEquals("a", schedule.begin(6_000));
        schedule.finished("a", false, 1); // quiet for 6 s: 1.5 s
        assertEquals(1_500, schedule.intervalMs("a"));
        assertEquals("a", schedule.begin(7_500));
        schedule.release("a", 7_500);
        assertEquals(8_500, schedule.nextDueMs());
        assertEquals(1_500, schedule.intervalMs("a"));
        assertEquals("a", schedule.begin(10_000));
        schedule.finished("a", false, 1);
        assertEquals(2_500, schedule.intervalMs("a"), "quiet for 10 s since the check that found its last change");
    }

    @Test
    void dueOnesGoByDueTimeButOneThatWaitedNearlyItsBoundGoesFirst() {
        CheckSchedule schedule = new CheckSchedule(1_000, 4_000, 1_000);
        schedule.add("quiet", 0);
        schedule.add("busy", 0);
        assertEquals("quiet", schedule.begin(0), "never checked: in the order added");
        schedule.finished("quiet", true, 1); // due at 1,000
        assertEquals("busy", schedule.begin(500));
        schedule.finished("busy", true, 1); // due at 1,500
        assertEquals("quiet", schedule.begin(2_000), "due earlier");
        schedule.finished("quiet", true, 1);
        assertEquals("busy", schedule.begin(2_000));
        schedule.finished("busy", true, 1); // due at 3,000
        assertEquals("quiet", schedule.begin(20_000));
        schedule.finished("quiet", false, 1); // quiet for 18 s: at its bound, due between 22,800 and 23,800
        assertEquals("busy", schedule.begin(20_000));
        schedule.finished("busy", true, 1); // due at 21,000
        assertEquals("busy", schedule.begin(21_000), "the quiet one is not due yet");
        schedule.finished("busy", true, 1); // due at 22,000
        assertEquals("quiet", schedule.begin(24_000), "waited 90% of its bound: before the busy one due earlier");
        assertEquals("busy", schedule.begin(24_000));
    }

    @Test
    void underLoadBusyStateMachinesShareWhatTheQuietOnesLeaveAndNoQuietOneWaitsPastItsBound() {
        // 1,000 state machines, 50 with a change at every check, 1 list call a check, 2 calls/s: a check begins
        // whenever a permit comes, every 500 ms, as the task does
        double rate = 2.0;
        long fastMs = 5_000;
        long boundMs = 1_800_000;
        CheckSchedule schedule = new CheckSchedule(fastMs, boundMs, rate);
        Set<String> busy = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            schedule.add("sm" + i, 0);
            if (i % 20 == 0) {
                busy.add("sm" + i);
            }
        }
        Map<String, Long> lastCheck = new HashMap<>();
        List<Long> gaps = new ArrayList<>();
        Map<String, Long> longestGap = new HashMap<>();
        long end = 4 * 3_600_000L;
        // the first round checks every state machine once, in turn (500 s): busy ones are known only after it, and
        // the quiet ones' intervals settle over the next rounds; measured from the second hour on
        long firstRoundMs = 3_600_000;
        for (long now = 0; now < end; now += 500) {
            String key = schedule.begin(now);
            if (key == null) {
                continue;
            }
            Long last = lastCheck.put(key, now);
            if (last != null && last >= firstRoundMs && busy.contains(key)) {
                gaps.add(now - last);
            }
            if (last != null && last >= firstRoundMs) {
                longestGap.merge(key, now - last, Math::max);
            }
            schedule.finished(key, busy.contains(key), 1);
        }
        Collections.sort(gaps);
        long quietWorst = longestGap.entrySet().stream().filter(e -> !busy.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).max().orElseThrow();
        long busyWorst = longestGap.entrySet().stream().filter(e -> busy.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).max().orElseThrow();
        assertTrue(quietWorst <= boundMs, "a quiet state machine waited " + quietWorst + " ms, past its bound");
        assertEquals(1_000, lastCheck.size(), "every state machine was checked");
        // round-robin would check each every 1,000 / 2 = 500 s; the 50 busy ones share what is left after the
        // quiet ones' 950 checks per 25 minutes on average (82.5% of the bound: about 0.64/s): 50 / 1.36 = 37 s
        // the quiet ones' checks come at random, so the busy ones' gaps vary around that: 99% within 60 s
        long busyP99 = gaps.get(gaps.size() * 99 / 100);
        assertTrue(busyP99 <= 60_000, "a busy state machine's 99th percentile gap was " + busyP99 + " ms");
        assertTrue(busyWorst <= 90_000, "a busy state machine waited " + busyWorst + " ms");
        assertEquals(500_000, schedule.roundRobinIntervalMs());
        assertEquals(boundMs, schedule.quietIntervalMs());
    }

    @Test
    void activeStateMachinesKeepTheirTurnThroughOrdinaryQuietSpells() {
        // the benchmark's scale run: 1,000 state machines at 2.5 list calls/s, 50 of them start an execution a minute
        // (Poisson) that runs about 10 s; the others last ran a day ago. Round-robin checks each every 400 s.
        double rate = 2.5;
        CheckSchedule schedule = new CheckSchedule(5_000, 1_800_000, rate);
        java.util.Random random = new java.util.Random(20261210L);
        long endMs = 4 * 3_600_000L;
        long measureFromMs = 600_000L; // from the end of the first round: the waves a start makes count too
        Map<String, List<Long>> events = new HashMap<>();
        for (int i = 0; i < 1_000; i++) {
            schedule.add("sm" + i, 0);
            List<Long> times = new ArrayList<>();
            if (i % 20 == 0) {
                for (double t = exponential(random, 60_000); t < endMs; t += exponential(random, 60_000)) {
                    times.add((long) t);
                    times.add((long) (t + exponential(random, 10_000)));
                }
                Collections.sort(times);
            }
            events.put("sm" + i, times);
        }
        Map<String, Long> lastCheck = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        List<Long> activeGaps = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        // a check costs one list call: the window listing (the redriven one has a cadence of its own, Redrives)
        long permitAtMs = 0;
        for (long now = 0; now < endMs; now += 100) {
            if (now < permitAtMs) {
                continue;
            }
            String key = schedule.begin(now);
            if (key == null) {
                continue;
            }
            permitAtMs = now + (long) (1000 / rate);
            Long previousCheck = lastCheck.put(key, now);
            if (previousCheck != null && previousCheck >= measureFromMs && !events.get(key).isEmpty()) {
                activeGaps.add(now - previousCheck);
            }
            List<Long> times = events.get(key);
            int from = seen.getOrDefault(key, 0);
            int to = from;
            while (to < times.size() && times.get(to) <= now) {
                if (times.get(to) >= measureFromMs) {
                    latencies.add(now - times.get(to));
                }
                to++;
            }
            seen.put(key, to);
            long newest = to == 0 ? -86_400_000L : times.get(to - 1);
            schedule.finished(key, to > from, 1, now - newest, now);
        }
        Collections.sort(latencies);
        long p50 = latencies.get(latencies.size() / 2);
        long p99 = latencies.get(latencies.size() * 99 / 100);
        Collections.sort(activeGaps);
        // a quarter of the quiet time alone gave p99 56 s measured from the first hour on (spells of 4 minutes are one
        // in a hundred), and the busy ones' checks 49 s apart at p99; first intervals from the usual 70-95% of the
        // bound made the quiet ones' second and third rounds come in waves: p99 64 s measured from 10 minutes on.
        // Spread first intervals: p99 37 s, the busy ones' checks 44 s apart at p99. Busy ones taking turns among
        // themselves (not by due time): p99 29 s, checks 32 s apart at p99.
        Collections.sort(activeGaps);
        assertTrue(activeGaps.get(activeGaps.size() * 99 / 100) <= 40_000, "busy ones' p99 gap between checks: "
                + activeGaps.get(activeGaps.size() * 99 / 100));
        assertTrue(p99 <= 35_000, "p99 " + p99 + " ms, p50 " + p50 + " ms: a tenth of round-robin's 400 s is 40 s");
        assertTrue(latencies.size() > 15_000, "changes measured: " + latencies.size());
        long quietLatest = lastCheck.entrySet().stream().filter(e -> events.get(e.getKey()).isEmpty())
                .mapToLong(Map.Entry::getValue).min().orElseThrow();
        assertTrue(endMs - quietLatest <= 1_800_000, "a quiet one was last checked at " + quietLatest);
    }

    private static double exponential(java.util.Random random, double meanMs) {
        return -meanMs * Math.log(1 - random.nextDouble());
    }

    @Test
    void boundThatTheRateCannotAffordIsStretchedSoThatBusyOnesKeepAFifth() {
        CheckSchedule schedule = new CheckSchedule(5_000, 60_000, 2.0);
        Set<String> busy = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            schedule.add("sm" + i, 0);
            if (i % 20 == 0) {
                busy.add("sm" + i);
            }
        }
        // 1,000 checks at 80% of 2/s, with intervals averaging 82.5% of the bound, need a bound of 758 s
        assertEquals(757_576, schedule.quietIntervalMs());
        assertEquals(500_000, schedule.roundRobinIntervalMs());
        Map<String, Long> lastCheck = new HashMap<>();
        long busyChecks = 0;
        long quietWorst = 0;
        long measureFromMs = 3 * 3_600_000L;
        long endMs = 6 * 3_600_000L;
        for (long now = 0; now < endMs; now += 500) {
            String key = schedule.begin(now);
            if (key == null) {
                continue;
            }
            Long last = lastCheck.put(key, now);
            if (last != null && last >= measureFromMs) {
                if (busy.contains(key)) {
                    busyChecks++;
                } else {
                    quietWorst = Math.max(quietWorst, now - last);
                }
            }
            schedule.finished(key, busy.contains(key), 1);
        }
        double busyShare = busyChecks / ((endMs - measureFromMs) / 500.0);
        assertTrue(busyShare >= 0.18, "the busy ones had " + busyShare + " of the checks");
        assertTrue(quietWorst <= 757_576, "a quiet one waited " + quietWorst + " ms");
        assertTrue(quietWorst > 60_000, "the bound was stretched: " + quietWorst);
    }

    @Test
    void costlierChecksRaiseTheEstimate() {
        CheckSchedule schedule = new CheckSchedule(5_000, 60_000, 1.0);
        schedule.add("a", 0);
        assertEquals(1_000, schedule.roundRobinIntervalMs());
        for (int i = 0; i < 30; i++) {
            schedule.begin(i * 100_000L);
            schedule.finished("a", false, 3);
        }
        assertEquals(3_000, schedule.roundRobinIntervalMs(), 10);
        schedule.remove("a");
        assertEquals(0, schedule.roundRobinIntervalMs());
    }

    @Test
    void refusesABoundBelowTheFastInterval() {
        assertThrows(IllegalArgumentException.class, () -> new CheckSchedule(5_000, 1_000, 1));
        assertThrows(IllegalArgumentException.class, () -> new CheckSchedule(5_000, 5_000, 0));
    }
}
