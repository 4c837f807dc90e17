package io.github.sfnconnect.tracking;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.github.sfnconnect.model.ExecutionPage;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.ExecutionSummary;
import io.github.sfnconnect.tracking.ExecutionTracker.ListRequest;

/**
 * Where a poll cycle's listing stands. Phases, each paged with {@code nextToken}:
 * <ol>
 * <li><b>Window</b>: {@code ListExecutions} newest first, down to the window floor (the newest start date seen by
 * the last complete cycle, minus the {@link ListingWindow}'s depth), which re-lists recent executions because the
 * list is eventually consistent. The last page's older part is classified too, down to the bound's floor (minus
 * {@code consistency.window.ms}): it costs nothing more and catches an execution later than the depth.</li>
 * <li><b>Open</b> (only while an execution older than the window is open): {@code ListExecutions(statusFilter=
 * RUNNING)} down to the oldest such execution; one no longer listed as running has closed.</li>
 * <li><b>Redriven</b> (only while an execution older than the window may have been redriven since the last check):
 * {@code ListExecutions(redriveFilter=REDRIVEN)} down to the redrive horizon.</li>
 * </ol>
 */
final class ListingCycle {

    enum Phase { WINDOW, PENDING_REDRIVE, OPEN, ENDED, REDRIVEN, DONE }

    /** Start dates (low, high) the window listing covered, whose executions were recorded after every redrive made
     * before {@code redriveBefore}. */
    record Region(long low, long high, long redriveBefore) {
        Region union(Region other) {
            return new Region(Math.min(low, other.low), Math.max(high, other.high),
                    Math.min(redriveBefore, other.redriveBefore));
        }
    }

    /** The executions of a page that its phase is to classify, and whether the phase ends with the page. */
    record Selection(List<ExecutionSummary> executions, boolean lastPage) {
    }

    private Phase phase = Phase.DONE;
    private boolean active;
    private String nextToken;
    private long windowFloorMs;
    /** The window phase classifies what its pages show down to here: the floor less the bound. */
    private long boundFloorMs;
    /** The floor the cycle began from: the newest start date seen by the last complete cycle. */
    private long startFloorMs;
    private long topMs;
    private boolean hasTop;
    private long listedDownToMs;
    private long startedAtMs;
    private long openCutoffMs;
    private long endedFloorMs;
    /** The token that fetched the window listing's latest page (null for its first). */
    private String windowPageToken;
    private long redriveFromMs = Long.MAX_VALUE;
    private final Set<String> listedRunning = new HashSet<>();

    /** Begins at the service's time {@code nowMs}, listing down to {@code windowFloorMs} from {@code floorMs} up. */
    void start(long windowFloorMs, long floorMs, long nowMs) {
        start(windowFloorMs, windowFloorMs, floorMs, nowMs);
    }

    /**
     * Begins at the service's time {@code nowMs}, listing down to {@code windowFloorMs} from {@code floorMs} up, and
     * classifying what the pages read show down to {@code boundFloorMs} (at most {@code windowFloorMs}).
     */
    void start(long windowFloorMs, long boundFloorMs, long floorMs, long nowMs) {
        phase = Phase.WINDOW;
        active = true;
        nextToken = null;
        this.windowFloorMs = windowFloorMs;
        this.boundFloorMs = Math.min(boundFloorMs, windowFloorMs);
        startFloorMs = floorMs;
        topMs = floorMs;
        hasTop = false;
        listedDownToMs = Long.MAX_VALUE;
        startedAtMs = nowMs;
        windowPageToken = null;
        redriveFromMs = Long.MAX_VALUE;
        listedRunning.clear();
    }

    ListRequest nextRequest(String stateMachineArn) {
        return switch (phase) {
            case WINDOW -> new ListRequest(null, false, nextToken);
            case PENDING_REDRIVE -> new ListRequest(ExecutionStatus.PENDING_REDRIVE, false, nextToken);
            case OPEN -> new ListRequest(ExecutionStatus.RUNNING, false, nextToken);
            case ENDED -> new ListRequest(null, false, nextToken);
            case REDRIVEN -> new ListRequest(null, true, nextToken);
            case DONE -> throw new IllegalStateException("No listing in progress for " + stateMachineArn);
        };
    }

    /**
     * What of a page answering {@link #nextRequest} the phase classifies. Changes nothing: the page is read again if
     * classifying it fails. {@code redriveSettledMs}: redrives made before it were recorded.
     */
    Selection select(ExecutionPage page, long redriveSettledMs) {
        if (phase == Phase.DONE) {
            throw new IllegalStateException("No listing in progress");
        }
        List<ExecutionSummary> selected = new ArrayList<>();
        boolean belowFloor = false;
        for (ExecutionSummary s : page.executions()) {
            long start = s.startDateMs();
            switch (phase) {
                case WINDOW -> {
                    // newest first: the rest of the list is older still, and needs no further page
                    belowFloor |= start < windowFloorMs;
                    if (start < boundFloorMs) {
                        return new Selection(selected, true);
                    }
                    selected.add(s); // below the window floor: already on the page, so free to classify
                }
                case PENDING_REDRIVE -> {
                    if (start < windowFloorMs) {
                        selected.add(s); // newer ones were handled by the window phase of this cycle
                    }
                }
                case OPEN -> {
                    if (start < openCutoffMs) {
                        return new Selection(selected, true);
                    }
                    if (start < windowFloorMs) {
                        selected.add(s); // newer ones were handled by the window phase of this cycle
                    }
                }
                case ENDED -> {
                    if (start < endedFloorMs) {
                        return new Selection(selected, true);
                    }
                    if (start < windowFloorMs) {
                        selected.add(s);
                    }
                }
                case REDRIVEN -> {
                    // stop only where neither order the API may use (start date, or redrive date) can hold more
                    if (start < redriveFromMs && (s.redriveDateMs() == null || s.redriveDateMs() < redriveSettledMs)) {
                        return new Selection(selected, true);
                    }
                    if (start < windowFloorMs && start >= redriveFromMs) {
                        selected.add(s);
                    }
                }
                default -> throw new IllegalStateException(phase.name());
            }
        }
        return new Selection(selected, belowFloor || page.nextToken() == null);
    }

    /** Takes note of what a page showed, once its executions are classified. */
    void read(ExecutionPage page) {
        if (phase == Phase.WINDOW) {
            listed(page.executions().stream().filter(s -> s.startDateMs() >= windowFloorMs).toList());
        } else if (phase == Phase.OPEN || phase == Phase.PENDING_REDRIVE) {
            page.executions().forEach(s -> listedRunning.add(s.executionArn())); // listed open
        }
    }

    /** Window phase: executions listed on a page, all inside the window floor. */
    private void listed(List<ExecutionSummary> executions) {
        for (ExecutionSummary s : executions) {
            topMs = Math.max(topMs, s.startDateMs());
            listedDownToMs = Math.min(listedDownToMs, s.startDateMs());
        }
        hasTop = true;
    }

    boolean wasListedRunning(String executionArn) {
        return listedRunning.contains(executionArn);
    }

    void nextToken(String token) {
        nextToken = token;
        if (phase == Phase.WINDOW) {
            windowPageToken = token;
        }
    }

    /** A Map Run's children waiting to be redriven (only Map Runs have them): their wait is a change of its own. */
    void beginPendingRedrive() {
        phase = Phase.PENDING_REDRIVE;
        nextToken = null;
        listedDownToMs = windowFloorMs - 1;
    }

    void beginOpen(long cutoffMs) {
        phase = Phase.OPEN;
        nextToken = null;
        openCutoffMs = cutoffMs;
        listedDownToMs = windowFloorMs - 1;
    }

    /**
     * Every status, down to the oldest execution found ended by its absence from the running list: a page shows up
     * to a thousand of them with how each ended, where each would otherwise cost a describe. It goes on from the
     * window listing's last page (read again: its older part was not classified), so the window is not listed twice.
     */
    void beginEnded(long floorMs) {
        phase = Phase.ENDED;
        nextToken = windowPageToken;
        endedFloorMs = floorMs;
        listedDownToMs = windowFloorMs - 1;
    }

    void beginRedriven(long fromMs) {
        phase = Phase.REDRIVEN;
        nextToken = null;
        redriveFromMs = fromMs;
        listedDownToMs = windowFloorMs - 1;
        listedRunning.clear();
    }

    void done() {
        phase = Phase.DONE;
        nextToken = null;
        listedDownToMs = windowFloorMs - 1;
        listedRunning.clear();
    }

    /** The cycle's results are taken into the checkpoint; nothing more is claimed for it. */
    void finish() {
        active = false;
    }

    boolean isListing() {
        return phase != Phase.DONE;
    }

    /** Started and not yet finished (its listing may be done). */
    boolean isActive() {
        return active;
    }

    Phase phase() {
        return phase;
    }

    long windowFloorMs() {
        return windowFloorMs;
    }

    /** The newest start date the last complete cycle saw, from which this one began. */
    long startFloorMs() {
        return startFloorMs;
    }

    /** Whether the window listing has read a page, so that {@link #topMs()} is this cycle's. */
    boolean hasTop() {
        return hasTop;
    }

    /** The newest start date seen (at least the floor it began from). */
    long topMs() {
        return topMs;
    }

    /** Every execution started after this was listed by the window phase (all, once it ended). */
    long listedDownToMs() {
        return listedDownToMs;
    }

    long startedAtMs() {
        return startedAtMs;
    }

    long openCutoffMs() {
        return openCutoffMs;
    }

    long redriveFromMs() {
        return redriveFromMs;
    }

    /** What the window listing covered so far below the window: claimable once resolved. */
    Region listedRegion(long windowMs) {
        return new Region(listedDownToMs, topMs - windowMs, startedAtMs - windowMs);
    }
}
