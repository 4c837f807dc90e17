package io.github.sfnconnect.tracking;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.model.ExecutionPage;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.ExecutionSummary;
import io.github.sfnconnect.tracking.TrackerOutput.Emit;
import io.github.sfnconnect.tracking.TrackerOutput.Forget;
import io.github.sfnconnect.tracking.TrackerOutput.Observe;
import io.github.sfnconnect.tracking.TrackerOutput.Store;

/**
 * Change detection for one state machine. Pure logic: the caller makes the API calls it asks for.
 * <p>
 * A poll cycle lists, then describes:
 * <ol>
 * <li><b>Window</b>: {@code ListExecutions} newest first, down to {@code floor - window}, where {@code floor} is the
 * newest start date seen by the last complete cycle. The window re-lists recent executions because the list is
 * eventually consistent.</li>
 * <li><b>Open</b> (only while an execution older than the window is open):
 * {@code ListExecutions(statusFilter=RUNNING)}. An open execution older than the window that is no longer listed as
 * running has closed; one listed in another state than the one recorded changed.</li>
 * <li><b>Redriven</b> (only while an execution older than the window may still be redriven):
 * {@code ListExecutions(redriveFilter=REDRIVEN)} down to the oldest such execution. A redrive count higher than the
 * recorded one is a new redrive attempt, even if it already ended again.</li>
 * <li><b>Describe</b> each candidate once (with {@code execution.detail=summary}, the caller takes its listed item
 * instead); emit a record if its state (status, redrive count) is new.</li>
 * </ol>
 * Invariants: the checkpoint watermark never passes an execution awaiting describe or whose record Kafka has not
 * acknowledged; every execution older than {@code watermark - window} that can still change is in the checkpoint
 * (open ones by name) or behind its redrive horizon (closed ones within their redrive period); every other execution
 * older than it is final, and its offset is deleted.
 */
public final class ExecutionTracker {

    /** Step Functions redrives executions up to 14 days after they stopped; one more day covers clock skew. */
    public static final long REDRIVE_PERIOD_MS = Duration.ofDays(15).toMillis();
    /** Open executions named in a checkpoint; past this, the watermark is held back instead (bounded offset size). */
    static final int MAX_OPEN_NAMES = 2_000;

    private enum Phase { WINDOW, OPEN, REDRIVEN, DONE }

    /** The next {@code ListExecutions} call the caller should make. */
    public record ListRequest(ExecutionStatus statusFilter, boolean redrivenOnly, String nextToken) {
    }

    /**
     * An execution to describe; {@code summary} is its latest listed item, null when it was detected by its absence
     * from the running list (and not listed since).
     */
    public record Candidate(String executionArn, long startDateMs, ExecutionSummary summary) {
    }

    /** The last recorded state of an execution; {@code redriveCount} -1 means unknown. */
    private record Known(ExecutionStatus status, int redriveCount, long startDateMs, Long stopDateMs) {

        boolean matches(ExecutionStatus s, int rc) {
            return status == s && redriveCount == rc;
        }

        /** A state older than this one: the list or describe lags behind what was already recorded. */
        boolean isNewerThan(ExecutionStatus s, int rc) {
            return redriveCount > rc || (redriveCount == rc && !status.isOpen() && s.isOpen());
        }

        boolean mayBeRedriven(long nowMs) {
            return ExecutionTracker.mayBeRedriven(status, stopDateMs, nowMs);
        }

        boolean isFinal(long nowMs) {
            return ExecutionTracker.isFinal(status, stopDateMs, nowMs);
        }
    }

    private final String stateMachineArn;
    private final String executionArnPrefix;
    private final long windowMs;
    private final Set<ExecutionStatus> emittedStatuses;
    private final long sinceMs;
    private long floorMs;
    private Checkpoint stored;
    private long restoredHorizonMs = Long.MAX_VALUE;
    private long restoredHorizonUntilMs = Long.MIN_VALUE;
    /** Final executions started before this were recorded and may have been forgotten; never decreases. */
    private long settledBelowMs = Long.MIN_VALUE;

    private final Map<String, Known> known = new HashMap<>();
    private final LinkedHashMap<String, Candidate> candidates = new LinkedHashMap<>();
    private final Map<String, long[]> inFlight = new HashMap<>(); // arn -> {start date, outputs in flight}
    /**
     * Acknowledged executions whose offsets may not be committed yet: arn -> offset-commit generation at the
     * acknowledgement. Connect commits offsets periodically; two commits later, the offset is surely stored.
     */
    private final Map<String, Long> uncommitted = new HashMap<>();
    /**
     * Forgotten executions that were redriven: the redriven list still shows them, and their deleted (or not yet
     * committed) offset cannot tell that their final state was emitted. Kept while the redriven list reaches them.
     */
    private final Map<String, Long> settledRedriven = new HashMap<>();

    private Phase phase = Phase.DONE;
    private String nextToken;
    private long cycleNewestStartMs;
    private final Set<String> listedRunning = new HashSet<>();

    /**
     * @param stored  the state machine's stored checkpoint, or null on a first start
     * @param sinceMs for a first start, the earliest start date of executions to emit
     * @param offsets reads the offsets of the open executions named in the checkpoint
     */
    public ExecutionTracker(String stateMachineArn, Checkpoint stored, long sinceMs, long windowMs,
                            Set<ExecutionStatus> emittedStatuses, OffsetLookup offsets) {
        this.stateMachineArn = stateMachineArn;
        this.executionArnPrefix = executionArnPrefix(stateMachineArn);
        this.windowMs = windowMs;
        this.emittedStatuses = Set.copyOf(emittedStatuses);
        this.stored = stored;
        if (stored == null) {
            this.sinceMs = sinceMs;
            this.floorMs = sinceMs;
            return;
        }
        this.sinceMs = stored.sinceMs();
        this.floorMs = stored.watermarkMs();
        this.restoredHorizonMs = stored.redriveHorizonMs();
        this.restoredHorizonUntilMs = stored.redriveHorizonUntilMs();
        this.settledBelowMs = stored.settledBelowMs();
        List<String> openArns = stored.openNames().stream().map(n -> executionArnPrefix + n).toList();
        Map<String, ExecutionOffset> recorded = openArns.isEmpty() ? Map.of() : offsets.executionOffsets(openArns);
        long old = floorMs - windowMs - 1; // true start unknown until listed; older than the window is all that matters
        for (String arn : openArns) {
            ExecutionOffset o = recorded.get(arn);
            known.put(arn, o == null ? new Known(ExecutionStatus.RUNNING, -1, old, null)
                    : new Known(o.status(), o.redriveCount(), old, null));
        }
    }

    /** {@code arn:...:stateMachine:name[:qualifier]} to {@code arn:...:execution:name:}. */
    static String executionArnPrefix(String stateMachineArn) {
        int marker = stateMachineArn.indexOf(":stateMachine:");
        String name = stateMachineArn.substring(marker + ":stateMachine:".length());
        int qualifier = name.indexOf(':');
        return stateMachineArn.substring(0, marker) + ":execution:" + (qualifier < 0 ? name : name.substring(0, qualifier)) + ":";
    }

    /** Closed, but Step Functions may still redrive it (an unknown stop date counts as recent). */
    private static boolean mayBeRedriven(ExecutionStatus status, Long stopDateMs, long nowMs) {
        boolean redrivable = status == ExecutionStatus.FAILED || status == ExecutionStatus.TIMED_OUT
                || status == ExecutionStatus.ABORTED;
        return redrivable && (stopDateMs == null || stopDateMs + REDRIVE_PERIOD_MS > nowMs);
    }

    /** Can no longer change: neither open nor redrivable. */
    private static boolean isFinal(ExecutionStatus status, Long stopDateMs, long nowMs) {
        return !status.isOpen() && !mayBeRedriven(status, stopDateMs, nowMs);
    }

    public String stateMachineArn() {
        return stateMachineArn;
    }

    /** Begins a poll cycle; a cycle in progress is restarted from the top. */
    public void startCycle() {
        phase = Phase.WINDOW;
        nextToken = null;
        cycleNewestStartMs = floorMs;
        listedRunning.clear();
    }

    public boolean isListing() {
        return phase != Phase.DONE;
    }

    public ListRequest nextListRequest() {
        return switch (phase) {
            case WINDOW -> new ListRequest(null, false, nextToken);
            case OPEN -> new ListRequest(ExecutionStatus.RUNNING, false, nextToken);
            case REDRIVEN -> new ListRequest(null, true, nextToken);
            case DONE -> throw new IllegalStateException("No listing in progress for " + stateMachineArn);
        };
    }

    /** Takes the page answering {@link #nextListRequest()}; returns the offsets to store for filtered statuses. */
    public List<TrackerOutput> onPage(ExecutionPage page, OffsetLookup offsets, long nowMs) {
        long windowFloor = floorMs - windowMs;
        List<ExecutionSummary> toClassify = new ArrayList<>();
        boolean reachedEnd = page.nextToken() == null;
        switch (phase) {
            case WINDOW -> {
                for (ExecutionSummary s : page.executions()) {
                    if (s.startDateMs() < windowFloor) {
                        reachedEnd = true; // newest first: the rest of the list is older still
                        break;
                    }
                    toClassify.add(s);
                    cycleNewestStartMs = Math.max(cycleNewestStartMs, s.startDateMs());
                }
            }
            case OPEN -> {
                for (ExecutionSummary s : page.executions()) {
                    listedRunning.add(s.executionArn());
                    if (s.startDateMs() < windowFloor) {
                        toClassify.add(s); // newer ones were handled by the window phase of this cycle
                    }
                }
            }
            case REDRIVEN -> {
                long horizon = redriveHorizonMs(nowMs);
                for (ExecutionSummary s : page.executions()) {
                    if (s.startDateMs() < horizon) {
                        reachedEnd = true;
                        break;
                    }
                    if (s.startDateMs() < windowFloor) {
                        toClassify.add(s);
                    }
                }
            }
            case DONE -> throw new IllegalStateException("No listing in progress for " + stateMachineArn);
        }
        List<TrackerOutput> outputs = classify(toClassify, offsets, nowMs);
        if (reachedEnd) {
            endPhase(windowFloor, nowMs);
        } else {
            nextToken = page.nextToken();
        }
        return outputs;
    }

    private void endPhase(long windowFloor, long nowMs) {
        nextToken = null;
        if (phase == Phase.WINDOW) {
            phase = Phase.OPEN;
            if (oldOpen(windowFloor).isEmpty()) {
                endPhase(windowFloor, nowMs);
            }
        } else if (phase == Phase.OPEN) {
            for (String arn : oldOpen(windowFloor)) {
                if (!listedRunning.contains(arn) && !candidates.containsKey(arn)) {
                    candidates.put(arn, new Candidate(arn, known.get(arn).startDateMs(), null));
                }
            }
            listedRunning.clear();
            phase = Phase.REDRIVEN;
            if (redriveHorizonMs(nowMs) == Long.MAX_VALUE) {
                endPhase(windowFloor, nowMs);
            }
        } else {
            phase = Phase.DONE;
            floorMs = Math.max(floorMs, cycleNewestStartMs);
        }
    }

    private List<String> oldOpen(long windowFloor) {
        List<String> arns = new ArrayList<>();
        known.forEach((arn, k) -> {
            if (k.status().isOpen() && k.startDateMs() < windowFloor) {
                arns.add(arn);
            }
        });
        return arns;
    }

    /** Oldest start date of an execution older than the window that may still be redriven; MAX_VALUE if none. */
    private long redriveHorizonMs(long nowMs) {
        return redriveHorizonMs(floorMs - windowMs, nowMs);
    }

    /** Oldest start date, before {@code olderThanMs}, of an execution that may still be redriven; MAX_VALUE if none. */
    private long redriveHorizonMs(long olderThanMs, long nowMs) {
        long horizon = nowMs < restoredHorizonUntilMs ? restoredHorizonMs : Long.MAX_VALUE;
        for (Known k : known.values()) {
            if (k.startDateMs() < olderThanMs && k.mayBeRedriven(nowMs)) {
                horizon = Math.min(horizon, k.startDateMs());
            }
        }
        return horizon;
    }

    private List<TrackerOutput> classify(List<ExecutionSummary> listed, OffsetLookup offsets, long nowMs) {
        List<String> unknown = new ArrayList<>();
        for (ExecutionSummary s : listed) {
            if (!known.containsKey(s.executionArn()) && !candidates.containsKey(s.executionArn())
                    && !settledRedriven.containsKey(s.executionArn())) {
                unknown.add(s.executionArn());
            }
        }
        Map<String, ExecutionOffset> recorded = unknown.isEmpty() ? Map.of() : offsets.executionOffsets(unknown);
        List<TrackerOutput> outputs = new ArrayList<>();
        for (ExecutionSummary s : listed) {
            String arn = s.executionArn();
            if (candidates.containsKey(arn)) {
                candidates.put(arn, new Candidate(arn, s.startDateMs(), s));
                continue;
            }
            if (settledRedriven.containsKey(arn)) {
                continue;
            }
            Known k = known.get(arn);
            if (k == null) {
                ExecutionOffset offset = recorded.get(arn);
                if (offset != null) {
                    k = new Known(offset.status(), offset.redriveCount(), s.startDateMs(), s.stopDateMs());
                    known.put(arn, k);
                } else if (s.startDateMs() < sinceMs) {
                    continue; // started before the initial position
                } else if (s.startDateMs() < settledBelowMs && isFinal(s.status(), s.stopDateMs(), nowMs)) {
                    continue; // recorded, then forgotten because it cannot change any more
                }
            }
            if (k != null && k.matches(s.status(), s.redriveCount())) {
                known.put(arn, new Known(k.status(), k.redriveCount(), s.startDateMs(), s.stopDateMs()));
                continue;
            }
            if (k != null && k.isNewerThan(s.status(), s.redriveCount())) {
                continue; // the list lags behind what was recorded; it will catch up
            }
            if (!emittedStatuses.contains(s.status())) {
                // not to be emitted, and not worth a describe: record it so that a restart knows it was seen
                known.put(arn, new Known(s.status(), s.redriveCount(), s.startDateMs(), s.stopDateMs()));
                outputs.add(track(new Observe(arn, new ExecutionOffset(s.status(), s.redriveCount())), arn,
                        s.startDateMs()));
                continue;
            }
            candidates.put(arn, new Candidate(arn, s.startDateMs(), s));
        }
        return outputs;
    }

    public boolean hasCandidates() {
        return !candidates.isEmpty();
    }

    /** The candidates to describe, oldest detection first. */
    public List<Candidate> candidates() {
        return Collections.unmodifiableList(new ArrayList<>(candidates.values()));
    }

    /**
     * Takes the result of describing a candidate: an {@link Emit} if the execution is in a new state of a status to
     * emit, an {@link Observe} if its new state is of a status not to emit, nothing if the state is not new (the
     * list ran ahead of, or behind, DescribeExecution). An execution that no longer exists is forgotten: a
     * {@link Forget} if it had a recorded state.
     */
    public Optional<TrackerOutput> onDescribed(String executionArn, Optional<ExecutionDetails> described) {
        candidates.remove(executionArn);
        if (described.isEmpty()) {
            // gone from Step Functions: its offset goes too (a record of it that is still in flight comes first)
            return known.remove(executionArn) == null ? Optional.empty() : Optional.of(new Forget(executionArn));
        }
        ExecutionDetails d = described.get();
        Known k = known.get(executionArn);
        if (k != null && k.matches(d.status(), d.redriveCount())) {
            known.put(executionArn, new Known(k.status(), k.redriveCount(), d.startDateMs(), d.stopDateMs()));
            return Optional.empty();
        }
        if (k != null && k.isNewerThan(d.status(), d.redriveCount())) {
            return Optional.empty();
        }
        known.put(executionArn, new Known(d.status(), d.redriveCount(), d.startDateMs(), d.stopDateMs()));
        ExecutionOffset offset = new ExecutionOffset(d.status(), d.redriveCount());
        TrackerOutput output = emittedStatuses.contains(d.status()) ? new Emit(d, offset) : new Observe(executionArn, offset);
        return Optional.of(track(output, executionArn, d.startDateMs()));
    }

    private TrackerOutput track(TrackerOutput output, String executionArn, long startDateMs) {
        inFlight.computeIfAbsent(executionArn, a -> new long[] {startDateMs, 0})[1]++;
        return output;
    }

    /**
     * Kafka acknowledged an {@link Emit} or {@link Observe} of this execution.
     *
     * @param commitGeneration how many offset commits the task has seen so far
     */
    public void acknowledged(String executionArn, long commitGeneration) {
        long[] entry = inFlight.get(executionArn);
        if (entry != null && --entry[1] <= 0) {
            inFlight.remove(executionArn);
        }
        uncommitted.put(executionArn, commitGeneration);
    }

    /**
     * Ends a cycle whose listing and describes are done: the new checkpoint if it changed, then the executions to
     * forget: final, behind the stored watermark, ended longer ago than the consistency window (so that no lagging
     * list shows them open again) and with their last offset committed (so that a lookup never finds an older state).
     * Send them in this order on one topic partition.
     *
     * @param commitGeneration how many offset commits the task has seen so far
     */
    public List<TrackerOutput> finishCycle(long nowMs, long commitGeneration) {
        if (isListing() || hasCandidates()) {
            throw new IllegalStateException("Cycle of " + stateMachineArn + " is not done");
        }
        List<TrackerOutput> outputs = new ArrayList<>();
        Checkpoint next = checkpoint(nowMs);
        if (!next.equals(stored)) {
            stored = next;
            outputs.add(new Store(next));
        }
        long forgetBelow = stored.watermarkMs() - windowMs;
        uncommitted.values().removeIf(generation -> generation + 2 <= commitGeneration);
        List<String> forgotten = new ArrayList<>();
        known.forEach((arn, k) -> {
            if (k.startDateMs() < forgetBelow && k.isFinal(nowMs)
                    && (k.stopDateMs() == null || k.stopDateMs() + windowMs <= nowMs)
                    && !inFlight.containsKey(arn) && !uncommitted.containsKey(arn)) {
                forgotten.add(arn);
            }
        });
        forgotten.forEach(arn -> {
            Known k = known.remove(arn);
            if (k.redriveCount() > 0) {
                settledRedriven.put(arn, k.startDateMs());
            }
            outputs.add(new Forget(arn));
        });
        long horizon = redriveHorizonMs(nowMs);
        settledRedriven.values().removeIf(start -> start < horizon); // the redriven list no longer reaches them
        return outputs;
    }

    private Checkpoint checkpoint(long nowMs) {
        long watermark = floorMs;
        for (Candidate c : candidates.values()) {
            watermark = Math.min(watermark, c.startDateMs());
        }
        for (long[] entry : inFlight.values()) {
            watermark = Math.min(watermark, entry[0]);
        }
        List<Map.Entry<String, Known>> open = new ArrayList<>();
        for (Map.Entry<String, Known> e : known.entrySet()) {
            if (e.getValue().status().isOpen() && e.getValue().startDateMs() < watermark - windowMs) {
                open.add(e);
            }
        }
        if (open.size() > MAX_OPEN_NAMES) {
            // name the oldest; hold the watermark back so that a restart lists the others again
            open.sort(Comparator.comparingLong(e -> e.getValue().startDateMs()));
            watermark = Math.min(watermark, open.get(MAX_OPEN_NAMES).getValue().startDateMs());
            open = open.subList(0, MAX_OPEN_NAMES);
        }
        List<String> names = open.stream().map(e -> e.getKey().substring(e.getKey().lastIndexOf(':') + 1)).sorted().toList();
        long horizon = redriveHorizonMs(watermark - windowMs, nowMs);
        long until = nowMs < restoredHorizonUntilMs ? restoredHorizonUntilMs : Long.MIN_VALUE;
        for (Known k : known.values()) {
            if (k.startDateMs() < watermark - windowMs && k.mayBeRedriven(nowMs)) {
                until = Math.max(until, k.stopDateMs() == null ? nowMs + REDRIVE_PERIOD_MS : k.stopDateMs() + REDRIVE_PERIOD_MS);
            }
        }
        // the watermark steps back while an old execution is pending; what was settled stays settled
        settledBelowMs = Math.max(settledBelowMs, watermark - windowMs);
        return new Checkpoint(sinceMs, watermark, names, horizon, until, settledBelowMs);
    }

    /** Executions held in memory: open ones, and final ones inside the consistency window. */
    public int trackedExecutions() {
        return known.size();
    }

    /** Executions last seen open (RUNNING or PENDING_REDRIVE). */
    public int openExecutions() {
        int open = 0;
        for (Known k : known.values()) {
            if (k.status().isOpen()) {
                open++;
            }
        }
        return open;
    }

    // visible for testing
    long floorMs() {
        return floorMs;
    }
}
