package io.github.sfnconnect.tracking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.model.ExecutionPage;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.ExecutionSummary;
import io.github.sfnconnect.tracking.ExecutionTracker.Candidate;
import io.github.sfnconnect.tracking.ExecutionTracker.ListRequest;
import io.github.sfnconnect.tracking.TrackerOutput.Emit;
import io.github.sfnconnect.tracking.TrackerOutput.Forget;
import io.github.sfnconnect.tracking.TrackerOutput.Observe;
import io.github.sfnconnect.tracking.TrackerOutput.Store;
import io.github.sfnconnect.tracking.TrackerOutput.StoreNames;

/**
 * A fake state machine and a fake Connect for {@link ExecutionTracker} tests: the executions as the API would list
 * and describe them, the offsets as Connect would commit them (per source partition, in record order), and the
 * calls the tracker asked for.
 */
class TrackerHarness {

    static final String SM = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";
    static final String PREFIX = "arn:aws:states:us-east-1:123456789012:execution:orders:";
    static final long WINDOW = 1_000;
    static final long DAY = 86_400_000L;
    static final Set<ExecutionStatus> ALL = EnumSet.allOf(ExecutionStatus.class);

    final Map<String, ExecutionSummary> world = new LinkedHashMap<>();
    /** Execution offsets as Connect committed them. */
    final Map<String, ExecutionOffset> committed = new HashMap<>();
    /** Open-name parts as Connect committed them. */
    final Map<Integer, OpenNamesPart> parts = new TreeMap<>();
    Checkpoint checkpoint;
    /** False: Kafka acknowledges records but Connect has not committed their offsets yet. */
    boolean offsetsCommitted = true;
    long commits;
    long now = 10 * DAY;
    int pageSize = 100;
    /** Lists the redriven executions by redrive date, newest first, instead of by start date. */
    boolean redrivenByRedriveDate;
    final List<ListRequest> lists = new ArrayList<>();
    int describeCalls;
    final List<String> described = new ArrayList<>();
    /** As with execution.detail=summary: a candidate with a listed item is not described. */
    boolean summaryMode;
    Set<ExecutionStatus> emitted = ALL;
    /** consistency.window.ms and consistency.window.min.ms of the trackers made here (equal: a fixed window). */
    long boundWindow = WINDOW;
    long minWindow = WINDOW;

    String put(String name, ExecutionStatus status, long start, int redriveCount) {
        return put(name, status, start, redriveCount, status.isOpen() ? null : Math.max(start + 10, now - 5),
                redriveCount > 0 ? start + 20 : null);
    }

    String put(String name, ExecutionStatus status, long start, int redriveCount, Long stop, Long redriveDate) {
        String arn = PREFIX + name;
        world.put(arn, new ExecutionSummary(arn, SM, name, status, start, status.isOpen() ? null : stop, redriveCount,
                redriveDate, null, null));
        return arn;
    }

    ExecutionPage list(ListRequest request) {
        lists.add(request);
        List<ExecutionSummary> all = new ArrayList<>(world.values());
        all.removeIf(s -> request.statusFilter() != null && s.status() != request.statusFilter());
        all.removeIf(s -> request.redrivenOnly() && s.redriveCount() == 0);
        Comparator<ExecutionSummary> order = request.redrivenOnly() && redrivenByRedriveDate
                ? Comparator.comparingLong(ExecutionSummary::redriveDateMs)
                : Comparator.comparingLong(ExecutionSummary::startDateMs);
        all.sort(order.reversed());
        int from = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
        int to = Math.min(all.size(), from + pageSize);
        return new ExecutionPage(all.subList(from, to), to < all.size() ? Integer.toString(to) : null);
    }

    Optional<ExecutionDetails> describe(String arn) {
        describeCalls++;
        described.add(arn.substring(PREFIX.length()));
        ExecutionSummary s = world.get(arn);
        return s == null ? Optional.empty() : Optional.of(details(s, s.status(), s.redriveCount()));
    }

    static ExecutionDetails details(ExecutionSummary s, ExecutionStatus status, int redriveCount) {
        String arn = s.executionArn();
        return new ExecutionDetails(arn, SM, arn.substring(arn.lastIndexOf(':') + 1), status, s.startDateMs(),
                status.isOpen() ? null : s.stopDateMs(), "{}", true, null, true, null, null, null, null, null, null,
                redriveCount, s.redriveDateMs(), null, null);
    }

    final OffsetLookup lookup = arns -> {
        Map<String, ExecutionOffset> found = new HashMap<>();
        arns.forEach(a -> {
            if (committed.containsKey(a)) {
                found.put(a, committed.get(a));
            }
        });
        return found;
    };

    ExecutionTracker tracker(long since) {
        ExecutionTracker tracker = new ExecutionTracker(SM, null, List.of(), since, boundWindow, minWindow, summaryMode,
                emitted, lookup);
        tracker.start().forEach(o -> commit(tracker, o));
        return tracker;
    }

    /** A new task, from what Connect committed. */
    ExecutionTracker restarted() {
        ExecutionTracker tracker = new ExecutionTracker(SM, checkpoint, List.copyOf(parts.values()), 0, boundWindow,
                minWindow, summaryMode, emitted, lookup);
        tracker.start().forEach(o -> commit(tracker, o));
        return tracker;
    }

    /** Acknowledged outputs whose offsets Connect has not committed yet, in order. */
    private final List<TrackerOutput> acknowledgedOnly = new ArrayList<>();

    /**
     * Applies an output as Connect would once Kafka acknowledged it; if offsetsCommitted, Connect commits its
     * offset (and those of earlier acknowledged outputs) too.
     */
    void commit(ExecutionTracker tracker, TrackerOutput output) {
        if (output instanceof Emit e && e.claimed() == null) {
            tracker.acknowledged(e.details().executionArn(), commits);
        } else if (output instanceof Observe o) {
            tracker.acknowledged(o.executionArn(), commits);
        } else if (output instanceof StoreNames n) {
            tracker.acknowledged(ExecutionTracker.partKey(n.part().part()), commits);
        }
        acknowledgedOnly.add(output);
        if (offsetsCommitted) {
            acknowledgedOnly.forEach(this::store);
            acknowledgedOnly.clear();
        }
    }

    /** A crash: what was acknowledged but not committed is lost (the records are in Kafka, their offsets not). */
    void loseUncommittedOffsets() {
        acknowledgedOnly.clear();
    }

    private void store(TrackerOutput output) {
        if (output instanceof Emit e) {
            if (e.claimed() == null) {
                committed.put(e.details().executionArn(), e.offset());
            } else {
                checkpoint = e.claimed();
            }
        } else if (output instanceof Observe o) {
            committed.put(o.executionArn(), o.offset());
        } else if (output instanceof Forget f) {
            committed.remove(f.executionArn());
        } else if (output instanceof Store s) {
            checkpoint = s.checkpoint();
        } else if (output instanceof StoreNames n) {
            if (n.part().names().isEmpty()) {
                parts.remove(n.part().part());
            } else {
                parts.put(n.part().part(), n.part());
            }
        }
    }

    /** Lists a whole cycle, describing (and committing) whenever the tracker pauses its listing. */
    List<TrackerOutput> listAll(ExecutionTracker tracker) {
        List<TrackerOutput> outputs = new ArrayList<>();
        tracker.startCycle(now);
        while (tracker.isListing()) {
            if (tracker.pause() != null) {
                List<TrackerOutput> described = describeAll(tracker);
                described.forEach(o -> commit(tracker, o));
                outputs.addAll(described);
                maintain(tracker).forEach(outputs::add);
                continue;
            }
            outputs.addAll(tracker.onPage(list(tracker.nextListRequest()), now));
        }
        return outputs;
    }

    List<TrackerOutput> describeAll(ExecutionTracker tracker) {
        List<TrackerOutput> outputs = new ArrayList<>();
        for (Candidate c : tracker.candidates()) {
            outputs.addAll(tracker.onDescribed(c.executionArn(), detailsOf(c), now));
        }
        return outputs;
    }

    List<TrackerOutput> maintain(ExecutionTracker tracker) {
        if (offsetsCommitted) {
            commits += 2;
        }
        List<TrackerOutput> outputs = tracker.maintain(now, commits);
        outputs.forEach(o -> commit(tracker, o));
        return outputs;
    }

    /** One full cycle, everything acknowledged and (if offsetsCommitted) committed; returns the outputs. */
    List<TrackerOutput> cycle(ExecutionTracker tracker) {
        List<TrackerOutput> outputs = new ArrayList<>(listAll(tracker));
        List<TrackerOutput> described = describeAll(tracker);
        outputs.forEach(o -> commit(tracker, o));
        described.forEach(o -> commit(tracker, o));
        outputs.addAll(described);
        if (offsetsCommitted) {
            commits += 2;
        }
        List<TrackerOutput> finish = tracker.finishCycle(now, commits);
        finish.forEach(o -> commit(tracker, o));
        outputs.addAll(finish);
        // the poller maintains at the end of every slice: acknowledgements since the finish are taken in
        outputs.addAll(maintain(tracker));
        return outputs;
    }

    /** What the poller hands the tracker: a describe, or in summary mode the candidate's listed item if it has one. */
    Optional<ExecutionDetails> detailsOf(Candidate c) {
        if (summaryMode && c.summary() != null) {
            return Optional.of(ExecutionDetails.fromSummary(c.summary()));
        }
        return describe(c.executionArn());
    }

    List<String> changes(ExecutionTracker tracker) {
        return emits(cycle(tracker));
    }

    static List<String> emits(List<TrackerOutput> outputs) {
        return outputs.stream().filter(o -> o instanceof Emit).map(o -> ((Emit) o).details())
                .map(d -> d.name() + ":" + d.status() + ":" + d.redriveCount()).toList();
    }

    static List<String> forgotten(List<TrackerOutput> outputs) {
        return outputs.stream().filter(o -> o instanceof Forget).map(o -> ((Forget) o).executionArn())
                .map(a -> a.substring(PREFIX.length())).toList();
    }

    /** Every name stored for a restart: the committed parts' and the checkpoint's. */
    Map<String, Long> storedNames() {
        Map<String, Long> names = new TreeMap<>(checkpoint.openNames());
        parts.values().forEach(p -> names.putAll(p.names()));
        return names;
    }
}
