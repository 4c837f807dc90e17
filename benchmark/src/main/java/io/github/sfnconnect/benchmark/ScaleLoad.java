package io.github.sfnconnect.benchmark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.github.sfnconnect.emulator.StepFunctionsEmulator;

/**
 * The active state machines' executions, played at the compressed pace on both sides' accounts at once from one
 * seeded schedule: each active state machine starts executions as a Poisson process, each ends after an exponential
 * run time (one in ten FAILED). Both accounts see the same executions, under the same names, at the same moments.
 */
final class ScaleLoad implements AutoCloseable {

    private record Event(long atMs, long seq, boolean start, int machine, String name) {
    }

    private final ScalePlan plan;
    private final List<StepFunctionsEmulator> sides;
    private final List<List<String>> machineArns = new ArrayList<>();
    private final List<Integer> activeMachines;
    /** Per side, the ARNs of the executions started, in order. */
    private final List<List<String>> started = new ArrayList<>();
    private final Random random;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    /** @param accounts the sides' accounts, built alike: the same state machines in the same order */
    ScaleLoad(ScalePlan plan, List<SimulatedAccount> accounts) {
        this.plan = plan;
        this.random = new Random(plan.seed());
        this.sides = accounts.stream().map(SimulatedAccount::emulator).toList();
        for (SimulatedAccount account : accounts) {
            machineArns.add(account.stateMachineArns());
            started.add(Collections.synchronizedList(new ArrayList<>()));
        }
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < plan.stateMachines(); i++) {
            all.add(i);
        }
        Collections.shuffle(all, random);
        this.activeMachines = all.subList(0, plan.active()).stream().sorted().toList();
        this.thread = new Thread(this::play, "bench-scale-load");
        this.thread.setDaemon(true);
    }

    /** The indexes of the active state machines. */
    List<Integer> activeMachines() {
        return activeMachines;
    }

    void start() {
        thread.start();
    }

    /** The executions started so far on one side (0: the first account), all on active state machines. */
    List<String> startedOn(int side) {
        check();
        synchronized (started.get(side)) {
            return List.copyOf(started.get(side));
        }
    }

    private void play() {
        PriorityQueue<Event> events = new PriorityQueue<>(Comparator.comparingLong(Event::atMs)
                .thenComparingLong(Event::seq));
        List<Map<String, String>> open = new ArrayList<>(); // per side: name -> ARN of the open executions
        sides.forEach(side -> open.add(new HashMap<>()));
        long seq = 0;
        for (int machine : activeMachines) {
            events.add(new Event(nextStartGap(), seq++, true, machine, null));
        }
        long origin = System.currentTimeMillis();
        try {
            while (running) {
                Event e = events.poll();
                long wait = origin + e.atMs() - System.currentTimeMillis();
                if (wait > 0) {
                    TimeUnit.MILLISECONDS.sleep(wait);
                }
                if (e.start()) {
                    String name = "live-" + e.seq();
                    for (int side = 0; side < sides.size(); side++) {
                        String arn = sides.get(side).startExecution(machineArns.get(side).get(e.machine()), name,
                                "{\"n\":" + e.seq() + "}");
                        started.get(side).add(arn);
                        open.get(side).put(name, arn);
                    }
                    long runMs = plan.wallMs((long) (-Math.log(1 - random.nextDouble()) * plan.meanRunMs()));
                    events.add(new Event(e.atMs() + runMs, seq++, false, e.machine(), name));
                    events.add(new Event(e.atMs() + nextStartGap(), seq++, true, e.machine(), null));
                } else {
                    boolean fails = random.nextDouble() < 0.1;
                    for (int side = 0; side < sides.size(); side++) {
                        String arn = open.get(side).remove(e.name());
                        if (fails) {
                            sides.get(side).fail(arn, "Bench.Error", "failed by the workload");
                        } else {
                            sides.get(side).succeed(arn, "{\"ok\":true}");
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** The wall-clock gap to an active state machine's next start. */
    private long nextStartGap() {
        double meanMs = 3_600_000.0 / plan.startsPerActivePerHour();
        return plan.wallMs((long) (-Math.log(1 - random.nextDouble()) * meanMs));
    }

    private void check() {
        if (failure != null) {
            throw new IllegalStateException("The scale run's workload failed", failure);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        check();
    }
}
