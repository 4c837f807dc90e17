package io.github.sfnconnect.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Map Run: the child workflow executions that a Distributed Map state started in one parent execution, the
 * runtime settings they run under, and its status and counts. Mutable, guarded by the owning {@link StateStore};
 * {@link MapRunRules} changes it together with its children.
 *
 * <p>Its children are the executions of its own labelled state machine ({@code <stateMachineName>/<label>}), which
 * keeps them in ListExecutions order, newest first.
 */
final class MapRun {
    /** "Maximum redrives of a Map Run: 1000" (developer guide, service quotas; a hard quota). */
    static final int MAX_REDRIVES = 1000;
    /** "Maximum number of parallel child executions within a single Map Run: 10,000" (service quotas). */
    static final int MAX_PARALLEL_CHILDREN = 10_000;
    /** The emulator has no ItemBatcher: each child processes one item, its ExecutionListItem's itemCount. */
    static final int ITEMS_PER_CHILD = 1;

    final String arn;
    final Execution parent;
    /** The labelled state machine whose executions are this Map Run's children. */
    final StateMachine children;
    final MapRunConfig config;
    final long sequence;
    final Instant startDate;
    private final ChildTally tally = new ChildTally();
    /** Children waiting to run again after a redrive, oldest first, with the state each had before it. */
    private final Map<Execution, ExecutionState> awaitingRedrive = new LinkedHashMap<>();
    /** How many items a child has been started for; the others are pending. */
    private long started;
    private MapRunStatus status = MapRunStatus.RUNNING;
    /** While RUNNING: the status to end with once the EXPRESS children still running have ended; else null. */
    private MapRunStatus ending;
    /** Whether the parent was redriven while this Map Run was still ending: it is redriven once it has ended. */
    private boolean redriveDue;
    private Instant stopDate;
    private int redriveCount;
    private Instant redriveDate;

    MapRun(String arn, Execution parent, StateMachine children, MapRunConfig config, long sequence,
            Instant startDate) {
        this.arn = arn;
        this.parent = parent;
        this.children = children;
        this.config = config;
        this.sequence = sequence;
        this.startDate = startDate;
    }

    SortKey sortKey() {
        return new SortKey(startDate.toEpochMilli(), sequence);
    }

    MapRunStatus status() {
        return status;
    }

    int redriveCount() {
        return redriveCount;
    }

    /** Whether children may be started: the Map Run runs and is not ending. */
    boolean accepting() {
        return status == MapRunStatus.RUNNING && ending == null;
    }

    /** Whether the Map Run has decided how it ends and waits for its running EXPRESS children to end first. */
    boolean ending() {
        return status == MapRunStatus.RUNNING && ending != null;
    }

    long pendingItems() {
        return config.itemCount() - started;
    }

    long running() {
        return tally.of(ExecutionStatus.RUNNING);
    }

    /** How many more children may run at once: "If you don't specify a concurrency value or set it to zero, Step
     * Functions doesn't limit concurrency and runs 10,000 parallel child workflow executions" (developer guide). */
    long freeSlots() {
        int limit = config.maxConcurrency() == 0 ? MAX_PARALLEL_CHILDREN
                : Math.min(config.maxConcurrency(), MAX_PARALLEL_CHILDREN);
        return limit - running();
    }

    void started() {
        started++;
        tally.added(ExecutionStatus.RUNNING);
    }

    void counted(ExecutionStatus from, ExecutionStatus to) {
        if (from != to) {
            tally.moved(from, to);
        }
    }

    /**
     * Whether the failures stay within the tolerated failure threshold. Failures are the FAILED, TIMED_OUT and
     * ABORTED children. The developer guide measures the percentage by "the total number of failed or timed out
     * items"; an ABORTED child counts as well, because while the Map Run runs only a user's StopExecution aborts
     * one (the Map Run's own aborts come after it failed), and its item was not processed.
     */
    boolean withinTolerance() {
        return config.tolerates(tally.failures(), config.itemCount());
    }

    /** Whether every item has been processed: started, and its child ended and not waiting to run again. */
    boolean allItemsEnded() {
        return started == config.itemCount() && running() == 0 && awaitingRedrive.isEmpty();
    }

    void endWith(MapRunStatus end) {
        ending = end;
    }

    /** Ends with the status it was ending with (or SUCCEEDED); true if a redrive of the parent is due now. */
    boolean close(MapRunStatus end, Instant at) {
        status = end;
        ending = null;
        stopDate = at;
        boolean due = redriveDue;
        redriveDue = false;
        return due;
    }

    MapRunStatus endingWith() {
        return ending;
    }

    void redriveWhenEnded() {
        redriveDue = true;
    }

    void redriven(Instant at) {
        redriveCount++;
        redriveDate = at;
        status = MapRunStatus.RUNNING;
        stopDate = null;
    }

    void awaitRedrive(Execution child, ExecutionState before) {
        awaitingRedrive.put(child, before);
    }

    int awaitingRedrive() {
        return awaitingRedrive.size();
    }

    /** The first {@code count} children waiting to run again, oldest first, no longer waiting. */
    List<Execution> takeAwaitingRedrive(int count) {
        List<Execution> taken = new ArrayList<>(awaitingRedrive.keySet()).subList(0, count);
        taken.forEach(awaitingRedrive::remove);
        return taken;
    }

    /** Every child waiting to run again, with the state to return it to, no longer waiting. */
    Map<Execution, ExecutionState> takeAllAwaitingRedrive() {
        Map<Execution, ExecutionState> taken = new LinkedHashMap<>(awaitingRedrive);
        awaitingRedrive.clear();
        return taken;
    }

    /** Closed Map Runs are kept, like executions, for {@link StepFunctionsEmulator#RETENTION} after their stop. */
    boolean expired(Instant now) {
        return stopDate != null && !now.isBefore(stopDate.plus(StepFunctionsEmulator.RETENTION));
    }

    MapRunView view(Instant at) {
        MapRunCounts counts = new MapRunCounts(pendingItems(), running(), tally.of(ExecutionStatus.SUCCEEDED),
                tally.of(ExecutionStatus.FAILED), tally.of(ExecutionStatus.TIMED_OUT),
                tally.of(ExecutionStatus.ABORTED), config.itemCount(), 0, failuresNotRedrivable(at),
                tally.of(ExecutionStatus.PENDING_REDRIVE));
        Long count = config.toleratedFailureCount();
        Float percentage = config.toleratedFailurePercentage();
        return new MapRunView(arn, parent.arn(), parent.stateMachine.arn, status, startDate, stopDate,
                config.maxConcurrency(), percentage == null ? 0 : percentage, count == null ? 0 : count, counts,
                counts, redriveCount, redriveDate);
    }

    /**
     * The unsuccessful children that cannot be redriven as of {@code at}: "The number of FAILED, ABORTED, or
     * TIMED_OUT child workflow executions that cannot be redriven because their execution status is terminal"
     * (MapRunExecutionCounts). Counted from the retained children: one that aged out (90 days after it closed) was
     * past its 14 redrivable days long before, so it counts among the unsuccessful ones the tally keeps.
     */
    private long failuresNotRedrivable(Instant at) {
        long redrivable = children.executions.stream()
                .filter(child -> Redrivability.rerunByMapRun(child, at))
                .count();
        return tally.failures() - redrivable;
    }
}
