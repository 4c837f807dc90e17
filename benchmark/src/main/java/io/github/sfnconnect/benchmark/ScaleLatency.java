package io.github.sfnconnect.benchmark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.sfnconnect.benchmark.TopicReader.Observed;
import io.github.sfnconnect.emulator.ExecutionView;
import io.github.sfnconnect.emulator.StepFunctionsEmulator;

/**
 * Change-to-Kafka latency of the active state machines' executions on one side: each start and each end that
 * happened in the measured span, from its time in the emulator (start or stop date) to the moment the side's topic
 * reader first had a record carrying it (a record of the execution at all for a start, since a short execution may
 * first be seen closed; a closed record for an end). Times are wall-clock; real-world figures multiply by the scale
 * factor.
 */
final class ScaleLatency {

    /**
     * One change: when it happened, when the reader first had it (-1: not by the end), and when a list answer first
     * showed it (-1: none did; the side learnt it from a describe, or not at all).
     */
    record Change(String executionArn, boolean end, long changeMs, long readMs, long listedMs) {
    }

    private ScaleLatency() {
    }

    /**
     * The starts and ends of the executions of {@code started} that began from {@code fromMs} to {@code toMs}, both
     * included, and each of their ends by {@code toMs}. An execution begun earlier is left out with its end: it may
     * have begun before its state machine's first listing, which {@code initial.position=latest} streams from.
     */
    static List<Change> changes(StepFunctionsEmulator sfn, List<String> started, TopicReader reader, ListLog log,
                                long fromMs, long toMs) {
        Map<String, Long> firstRead = new HashMap<>();
        Map<String, Long> firstClosedRead = new HashMap<>();
        for (Observed o : reader.readWhere(ms -> true)) {
            firstRead.putIfAbsent(o.executionArn(), o.readMs());
            if (!o.status().equals("RUNNING") && !o.status().equals("PENDING_REDRIVE")) {
                firstClosedRead.putIfAbsent(o.executionArn(), o.readMs());
            }
        }
        List<Change> changes = new ArrayList<>();
        for (String arn : started) {
            ExecutionView v = sfn.execution(arn).orElseThrow();
            long startMs = v.startDate().toEpochMilli();
            if (startMs < fromMs || startMs > toMs) {
                continue;
            }
            changes.add(new Change(arn, false, startMs, firstRead.getOrDefault(arn, -1L),
                    orMinusOne(log.firstListedMs(arn))));
            if (v.stopDate() != null) {
                long stopMs = v.stopDate().toEpochMilli();
                if (stopMs <= toMs) {
                    changes.add(new Change(arn, true, stopMs, firstClosedRead.getOrDefault(arn, -1L),
                            orMinusOne(log.firstListedClosedMs(arn))));
                }
            }
        }
        return changes;
    }

    private static long orMinusOne(Long ms) {
        return ms == null ? -1 : ms;
    }

    /**
     * The latencies in real-world ms: each change's wall-clock latency times {@code factor}; a change not in Kafka
     * by {@code endMs} counts with {@code endMs} instead (a lower bound), and is counted apart. Also its two parts:
     * the wait for the list answer that first showed the change, and the time from that answer to the reader. The
     * second holds the task's poll() slices (up to 2 s of wall time each, which scaling overstates: up to
     * 2 s x (factor - 1) in real-world units) and any wait for the state machine's next turn to describe what its
     * listing found (which scales as the schedule does); it is reported in wall ms, unscaled, to tell them apart.
     */
    static Map<String, Object> summary(List<Change> changes, double factor, long endMs) {
        List<Long> latencies = new ArrayList<>();
        List<Long> listing = new ArrayList<>();
        List<Long> delivery = new ArrayList<>();
        int missing = 0;
        int notListed = 0;
        int ends = 0;
        for (Change c : changes) {
            ends += c.end() ? 1 : 0;
            long readMs = c.readMs() >= 0 ? c.readMs() : endMs;
            missing += c.readMs() >= 0 ? 0 : 1;
            latencies.add(Math.round((readMs - c.changeMs()) * factor));
            if (c.listedMs() >= 0 && c.readMs() >= c.listedMs()) {
                listing.add(Math.round(Math.max(0, c.listedMs() - c.changeMs()) * factor));
                delivery.add(c.readMs() - c.listedMs());
            } else {
                notListed++;
            }
        }
        Percentiles all = new Percentiles(latencies);
        Percentiles listed = new Percentiles(listing);
        Percentiles delivered = new Percentiles(delivery);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("p50_ms", all.at(50));
        d.put("p99_ms", all.at(99));
        d.put("max_ms", all.max());
        d.put("changes", all.count());
        d.put("starts", all.count() - ends);
        d.put("ends", ends);
        d.put("not_in_kafka_by_the_end", missing);
        d.put("change_to_first_list_answer_ms", Map.of("p50", listed.at(50), "p99", listed.at(99), "max",
                listed.max(), "samples", listed.count(), "unit", "real-world ms (wall x factor)"));
        d.put("first_list_answer_to_reader_wall_ms", Map.of("p50", delivered.at(50), "p99", delivered.at(99),
                "max", delivered.max(), "over_2s_wall", delivery.stream().filter(ms -> ms > 2_000).count(),
                "unit", "wall ms, unscaled"));
        d.put("changes_not_shown_by_a_list_answer_before_kafka", notListed);
        d.put("method", "reader's receive time minus the change's start or stop date in the emulator, x" + factor
                + "; a start counts at the execution's first record, an end at its first closed record; a change not"
                + " in Kafka by the end counts with the end's time (a lower bound)");
        return d;
    }
}
