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
 * Drives one state machine's {@link ExecutionTracker} against the API: lists, describes (or, with
 * {@code execution.detail=summary}, takes the listed item), builds records.
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

    StateMachinePoller(ExecutionTracker tracker, StepFunctionsGateway gateway, RecordFactory records,
                       OffsetLookup offsets, AckRegistry acks, StateMachineMetrics metrics, int pageSize,
                       ExecutionDetail detail, long pollIntervalMs) {
        this.tracker = tracker;
        this.gateway = gateway;
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
            for (Candidate candidate : tracker.candidates()) {
                if (!first && clock.nowMs() >= deadlineMs) {
                    break;
                }
                Optional<ExecutionDetails> details = details(candidate);
                tracker.onDescribed(candidate.executionArn(), details).ifPresent(o -> add(out, o, clock));
                first = false;
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
     * The candidate's details, as {@code execution.detail} asks: from its listed item in summary mode, else from
     * {@code DescribeExecution}. Empty if the execution no longer exists.
     */
    private Optional<ExecutionDetails> details(Candidate candidate) throws InterruptedException {
        if (detail == ExecutionDetail.SUMMARY && candidate.summary() != null) {
            return Optional.of(ExecutionDetails.fromSummary(candidate.summary()));
        }
        // in summary mode, an open execution behind the window found closed by its absence from the running list:
        // that list does not say how it ended, so it is described, and cut to the fields the list would have shown
        metrics.described();
        Optional<ExecutionDetails> details = gateway.describeExecution(candidate.executionArn(),
                detail == ExecutionDetail.FULL);
        if (details.isEmpty()) {
            log.warn("Execution {} of {} was listed but no longer exists (ExecutionDoesNotExist); skipping it",
                    candidate.executionArn(), tracker.stateMachineArn());
        }
        return detail == ExecutionDetail.SUMMARY ? details.map(ExecutionDetails::summaryOnly) : details;
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
