package io.github.sfnconnect.benchmark;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.sfnconnect.emulator.StepFunctionsEmulator;

/**
 * One emulated Step Functions account driven by a seeded {@link Workload}: its state machines, a history written
 * with the clock pinned in the past, and a live schedule played in real time. Two accounts built from the same
 * workload hold the same executions under the same names and see the same changes at the same offsets from the
 * start of their live phase, so that the connector and the baseline can each have one and their calls be
 * counted apart.
 */
final class SimulatedAccount implements AutoCloseable {

    private enum Kind { START, SUCCEED, FAIL, TIME_OUT, ABORT, REDRIVE }

    /** One change, {@code atMs} after the start of its phase (or epoch ms, for the history). */
    private record Event(long atMs, long seq, Kind kind, String name, int machine) {
    }

    private final HistoryClock clock = new HistoryClock();
    private final StepFunctionsEmulator sfn;
    private final Workload workload;
    /** How long live executions run. */
    private final RunTimes liveRunTimes;
    private final List<String> stateMachines = new ArrayList<>();
    /** Execution name -> ARN, for the executions this account started. */
    private final Map<String, String> arns = new ConcurrentHashMap<>();
    /** Execution ARN -> its last state, "STATUS|redriveCount". */
    private final Map<String, String> lastStates = new ConcurrentHashMap<>();
    /** The executions started by the last live phase. */
    private final Set<String> liveArns = ConcurrentHashMap.newKeySet();
    /** Every state the executions of the last live phase went through, "ARN|STATUS|redriveCount". */
    private final Set<String> liveStates = ConcurrentHashMap.newKeySet();
    private int livePhases;
    /** How far the last live phase fell behind its schedule at worst: whether the machine kept up with it. */
    private volatile long maxPlayLagMs;

    SimulatedAccount(Workload workload) {
        this(workload, RunTimes.exponential(workload.meanRunTimeMs()));
    }

    /** With live executions running as {@code liveRunTimes} says, rather than the workload's exponential. */
    SimulatedAccount(Workload workload, RunTimes liveRunTimes) {
        this.workload = workload;
        this.liveRunTimes = liveRunTimes;
        this.sfn = StepFunctionsEmulator.start(clock);
        for (int i = 0; i < workload.stateMachines(); i++) {
            stateMachines.add(sfn.createStateMachine(String.format("bench-sm-%04d", i)));
        }
    }

    StepFunctionsEmulator emulator() {
        return sfn;
    }

    List<String> stateMachineArns() {
        return List.copyOf(stateMachines);
    }

    /**
     * Writes the history: {@code historyExecutions} closed executions (with the workload's failures and redrives) and
     * {@code longRunning} executions that stay RUNNING, spread over {@code historySpan} up to five minutes ago, so
     * that all of it is older than a connector's consistency window. Returns the executions written: a complete
     * stream of the account holds one record per execution, of its current state.
     */
    int writeHistory() {
        Instant end = Instant.now().minus(Duration.ofMinutes(5));
        long startMs = end.minus(workload.historySpan()).toEpochMilli();
        long spanMs = workload.historySpan().toMillis();
        Random random = new Random(workload.seed());
        PriorityQueue<Event> events = new PriorityQueue<>(eventOrder());
        long seq = 0;
        int n = workload.historyExecutions();
        for (int i = 0; i < n; i++) {
            long at = startMs + (long) ((double) i * spanMs / Math.max(1, n));
            seq = plan(events, seq, random, "h" + i, at, RunTimes.exponential(Math.max(200, workload.meanRunTimeMs())),
                    end.toEpochMilli());
        }
        for (int i = 0; i < workload.longRunning(); i++) {
            long at = startMs + (long) (random.nextDouble() * spanMs);
            events.add(new Event(at, seq++, Kind.START, "long" + i, random.nextInt(stateMachines.size())));
        }
        try {
            while (!events.isEmpty()) {
                Event e = events.poll();
                clock.pin(Instant.ofEpochMilli(e.atMs()));
                apply(e);
            }
        } finally {
            clock.release();
        }
        return n + workload.longRunning();
    }

    /**
     * Writes {@code each} SUCCEEDED executions on every state machine, started a minute apart from {@code from} and
     * running a second each, with the clock pinned: a history of their own for each state machine, where
     * {@link #writeHistory()} spreads one over them at random.
     */
    void writeClosedOnEach(int each, Instant from) {
        try {
            for (String machine : stateMachines) {
                for (int i = 0; i < each; i++) {
                    Instant start = from.plus(Duration.ofMinutes(i));
                    clock.pin(start);
                    String arn = sfn.startExecution(machine, "old" + i, "{}");
                    clock.pin(start.plusSeconds(1));
                    sfn.succeed(arn, "{\"ok\":true}");
                }
            }
        } finally {
            clock.release();
        }
    }

    /**
     * Plays {@code length} of live workload in real time: starts at {@code startsPerSecond} (Poisson), each ending
     * after its run time with the workload's outcome, some redriven. Blocks until its last change (which may come
     * after {@code length}: executions started near the end still end). Each call plays the next part of the same
     * seeded sequence.
     */
    void playLive(Duration length) throws InterruptedException {
        List<Event> schedule = liveSchedule(length, ++livePhases);
        liveArns.clear();
        liveStates.clear();
        maxPlayLagMs = 0;
        long origin = System.currentTimeMillis();
        for (Event e : schedule) {
            long wait = origin + e.atMs() - System.currentTimeMillis();
            if (wait > 0) {
                TimeUnit.MILLISECONDS.sleep(wait);
            } else {
                maxPlayLagMs = Math.max(maxPlayLagMs, -wait);
            }
            apply(e);
        }
    }

    /** How late, at worst, the last live phase applied a change after its scheduled moment. */
    long maxPlayLagMs() {
        return maxPlayLagMs;
    }

    /** Every state the executions of the last live phase went through: no stream may hold another. */
    Set<String> livePossibleStates() {
        return Set.copyOf(liveStates);
    }

    /** The changes of the last live phase that every complete stream must hold: each execution's last state. */
    Set<String> liveFinalStates() {
        Set<String> keys = new HashSet<>();
        for (String arn : liveArns) {
            keys.add(arn + "|" + lastStates.get(arn));
        }
        return keys;
    }

    /** Starts one execution now (left running) and returns the key of its RUNNING record. */
    String startProbe(String name) {
        // on the last state machine: the baseline lists the others first, as it would in general
        String arn = sfn.startExecution(stateMachines.get(stateMachines.size() - 1), name, "{\"probe\":true}");
        return arn + "|RUNNING|0";
    }

    private List<Event> liveSchedule(Duration length, int phase) {
        Random random = new Random(workload.seed() * 31 + phase);
        PriorityQueue<Event> events = new PriorityQueue<>(eventOrder());
        long seq = 0;
        double t = 0;
        int i = 0;
        while (workload.startsPerSecond() > 0) {
            t += -Math.log(1 - random.nextDouble()) * 1000.0 / workload.startsPerSecond();
            if (t >= length.toMillis()) {
                break;
            }
            seq = plan(events, seq, random, "p" + phase + "-" + (i++), (long) t, liveRunTimes, Long.MAX_VALUE);
        }
        List<Event> ordered = new ArrayList<>(events.size());
        while (!events.isEmpty()) {
            ordered.add(events.poll());
        }
        return ordered;
    }

    /** Plans one execution: start, end with an outcome, maybe a redrive and a second end; all before {@code limitMs}. */
    private long plan(PriorityQueue<Event> events, long seq, Random random, String name, long startMs,
                      RunTimes runTimes, long limitMs) {
        int machine = random.nextInt(stateMachines.size());
        events.add(new Event(startMs, seq++, Kind.START, name, machine));
        long stopMs = Math.min(limitMs, startMs + runTimes.draw(random));
        boolean failed = random.nextDouble() < workload.failureShare();
        events.add(new Event(stopMs, seq++, failed ? failure(random) : Kind.SUCCEED, name, machine));
        if (failed && random.nextDouble() < workload.redriveShare()) {
            long redriveMs = Math.min(limitMs, stopMs + 1_000 + random.nextInt(2_000));
            long againMs = Math.min(limitMs, redriveMs + runTimes.draw(random));
            events.add(new Event(redriveMs, seq++, Kind.REDRIVE, name, machine));
            events.add(new Event(againMs, seq++, random.nextDouble() < 0.7 ? Kind.SUCCEED : Kind.FAIL, name, machine));
        }
        return seq;
    }

    private static Kind failure(Random random) {
        double d = random.nextDouble();
        return d < 0.6 ? Kind.FAIL : d < 0.8 ? Kind.TIME_OUT : Kind.ABORT;
    }

    private static java.util.Comparator<Event> eventOrder() {
        return java.util.Comparator.comparingLong(Event::atMs).thenComparingLong(Event::seq);
    }

    private void apply(Event e) {
        if (e.kind() == Kind.START) {
            String arn = sfn.startExecution(stateMachines.get(e.machine()), e.name(), "{\"order\":\"" + e.name() + "\"}");
            arns.put(e.name(), arn);
            lastStates.put(arn, "RUNNING|0");
            if (e.name().startsWith("p")) {
                liveArns.add(arn);
                liveStates.add(arn + "|RUNNING|0");
            }
            return;
        }
        String arn = arns.get(e.name());
        String state = lastStates.get(arn);
        int redriveCount = Integer.parseInt(state.substring(state.indexOf('|') + 1));
        switch (e.kind()) {
            case SUCCEED -> sfn.succeed(arn, "{\"ok\":true}");
            case FAIL -> sfn.fail(arn, "Bench.Error", "failed by the workload");
            case TIME_OUT -> sfn.timeOut(arn);
            case ABORT -> sfn.abort(arn, "Bench.Stopped", "stopped by the workload");
            case REDRIVE -> sfn.redrive(arn);
            default -> throw new IllegalStateException("unhandled " + e.kind());
        }
        String status = switch (e.kind()) {
            case SUCCEED -> "SUCCEEDED";
            case FAIL -> "FAILED";
            case TIME_OUT -> "TIMED_OUT";
            case ABORT -> "ABORTED";
            default -> "RUNNING";
        };
        String next = status + "|" + (e.kind() == Kind.REDRIVE ? redriveCount + 1 : redriveCount);
        lastStates.put(arn, next);
        if (liveArns.contains(arn)) {
            liveStates.add(arn + "|" + next);
        }
    }

    @Override
    public void close() {
        sfn.close();
    }
}
