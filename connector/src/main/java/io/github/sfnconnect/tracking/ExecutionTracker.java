package io.github.sfnconnect.tracking;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.model.ExecutionPage;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.ExecutionSummary;
import io.github.sfnconnect.tracking.TrackerOutput.Emit;
import io.github.sfnconnect.tracking.TrackerOutput.Forget;
import io.github.sfnconnect.tracking.TrackerOutput.Observe;
import io.github.sfnconnect.tracking.TrackerOutput.Store;
import io.github.sfnconnect.tracking.TrackerOutput.StoreNames;

/**
 * Change detection for one state machine. Pure logic: the caller makes the API calls it asks for, and passes the
 * service's time (never the worker's clock: see {@code ServiceClock}).
 * <p>
 * A poll cycle lists ({@link ListingCycle}: recent executions, then old open ones, then redriven ones), and each
 * execution whose state is new becomes a candidate to describe (with {@code execution.detail=summary}, the caller
 * takes its listed item instead). Candidates outlive their cycle: one whose describe keeps failing holds back only
 * what the checkpoint may claim, not the next cycles.
 * <p>
 * What a restarted task relies on, and how each piece stays true:
 * <ul>
 * <li><b>Watermark</b>: it lists again every execution started from {@code watermark - window}.</li>
 * <li><b>Open names</b> ({@link OpenNames}): every open execution started before that, by name.</li>
 * <li><b>Redrive horizon and mark</b> ({@link RedriveHorizon}): it lists redriven executions back to every start
 * date whose executions may have been redriven since the mark; an execution without offset whose last redrive is
 * older than the mark was recorded.</li>
 * <li><b>Claims</b> ({@link Claims}): a closed execution without offset that started inside a claimed range was
 * recorded. Claims grow over listed start dates whose executions are all resolved ({@link Unresolved}).</li>
 * </ul>
 * An execution that was new, is closed and already lies inside the claims of the cycle that lists it is emitted with
 * the checkpoint as its offset (so a backfill writes no execution offsets and holds nothing in memory); any other is
 * recorded under its own offset, kept while a listing may still show it changed, then deleted (a tombstone).
 */
public final class ExecutionTracker {

    /** The listing pauses while this many executions await their describe: memory stays bounded in a backfill. */
    static final int MAX_CANDIDATES = 2_000;
    /** ... or while the checkpoint carries this many open-execution names not yet stored in their parts. */
    static final int MAX_UNSTORED_NAMES = 2_000;
    /** ... or while this many executions are held, which only a stuck execution can cause (the caller warns). */
    static final int MAX_TRACKED = 100_000;
    private static final int MAX_UNCLAIMED_REGIONS = 16;
    /** Gaps a claim may leave in one region for unresolved executions; beyond them the rest waits as one region. */
    private static final int MAX_GAPS = 4;

    /** The next {@code ListExecutions} call the caller should make. */
    public record ListRequest(ExecutionStatus statusFilter, boolean redrivenOnly, String nextToken) {
    }

    /**
     * An execution to describe; {@code summary} is its latest listed item, null when it was detected by its absence
     * from the running list (and not listed since).
     */
    public record Candidate(String executionArn, long startDateMs, ExecutionSummary summary) {
    }

    /** Why the listing is paused, or null if it is not. */
    public enum Pause { CANDIDATES, UNSTORED_NAMES, TRACKED }

    private final String stateMachineArn;
    private final String executionArnPrefix;
    private final long windowMs;
    private final Set<ExecutionStatus> emittedStatuses;
    private final OffsetLookup offsets;
    private final long sinceMs;
    private final boolean firstStart;

    private long floorMs;
    private Claims claims;
    private long redriveSettledMs;
    /** Redrives made before this were listed by the last complete cycle. */
    private long redriveCheckedMs;
    private RedriveHorizon horizon;
    /** The last checkpoint handed out to be stored. */
    private Checkpoint stored;

    private final Map<String, Known> known = new HashMap<>();
    private final LinkedHashMap<String, Candidate> candidates = new LinkedHashMap<>();
    private final Unresolved unresolved = new Unresolved();
    private final OpenNames names;
    private final ListingCycle cycle = new ListingCycle();
    /**
     * Listed start dates of past cycles not yet claimed because an execution in them was unresolved; each waits for
     * its own executions only.
     */
    private final List<ListingCycle.Region> unclaimed = new ArrayList<>();
    private int unstoredNames;

    /**
     * @param stored  the state machine's stored checkpoint, or null on a first start
     * @param parts   its stored open-name parts (empty on a first start)
     * @param sinceMs for a first start, the earliest start date of executions to emit
     * @param offsets reads stored execution offsets
     */
    public ExecutionTracker(String stateMachineArn, Checkpoint stored, List<OpenNamesPart> parts, long sinceMs,
                            long windowMs, Set<ExecutionStatus> emittedStatuses, OffsetLookup offsets) {
        this.stateMachineArn = stateMachineArn;
        this.executionArnPrefix = executionArnPrefix(stateMachineArn);
        this.windowMs = windowMs;
        this.emittedStatuses = Set.copyOf(emittedStatuses);
        this.offsets = offsets;
        this.firstStart = stored == null;
        Checkpoint checkpoint = stored == null ? Checkpoint.initial(sinceMs) : stored;
        this.sinceMs = checkpoint.sinceMs();
        this.floorMs = checkpoint.watermarkMs();
        this.claims = checkpoint.claims();
        this.redriveSettledMs = checkpoint.redriveSettledBelowMs();
        this.redriveCheckedMs = redriveSettledMs;
        this.horizon = checkpoint.horizon();
        this.stored = checkpoint;
        this.names = new OpenNames(parts);
        restoreNamed(names.loaded(checkpoint.openNames()));
    }

    /** The open executions a stored checkpoint names: their stored states, or unknown states if they have none. */
    private void restoreNamed(Map<String, Long> named) {
        if (named.isEmpty()) {
            return;
        }
        List<String> arns = named.keySet().stream().map(n -> executionArnPrefix + n).toList();
        Map<String, ExecutionOffset> recorded = offsets.executionOffsets(arns);
        long unknownStart = floorMs - windowMs - 1; // older than the window is all that matters until it is listed
        named.forEach((name, start) -> {
            String arn = executionArnPrefix + name;
            ExecutionOffset o = recorded.get(arn);
            long startMs = start != ExecutionOffset.UNKNOWN_START ? start
                    : o != null && o.startMs() != ExecutionOffset.UNKNOWN_START ? o.startMs() : unknownStart;
            Known k = o == null || !o.sameLife(startMs) ? Known.unrecorded(startMs)
                    : Known.stored(o.status(), o.redriveCount(), startMs);
            k.startKnown = start != ExecutionOffset.UNKNOWN_START || o != null && o.startMs() != ExecutionOffset.UNKNOWN_START;
            known.put(arn, k);
        });
        names.want(wantedNames(Set.of()));
    }

    /** {@code arn:...:stateMachine:name[:qualifier]} to {@code arn:...:execution:name:}. */
    static String executionArnPrefix(String stateMachineArn) {
        int marker = stateMachineArn.indexOf(":stateMachine:");
        String name = stateMachineArn.substring(marker + ":stateMachine:".length());
        int qualifier = name.indexOf(':');
        return stateMachineArn.substring(0, marker) + ":execution:" + (qualifier < 0 ? name : name.substring(0, qualifier)) + ":";
    }

    public String stateMachineArn() {
        return stateMachineArn;
    }

    /**
     * What to write before anything else: on a first start, the checkpoint that fixes the initial position, so that
     * {@code latest} is resolved once even if no cycle completes for hours.
     */
    public List<TrackerOutput> start() {
        return firstStart ? List.of(new Store(stored)) : List.of();
    }

    /** Whether no checkpoint was stored for the state machine before this tracker. */
    public boolean isFirstStart() {
        return firstStart;
    }

    // ---- listing ----

    /** Begins a poll cycle at the service's time {@code nowMs}; a listing in progress is restarted from the top. */
    public void startCycle(long nowMs) {
        cycle.start(floorMs - windowMs, floorMs, nowMs);
    }

    public boolean isListing() {
        return cycle.isListing();
    }

    /** Why the listing waits (for describes or acknowledgements), or null if it may go on. */
    public Pause pause() {
        if (candidates.size() >= MAX_CANDIDATES) {
            return Pause.CANDIDATES;
        }
        if (unstoredNames >= MAX_UNSTORED_NAMES) {
            return Pause.UNSTORED_NAMES;
        }
        return known.size() >= MAX_TRACKED ? Pause.TRACKED : null;
    }

    public ListRequest nextListRequest() {
        return cycle.nextRequest(stateMachineArn);
    }

    /**
     * Takes the page answering {@link #nextListRequest()} at the service's time {@code nowMs}; returns what to write
     * for executions whose new state is not to be emitted (no describe needed). A failed offset lookup leaves the
     * page unread.
     */
    public List<TrackerOutput> onPage(ExecutionPage page, long nowMs) {
        ListingCycle.Phase phase = cycle.phase();
        List<ExecutionSummary> toClassify = new ArrayList<>();
        boolean reachedEnd = page.nextToken() == null;
        long windowFloor = cycle.windowFloorMs();
        switch (phase) {
            case WINDOW -> {
                for (ExecutionSummary s : page.executions()) {
                    if (s.startDateMs() < windowFloor) {
                        reachedEnd = true; // newest first: the rest of the list is older still
                        break;
                    }
                    toClassify.add(s);
                }
            }
            case OPEN -> {
                for (ExecutionSummary s : page.executions()) {
                    if (s.startDateMs() < cycle.openCutoffMs()) {
                        reachedEnd = true;
                        break;
                    }
                    if (s.startDateMs() < windowFloor) {
                        toClassify.add(s); // newer ones were handled by the window phase of this cycle
                    }
                }
            }
            case REDRIVEN -> {
                for (ExecutionSummary s : page.executions()) {
                    // stop only where neither order the API may use (start date, or redrive date) can hold more
                    if (s.startDateMs() < cycle.redriveFromMs()
                            && (s.redriveDateMs() == null || s.redriveDateMs() < redriveSettledMs)) {
                        reachedEnd = true;
                        break;
                    }
                    if (s.startDateMs() < windowFloor && s.startDateMs() >= cycle.redriveFromMs()) {
                        toClassify.add(s);
                    }
                }
            }
            case DONE -> throw new IllegalStateException("No listing in progress for " + stateMachineArn);
        }
        List<TrackerOutput> outputs = classify(toClassify, phase, nowMs);
        if (phase == ListingCycle.Phase.WINDOW) {
            cycle.listed(page.executions().stream().filter(s -> s.startDateMs() >= windowFloor).toList());
        }
        if (phase == ListingCycle.Phase.OPEN) {
            page.executions().forEach(s -> cycle.listedRunning(s.executionArn()));
        }
        if (reachedEnd) {
            endPhase();
        } else {
            cycle.nextToken(page.nextToken());
        }
        return outputs;
    }

    private void endPhase() {
        switch (cycle.phase()) {
            case WINDOW -> {
                long cutoff = Long.MAX_VALUE;
                boolean any = false;
                for (Known k : known.values()) {
                    if (watchedWhileOpen(k) && k.startMs < cycle.windowFloorMs()) {
                        any = true;
                        cutoff = Math.min(cutoff, k.startKnown ? k.startMs : Long.MIN_VALUE);
                    }
                }
                if (any) {
                    cycle.beginOpen(cutoff);
                } else {
                    beginRedriven();
                }
            }
            case OPEN -> {
                known.forEach((arn, k) -> {
                    if (watchedWhileOpen(k) && k.startMs < cycle.windowFloorMs() && !cycle.wasListedRunning(arn)
                            && !candidates.containsKey(arn)) {
                        addCandidate(arn, k.startMs, null, k.redriveCount > 0 ? k.redriveDateMs : null);
                    }
                });
                beginRedriven();
            }
            case REDRIVEN -> cycle.done();
            case DONE -> throw new IllegalStateException("No listing in progress for " + stateMachineArn);
        }
    }

    /** Open, or named without a recorded state: the running list tells whether it is still open. */
    private static boolean watchedWhileOpen(Known k) {
        return !k.gone && (!k.recorded || k.status.isOpen());
    }

    private void beginRedriven() {
        long from = horizon.oldestStartMs(cycle.windowFloorMs(), redriveSettledMs);
        if (from == Long.MAX_VALUE) {
            cycle.done();
        } else {
            cycle.beginRedriven(from);
        }
    }

    private List<TrackerOutput> classify(List<ExecutionSummary> listed, ListingCycle.Phase phase, long nowMs) {
        List<String> unknown = new ArrayList<>();
        for (ExecutionSummary s : listed) {
            if (!known.containsKey(s.executionArn()) && !candidates.containsKey(s.executionArn()) && !settled(s)) {
                unknown.add(s.executionArn());
            }
        }
        // the only call that can fail: before anything changes, so that the page can be read again
        Map<String, ExecutionOffset> recorded = unknown.isEmpty() ? Map.of() : offsets.executionOffsets(unknown);
        List<TrackerOutput> outputs = new ArrayList<>();
        for (ExecutionSummary s : listed) {
            String arn = s.executionArn();
            Candidate pending = candidates.get(arn);
            if (pending != null) {
                if (pending.startDateMs() == s.startDateMs() || pending.summary() == null) {
                    candidates.put(arn, new Candidate(arn, s.startDateMs(), s)); // its describe sees the latest
                }
                continue;
            }
            Known k = known.get(arn);
            if (k != null && !k.sameLife(s.startDateMs())) {
                outputs.addAll(dropEarlierLife(arn, k)); // the name was used again, or the state machine re-created
                k = null;
            }
            if (k == null) {
                ExecutionOffset o = recorded.get(arn);
                if (o != null && !o.sameLife(s.startDateMs())) {
                    outputs.add(new Forget(arn));
                    o = null;
                }
                if (o != null) {
                    k = Known.stored(o.status(), o.redriveCount(), s.startDateMs());
                    known.put(arn, k);
                } else if (s.startDateMs() < sinceMs || settled(s)) {
                    continue; // started before the initial position, or recorded (its offset deleted or never written)
                }
            }
            if (k != null) {
                if (k.matches(s.status(), s.redriveCount())) {
                    k.listed(s);
                    continue;
                }
                if (k.isNewerThan(s.status(), s.redriveCount())) {
                    continue; // the list lags behind what was recorded; it will catch up
                }
            }
            if (!emittedStatuses.contains(s.status())) {
                // not to be emitted, and not worth a describe: record it so that a restart knows it was seen
                outputs.addAll(record(arn, k, s.status(), s.redriveCount(), s.startDateMs(), s.stopDateMs(),
                        s.redriveDateMs(), null, nowMs));
                continue;
            }
            addCandidate(arn, s.startDateMs(), s, s.redriveCount() > 0 ? s.redriveDateMs() : null);
        }
        return outputs;
    }

    /**
     * Closed, inside the claims and not redriven since: recorded in this state, whether or not an offset is still
     * stored (a stored one says the same), so not even looked up.
     */
    private boolean settled(ExecutionSummary s) {
        return !s.status().isOpen()
                && claims.settles(s.startDateMs(), s.redriveCount(), s.redriveDateMs(), redriveSettledMs);
    }

    private void addCandidate(String arn, long startMs, ExecutionSummary summary, Long redriveDateMs) {
        candidates.put(arn, new Candidate(arn, startMs, summary));
        unresolved.add(arn, startMs, redriveDateMs, names.isWanted(nameOf(arn)), windowMs);
    }

    // ---- describing ----

    public boolean hasCandidates() {
        return !candidates.isEmpty();
    }

    /** Moves a candidate whose describe failed behind the others, so that it holds up no other. */
    public void postpone(String executionArn) {
        Candidate c = candidates.remove(executionArn);
        if (c != null) {
            candidates.put(executionArn, c);
        }
    }

    /**
     * The candidates to describe, oldest detection first. While the window listing waits only for describes, those
     * that started at its lowest start date so far wait for its next page (more of that millisecond may be on it):
     * resolved now they could not be claimed, would each get an offset, and while Kafka has not acknowledged it,
     * every older execution resolved meanwhile would too (a summary-mode backfill wrote an offset and a tombstone for
     * nine executions in ten). All of them if nothing else is left.
     */
    public List<Candidate> candidates() {
        List<Candidate> all = new ArrayList<>(candidates.values());
        if (cycle.isActive() && cycle.phase() == ListingCycle.Phase.WINDOW && pause() == Pause.CANDIDATES) {
            long lowest = cycle.listedDownToMs();
            List<Candidate> above = all.stream().filter(c -> c.startDateMs() > lowest).toList();
            if (!above.isEmpty()) {
                return above;
            }
        }
        return Collections.unmodifiableList(all);
    }

    /**
     * Takes the result of describing a candidate at the service's time {@code nowMs}: an {@link Emit} if the
     * execution is in a new state of a status to emit, an {@link Observe} if its new state is of a status not to
     * emit, nothing if the state is not new (the list ran ahead of, or behind, DescribeExecution). An execution
     * that no longer exists, or is not the one listed (its name was used again), is forgotten.
     */
    public List<TrackerOutput> onDescribed(String executionArn, java.util.Optional<ExecutionDetails> described,
                                           long nowMs) {
        Candidate candidate = candidates.remove(executionArn);
        if (candidate == null) {
            return List.of();
        }
        unresolved.remove(executionArn);
        Known k = known.get(executionArn);
        if (described.isEmpty()) {
            return k == null ? List.of() : dropEarlierLife(executionArn, k); // gone from Step Functions
        }
        ExecutionDetails d = described.get();
        if (candidate.summary() != null && d.startDateMs() != candidate.startDateMs()) {
            // the listed execution is gone and a new one took its name: the next listing finds the new one
            return k == null || !k.sameLife(candidate.startDateMs()) ? List.of() : dropEarlierLife(executionArn, k);
        }
        List<TrackerOutput> outputs = new ArrayList<>();
        if (k != null && !k.sameLife(d.startDateMs())) {
            outputs.addAll(dropEarlierLife(executionArn, k));
            k = null;
        }
        if (k != null && k.matches(d.status(), d.redriveCount())) {
            k.described(d);
            return outputs;
        }
        if (k != null && k.isNewerThan(d.status(), d.redriveCount())) {
            return outputs;
        }
        outputs.addAll(record(executionArn, k, d.status(), d.redriveCount(), d.startDateMs(), d.stopDateMs(),
                d.redriveDateMs(), d, nowMs));
        return outputs;
    }

    /**
     * Records a new state: emitted with the checkpoint as offset if the execution was new and is already claimed by
     * this cycle, else under its own offset and tracked until Kafka has it.
     */
    private List<TrackerOutput> record(String arn, Known k, ExecutionStatus status, int redriveCount, long startMs,
                                       Long stopMs, Long redriveDateMs, ExecutionDetails details, long nowMs) {
        boolean emit = emittedStatuses.contains(status);
        ExecutionOffset offset = new ExecutionOffset(status, redriveCount, startMs);
        if (status == ExecutionStatus.FAILED || status == ExecutionStatus.TIMED_OUT || status == ExecutionStatus.ABORTED) {
            horizon = horizon.withStopped(startMs, stopMs, nowMs);
        }
        if (k == null && claimable(startMs, status, redriveCount, stopMs, redriveDateMs, nowMs)) {
            return emit ? List.of(new Emit(details, offset, stored)) : List.of();
        }
        if (k == null) {
            k = Known.unrecorded(startMs);
            known.put(arn, k);
        }
        k.recorded(status, redriveCount, startMs, stopMs, redriveDateMs);
        k.inFlight++;
        k.records++;
        unresolved.add(arn, startMs, redriveCount > 0 ? redriveDateMs : null, names.isWanted(nameOf(arn)), windowMs);
        return List.of(emit ? new Emit(details, offset, null) : new Observe(arn, offset));
    }

    /**
     * A new execution may go without an offset if nothing can show it changed before the checkpoint claims it: it
     * is closed (longer than a window ago, so no lagging list shows it open), not redriven since this cycle began,
     * inside this cycle's listed start dates below its window, with nothing newer in them unresolved.
     */
    private boolean claimable(long startMs, ExecutionStatus status, int redriveCount, Long stopMs, Long redriveDateMs,
                              long nowMs) {
        if (!cycle.isActive() || !cycle.hasTop() || status.isOpen() || stopMs == null || stopMs + windowMs > nowMs) {
            return false;
        }
        long redriveBefore = unresolved.redriveSettledBelowMs(Math.max(redriveSettledMs,
                cycle.startedAtMs() - windowMs));
        if (redriveCount > 0 && (redriveDateMs == null || redriveDateMs >= redriveBefore)) {
            return false;
        }
        long high = cycle.topMs() - windowMs;
        return startMs > cycle.listedDownToMs() && startMs < high && !unresolved.anyStartedBetween(startMs, high);
    }

    /** Forgets an execution whose ARN now names another one, or none; its offset goes. */
    private List<TrackerOutput> dropEarlierLife(String arn, Known k) {
        if (k.inFlight > 0) {
            k.gone = true; // its records in flight still come back acknowledged
            return List.of();
        }
        known.remove(arn);
        return k.hasOffset() ? List.of(new Forget(arn)) : List.of();
    }

    // ---- acknowledgements and checkpoints ----

    /** The acknowledgement key of an open-name part's record. */
    public static String partKey(int part) {
        return "#open-names-part-" + part;
    }

    /**
     * Kafka acknowledged a record: an execution's ({@link Emit} without checkpoint, {@link Observe}), keyed by its
     * ARN, or an open-name part's, keyed by {@link #partKey(int)}.
     *
     * @param commitGeneration how many offset commits the task has seen so far
     */
    public void acknowledged(String key, long commitGeneration) {
        if (key.startsWith("#open-names-part-")) {
            names.acknowledged(Integer.parseInt(key.substring("#open-names-part-".length())));
            return;
        }
        Known k = known.get(key);
        if (k == null || k.inFlight == 0) {
            return;
        }
        k.inFlight--;
        k.ackGeneration = commitGeneration;
        unresolved.remove(key);
    }

    /**
     * Ends the cycle whose listing is done (candidates may remain): the floor moves to the newest execution seen,
     * its listed start dates are claimed as far as they are resolved; then {@link #maintain}.
     */
    public List<TrackerOutput> finishCycle(long nowMs, long commitGeneration) {
        if (isListing()) {
            throw new IllegalStateException("Cycle of " + stateMachineArn + " is still listing");
        }
        if (cycle.isActive()) {
            floorMs = Math.max(floorMs, cycle.topMs());
            redriveCheckedMs = Math.max(redriveCheckedMs, cycle.startedAtMs() - windowMs);
            unclaimed.add(cycle.listedRegion(windowMs));
            while (unclaimed.size() > MAX_UNCLAIMED_REGIONS) {
                // only a broker that acknowledges nothing for many cycles gets here: the oldest two wait together
                unclaimed.set(1, unclaimed.get(0).union(unclaimed.get(1)));
                unclaimed.remove(0);
            }
            cycle.finish();
        }
        return maintain(nowMs, commitGeneration);
    }

    /**
     * Brings the stored state up to date at the service's time {@code nowMs}: claims what is resolved, writes the
     * open-name parts that changed, the checkpoint if it changed, then deletes the offsets no longer needed.
     *
     * @param commitGeneration how many offset commits the task has seen so far
     */
    public List<TrackerOutput> maintain(long nowMs, long commitGeneration) {
        datesOfStoredStates(nowMs);
        extendClaims();
        List<TrackerOutput> outputs = new ArrayList<>();
        Set<String> forgettable = forgettable(nowMs, commitGeneration);
        names.want(wantedNames(forgettable));
        names.writes().forEach(part -> outputs.add(new StoreNames(part)));
        advanceRedriveMark();
        // tombstones before the checkpoint whose claims replace them: on the checkpoint topic's one partition Kafka
        // acknowledges in order, so a stored checkpoint implies its tombstones (after them, a crash between the two
        // left offsets that no restarted task knew of)
        for (String arn : forgettable) {
            if (!names.mentions(nameOf(arn))) { // a name is dropped from the stored parts before its offset
                Known k = known.remove(arn);
                if (k.hasOffset()) {
                    outputs.add(new Forget(arn));
                }
            }
        }
        Map<String, Long> delta = names.delta();
        unstoredNames = delta.size();
        Checkpoint next = new Checkpoint(sinceMs, watermarkMs(), claims, redriveSettledMs, horizon, delta);
        if (!next.equals(stored)) {
            stored = next;
            outputs.add(new Store(next));
        }
        return outputs;
    }

    /**
     * A state read from a stored offset has no stop or redrive date, and a closed execution named in a checkpoint is
     * not listed again: "now" stands in for them (both happened before it), so that it is forgotten in time.
     */
    private void datesOfStoredStates(long nowMs) {
        for (Known k : known.values()) {
            if (k.recorded && !k.status.isOpen()) {
                if (k.stopMs == null) {
                    k.stopMs = nowMs;
                }
                if (k.redriveCount > 0 && k.redriveDateMs == null) {
                    k.redriveDateMs = nowMs;
                }
            }
        }
    }

    /**
     * Moves the redrive mark to the last complete cycle's start (less the window, and any redrive still unresolved),
     * but only when it matters: when a redriven execution waits for it to be forgotten, when it lets days of the
     * redrive horizon go, or when the checkpoint is written anyway. An idle state machine's checkpoint is then not
     * rewritten every cycle just because time passed.
     */
    private void advanceRedriveMark() {
        long mark = Math.max(redriveSettledMs, unresolved.redriveSettledBelowMs(redriveCheckedMs));
        if (mark == redriveSettledMs) {
            return;
        }
        boolean needed = horizon.expire(mark) != horizon
                || !new Checkpoint(sinceMs, watermarkMs(), claims, redriveSettledMs, horizon, names.delta()).equals(stored);
        for (Known k : known.values()) {
            if (needed) {
                break;
            }
            needed = k.recorded && k.redriveCount > 0 && !k.status.isOpen() && k.redriveDateMs != null
                    && k.redriveDateMs >= redriveSettledMs && k.redriveDateMs < mark;
        }
        if (needed) {
            redriveSettledMs = mark;
            horizon = horizon.expire(mark);
        }
    }

    /**
     * The floor, held back so that a restart lists again every unresolved execution, and every start date listed but
     * not yet claimed (its executions were recorded without offsets, or their offsets may be gone).
     */
    private long watermarkMs() {
        long watermark = unresolved.watermarkMs(floorMs);
        for (ListingCycle.Region region : unclaimed) {
            watermark = Math.min(watermark, region.low() + 1 + windowMs);
        }
        return watermark;
    }

    private void extendClaims() {
        if (cycle.isActive() && cycle.hasTop()) {
            claimResolved(cycle.listedRegion(windowMs)); // what this cycle listed so far
        }
        List<ListingCycle.Region> waiting = new ArrayList<>();
        for (ListingCycle.Region region : unclaimed) {
            waiting.addAll(claimResolved(region));
        }
        unclaimed.clear();
        unclaimed.addAll(waiting);
    }

    /**
     * Claims the region but for its unresolved executions (a few gaps at most; below the last gap allowed, the rest
     * of the region waits whole); returns what is left to claim: the gaps, each just around its execution.
     */
    private List<ListingCycle.Region> claimResolved(ListingCycle.Region region) {
        long redriveBefore = unresolved.redriveSettledBelowMs(region.redriveBefore());
        List<Long> holes = unresolved.startsBetween(region.low(), region.high(), MAX_GAPS + 1);
        List<ListingCycle.Region> left = new ArrayList<>();
        long high = region.high();
        for (int i = 0; i < holes.size() && i < MAX_GAPS; i++) {
            long hole = holes.get(i);
            claims = claims.plus(hole, high, redriveBefore);
            left.add(new ListingCycle.Region(hole - 1, hole + 1, region.redriveBefore()));
            high = hole;
        }
        if (holes.size() > MAX_GAPS) {
            left.add(new ListingCycle.Region(region.low(), high, region.redriveBefore()));
        } else {
            claims = claims.plus(region.low(), high, redriveBefore);
        }
        return left;
    }

    /**
     * Executions a restart would not list again (behind the window, or claimed) whose offsets are still needed: open
     * ones, and closed ones not yet forgotten, so that no offset is left behind that no task knows of.
     */
    private Map<String, Long> wantedNames(Set<String> forgettable) {
        Map<String, Long> wanted = new HashMap<>();
        known.forEach((arn, k) -> {
            if (!k.gone && !forgettable.contains(arn)
                    && (k.startMs < floorMs - windowMs || claims.covers(k.startMs))) {
                wanted.put(nameOf(arn), k.startKnown ? k.startMs : ExecutionOffset.UNKNOWN_START);
            }
        });
        return wanted;
    }

    /**
     * Executions no listing will show changed without a redrive, whose offsets a lookup could never need: closed
     * longer than a window ago, claimed, acknowledged (and, if they had an earlier offset, committed, so that no
     * lookup finds that one); and those whose ARN no longer names them.
     */
    private Set<String> forgettable(long nowMs, long commitGeneration) {
        Set<String> forgettable = new java.util.HashSet<>();
        known.forEach((arn, k) -> {
            if (k.inFlight > 0 || candidates.containsKey(arn)) {
                return;
            }
            if (!k.gone) {
                boolean settled = k.recorded && !k.status.isOpen() && k.stopMs != null && k.stopMs + windowMs <= nowMs
                        && claims.settles(k.startMs, k.redriveCount, k.redriveDateMs, redriveSettledMs);
                boolean committed = !(k.loaded && k.records > 0 || k.records > 1)
                        || k.ackGeneration + 2 <= commitGeneration;
                if (!settled || !committed) {
                    return;
                }
            }
            forgettable.add(arn);
        });
        return forgettable;
    }

    private static String nameOf(String executionArn) {
        return executionArn.substring(executionArn.lastIndexOf(':') + 1);
    }

    // ---- figures ----

    /** Executions held in memory: open ones, recent ones, and those whose records are not yet safely stored. */
    public int trackedExecutions() {
        return known.size();
    }

    /** Executions last seen open (RUNNING or PENDING_REDRIVE). */
    public int openExecutions() {
        int open = 0;
        for (Known k : known.values()) {
            if (k.recorded && k.status.isOpen() && !k.gone) {
                open++;
            }
        }
        return open;
    }

    public int pendingCandidates() {
        return candidates.size();
    }

    /** The checkpoint last handed out to be stored. */
    public Checkpoint checkpoint() {
        return stored;
    }

    // visible for testing
    long floorMs() {
        return floorMs;
    }

    // visible for testing: what the tracker holds about one execution
    String debugState(String executionArn, long startMs) {
        Known k = known.get(executionArn);
        return "known=" + (k == null ? null : k.status + "/" + k.redriveCount + " start=" + k.startMs + " redrive="
                + k.redriveDateMs + " inFlight=" + k.inFlight + " records=" + k.records + " loaded=" + k.loaded)
                + " candidate=" + candidates.containsKey(executionArn) + " covered=" + claims.covers(startMs)
                + " claims=" + claims + " rs=" + redriveSettledMs + " floor=" + floorMs;
    }

    /** The last recorded state of an execution. */
    private static final class Known {
        ExecutionStatus status;
        int redriveCount;
        /** False for an execution named in a checkpoint whose state no stored offset tells. */
        boolean recorded;
        long startMs;
        boolean startKnown = true;
        Long stopMs;
        Long redriveDateMs;
        /** Records sent and not yet acknowledged. */
        int inFlight;
        long ackGeneration = -1;
        /** Records sent by this task. */
        int records;
        /** Whether its state came from a stored offset. */
        boolean loaded;
        /** Its ARN no longer names it: forgotten once its records in flight are acknowledged. */
        boolean gone;

        static Known stored(ExecutionStatus status, int redriveCount, long startMs) {
            Known k = new Known();
            k.status = status;
            k.redriveCount = redriveCount;
            k.recorded = true;
            k.startMs = startMs;
            k.loaded = true;
            return k;
        }

        static Known unrecorded(long startMs) {
            Known k = new Known();
            k.status = ExecutionStatus.RUNNING;
            k.startMs = startMs;
            return k;
        }

        boolean matches(ExecutionStatus s, int rc) {
            return recorded && status == s && redriveCount == rc;
        }

        /** A state older than this one: the list or describe lags behind what was already recorded. */
        boolean isNewerThan(ExecutionStatus s, int rc) {
            return recorded && (redriveCount > rc || (redriveCount == rc && !status.isOpen() && s.isOpen()));
        }

        boolean sameLife(long otherStartMs) {
            return !startKnown || startMs == otherStartMs;
        }

        boolean hasOffset() {
            return loaded || records > 0;
        }

        void recorded(ExecutionStatus s, int rc, long start, Long stop, Long redriveDate) {
            status = s;
            redriveCount = rc;
            recorded = true;
            startMs = start;
            startKnown = true;
            stopMs = stop;
            redriveDateMs = redriveDate;
        }

        void listed(ExecutionSummary s) {
            startMs = s.startDateMs();
            startKnown = true;
            stopMs = s.stopDateMs();
            redriveDateMs = s.redriveDateMs();
        }

        void described(ExecutionDetails d) {
            startMs = d.startDateMs();
            startKnown = true;
            stopMs = d.stopDateMs();
            redriveDateMs = d.redriveDateMs();
        }
    }
}
