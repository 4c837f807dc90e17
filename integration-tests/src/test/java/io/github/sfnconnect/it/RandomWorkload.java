package io.github.sfnconnect.it;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

import io.github.sfnconnect.emulator.ApiException;
import io.github.sfnconnect.emulator.StepFunctionsEmulator;

/**
 * A seeded, reproducible workload of executions across several state machines: starts, successes, failures,
 * timeouts, aborts, executions that start and end between two polls, and redrives (some of which fail again at
 * once). It keeps the ground truth: every state each execution went through.
 * <p>
 * Redrives are made only once the connector has emitted the execution's terminal state, so that each redrive
 * attempt's outcome is observable; which states must reach the topic follows from that.
 */
final class RandomWorkload {

    private final StepFunctionsEmulator sfn;
    private final List<String> stateMachines;
    private final Random random;
    private final Predicate<String> emitted;
    private final int maxExecutions;
    /** Execution ARN -> every state it went through, as "status|redriveCount", in order. */
    private final Map<String, List<String>> history = new LinkedHashMap<>();
    private final List<String> running = new ArrayList<>();
    private final List<String> redrivable = new ArrayList<>();
    private final Set<String> gone = new HashSet<>();
    private int started;
    private int redrives;

    RandomWorkload(StepFunctionsEmulator sfn, List<String> stateMachines, long seed, int maxExecutions,
                   Predicate<String> emitted) {
        this.sfn = sfn;
        this.stateMachines = stateMachines;
        this.random = new Random(seed);
        this.maxExecutions = maxExecutions;
        this.emitted = emitted;
    }

    /** One tick of activity. */
    void step() {
        int starts = started < maxExecutions ? random.nextInt(12) : 0;
        for (int i = 0; i < starts; i++) {
            String arn = start();
            if (arn != null && random.nextInt(5) == 0) {
                end(arn); // starts and ends between two polls
            }
        }
        int ends = Math.min(running.size(), random.nextInt(10));
        for (int i = 0; i < ends; i++) {
            end(running.get(random.nextInt(running.size())));
        }
        redriveSome();
    }

    /** Ends every running execution, so that each has a final state. */
    void drain() {
        for (String arn : new ArrayList<>(running)) {
            act(arn, () -> sfn.succeed(arn, "{\"drained\":true}"), "SUCCEEDED");
        }
    }

    private String start() {
        String machine = stateMachines.get(random.nextInt(stateMachines.size()));
        String name = "w" + (++started) + "-" + Long.toHexString(random.nextLong());
        String input = switch (random.nextInt(10)) {
            case 0 -> "{\"text\":\"gr\u00fc\u00dfe \u65e5\u672c \u2603 \ud83d\ude80\"}";
            case 1 -> "{\"blob\":\"" + "x".repeat(10_000 + random.nextInt(20_000)) + "\"}";
            default -> "{\"order\":" + started + "}";
        };
        String arn = sfn.startExecution(machine, name, input);
        history.put(arn, new ArrayList<>(List.of("RUNNING|0")));
        running.add(arn);
        return arn;
    }

    private void end(String arn) {
        switch (random.nextInt(8)) {
            case 0, 1 -> act(arn, () -> sfn.fail(arn, "Boom", "failed at step " + random.nextInt(9)), "FAILED");
            case 2 -> act(arn, () -> sfn.timeOut(arn), "TIMED_OUT");
            case 3 -> act(arn, () -> sfn.abort(arn, "Stopped", "by the workload"), "ABORTED");
            default -> act(arn, () -> sfn.succeed(arn, "{\"ok\":" + random.nextInt(1000) + "}"), "SUCCEEDED");
        }
    }

    private void redriveSome() {
        for (String arn : new ArrayList<>(redrivable)) {
            String last = last(arn);
            if (!emitted.test(arn + "|" + last) || random.nextInt(4) != 0) {
                continue;
            }
            int rc = Integer.parseInt(last.substring(last.indexOf('|') + 1)) + 1;
            redrivable.remove(arn);
            if (act(arn, () -> sfn.redrive(arn), "RUNNING", rc)) {
                redrives++;
                running.add(arn);
                if (random.nextBoolean()) {
                    act(arn, () -> sfn.fail(arn, "Boom", "failed again at once"), "FAILED"); // between two polls
                }
            }
        }
    }

    private boolean act(String arn, Runnable action, String status) {
        String last = last(arn);
        return act(arn, action, status, Integer.parseInt(last.substring(last.indexOf('|') + 1)));
    }

    /** Applies one transition and records it; an execution deleted by a fault is dropped from the workload. */
    private boolean act(String arn, Runnable action, String status, int redriveCount) {
        try {
            action.run();
        } catch (ApiException e) {
            gone.add(arn);
            running.remove(arn);
            redrivable.remove(arn);
            return false;
        }
        history.get(arn).add(status + "|" + redriveCount);
        if ("RUNNING".equals(status)) {
            return true;
        }
        running.remove(arn);
        if (!"SUCCEEDED".equals(status)) {
            redrivable.add(arn);
        }
        return true;
    }

    private String last(String arn) {
        List<String> h = history.get(arn);
        return h.get(h.size() - 1);
    }

    /**
     * The changes that must reach the topic: each execution's final state, and the outcome of every attempt before
     * a redrive (the workload redrove only after seeing it emitted). Executions deleted by a fault are left out.
     */
    Set<String> requiredChanges(Set<String> vanished) {
        Set<String> required = new HashSet<>();
        history.forEach((arn, states) -> {
            if (vanished.contains(arn) || gone.contains(arn)) {
                return;
            }
            for (int i = 0; i < states.size(); i++) {
                boolean last = i == states.size() - 1;
                boolean beforeRedrive = !last && states.get(i + 1).startsWith("RUNNING|")
                        && !states.get(i).startsWith("RUNNING|");
                if (last || beforeRedrive) {
                    required.add(arn + "|" + states.get(i));
                }
            }
        });
        return required;
    }

    /** Every change that really happened, which bounds what the topic may hold. */
    Set<String> possibleChanges() {
        Set<String> possible = new HashSet<>();
        history.forEach((arn, states) -> states.forEach(s -> possible.add(arn + "|" + s)));
        return possible;
    }

    List<String> history(String executionArn) {
        return history.getOrDefault(executionArn, List.of());
    }

    int executions() {
        return history.size();
    }

    int redrives() {
        return redrives;
    }

    int running() {
        return running.size();
    }
}
