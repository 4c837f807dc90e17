package io.github.sfnconnect.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.ExecutionSummary;
import io.github.sfnconnect.tracking.ExecutionTracker.Candidate;
import io.github.sfnconnect.tracking.TrackerOutput.Emit;
import io.github.sfnconnect.tracking.TrackerOutput.Forget;
import io.github.sfnconnect.tracking.TrackerOutput.Observe;

/**
 * What a listed item or a describe result means for its execution: nothing new (the list or describe lags behind,
 * or runs ahead of, what was recorded), a new state to describe, or a new state to record. A new state is recorded
 * under the execution's own offset, tracked until Kafka has it; or, if the execution was new and the cycle that
 * lists it already claims it, with the checkpoint as its offset, holding nothing in memory.
 */
final class ChangeRecorder {

    private final long windowMs;
    private final long sinceMs;
    private final Set<ExecutionStatus> emittedStatuses;
    private final OffsetLookup offsets;
    private final KnownExecutions known;
    private final DescribeQueue candidates;
    private final Unresolved unresolved;
    private final PendingClaims claims;
    private final Redrives redrives;
    private final OpenNames names;
    private final ListingCycle cycle;
    /** The checkpoint last handed out to be stored. */
    private final Supplier<Checkpoint> stored;
    /** Told the run time of each end recorded of an execution never redriven ({@link ListingWindow#ended}). */
    private final LongConsumer runTimes;

    ChangeRecorder(long windowMs, long sinceMs, Set<ExecutionStatus> emittedStatuses, OffsetLookup offsets,
                   KnownExecutions known, DescribeQueue candidates, Unresolved unresolved, PendingClaims claims,
                   Redrives redrives, OpenNames names, ListingCycle cycle, Supplier<Checkpoint> stored,
                   LongConsumer runTimes) {
        this.windowMs = windowMs;
        this.sinceMs = sinceMs;
        this.emittedStatuses = Set.copyOf(emittedStatuses);
        this.offsets = offsets;
        this.known = known;
        this.candidates = candidates;
        this.unresolved = unresolved;
        this.claims = claims;
        this.redrives = redrives;
        this.names = names;
        this.cycle = cycle;
        this.stored = stored;
        this.runTimes = runTimes;
    }

    /**
     * Classifies a page's executions (those its listing phase selected) at the service's time {@code nowMs}: new
     * states become candidates to describe; new states not to be emitted are recorded at once. A failed offset
     * lookup throws before anything changes.
     */
    List<TrackerOutput> onListed(List<ExecutionSummary> listed, long nowMs) {
        // every execution the tracker does not hold is looked up, also a closed one inside the claims: an execution
        // recorded open under its own offset may have ended while the task was down (crash finding 1); the claims
        // only say that one without an offset was recorded in its closed state
        List<String> unknown = new ArrayList<>();
        for (ExecutionSummary s : listed) {
            if (!known.contains(s.executionArn()) && !candidates.contains(s.executionArn())) {
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
                candidates.relisted(pending, s);
                continue;
            }
            KnownExecution k = known.get(arn);
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
                    k = KnownExecution.stored(o.status(), o.redriveCount(), s.startDateMs());
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
     * Closed, inside the claims and not redriven since, and without a stored offset: recorded in this state (with a
     * checkpoint, or under an offset deleted since). A stored offset says more: the execution may have been recorded
     * open and ended since.
     */
    private boolean settled(ExecutionSummary s) {
        return !s.status().isOpen()
                && claims.claims().settles(s.startDateMs(), s.redriveCount(), s.redriveDateMs(), redrives.settledBelowMs());
    }

    /** Queues an execution for its describe; it holds claims back until resolved. */
    void addCandidate(String arn, long startMs, ExecutionSummary summary, Long redriveDateMs) {
        candidates.add(arn, startMs, summary);
        unresolved.add(arn, startMs, redriveDateMs, names.isWanted(KnownExecutions.nameOf(arn)), windowMs);
    }

    /** Takes the result of describing a candidate: see {@link ExecutionTracker#onDescribed}. */
    List<TrackerOutput> onDescribed(String executionArn, Optional<ExecutionDetails> described,
                                           long nowMs) {
        Candidate candidate = candidates.take(executionArn);
        if (candidate == null) {
            return List.of();
        }
        unresolved.remove(executionArn);
        KnownExecution k = known.get(executionArn);
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
    private List<TrackerOutput> record(String arn, KnownExecution k, ExecutionStatus status, int redriveCount, long startMs,
                                       Long stopMs, Long redriveDateMs, ExecutionDetails details, long nowMs) {
        boolean emit = emittedStatuses.contains(status);
        ExecutionOffset offset = new ExecutionOffset(status, redriveCount, startMs);
        redrives.recorded(status, startMs, stopMs, redriveCount, redriveDateMs, nowMs);
        if (!status.isOpen() && stopMs != null && redriveCount == 0) {
            runTimes.accept(stopMs - startMs);
        }
        if (k == null && claimable(startMs, status, redriveCount, stopMs, redriveDateMs, nowMs)) {
            return emit ? List.of(new Emit(details, offset, stored.get())) : List.of();
        }
        if (k == null) {
            k = KnownExecution.unrecorded(startMs);
            known.put(arn, k);
        }
        k.recorded(status, redriveCount, startMs, stopMs, redriveDateMs);
        k.inFlight++;
        k.records++;
        unresolved.add(arn, startMs, redriveCount > 0 ? redriveDateMs : null, names.isWanted(KnownExecutions.nameOf(arn)), windowMs);
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
        long redriveBefore = unresolved.redriveSettledBelowMs(Math.max(redrives.settledBelowMs(),
                cycle.startedAtMs() - windowMs));
        if (redriveCount > 0 && (redriveDateMs == null || redriveDateMs >= redriveBefore)) {
            return false;
        }
        long high = cycle.topMs() - windowMs;
        return startMs > cycle.listedDownToMs() && startMs < high && !unresolved.anyStartedBetween(startMs, high);
    }

    /** Forgets an execution whose ARN now names another one, or none; its offset goes. */
    private List<TrackerOutput> dropEarlierLife(String arn, KnownExecution k) {
        if (k.inFlight > 0) {
            k.gone = true; // its records in flight still come back acknowledged
            return List.of();
        }
        known.remove(arn);
        return k.hasOffset() ? List.of(new Forget(arn)) : List.of();
    }
}
