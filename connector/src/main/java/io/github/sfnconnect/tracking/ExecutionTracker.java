package io.github.sfnconnect.tracking;

import java.util.ArrayList;
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
import io.github.sfnconnect.tracking.TrackerOutput.StoreNames;

/**
 * Change detection for one state machine. Pure logic: the caller makes the API calls it asks for, and passes the
 * service's time (never the worker's clock: see {@code ServiceClock}). This class only wires its parts together;
 * each part has one set of rules and its own tests.
 * <p>
 * A poll cycle lists ({@link ListingCycle}: recent executions, then old open ones, then redriven ones), and
 * {@link ChangeRecorder} decides what each listed item means: an execution whose state is new waits in the
 * {@link DescribeQueue} (with {@code execution.detail=summary}, the caller takes its listed item instead), then is
 * recorded. Candidates outlive their cycle: one whose describe keeps failing holds back only what the checkpoint may
 * claim, not the next cycles.
 * <p>
 * What a restarted task relies on, and the part that keeps it true:
 * <ul>
 * <li><b>Watermark</b>: it lists again every execution started from {@code watermark - window}; held back for what
 * is unresolved ({@link Unresolved}: awaiting a describe or Kafka's acknowledgement) or not yet claimed
 * ({@link PendingClaims}).</li>
 * <li><b>Open names</b> ({@link OpenNames}): every open execution started before that, by name.</li>
 * <li><b>Redrive horizon and mark</b> ({@link Redrives}, {@link RedriveHorizon}): it lists redriven executions back
 * to every start date whose executions may have been redriven since the mark; an execution without offset whose last
 * redrive is older than the mark was recorded.</li>
 * <li><b>Claims</b> ({@link Claims}, grown by {@link PendingClaims}): a closed execution without offset that started
 * inside a claimed range was recorded. Claims grow over listed start dates whose executions are all resolved.</li>
 * </ul>
 * An execution that was new, is closed and already lies inside the claims of the cycle that lists it is emitted with
 * the checkpoint as its offset (so a backfill writes no execution offsets and holds nothing in memory); any other is
 * recorded under its own offset, held ({@link KnownExecutions}) while a listing may still show it changed, then
 * deleted (a tombstone).
 */
public final class ExecutionTracker implements AckTarget {

    /** The listing pauses while this many executions await their describe: memory stays bounded in a backfill. */
    static final int MAX_CANDIDATES = 2_000;
    /** ... or while the checkpoint carries this many open-execution names not yet stored in their parts. */
    static final int MAX_UNSTORED_NAMES = 2_000;
    /** ... or while this many executions are held, which only a stuck execution can cause (the caller warns). */
    static final int MAX_TRACKED = 100_000;

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
    /** {@code consistency.window.ms}: what a restart lists again below the watermark; the listing may reach less. */
    private final long windowMs;
    private final ListingWindow window;
    private final long sinceMs;
    private final boolean firstStart;

    private long floorMs;
    private final PendingClaims claims;
    private final Redrives redrives;
    /** The last checkpoint handed out to be stored. */
    private Checkpoint stored;

    private final KnownExecutions known;
    private final DescribeQueue candidates = new DescribeQueue();
    private final Unresolved unresolved = new Unresolved();
    private final OpenNames names;
    private final ListingCycle cycle = new ListingCycle();
    private final ChangeRecorder changes;
    private int unstoredNames;
    /** Whether a cycle that finds executions ended by their absence lists every status to see how they ended. */
    private boolean listEnded;
    private long endedPagesLeft;
    /** Whether cycles list the executions waiting to be redriven: a redriven Map Run's children. */
    private boolean listPendingRedrive;
    /** Whether the cycle in progress skipped the redriven listing, not due yet ({@link Redrives#listingDue}). */
    private boolean redrivenSkipped;
    /** The service's time at which the last complete cycle began listing. */
    private long lastCycleStartMs = Long.MIN_VALUE;
    /**
     * The high end of the start dates the last complete cycle handed to the claims. The next one's go on from there:
     * a window listing shallower than the bound lists them no more, but they were listed while they were recent.
     */
    private long regionHighMs = Long.MIN_VALUE;

    /**
     * @param stored  the state machine's stored checkpoint, or null on a first start
     * @param parts   its stored open-name parts (empty on a first start)
     * @param sinceMs for a first start, the earliest start date of executions to emit
     * @param offsets reads stored execution offsets
     */
    public ExecutionTracker(String stateMachineArn, Checkpoint stored, List<OpenNamesPart> parts, long sinceMs,
                            long windowMs, Set<ExecutionStatus> emittedStatuses, OffsetLookup offsets) {
        this(stateMachineArn, stored, parts, sinceMs, windowMs, windowMs, false, emittedStatuses, offsets);
    }

    /**
     * A tracker whose window listing adapts between {@code minWindowMs} and {@code windowMs} ({@link ListingWindow});
     * {@code coverRunTimes} with {@code execution.detail=summary}.
     */
    public ExecutionTracker(String stateMachineArn, Checkpoint stored, List<OpenNamesPart> parts, long sinceMs,
                            long windowMs, long minWindowMs, boolean coverRunTimes,
                            Set<ExecutionStatus> emittedStatuses, OffsetLookup offsets) {
        this.stateMachineArn = stateMachineArn;
        this.executionArnPrefix = executionArnPrefix(stateMachineArn);
        this.windowMs = windowMs;
        this.window = new ListingWindow(windowMs, minWindowMs, coverRunTimes);
        this.firstStart = stored == null;
        Checkpoint checkpoint = stored == null ? Checkpoint.initial(sinceMs) : stored;
        this.sinceMs = checkpoint.sinceMs();
        this.floorMs = checkpoint.watermarkMs();
        this.claims = new PendingClaims(checkpoint.claims(), windowMs);
        this.redrives = new Redrives(checkpoint.redriveSettledBelowMs(), checkpoint.horizon());
        this.known = new KnownExecutions(windowMs);
        this.stored = checkpoint;
        this.names = new OpenNames(parts);
        Map<String, Long> named = names.loaded(checkpoint.openNames());
        if (!named.isEmpty()) {
            // older than the window is all that matters of an unknown start date until the execution is listed
            known.restore(named, executionArnPrefix, offsets, floorMs - windowMs - 1);
            names.want(known.wantedNames(Set.of(), floorMs - windowMs, claims.claims()));
        }
        this.changes = new ChangeRecorder(windowMs, this.sinceMs, emittedStatuses, offsets, known, candidates, unresolved,
                claims, redrives, names, cycle, () -> this.stored, window::ended);
    }

    /** {@code arn:...:stateMachine:name[:qualifier]} to {@code arn:...:execution:name:}; see {@link ExecutionArns}. */
    static String executionArnPrefix(String stateMachineArn) {
        return ExecutionArns.prefixOf(stateMachineArn);
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
        redrivenSkipped = false;
        cycle.start(floorMs - window.depthMs(), floorMs - windowMs, floorMs, nowMs);
    }

    public boolean isListing() {
        return cycle.isListing();
    }

    /** Why the listing waits (for describes or acknowledgements), or null if it may go on. */
    public Pause pause() {
        // listing every status adds next to no candidate: it tells how the waiting ones ended, sparing their describes
        if (candidates.size() >= MAX_CANDIDATES && !(cycle.isListing() && cycle.phase() == ListingCycle.Phase.ENDED)) {
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
        ListingCycle.Selection selected = cycle.select(page, redrives.settledBelowMs());
        observeLateness(selected.executions());
        List<TrackerOutput> outputs = changes.onListed(selected.executions(), nowMs);
        cycle.read(page);
        boolean endedDone = cycle.phase() == ListingCycle.Phase.ENDED
                && (--endedPagesLeft <= 0 || candidates.all().stream().allMatch(c -> c.summary() != null));
        if (selected.lastPage() || endedDone) {
            endPhase();
        } else {
            cycle.nextToken(page.nextToken());
        }
        return outputs;
    }

    /**
     * Tells the listing window how far behind the cycle's floor each execution new to the tracker started: one the
     * last complete cycle did not list although it started before what that cycle saw appeared late. Listings that
     * show other executions (redriven ones, which are old; those waiting for a redrive) are not asked, nor are
     * executions the tracker skips for good (before the initial position, or recorded inside the claims).
     */
    private void observeLateness(List<ExecutionSummary> listed) {
        ListingCycle.Phase phase = cycle.phase();
        if (phase != ListingCycle.Phase.WINDOW && phase != ListingCycle.Phase.OPEN) {
            return;
        }
        for (ExecutionSummary s : listed) {
            if (known.contains(s.executionArn()) || candidates.contains(s.executionArn()) || s.redriveCount() > 0
                    || s.startDateMs() < sinceMs || !s.status().isOpen() && claims.claims().covers(s.startDateMs())) {
                continue;
            }
            window.listedNew(cycle.startFloorMs() - s.startDateMs());
        }
    }

    private void endPhase() {
        switch (cycle.phase()) {
            case WINDOW -> {
                if (listPendingRedrive) {
                    cycle.beginPendingRedrive();
                } else {
                    beginOpen();
                }
            }
            case PENDING_REDRIVE -> beginOpen();
            case OPEN -> {
                // no longer listed as running: closed (or gone), its describe tells
                long[] oldestEnded = {Long.MAX_VALUE, 0};
                known.forEachWatchedWhileOpen(cycle.windowFloorMs(), (arn, k) -> {
                    if (!cycle.wasListedRunning(arn) && !candidates.contains(arn)) {
                        changes.addCandidate(arn, k.startMs, null, k.redriveCount > 0 ? k.redriveDateMs : null);
                        oldestEnded[0] = Math.min(oldestEnded[0], k.startMs);
                        oldestEnded[1]++;
                    }
                });
                if (listEnded && oldestEnded[1] > 1) {
                    // a page costs a call, as a describe does: list while each page can still save more than one
                    endedPagesLeft = (oldestEnded[1] + 1) / 2;
                    cycle.beginEnded(oldestEnded[0]);
                } else {
                    beginRedriven();
                }
            }
            case ENDED -> beginRedriven();
            case REDRIVEN -> cycle.done();
            case DONE -> throw new IllegalStateException("No listing in progress for " + stateMachineArn);
        }
    }

    /** Lists the open executions behind the window, if any are known. */
    private void beginOpen() {
        Long cutoff = known.oldestWatchedWhileOpen(cycle.windowFloorMs());
        if (cutoff != null) {
            cycle.beginOpen(cutoff);
        } else {
            beginRedriven();
        }
    }

    private void beginRedriven() {
        long from = redrives.listFromMs(cycle.windowFloorMs());
        if (from == Long.MAX_VALUE) {
            cycle.done();
        } else if (!redrives.listingDue(cycle.startedAtMs())) {
            redrivenSkipped = true;
            cycle.done();
        } else {
            cycle.beginRedriven(from);
        }
    }

    // ---- describing ----

    public boolean hasCandidates() {
        return candidates.size() > 0;
    }

    /** Moves a candidate whose describe failed behind the others, so that it holds up no other. */
    public void postpone(String executionArn) {
        candidates.postpone(executionArn);
    }

    /**
     * The candidates to describe, oldest detection first. While the window listing waits only for describes, those
     * that started at its lowest start date so far wait for its next page (more of that millisecond may be on it):
     * resolved now they could not be claimed, would each get an offset, and while Kafka has not acknowledged it,
     * every older execution resolved meanwhile would too (a summary-mode backfill wrote an offset and a tombstone for
     * nine executions in ten). All of them if nothing else is left.
     */
    public List<Candidate> candidates() {
        return cycle.isActive() && cycle.phase() == ListingCycle.Phase.WINDOW && pause() == Pause.CANDIDATES
                ? candidates.preferStartedAfter(cycle.listedDownToMs()) : candidates.all();
    }

    /**
     * Takes the result of describing a candidate at the service's time {@code nowMs}: an {@link Emit} if the
     * execution is in a new state of a status to emit, an {@link Observe} if its new state is of a status not to
     * emit, nothing if the state is not new (the list ran ahead of, or behind, DescribeExecution). An execution
     * that no longer exists, or is not the one listed (its name was used again), is forgotten.
     */
    public List<TrackerOutput> onDescribed(String executionArn, Optional<ExecutionDetails> described, long nowMs) {
        return changes.onDescribed(executionArn, described, nowMs);
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
    @Override
    public void acknowledged(String key, long commitGeneration) {
        if (key.startsWith("#open-names-part-")) {
            names.acknowledged(Integer.parseInt(key.substring("#open-names-part-".length())));
            return;
        }
        KnownExecution k = known.get(key);
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
            lastCycleStartMs = cycle.startedAtMs();
            floorMs = Math.max(floorMs, cycle.topMs());
            redrives.cycleCompleted(cycle.startedAtMs(), windowMs, !redrivenSkipped);
            ListingCycle.Region region = listedRegion();
            claims.listed(region);
            regionHighMs = Math.max(regionHighMs, region.high());
            window.cycleCompleted();
            cycle.finish();
        }
        return maintain(nowMs, commitGeneration);
    }

    /**
     * The start dates of the cycle in progress that may join the claims once resolved: below the bound of the window
     * under its top, from where the last complete cycle's left off (a listing shallower than the bound reaches no
     * lower) or from where its own listing reached, whichever is older.
     */
    private ListingCycle.Region listedRegion() {
        ListingCycle.Region region = cycle.listedRegion(windowMs);
        if (regionHighMs == Long.MIN_VALUE || region.low() <= regionHighMs - 1) {
            return region;
        }
        return new ListingCycle.Region(regionHighMs - 1, region.high(), region.redriveBefore());
    }

    /**
     * Brings the stored state up to date at the service's time {@code nowMs}: claims what is resolved, writes the
     * open-name parts that changed, the checkpoint if it changed, then deletes the offsets no longer needed.
     *
     * @param commitGeneration how many offset commits the task has seen so far
     */
    public List<TrackerOutput> maintain(long nowMs, long commitGeneration) {
        known.dateStoredStates(nowMs);
        claims.claimResolved(cycle.isActive() && cycle.hasTop() ? listedRegion() : null, unresolved);
        List<TrackerOutput> outputs = new ArrayList<>();
        Set<String> forgettable = known.forgettable(nowMs, commitGeneration, claims.claims(),
                redrives.settledBelowMs(), stored.watermarkMs() - windowMs, candidates::contains);
        names.want(known.wantedNames(forgettable, floorMs - windowMs, claims.claims()));
        names.writes().forEach(part -> outputs.add(new StoreNames(part)));
        advanceRedriveMark();
        // tombstones before the checkpoint whose claims replace them: on the checkpoint topic's one partition Kafka
        // acknowledges in order, so a stored checkpoint implies its tombstones (after them, a crash between the two
        // left offsets that no restarted task knew of)
        for (String arn : forgettable) {
            if (!names.mentions(KnownExecutions.nameOf(arn))) { // a name is dropped from the stored parts before its offset
                KnownExecution k = known.remove(arn);
                if (k.hasOffset()) {
                    outputs.add(new Forget(arn));
                }
            }
        }
        Checkpoint next = nextCheckpoint();
        unstoredNames = next.openNames().size();
        if (!next.equals(stored)) {
            stored = next;
            outputs.add(new Store(next));
        }
        return outputs;
    }

    /**
     * Moves the redrive mark to the last complete cycle's start (less the window, and any redrive still unresolved),
     * but only when it matters: when a redriven execution waits for it to be forgotten, when it lets days of the
     * redrive horizon go, or when the checkpoint is written anyway. An idle state machine's checkpoint is then not
     * rewritten every cycle just because time passed.
     */
    private void advanceRedriveMark() {
        long mark = redrives.nextMark(unresolved);
        if (mark != redrives.settledBelowMs() && (redrives.expiresHorizon(mark) || !nextCheckpoint().equals(stored)
                || known.anyRedrivenBetween(redrives.settledBelowMs(), mark))) {
            redrives.moveTo(mark);
        }
    }

    /**
     * The checkpoint as things stand. Its watermark is the floor held back so that a restart lists again every
     * unresolved execution, and every start date listed but not yet claimed (its executions were recorded without
     * offsets, or their offsets may be gone).
     */
    private Checkpoint nextCheckpoint() {
        return new Checkpoint(sinceMs, claims.holdWatermark(unresolved.watermarkMs(floorMs)), claims.claims(),
                redrives.settledBelowMs(), redrives.horizon(), names.delta());
    }

    // ---- a scope that ends ----

    /**
     * For a scope that starts no execution after {@code stoppedMs} (a Map Run that stopped then; a redrive only
     * restarts executions it already had): once a cycle that began a window after it found every execution closed
     * and resolved, claims every start date up to it and moves the floor there, so that the executions' offsets are
     * forgotten as their records are committed, and the scope can be dropped ({@link #isDrained()}). Before that the
     * last window of start dates would keep its offsets, since no newer execution ever moves the floor past it.
     *
     * @return whether it sealed the scope; false while that cycle has not run or something is open or unresolved
     */
    public boolean seal(long stoppedMs) {
        if (!isQuiet() || lastCycleStartMs < stoppedMs + windowMs) {
            return false;
        }
        claims.claimUpTo(stoppedMs, lastCycleStartMs - windowMs);
        floorMs = Math.max(floorMs, stoppedMs);
        return true;
    }

    /**
     * Whether each cycle also lists the executions waiting to be redriven (PENDING_REDRIVE): only a Map Run that
     * was redriven has them, and a child waiting behind the window shows its wait in no other listing.
     */
    public void listPendingRedrive(boolean list) {
        listPendingRedrive = list;
    }

    /**
     * Whether a cycle whose running list no longer shows several executions lists every status down to the oldest of
     * them, so that the pages tell how they ended (with {@code execution.detail=summary}, where a describe is the
     * only other call it would take): at most one page for every two of them, then the rest are described. Worth it
     * for a Map Run, whose children end by the thousand long after they started; a state machine's history can be
     * far larger than its executions that end in one poll.
     */
    public void listEnded(boolean list) {
        listEnded = list;
    }

    /**
     * Lists redriven executions at a cadence of their own, between {@code minMs} and {@code maxMs}, rather than at
     * every cycle: once after each failure, else after a quarter of the time since the newest redrive
     * ({@link Redrives}). With {@code maxMs} at most half the longest interval between checks, no redrive waits
     * longer than that interval.
     */
    public void listRedrivenEvery(long minMs, long maxMs) {
        redrives.listEvery(minMs, maxMs);
    }

    /** Not listing, nothing open, nothing awaiting a describe or Kafka's acknowledgement. */
    public boolean isQuiet() {
        return !isListing() && candidates.size() == 0 && unresolved.size() == 0 && known.open() == 0;
    }

    /** The service's time at which the last complete cycle began listing; MIN_VALUE before the first. */
    public long lastCycleStartMs() {
        return lastCycleStartMs;
    }

    /** Whether the tracker holds nothing: no execution, no candidate, nothing awaiting Kafka. */
    public boolean isDrained() {
        return known.size() == 0 && candidates.size() == 0 && unresolved.size() == 0 && !isListing();
    }

    /** Calls {@code action} with the ARN of each execution last recorded open (RUNNING or PENDING_REDRIVE). */
    public void forEachOpen(java.util.function.Consumer<String> action) {
        known.forEachOpen(action);
    }

    // ---- figures ----

    /** How far below the floor the next cycle's window listing reaches. */
    public long windowDepthMs() {
        return window.depthMs();
    }

    /** Executions held in memory: open ones, recent ones, and those whose records are not yet safely stored. */
    public int trackedExecutions() {
        return known.size();
    }

    /** Executions last seen open (RUNNING or PENDING_REDRIVE). */
    public int openExecutions() {
        return known.open();
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
        KnownExecution k = known.get(executionArn);
        return "known=" + (k == null ? null : k.status + "/" + k.redriveCount + " start=" + k.startMs + " redrive="
                + k.redriveDateMs + " inFlight=" + k.inFlight + " records=" + k.records + " loaded=" + k.loaded)
                + " candidate=" + candidates.contains(executionArn) + " covered=" + claims.claims().covers(startMs)
                + " claims=" + claims.claims() + " rs=" + redrives.settledBelowMs() + " floor=" + floorMs;
    }
}
