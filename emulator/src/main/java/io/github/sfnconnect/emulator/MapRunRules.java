package io.github.sfnconnect.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * How Map Runs and their children change together: a Map Run's status follows its children, and its parent's end
 * and redrive reach it. Not thread-safe: the owning {@link StateStore} guards it, and makes every change of an
 * execution through {@link Executions#change}, which reports back to {@link #changed}.
 *
 * <p>The emulator's executions make no transitions of their own, so what AWS does over time happens at once: a
 * failing Map Run cancels its running STANDARD children in the same step. EXPRESS children cannot be stopped
 * ("If you use a child workflow execution of the Express type, you can't stop the execution", developer guide,
 * "Viewing a Distributed Map Run execution"), so a Map Run of them that fails or is aborted keeps RUNNING until the
 * last of them ended ("A Map Run can continue to run even after the parent workflow stops or times out ... waiting
 * for child workflow executions of type Express to complete their executions", "Redriving Map Runs").
 */
final class MapRunRules {
    /** What the rules need of the store. */
    interface Executions {
        /** Changes an execution's state; the store then calls {@link #changed}. */
        void change(Execution execution, ExecutionState next, Instant at);

        long nextSequence();

        /** Announces a new execution, as StartExecution does (read lags may hold it back). */
        void started(Execution execution, Instant at);
    }

    private final MapRuns runs;
    private final Executions executions;
    private final String region;
    private final String accountId;
    /** The Map Run whose children the rules are changing in one step; it is settled once, after the step. */
    private MapRun changing;

    MapRunRules(MapRuns runs, Executions executions, String region, String accountId) {
        this.runs = runs;
        this.executions = executions;
        this.region = region;
        this.accountId = accountId;
    }

    /** A new Map Run in a RUNNING STANDARD execution; one without items succeeds at once. */
    MapRun start(Execution parent, MapRunConfig config, Instant now) {
        // "If you don't specify a label, Step Functions automatically generates a unique label"
        String label = config.label() != null ? config.label() : UUID.randomUUID().toString();
        StateMachine machine = parent.stateMachine;
        String labelledName = machine.name + "/" + label;
        StateMachine children = new StateMachine(
                Arns.labelledStateMachine(region, accountId, machine.name, label), labelledName, machine.definition,
                machine.roleArn, config.childType(), now, executions.nextSequence(),
                Arns.execution(region, accountId, labelledName, "", config.expressChildren()));
        MapRun run = new MapRun(Arns.mapRun(region, accountId, machine.name, label, UUID.randomUUID().toString()),
                parent, children, config, executions.nextSequence(), now);
        runs.add(run);
        settle(run, now);
        return run;
    }

    /** Starts one child per input, for the next pending items; each gets a UUID as its name, as AWS gives. */
    List<Execution> startChildren(MapRun run, List<String> inputs, Instant now) {
        requireAccepting(run);
        if (inputs.size() > run.pendingItems()) {
            throw new IllegalStateException("Map Run " + run.arn + " has " + run.pendingItems()
                    + " pending items, not " + inputs.size());
        }
        requireSlots(run, inputs.size());
        List<Execution> started = new ArrayList<>(inputs.size());
        for (String input : inputs) {
            String expressId = run.config.expressChildren() ? UUID.randomUUID().toString() : null;
            Execution child = Execution.child(new MapRunChild(run, expressId), UUID.randomUUID().toString(),
                    executions.nextSequence(), now, input);
            runs.addChild(child);
            run.started();
            executions.started(child, now);
            started.add(child);
        }
        return started;
    }

    /**
     * Runs the first {@code count} children waiting since a redrive, oldest first (developer guide, "Redriving Map
     * Runs", child workflow execution redrive behavior): a STANDARD child "redriven using the RedriveExecution API
     * action" keeps its ARN and counts the redrive; an EXPRESS child is "started using the StartExecution API
     * action", so a new execution runs from the start, under the old one's ARN ("Express child workflow executions
     * use the same execution ARN as the original execution attempt, but you can't distinctly identify their
     * individual redrives"): a new start date, and no redrive count or date ("The redriveDate is unavailable if you
     * redrive a Map Run that starts child workflow executions of type EXPRESS", DescribeExecution).
     */
    List<Execution> runAwaitingRedrive(MapRun run, int count, Instant now) {
        requireAccepting(run);
        if (count < 0 || count > run.awaitingRedrive()) {
            throw new IllegalStateException("Map Run " + run.arn + " has " + run.awaitingRedrive()
                    + " children waiting to be redriven, not " + count);
        }
        requireSlots(run, count);
        List<Execution> running = new ArrayList<>(count);
        for (Execution child : run.takeAwaitingRedrive(count)) {
            if (run.config.expressChildren()) {
                Execution rerun = Execution.child(child.child, child.name, executions.nextSequence(), now,
                        child.input);
                runs.replaceChild(child, rerun);
                run.counted(ExecutionStatus.PENDING_REDRIVE, ExecutionStatus.RUNNING);
                executions.started(rerun, now);
                running.add(rerun);
            } else {
                executions.change(child, child.state().redriven(now), now);
                running.add(child);
            }
        }
        return running;
    }

    /**
     * Follows a change of any execution: a child's change moves its Map Run's counts and may end the Map Run; a
     * parent that ended unsuccessfully aborts its running Map Runs.
     */
    void changed(Execution execution, ExecutionStatus was, Instant at) {
        ExecutionStatus now = execution.state().status();
        if (execution.child != null) {
            MapRun run = execution.child.mapRun();
            run.counted(was, now);
            if (run != changing && runs.holds(run)) {
                settle(run, at);
            }
            return;
        }
        if (was.open() && now.unsuccessfulEnd()) {
            runs.of(execution).stream().filter(MapRun::accepting).forEach(run -> stop(run, MapRunStatus.ABORTED, at));
        }
    }

    /** Whether a parent has a Map Run still running, so that it cannot succeed yet. */
    boolean running(Execution parent) {
        return runs.of(parent).stream().anyMatch(run -> run.status() == MapRunStatus.RUNNING);
    }

    /**
     * Redrives the FAILED and ABORTED Map Runs of a parent that was just redriven ("The parent workflow redrives
     * all the unsuccessful states, including a failed Map Run", RedriveExecution); one still ending is redriven once
     * it has ended ("the running Map Run completes its operations before attempting to redrive", "Redriving Map
     * Runs"). Returns, and redrives nothing, when a Map Run has reached its redrive limit: the parent then fails.
     */
    Optional<MapRun> parentRedriven(Execution parent, Instant at) {
        List<MapRun> unsuccessful = runs.of(parent).stream()
                .filter(run -> run.status() == MapRunStatus.FAILED || run.status() == MapRunStatus.ABORTED
                        || run.ending())
                .toList();
        Optional<MapRun> atLimit = unsuccessful.stream().filter(run -> run.redriveCount() >= MapRun.MAX_REDRIVES)
                .findFirst();
        if (atLimit.isEmpty()) {
            unsuccessful.forEach(run -> {
                if (run.ending()) {
                    run.redriveWhenEnded();
                } else {
                    redrive(run, at);
                }
            });
        }
        return atLimit;
    }

    /** Ends a Map Run whose children decide it; nothing while it waits for children or has ended. */
    private void settle(MapRun run, Instant at) {
        if (run.status() != MapRunStatus.RUNNING) {
            return;
        }
        if (run.ending()) {
            if (run.running() == 0) {
                close(run, run.endingWith(), at);
            }
        } else if (!run.withinTolerance()) {
            stop(run, MapRunStatus.FAILED, at);
        } else if (run.allItemsEnded()) {
            close(run, MapRunStatus.SUCCEEDED, at);
        }
    }

    /**
     * A Map Run that fails or is aborted: children waiting to be redriven stay as they were ("When a Map Run has
     * completed its execution or is aborted, the count of child workflow executions in the Pending redrive state is
     * reset to 0"), running STANDARD children are aborted ("Step Functions stopped the execution because the Map
     * Run failed"), and it ends once no child runs.
     */
    private void stop(MapRun run, MapRunStatus end, Instant at) {
        run.endWith(end);
        inOneStep(run, () -> {
            for (Map.Entry<Execution, ExecutionState> waiting : run.takeAllAwaitingRedrive().entrySet()) {
                executions.change(waiting.getKey(), waiting.getValue(), at);
            }
            if (!run.config.expressChildren()) {
                List<Execution> running = run.children.executions.stream()
                        .filter(child -> child.state().status() == ExecutionStatus.RUNNING)
                        .toList();
                running.forEach(child -> executions.change(child,
                        child.state().ended(ExecutionStatus.ABORTED, at, null, null, null), at));
            }
        });
        settle(run, at);
    }

    private void close(MapRun run, MapRunStatus end, Instant at) {
        if (run.close(end, at)) {
            redrive(run, at);
        }
    }

    /**
     * The Map Run runs again, counting the redrive, and its unsuccessful children that can be redriven wait to run
     * ("All child workflow executions that failed, timed out, or canceled in the original execution attempt are
     * redriven", for STANDARD children; "All child workflow executions that failed or timed out", for EXPRESS ones)
     * as PENDING_REDRIVE, until {@link #runAwaitingRedrive}; those that cannot stay as they are ("If an execution
     * isn't redrivable, it won't be attempted again"). Items never started stay pending.
     */
    private void redrive(MapRun run, Instant at) {
        run.redriven(at);
        inOneStep(run, () -> {
            List<Execution> rerun = new ArrayList<>(run.children.executions.descendingSet()).stream()
                    .filter(child -> Redrivability.rerunByMapRun(child, at))
                    .toList();
            for (Execution child : rerun) {
                run.awaitRedrive(child, child.state());
                executions.change(child, child.state().awaitingRedrive(), at);
            }
        });
        settle(run, at);
    }

    /** Changes several children of a Map Run without settling it after each; the caller settles it after. */
    private void inOneStep(MapRun run, Runnable step) {
        MapRun outer = changing;
        changing = run;
        try {
            step.run();
        } finally {
            changing = outer;
        }
    }

    private static void requireAccepting(MapRun run) {
        if (!run.accepting()) {
            throw new IllegalStateException("Map Run " + run.arn + " is " + run.status()
                    + (run.ending() ? " (ending as " + run.endingWith() + ")" : "") + " and starts no children");
        }
    }

    private static void requireSlots(MapRun run, int count) {
        if (count > run.freeSlots()) {
            throw new IllegalStateException("Map Run " + run.arn + " may run " + run.freeSlots()
                    + " more children at once (maxConcurrency " + run.config.maxConcurrency() + "), not " + count);
        }
    }
}
