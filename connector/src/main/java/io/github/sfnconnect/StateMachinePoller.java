package io.github.sfnconnect;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.sfnconnect.aws.PageTokenExpiredException;
import io.github.sfnconnect.aws.StepFunctionsGateway;
import io.github.sfnconnect.config.ExecutionDetail;
import io.github.sfnconnect.metrics.StateMachineMetrics;
import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.model.ExecutionPage;
import io.github.sfnconnect.model.StateMachineInfo;
import io.github.sfnconnect.record.RecordFactory;
import io.github.sfnconnect.tracking.ExecutionTracker;
import io.github.sfnconnect.tracking.ExecutionTracker.Candidate;
import io.github.sfnconnect.tracking.ExecutionTracker.ListRequest;
import io.github.sfnconnect.tracking.OffsetLookup;
import io.github.sfnconnect.tracking.TrackerOutput;
import io.github.sfnconnect.tracking.TrackerOutput.Emit;
import io.github.sfnconnect.tracking.TrackerOutput.Forget;
import io.github.sfnconnect.tracking.TrackerOutput.Observe;
import io.github.sfnconnect.tracking.TrackerOutput.Store;

/**
 * Drives one state machine's {@link ExecutionTracker} against the API: lists, describes (a few at a time on the
 * task's {@link DescribePool}; with {@code execution.detail=summary}, takes the listed item instead), builds records.
 * The tracker is only ever touched on the calling thread.
 * Work is cut into slices bounded by a deadline so that the task's {@code poll()} returns promptly; an unfinished
 * cycle continues at the next slice, also after an API failure (from the same page).
 */
final class StateMachinePoller {

    private static final Logger log = LoggerFactory.getLogger(StateMachinePoller.class);

    /** Told about each record whose acknowledgement the tracker waits for. */
    interface AckRegistry {
        void expect(SourceRecord record, ExecutionTracker tracker, String executionArn);
    }

    /** The task's time source, and how many offset commits it has seen; a seam for tests. */
    interface Clock {
        long nowMs();

        default long offsetCommits() {
            return 0;
        }
    }

    private final ExecutionTracker tracker;
    private final StepFunctionsGateway gateway;
    private final DescribePool describes;
    private final RecordFactory records;
    private final OffsetLookup offsets;
    private final AckRegistry acks;
    private final StateMachineMetrics metrics;
    private final int pageSize;
    private final ExecutionDetail detail;
    private final long pollIntervalMs;
    private long nextCycleMs;
    private long notBeforeMs;
    private boolean verified;

    StateMachinePoller(ExecutionTracker tracker, StepFunctionsGateway gateway, DescribePool describes,
                       RecordFactory records, OffsetLookup offsets, AckRegistry acks, StateMachineMetrics metrics,
                       int pageSize, ExecutionDetail detail, long pollIntervalMs) {
        this.tracker = tracker;
        this.gateway = gateway;
        this.describes = describes;
        this.records = records;
        this.offsets = offsets;
        this.acks = acks;
        this.metrics = metrics;
        this.pageSize = pageSize;
        this.detail = detail;
        this.pollIntervalMs = pollIntervalMs;
    }

    String stateMachineArn() {
        return tracker.stateMachineArn();
    }

    ExecutionTracker tracker() {
        return tracker;
    }

    private boolean inCycle() {
        return tracker.isListing() || tracker.hasCandidates();
    }

    /** When this poller next has work, in epoch ms; now or earlier if it has work already. */
    long nextWorkMs() {
        return Math.max(notBeforeMs, inCycle() ? Long.MIN_VALUE : nextCycleMs);
    }

    /** Does work until the deadline (at least one call's worth), returning the records it produced. */
    List<SourceRecord> poll(long nowMs, long deadlineMs, Clock clock) throws InterruptedException {
        List<SourceRecord> out = new ArrayList<>();
        if (nowMs < notBeforeMs) {
            return out;
        }
        if (!inCycle()) {
            if (nowMs < nextCycleMs) {
                return out;
            }
            tracker.startCycle();
            nextCycleMs = nowMs + pollIntervalMs;
        }
        try {
            if (!verified) {
                requireTrackable();
                verified = true;
            }
            boolean first = true;
            while (tracker.isListing() && (first || clock.nowMs() < deadlineMs)) {
                ListRequest request = tracker.nextListRequest();
                metrics.listed();
                ExecutionPage page = listPage(request);
                addAll(out, tracker.onPage(page, offsets, clock.nowMs()), clock);
                first = false;
            }
            List<Candidate> batch = new ArrayList<>();
            for (Candidate candidate : tracker.candidates()) {
                if (!first && clock.nowMs() >= deadlineMs) {
                    break;
                }
                if (detail == ExecutionDetail.SUMMARY && candidate.summary() != null) {
                    apply(candidate, Optional.of(ExecutionDetails.fromSummary(candidate.summary())), out, clock);
                    continue; // no call
                }
                batch.add(candidate);
                if (batch.size() == describes.inFlight()) {
                    describe(batch, out, clock);
                    batch.clear();
                    first = false;
                }
            }
            if (!batch.isEmpty()) {
                describe(batch, out, clock);
            }
            if (!inCycle()) {
                addAll(out, tracker.finishCycle(clock.nowMs(), clock.offsetCommits()), clock);
                metrics.cycleCompleted(clock.nowMs());
                metrics.tracking(tracker.trackedExecutions(), tracker.openExecutions());
            }
            int failed = metrics.recovered();
            if (failed > 0) {
                log.info("Polling state machine {} recovered after {} failed attempts", tracker.stateMachineArn(),
                        failed);
            }
        } catch (PageTokenExpiredException e) {
            log.warn("{}", e.getMessage());
            tracker.startCycle();
        } catch (RetriableException e) {
            // the SDK already retried with backoff; keep the place (page and candidates) and try again later
            int failed = metrics.failed();
            notBeforeMs = clock.nowMs() + pollIntervalMs;
            log.warn("Polling state machine {} failed ({} in a row), will retry from the same place in {} ms: {}",
                    tracker.stateMachineArn(), failed, pollIntervalMs, e.getMessage());
        }
        return out;
    }

    /**
     * Describes a batch of candidates concurrently, then applies the outcomes here, in order. A failed call leaves
     * its candidate for a later poll; after the others are applied, the failure is rethrown (a fatal one first).
     * <p>
     * In summary mode only candidates without a listed item get here: open executions behind the window found
     * closed by their absence from the running list, which does not say how they ended. Their details are cut to
     * the fields the list would have shown, as in every summary record.
     */
    private void describe(List<Candidate> batch, List<SourceRecord> out, Clock clock) throws InterruptedException {
        batch.forEach(c -> metrics.described());
        List<DescribePool.Outcome> outcomes = describes.describe(gateway,
                batch.stream().map(Candidate::executionArn).toList(), detail == ExecutionDetail.FULL);
        RuntimeException failure = null;
        for (int i = 0; i < batch.size(); i++) {
            DescribePool.Outcome outcome = outcomes.get(i);
            if (outcome.failure() != null) {
                failure = failure == null || isRetriable(failure) && !isRetriable(outcome.failure())
                        ? outcome.failure() : failure;
                continue;
            }
            Optional<ExecutionDetails> details = outcome.details();
            if (details.isEmpty()) {
                log.warn("Execution {} of {} was listed but no longer exists (ExecutionDoesNotExist); skipping it",
                        batch.get(i).executionArn(), tracker.stateMachineArn());
            }
            apply(batch.get(i), detail == ExecutionDetail.SUMMARY ? details.map(ExecutionDetails::summaryOnly)
                    : details, out, clock);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static boolean isRetriable(RuntimeException e) {
        return e instanceof RetriableException;
    }

    private void apply(Candidate candidate, Optional<ExecutionDetails> details, List<SourceRecord> out, Clock clock) {
        tracker.onDescribed(candidate.executionArn(), details).ifPresent(o -> add(out, o, clock));
    }

    private ExecutionPage listPage(ListRequest request) throws InterruptedException {
        return gateway.listExecutions(tracker.stateMachineArn(), request.statusFilter(), request.redrivenOnly(),
                pageSize, request.nextToken());
    }

    private void addAll(List<SourceRecord> out, List<TrackerOutput> outputs, Clock clock) {
        outputs.forEach(o -> add(out, o, clock));
    }

    private void add(List<SourceRecord> out, TrackerOutput output, Clock clock) {
        String machine = tracker.stateMachineArn();
        if (output instanceof Emit e) {
            log.trace("Emitting {} {} (redrive {})", e.details().executionArn(), e.details().status(),
                    e.details().redriveCount());
            SourceRecord record = records.executionRecord(e.details(), e.offset());
            acks.expect(record, tracker, e.details().executionArn());
            metrics.emitted(e.details().status().name(), e.details().changeTimeMs(), clock.nowMs());
            out.add(record);
        } else if (output instanceof Observe o) {
            SourceRecord record = records.observedRecord(machine, o.executionArn(), o.offset(), clock.nowMs());
            acks.expect(record, tracker, o.executionArn());
            out.add(record);
        } else if (output instanceof Forget f) {
            out.add(records.forgetRecord(f.executionArn(), clock.nowMs()));
        } else if (output instanceof Store s) {
            out.add(records.checkpointRecord(machine, s.checkpoint(), clock.nowMs()));
        }
    }

    /**
     * Fails the task for a state machine that cannot be streamed, rather than running with no records. Done at the
     * first poll rather than in {@code start()} so that throttling at start is retried, not fatal.
     */
    private void requireTrackable() throws InterruptedException {
        StateMachineInfo info = gateway.describeStateMachine(tracker.stateMachineArn());
        if (info.isExpress()) {
            throw new ConnectException("State machine " + tracker.stateMachineArn() + " is an EXPRESS state machine: "
                    + "Step Functions does not list or describe EXPRESS executions through its API. Remove it from "
                    + "state.machine.arns (stream its CloudWatch Logs instead)");
        }
        log.debug("State machine {} ({}, {}) is tracked", tracker.stateMachineArn(), info.type(), info.status());
    }
}
