package io.github.sfnconnect.tracking;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.model.ExecutionPage;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.ExecutionSummary;

/**
 * Change detection for one state machine. Pure logic: the caller makes the API calls it asks for.
 * <p>
 * A poll cycle has two listing phases, then describes:
 * <ol>
 * <li><b>Window</b>: {@code ListExecutions} newest first, down to {@code floor - window}. {@code floor} is the newest
 * start date seen by the last complete cycle (or the stored {@link Checkpoint}); the window re-lists recent
 * executions because the list is eventually consistent.</li>
 * <li><b>Open</b>: {@code ListExecutions(statusFilter=RUNNING)}. Executions older than the window that are running
 * but not known in that state (redriven, or not seen since a restart) are candidates; known open executions older
 * than the window that are no longer running have closed, and are candidates too.</li>
 * <li><b>Describe</b>: each candidate is described once; a record is emitted if its status or redrive count differs
 * from the last emitted one.</li>
 * </ol>
 * Invariants: an execution is described only when a list shows it in a state other than the one last emitted (or,
 * for an open execution older than the window, when it stops being listed as running); the state machine's
 * checkpoint watermark never passes an execution that is open, pending describe, or emitted but not yet
 * acknowledged by Kafka, so a restart from it loses nothing.
 */
public final class ExecutionTracker {

    private enum Phase { WINDOW, OPEN, DONE }

    /** The next {@code ListExecutions} call the caller should make. */
    public record ListRequest(ExecutionStatus statusFilter, String nextToken) {
    }

    /** A change to emit: the described execution and the offset that records it. */
    public record Emission(ExecutionDetails details, ExecutionOffset offset) {
    }

    /** An execution to describe; {@code summary} is null when it was detected by its absence from the running list. */
    public record Candidate(String executionArn, long startDateMs, ExecutionSummary summary) {
    }

    private record Known(ExecutionStatus status, int redriveCount, long startDateMs) {
        boolean matches(ExecutionStatus s, int rc) {
            return status == s && redriveCount == rc;
        }
    }

    private final String stateMachineArn;
    private final long windowMs;
    private final Set<ExecutionStatus> emittedStatuses;
    private final long sinceMs;
    private long floorMs;

    private final Map<String, Known> known = new HashMap<>();
    private final LinkedHashMap<String, Candidate> candidates = new LinkedHashMap<>();
    private final Map<String, long[]> inFlight = new HashMap<>(); // arn -> {start date, records in flight}

    private Phase phase = Phase.DONE;
    private String nextToken;
    private long cycleNewestStartMs;
    private final Set<String> listedRunning = new HashSet<>();
    private long lastCheckpointWatermarkMs = Long.MIN_VALUE;

    /**
     * @param stored  the state machine's stored checkpoint, or null on a first start
     * @param sinceMs for a first start, the earliest start date of executions to emit
     */
    public ExecutionTracker(String stateMachineArn, Checkpoint stored, long sinceMs, long windowMs,
                            Set<ExecutionStatus> emittedStatuses) {
        this.stateMachineArn = stateMachineArn;
        this.windowMs = windowMs;
        this.emittedStatuses = Set.copyOf(emittedStatuses);
        if (stored != null) {
            this.sinceMs = stored.sinceMs();
            this.floorMs = stored.watermarkMs();
            this.lastCheckpointWatermarkMs = stored.watermarkMs();
        } else {
            this.sinceMs = sinceMs;
            this.floorMs = sinceMs;
        }
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

    /** Abandons the listing of this cycle (after an API failure); candidates found so far are kept. */
    public void abortCycle() {
        phase = Phase.DONE;
        nextToken = null;
        listedRunning.clear();
    }

    public boolean isListing() {
        return phase != Phase.DONE;
    }

    public ListRequest nextListRequest() {
        return switch (phase) {
            case WINDOW -> new ListRequest(null, nextToken);
            case OPEN -> new ListRequest(ExecutionStatus.RUNNING, nextToken);
            case DONE -> throw new IllegalStateException("No listing in progress for " + stateMachineArn);
        };
    }

    /** Takes the page answering {@link #nextListRequest()}. */
    public void onPage(ExecutionPage page, OffsetLookup offsets) {
        long windowFloor = floorMs - windowMs;
        if (phase == Phase.WINDOW) {
            List<ExecutionSummary> inWindow = new ArrayList<>();
            boolean reachedFloor = false;
            for (ExecutionSummary s : page.executions()) {
                if (s.startDateMs() < windowFloor) {
                    reachedFloor = true; // newest first: the rest of the list is older still
                    break;
                }
                inWindow.add(s);
                cycleNewestStartMs = Math.max(cycleNewestStartMs, s.startDateMs());
            }
            classify(inWindow, offsets);
            if (reachedFloor || page.nextToken() == null) {
                phase = Phase.OPEN;
                nextToken = null;
            } else {
                nextToken = page.nextToken();
            }
        } else if (phase == Phase.OPEN) {
            List<ExecutionSummary> older = new ArrayList<>();
            for (ExecutionSummary s : page.executions()) {
                listedRunning.add(s.executionArn());
                if (s.startDateMs() < windowFloor) {
                    older.add(s); // newer ones were handled by the window phase of this cycle
                }
            }
            classify(older, offsets);
            if (page.nextToken() == null) {
                closeOpenPhase(windowFloor);
            } else {
                nextToken = page.nextToken();
            }
        } else {
            throw new IllegalStateException("No listing in progress for " + stateMachineArn);
        }
    }

    private void closeOpenPhase(long windowFloor) {
        for (Map.Entry<String, Known> e : known.entrySet()) {
            Known k = e.getValue();
            String arn = e.getKey();
            if (k.status().isOpen() && k.startDateMs() < windowFloor && !listedRunning.contains(arn)
                    && !candidates.containsKey(arn)) {
                candidates.put(arn, new Candidate(arn, k.startDateMs(), null));
            }
        }
        phase = Phase.DONE;
        nextToken = null;
        listedRunning.clear();
        floorMs = Math.max(floorMs, cycleNewestStartMs);
        long pruneBelow = floorMs - windowMs;
        // terminal executions older than the window are not listed again; their offsets remember them
        known.entrySet().removeIf(e -> !e.getValue().status().isOpen() && e.getValue().startDateMs() < pruneBelow
                && !inFlight.containsKey(e.getKey()) && !candidates.containsKey(e.getKey()));
    }

    private void classify(List<ExecutionSummary> listed, OffsetLookup offsets) {
        List<String> unknown = new ArrayList<>();
        for (ExecutionSummary s : listed) {
            if (!known.containsKey(s.executionArn()) && !candidates.containsKey(s.executionArn())) {
                unknown.add(s.executionArn());
            }
        }
        Map<String, ExecutionOffset> stored = unknown.isEmpty() ? Map.of() : offsets.executionOffsets(unknown);
        for (ExecutionSummary s : listed) {
            String arn = s.executionArn();
            if (candidates.containsKey(arn)) {
                candidates.put(arn, new Candidate(arn, s.startDateMs(), s));
                continue;
            }
            Known k = known.get(arn);
            if (k == null) {
                ExecutionOffset offset = stored.get(arn);
                if (offset != null) {
                    k = new Known(offset.status(), offset.redriveCount(), s.startDateMs());
                    known.put(arn, k);
                } else if (s.startDateMs() < sinceMs) {
                    continue; // started before the initial position
                }
            }
            if (k != null && k.matches(s.status(), s.redriveCount())) {
                continue;
            }
            if (!emittedStatuses.contains(s.status())) {
                // not to be emitted: remember it so that it is not described, and wait for its next change
                known.put(arn, new Known(s.status(), s.redriveCount(), s.startDateMs()));
                continue;
            }
            candidates.put(arn, new Candidate(arn, s.startDateMs(), s));
        }
    }

    public boolean hasCandidates() {
        return !candidates.isEmpty();
    }

    /** The candidates to describe, oldest detection first. */
    public List<Candidate> candidates() {
        return Collections.unmodifiableList(new ArrayList<>(candidates.values()));
    }

    /**
     * Takes the result of describing a candidate. Returns the change to emit, if the execution is in a state not
     * emitted before and of a status to emit. An execution that no longer exists is forgotten.
     */
    public Optional<Emission> onDescribed(String executionArn, Optional<ExecutionDetails> described) {
        candidates.remove(executionArn);
        if (described.isEmpty()) {
            known.remove(executionArn);
            return Optional.empty();
        }
        ExecutionDetails d = described.get();
        Known k = known.get(executionArn);
        if (k != null && k.matches(d.status(), d.redriveCount())) {
            return Optional.empty(); // the list ran ahead of (or behind) DescribeExecution; the next poll sees it
        }
        known.put(executionArn, new Known(d.status(), d.redriveCount(), d.startDateMs()));
        if (!emittedStatuses.contains(d.status())) {
            return Optional.empty();
        }
        inFlight.computeIfAbsent(executionArn, a -> new long[] {d.startDateMs(), 0})[1]++;
        return Optional.of(new Emission(d, new ExecutionOffset(d.status(), d.redriveCount())));
    }

    /** Kafka acknowledged a record of this execution. */
    public void acknowledged(String executionArn) {
        long[] entry = inFlight.get(executionArn);
        if (entry != null && --entry[1] <= 0) {
            inFlight.remove(executionArn);
        }
    }

    /** The checkpoint to store, if its watermark moved since the last one stored. Only between cycles. */
    public Optional<Checkpoint> checkpointIfChanged() {
        if (isListing()) {
            return Optional.empty();
        }
        long watermark = watermarkMs();
        if (watermark == lastCheckpointWatermarkMs) {
            return Optional.empty();
        }
        lastCheckpointWatermarkMs = watermark;
        return Optional.of(new Checkpoint(sinceMs, watermark));
    }

    /** The floor, held back by any execution that is open, awaiting describe, or not yet acknowledged. */
    long watermarkMs() {
        long watermark = floorMs;
        for (Candidate c : candidates.values()) {
            watermark = Math.min(watermark, c.startDateMs());
        }
        for (long[] entry : inFlight.values()) {
            watermark = Math.min(watermark, entry[0]);
        }
        for (Iterator<Known> it = known.values().iterator(); it.hasNext(); ) {
            Known k = it.next();
            if (k.status().isOpen()) {
                watermark = Math.min(watermark, k.startDateMs());
            }
        }
        return watermark;
    }

    // visible for testing
    int trackedExecutions() {
        return known.size();
    }

    // visible for testing
    long floorMs() {
        return floorMs;
    }
}
