package io.github.sfnconnect.it;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

import io.github.sfnconnect.emulator.ApiException;
import io.github.sfnconnect.emulator.StepFunctionsEmulator;

/**
 * Months of one account on the emulator's (compressed) clock, with its ground truth: steady starts of executions
 * that run for seconds, days or months, failures redriven soon or near the 14-day edge, a burst of more than 2,000
 * executions open for weeks, names used again once 90-day retention frees them, executions started through a version
 * and an alias, and a state machine deleted and created again under the same name.
 * <p>
 * Every state each execution life had is recorded with the span of simulated time it lasted, so that the test can
 * tell which states the connector must have emitted (terminal ones that lasted a while it was running) from those it
 * may have missed (superseded while it was down).
 */
final class LongHorizonWorkload {

    static final long MINUTE = 60_000L;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;
    private static final long RETENTION = StepFunctionsEmulator.RETENTION.toMillis();

    /** The state machines: the connector streams main, versioned and recreated whole, and aliased through its alias. */
    final String main;
    final String versioned;
    final String versionArn;
    final String aliased;
    final String aliasArn;
    final String recreated;

    private record Due(long atMs, String arn, long lifeStart, Runnable action) {
    }

    private final StepFunctionsEmulator sfn;
    private final Clock clock;
    private final Random random;
    private final long startMs;
    private final PriorityQueue<Due> due = new PriorityQueue<>((a, b) -> Long.compare(a.atMs(), b.atMs()));
    /** State key ({@code arn@start|STATUS|rc}) to its span {from, to} (to = MAX while current). */
    private final Map<String, long[]> spans = new HashMap<>();
    /** Execution ARN to the key of its current state. */
    private final Map<String, String> current = new HashMap<>();
    /** Lives (arn@start) the connector must never emit: executions of the aliased state machine not started through
     * its alias. */
    private final Set<String> notStreamed = new HashSet<>();
    /** States a poll may see but none has to: the aborts of a deleted state machine's executions. */
    private final Set<String> mayBeSeen = new HashSet<>();
    private final Map<String, Integer> redrives = new HashMap<>();
    private final Set<String> requiredSoFar = new HashSet<>();
    private long nextStartMs;
    private int names;
    private int executions;
    private boolean burstDone;
    private boolean deleteDone;
    private boolean recreateDone;
    private final String arnPrefix;

    LongHorizonWorkload(StepFunctionsEmulator sfn, Clock clock, long seed) {
        this.sfn = sfn;
        this.clock = clock;
        this.random = new Random(seed);
        this.startMs = clock.millis();
        this.nextStartMs = startMs;
        main = sfn.createStateMachine("lh-main");
        versioned = sfn.createStateMachine("lh-versioned");
        versionArn = sfn.publishVersion(versioned);
        sfn.createAlias(versioned, "PROD", versionArn);
        aliased = sfn.createStateMachine("lh-aliased");
        aliasArn = sfn.createAlias(aliased, "LIVE", sfn.publishVersion(aliased));
        recreated = sfn.createStateMachine("lh-recreated");
        arnPrefix = "arn:aws:states:" + sfn.region() + ":" + sfn.accountId() + ":execution:lh-";
    }

    /** The ARNs the connector is configured with. */
    List<String> streamed() {
        return List.of(main, versioned, aliasArn, recreated);
    }

    /** Prefix of every execution ARN of this workload. */
    String executionArnPrefix() {
        return arnPrefix;
    }

    long elapsedDays() {
        return (clock.millis() - startMs) / DAY;
    }

    int executions() {
        return executions;
    }

    /** Does what is due by now: starts, ends, redrives, the burst, the state machine's deletion. */
    void step(boolean starting) {
        long now = clock.millis();
        while (starting && nextStartMs <= now) {
            // about 4 starts a simulated hour, spread over the four state machines
            start(pick(), nextStartMs);
            nextStartMs += (long) (-Math.log(1 - random.nextDouble()) * 15 * MINUTE);
        }
        if (starting && !burstDone && now - startMs > 10 * DAY) {
            for (int i = 0; i < 2_100; i++) { // more than 2,000 open at once, for weeks
                start(main, now, "burst" + i, 20 * DAY + (long) (random.nextDouble() * 60 * DAY));
            }
            burstDone = true;
        }
        if (!deleteDone && now - startMs > 60 * DAY) {
            delete(now);
            deleteDone = true;
        }
        if (!recreateDone && now - startMs > 61 * DAY) {
            sfn.createStateMachine("lh-recreated"); // a day later, the same name: a new state machine, same ARN
            recreateDone = true;
        }
        while (!due.isEmpty() && due.peek().atMs() <= now) {
            Due d = due.poll();
            String key = current.get(d.arn());
            if (key != null && key.startsWith(d.arn() + "@" + d.lifeStart() + "|")) {
                d.action().run();
            }
        }
        expire(now);
    }

    private String pick() {
        int r = random.nextInt(10);
        return r < 6 ? main : r < 8 ? versioned : r < 9 ? aliased : recreated;
    }

    private void start(String stateMachine, long plannedMs) {
        boolean reuse = random.nextInt(8) == 0;
        String name = reuse ? "reused-" + random.nextInt(40) : "e" + (++names);
        start(stateMachine, plannedMs, name, runtime());
    }

    /** Mostly seconds, some hours to days, a few months. */
    private long runtime() {
        int r = random.nextInt(100);
        if (r < 80) {
            return 1_000 + random.nextInt((int) (10 * MINUTE));
        }
        if (r < 96) {
            return HOUR + (long) (random.nextDouble() * 5 * DAY);
        }
        return 30 * DAY + (long) (random.nextDouble() * 90 * DAY);
    }

    private void start(String stateMachine, long plannedMs, String name, long runtimeMs) {
        String target = stateMachine;
        boolean streamed = true;
        if (stateMachine.equals(versioned)) {
            int via = random.nextInt(3);
            target = via == 0 ? versioned : via == 1 ? versionArn : versioned + ":PROD";
        } else if (stateMachine.equals(aliased)) {
            boolean viaAlias = random.nextBoolean();
            target = viaAlias ? aliasArn : aliased;
            streamed = viaAlias;
        }
        String arn;
        try {
            arn = sfn.startExecution(target, name, "{\"n\":" + executions + "}");
        } catch (ApiException e) {
            if (e.errorType().equals("ExecutionAlreadyExists") || e.errorType().equals("StateMachineDeleting")
                    || e.errorType().equals("StateMachineDoesNotExist")) {
                return; // the name is not free yet (retention), or the state machine is being re-created
            }
            throw e;
        }
        executions++;
        long start = sfn.execution(arn).orElseThrow().startDate().toEpochMilli();
        if (!streamed) {
            notStreamed.add(arn + "@" + start);
        }
        enter(arn, start, "RUNNING", 0, start);
        schedule(arn, start, start + runtimeMs);
    }

    private void schedule(String arn, long lifeStart, long endMs) {
        due.add(new Due(endMs, arn, lifeStart, () -> end(arn, lifeStart)));
    }

    private void end(String arn, long lifeStart) {
        int r = random.nextInt(100);
        String status;
        if (r < 75) {
            sfn.succeed(arn, "{\"ok\":true}");
            status = "SUCCEEDED";
        } else if (r < 88) {
            sfn.fail(arn, "Boom", "it broke");
            status = "FAILED";
        } else if (r < 94) {
            sfn.timeOut(arn);
            status = "TIMED_OUT";
        } else {
            sfn.abort(arn, "Stopped", "by the workload");
            status = "ABORTED";
        }
        var view = sfn.execution(arn).orElseThrow();
        long stop = view.stopDate().toEpochMilli();
        enter(arn, lifeStart, status, view.redriveCount(), stop);
        int done = redrives.getOrDefault(arn + "@" + lifeStart, 0);
        if (!status.equals("SUCCEEDED") && done < 2 && random.nextInt(3) == 0) {
            // soon after, or at the very end of the 14-day redrive period
            long delay = random.nextBoolean() ? 2 * DAY + random.nextInt((int) DAY) : 14 * DAY - HOUR;
            due.add(new Due(stop + delay, arn, lifeStart, () -> redrive(arn, lifeStart)));
        }
    }

    private void redrive(String arn, long lifeStart) {
        try {
            sfn.redrive(arn);
        } catch (ApiException e) {
            if (e.errorType().equals("ExecutionNotRedrivable") || e.errorType().equals("ExecutionDoesNotExist")) {
                return; // the compressed clock ran past the edge, or the state machine went
            }
            throw e;
        }
        var view = sfn.execution(arn).orElseThrow();
        redrives.merge(arn + "@" + lifeStart, 1, Integer::sum);
        enter(arn, lifeStart, "RUNNING", view.redriveCount(), view.redriveDate().toEpochMilli());
        schedule(arn, lifeStart, clock.millis() + runtime() / 10);
    }

    /**
     * DeleteStateMachine: running executions end ABORTED at once, and a minute later the state machine and all its
     * executions are gone (until {@link #step} creates it again a day later).
     */
    private void delete(long now) {
        sfn.deletionDelay(Duration.ofMinutes(1));
        sfn.deleteStateMachine(recreated);
        for (String arn : List.copyOf(current.keySet())) {
            if (arn.startsWith(arnPrefix + "recreated:")) {
                // aborted, then removed within the minute: not required, but a poll between two of the test's clock
                // steps may see the abort (the fresh-clone CI of 19af745 did)
                String key = current.get(arn);
                if (key.contains("|RUNNING|")) {
                    mayBeSeen.add(key.replace("|RUNNING|", "|ABORTED|"));
                }
                leave(arn, now);
            }
        }
    }

    /** Closed executions leave 90 days after their latest stop, as the emulator's retention does. */
    private void expire(long now) {
        for (String arn : List.copyOf(current.keySet())) {
            String key = current.get(arn);
            long[] span = spans.get(key);
            if (!key.contains("|RUNNING|") && span[0] + RETENTION <= now) {
                leave(arn, span[0] + RETENTION);
            }
        }
    }

    private void enter(String arn, long lifeStart, String status, int redriveCount, long atMs) {
        leave(arn, atMs);
        String key = arn + "@" + lifeStart + "|" + status + "|" + redriveCount;
        spans.put(key, new long[] {atMs, Long.MAX_VALUE});
        current.put(arn, key);
    }

    private void leave(String arn, long atMs) {
        String previous = current.remove(arn);
        if (previous != null) {
            spans.get(previous)[1] = atMs;
        }
    }

    /** Every state that happened, and that the connector may emit (keyed arn@start|status|rc). */
    Set<String> possible() {
        Set<String> possible = new HashSet<>(mayBeSeen);
        spans.keySet().forEach(k -> {
            if (!notStreamed.contains(k.substring(0, k.indexOf('|')))) {
                possible.add(k);
            }
        });
        return possible;
    }

    /**
     * Terminal states the connector must have emitted: each lasted at least {@code minVisibleMs} within one of the
     * spans it was running, before {@code untilMs}.
     */
    Set<String> required(List<long[]> running, long minVisibleMs, long untilMs) {
        Set<String> required = new HashSet<>();
        spans.forEach((key, span) -> {
            if (key.contains("|RUNNING|") || notStreamed.contains(key.substring(0, key.indexOf('|')))) {
                return;
            }
            for (long[] up : running) {
                long from = Math.max(span[0], up[0]);
                long to = Math.min(Math.min(span[1], up[1]), untilMs);
                if (to - from >= minVisibleMs) {
                    required.add(key);
                    return;
                }
            }
        });
        return required;
    }

    /** Every state of the execution's lives, with its span in days since the workload began: for a failure's message. */
    String history(String arn) {
        StringBuilder out = new StringBuilder(arn.substring(arn.lastIndexOf(':') + 1));
        spans.entrySet().stream().filter(e -> e.getKey().startsWith(arn + "@"))
                .sorted((a, b) -> Long.compare(a.getValue()[0], b.getValue()[0]))
                .forEach(e -> out.append(String.format(" %s [%.3f, %s)", e.getKey().substring(e.getKey().indexOf('|') + 1),
                        (e.getValue()[0] - startMs) / (double) DAY, e.getValue()[1] == Long.MAX_VALUE ? "now"
                                : String.format("%.3f", (e.getValue()[1] - startMs) / (double) DAY))));
        return out.toString();
    }

    double day(long ms) {
        return (ms - startMs) / (double) DAY;
    }

    /** The terminal states of streamed executions as the account shows them now; required from now on. */
    Set<String> requireCurrent() {
        current.values().forEach(key -> {
            if (!key.contains("|RUNNING|") && !notStreamed.contains(key.substring(0, key.indexOf('|')))) {
                requiredSoFar.add(key);
            }
        });
        return Set.copyOf(requiredSoFar);
    }

    /** Executions open now by state machine name (those the connector does not stream counted apart). */
    Map<String, Integer> openByStateMachine() {
        Map<String, Integer> open = new java.util.TreeMap<>();
        current.forEach((arn, key) -> {
            if (key.contains("|RUNNING|")) {
                String[] parts = arn.split(":");
                String sm = parts[parts.length - 2] + (notStreamed.contains(key.substring(0, key.indexOf('|')))
                        ? " (not streamed)" : "");
                open.merge(sm, 1, Integer::sum);
            }
        });
        return open;
    }

    /** Executions open now, of the state machines streamed. */
    int open() {
        return (int) current.values().stream().filter(k -> k.contains("|RUNNING|")).count();
    }
}
