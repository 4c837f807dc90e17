package io.github.sfnconnect.benchmark;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.github.sfnconnect.emulator.StepFunctionsEmulator;

/**
 * An emulated account holding a large retained history: {@code executions} closed executions over a few state
 * machines, started evenly over {@code span} (at most 89 days, so that none ages out of the 90-day retention during
 * a run) up to ten minutes ago, written through the emulator's direct methods with the clock pinned to each date.
 * 90% SUCCEEDED, 6% FAILED, 2% TIMED_OUT, 2% ABORTED, none redriven, none open; each ran for less than the gap to the
 * next start, so the clock only moves forward. Inputs are the emulator's shared default, outputs none: the emulator
 * keeps about 330 bytes per execution (UUID-shaped names), 1,000,000 in about 330 MB.
 * <p>
 * Names are UUID-shaped and carry the execution's index in their first 8 hex digits, so that a reader can tell which
 * execution a record is of without a map of a million names.
 */
final class LargeHistory implements AutoCloseable {

    /** Executions that ran before the start of the last ten minutes are all older than any consistency window. */
    private static final Duration END_BEFORE_NOW = Duration.ofMinutes(10);
    static final Duration MAX_SPAN = Duration.ofDays(89);

    private final HistoryClock clock = new HistoryClock();
    private final StepFunctionsEmulator sfn;
    private final List<String> stateMachines = new ArrayList<>();
    private final int executions;
    private final Duration span;
    private final long seed;
    /** Start dates per state machine, oldest first. */
    private final long[][] starts;
    private long seedMs = -1;

    LargeHistory(int executions, int stateMachines, Duration span, long seed) {
        if (span.compareTo(MAX_SPAN) > 0) {
            throw new IllegalArgumentException("A history spans at most " + MAX_SPAN.toDays() + " days (retention is "
                    + StepFunctionsEmulator.RETENTION.toDays() + "), not " + span.toDays());
        }
        this.executions = executions;
        this.span = span;
        this.seed = seed;
        this.sfn = StepFunctionsEmulator.start(clock);
        for (int i = 0; i < stateMachines; i++) {
            this.stateMachines.add(sfn.createStateMachine(String.format("large-backfill-%02d", i)));
        }
        this.starts = new long[stateMachines][];
    }

    StepFunctionsEmulator emulator() {
        return sfn;
    }

    List<String> stateMachineArns() {
        return List.copyOf(stateMachines);
    }

    int executions() {
        return executions;
    }

    Duration span() {
        return span;
    }

    /** Wall time the seeding took, in ms. */
    long seedMs() {
        return seedMs;
    }

    /** Writes the history; returns its wall time in ms. */
    long write() {
        long t0 = System.nanoTime();
        long endMs = Instant.now().minus(END_BEFORE_NOW).toEpochMilli();
        long spanMs = span.toMillis();
        long firstMs = endMs - spanMs;
        double gapMs = (double) spanMs / Math.max(1, executions);
        int machines = stateMachines.size();
        int[] counts = new int[machines];
        for (int i = 0; i < machines; i++) {
            starts[i] = new long[executions / machines + (i < executions % machines ? 1 : 0)];
        }
        Random random = new Random(seed);
        // a run time below the gap to the next start (and at most a minute): start and stop dates only go forward
        double maxRunMs = Math.max(0, Math.min(gapMs - 2, 60_000));
        try {
            for (int i = 0; i < executions; i++) {
                int machine = i % machines;
                long startMs = firstMs + (long) (i * gapMs);
                clock.pin(Instant.ofEpochMilli(startMs));
                String arn = sfn.startExecution(stateMachines.get(machine), name(i, random), null);
                starts[machine][counts[machine]++] = startMs;
                clock.pin(Instant.ofEpochMilli(startMs + 1 + (long) (random.nextDouble() * maxRunMs)));
                double outcome = random.nextDouble();
                if (outcome < 0.90) {
                    sfn.succeed(arn, null);
                } else if (outcome < 0.96) {
                    sfn.fail(arn, "Bench.Error", "failed by the workload");
                } else if (outcome < 0.98) {
                    sfn.timeOut(arn);
                } else {
                    sfn.abort(arn, "Bench.Stopped", "stopped by the workload");
                }
            }
        } finally {
            clock.release();
        }
        seedMs = (System.nanoTime() - t0) / 1_000_000;
        return seedMs;
    }

    /** A UUID-shaped name whose first 8 hex digits are the execution's index. */
    private static String name(int index, Random random) {
        String uuid = new java.util.UUID(random.nextLong(), random.nextLong()).toString();
        return String.format("%08x", index) + uuid.substring(8);
    }

    /** The index of the execution an ARN names (its name's first 8 hex digits), or -1 if it is none of these. */
    static int indexOf(String executionArn) {
        int colon = executionArn.lastIndexOf(':');
        if (colon < 0 || executionArn.length() < colon + 9) {
            return -1;
        }
        try {
            return Integer.parseInt(executionArn, colon + 1, colon + 9, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** How many executions of the state machine started inside the open interval (low, high). */
    int startedBetween(String stateMachineArn, long low, long high) {
        int machine = stateMachines.indexOf(stateMachineArn);
        if (machine < 0 || low >= high) {
            return 0;
        }
        long[] s = starts[machine];
        int from = upperBound(s, low);
        int to = lowerBound(s, high);
        return Math.max(0, to - from);
    }

    /** First index whose value is > v. */
    private static int upperBound(long[] a, long v) {
        int i = Arrays.binarySearch(a, v);
        if (i < 0) {
            return -i - 1;
        }
        while (i < a.length && a[i] == v) {
            i++;
        }
        return i;
    }

    /** First index whose value is >= v. */
    private static int lowerBound(long[] a, long v) {
        int i = Arrays.binarySearch(a, v);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && a[i - 1] == v) {
            i--;
        }
        return i;
    }

    @Override
    public void close() {
        sfn.close();
    }
}
