package io.github.sfnconnect.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.model.ExecutionPage;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.ExecutionSummary;
import io.github.sfnconnect.tracking.ExecutionTracker;
import io.github.sfnconnect.tracking.ExecutionTracker.Candidate;
import io.github.sfnconnect.tracking.ExecutionTracker.ListRequest;
import io.github.sfnconnect.tracking.OffsetLookup;
import io.github.sfnconnect.tracking.TrackerOutput;

/**
 * Heap per tracked open execution, in-process: the connector's {@link ExecutionTracker}s are driven with pages and
 * describes as a task would (two full cycles, records acknowledged and offsets committed) until they hold the given
 * number of RUNNING executions; the heap in use after full GCs, before and after, divided by that number. The ARNs
 * are realistic (UUID names); the pages and summaries are dropped before the second measurement, so what is counted
 * is what the tracker keeps. The baseline's map (ARN to state) is measured the same way.
 */
final class HeapProbe {

    private static final String ACCOUNT = "arn:aws:states:us-east-1:123456789012:";
    private static final int TRACKERS = 10;
    private static final int PAGE = 1_000;

    private HeapProbe() {
    }

    /** Bytes of heap per open execution held by the connector's trackers. */
    static double connectorBytesPerOpenExecution(int executions, long seed) {
        long before = usedHeapAfterGc();
        List<ExecutionTracker> trackers = buildTrackers(executions, seed);
        long after = usedHeapAfterGc();
        for (ExecutionTracker t : trackers) {
            if (t.openExecutions() != executions / TRACKERS) {
                throw new IllegalStateException("The tracker holds " + t.openExecutions() + " open executions, not "
                        + executions / TRACKERS + ": the probe no longer drives it as a task does");
            }
        }
        Reference.reachabilityFence(trackers);
        return (double) (after - before) / executions;
    }

    /** Bytes of heap per execution held by the baseline's map (it holds every execution it saw, not only open ones). */
    static double baselineBytesPerExecution(int executions, long seed) {
        long before = usedHeapAfterGc();
        Map<String, String> seen = new HashMap<>();
        Random random = new Random(seed);
        for (int i = 0; i < executions; i++) {
            String arn = ACCOUNT + "execution:bench-sm-" + (i % TRACKERS) + ":" + new UUID(random.nextLong(),
                    random.nextLong());
            seen.put(arn, "RUNNING" + "|" + 0);
        }
        long after = usedHeapAfterGc();
        Reference.reachabilityFence(seen);
        return (double) (after - before) / executions;
    }

    /**
     * Bytes of heap per execution a backfill has listed and not yet emitted: the tracker's candidates (listed, closed,
     * awaiting their describe). Trackers are driven as a task drives one in a backfill: pages of 1,000 closed
     * executions, newest first, until the tracker pauses the listing ({@link ExecutionTracker#pause()}, at 2,000
     * candidates), with as many trackers as it takes to hold {@code executions}. Each item gets strings of its own
     * (ARN, name, state machine ARN), as each SDK response has; the pages are dropped before the second measurement.
     * Heap in use after full GCs with the trackers started and empty, then holding the candidates; the difference
     * over the candidates held.
     */
    static double connectorBytesPerPendingExecution(int executions, long seed) {
        Random random = new Random(seed);
        long now = System.currentTimeMillis();
        OffsetLookup noOffsets = arns -> Map.of();
        List<ExecutionTracker> trackers = new ArrayList<>();
        int perTracker = 2 * PAGE; // the tracker's pause at 2,000 candidates, checked below
        for (int t = 0; t * perTracker < executions; t++) {
            ExecutionTracker tracker = new ExecutionTracker(ACCOUNT + "stateMachine:bench-backfill-" + t, null,
                    List.of(), 0L, 60_000L, EnumSet.allOf(ExecutionStatus.class), noOffsets);
            tracker.startCycle(now);
            trackers.add(tracker);
        }
        long before = usedHeapAfterGc();
        long pending = 0;
        for (int t = 0; t < trackers.size(); t++) {
            ExecutionTracker tracker = trackers.get(t);
            String machine = tracker.stateMachineArn();
            String prefix = ACCOUNT + "execution:bench-backfill-" + t + ":";
            int n = Math.min(perTracker, executions - t * perTracker);
            int listed = 0;
            while (tracker.isListing() && tracker.pause() == null && listed < n) {
                tracker.nextListRequest();
                List<ExecutionSummary> items = new ArrayList<>(PAGE);
                for (int i = 0; i < PAGE && listed < n; i++, listed++) {
                    // closed, newest first, 7.8 s apart (1,000,000 over 90 days)
                    long start = now - 600_000L - listed * 7_776L;
                    String name = new UUID(random.nextLong(), random.nextLong()).toString();
                    items.add(new ExecutionSummary(prefix + name, new String(machine), new String(name),
                            ExecutionStatus.SUCCEEDED, start, start + 1_000 + random.nextInt(5_000), 0, null, null,
                            null));
                }
                String next = listed < n ? Integer.toString(listed) : null;
                tracker.onPage(new ExecutionPage(items, next), now);
            }
            if (tracker.pendingCandidates() != listed) {
                throw new IllegalStateException("The tracker holds " + tracker.pendingCandidates() + " candidates, not"
                        + " the " + listed + " executions listed: the probe no longer drives it as a task does");
            }
            if (listed == perTracker && tracker.pause() != ExecutionTracker.Pause.CANDIDATES) {
                throw new IllegalStateException("The tracker did not pause its listing at " + perTracker
                        + " candidates (pause: " + tracker.pause() + "): update the probe");
            }
            pending += listed;
        }
        long after = usedHeapAfterGc();
        Reference.reachabilityFence(trackers);
        return (double) (after - before) / pending;
    }

    private static List<ExecutionTracker> buildTrackers(int executions, long seed) {
        Random random = new Random(seed);
        long now = System.currentTimeMillis();
        OffsetLookup noOffsets = arns -> Map.of();
        List<ExecutionTracker> trackers = new ArrayList<>();
        for (int t = 0; t < TRACKERS; t++) {
            String machine = ACCOUNT + "stateMachine:bench-sm-" + t;
            ExecutionTracker tracker = new ExecutionTracker(machine, null, List.of(), 0L, 60_000L,
                    EnumSet.allOf(ExecutionStatus.class), noOffsets);
            int n = executions / TRACKERS;
            // started over the last ten days, newest first as ListExecutions returns them
            long[] starts = new long[n];
            for (int i = 0; i < n; i++) {
                starts[i] = now - 120_000L - (long) i * (864_000_000L / n);
            }
            String prefix = ACCOUNT + "execution:bench-sm-" + t + ":";
            String[] names = new String[n];
            for (int i = 0; i < n; i++) {
                names[i] = new UUID(random.nextLong(), random.nextLong()).toString();
            }
            for (int cycle = 0; cycle < 2; cycle++) {
                tracker.startCycle(now);
                while (tracker.isListing()) {
                    if (tracker.pause() != null) {
                        // as a task: describe what waits, Kafka acknowledges the records and the open-name parts
                        describeAll(tracker, machine, prefix, cycle);
                        for (int round = 0; round < 3 && tracker.pause() != null; round++) {
                            // the parts written, then acknowledged, then taken out of the checkpoint's delta
                            acknowledgeParts(tracker, tracker.maintain(now, cycle * 2L), cycle * 2L);
                        }
                        if (tracker.pause() != null) {
                            throw new IllegalStateException("The tracker stays paused (" + tracker.pause()
                                    + ") with everything described and acknowledged: update the probe");
                        }
                        continue;
                    }
                    ListRequest request = tracker.nextListRequest();
                    int from = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
                    List<ExecutionSummary> items = new ArrayList<>(PAGE);
                    for (int i = from; i < Math.min(n, from + PAGE); i++) {
                        // a new String per listing, as each SDK response has its own
                        items.add(new ExecutionSummary(prefix + names[i], machine, names[i], ExecutionStatus.RUNNING,
                                starts[i], null, 0, null, null, null));
                    }
                    String next = from + PAGE < n ? Integer.toString(from + PAGE) : null;
                    tracker.onPage(new ExecutionPage(items, next), now);
                }
                describeAll(tracker, machine, prefix, cycle);
                // two offset commits after the acknowledgements: nothing is left waiting for a commit
                acknowledgeParts(tracker, tracker.finishCycle(now, cycle * 2L + 2), cycle * 2L + 2);
            }
            trackers.add(tracker);
        }
        return trackers;
    }

    /** Kafka acknowledges the open-name parts the tracker asked to store. */
    private static void acknowledgeParts(ExecutionTracker tracker, List<TrackerOutput> outputs, long generation) {
        for (TrackerOutput o : outputs) {
            if (o instanceof TrackerOutput.StoreNames names) {
                tracker.acknowledged(ExecutionTracker.partKey(names.part().part()), generation);
            }
        }
    }

    private static void describeAll(ExecutionTracker tracker, String machine, String prefix, int cycle) {
        long now = System.currentTimeMillis();
        for (Candidate c : tracker.candidates()) {
            ExecutionDetails d = new ExecutionDetails(c.executionArn(), machine,
                    c.executionArn().substring(prefix.length()), ExecutionStatus.RUNNING, c.startDateMs(), null,
                    "{}", true, null, null, null, null, null, null, null, null, 0, null, "NOT_REDRIVABLE", null);
            if (tracker.onDescribed(c.executionArn(), Optional.of(d), now).isEmpty()) {
                throw new IllegalStateException("no record for new execution " + c.executionArn());
            }
            tracker.acknowledged(c.executionArn(), cycle * 2L);
        }
    }

    /** Heap in use after full collections, settled (three in a row, as the JVM may need more than one). */
    static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
