package io.github.sfnconnect;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.sfnconnect.aws.StepFunctionsGateway;
import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.model.ExecutionPage;
import io.github.sfnconnect.model.StateMachineInfo;
import io.github.sfnconnect.record.RecordFactory;
import io.github.sfnconnect.tracking.ExecutionTracker;
import io.github.sfnconnect.tracking.ExecutionTracker.Candidate;
import io.github.sfnconnect.tracking.ExecutionTracker.ListRequest;
import io.github.sfnconnect.tracking.OffsetLookup;

/**
 * Drives one state machine's {@link ExecutionTracker} against the API: lists, describes, builds records.
 * Work is cut into slices bounded by a deadline so that the task's {@code poll()} returns promptly; an unfinished
 * cycle continues at the next slice.
 */
final class StateMachinePoller {

    private static final Logger log = LoggerFactory.getLogger(StateMachinePoller.class);

    private final ExecutionTracker tracker;
    private final StepFunctionsGateway gateway;
    private final RecordFactory records;
    private final OffsetLookup offsets;
    private final int pageSize;
    private final boolean includeData;
    private final long pollIntervalMs;
    private long nextCycleMs;
    private long notBeforeMs;
    private boolean verified;

    StateMachinePoller(ExecutionTracker tracker, StepFunctionsGateway gateway, RecordFactory records,
                       OffsetLookup offsets, int pageSize, boolean includeData, long pollIntervalMs) {
        this.tracker = tracker;
        this.gateway = gateway;
        this.records = records;
        this.offsets = offsets;
        this.pageSize = pageSize;
        this.includeData = includeData;
        this.pollIntervalMs = pollIntervalMs;
    }

    String stateMachineArn() {
        return tracker.stateMachineArn();
    }

    ExecutionTracker tracker() {
        return tracker;
    }

    /** When this poller next has work, in epoch ms; now or earlier if it has work already. */
    long nextWorkMs() {
        return Math.max(notBeforeMs, tracker.isListing() || tracker.hasCandidates() ? Long.MIN_VALUE : nextCycleMs);
    }

    /** Does work until the deadline (at least one call's worth), returning the records it produced. */
    List<SourceRecord> poll(long nowMs, long deadlineMs, Clock clock) throws InterruptedException {
        List<SourceRecord> out = new ArrayList<>();
        if (nowMs < notBeforeMs) {
            return out;
        }
        if (!tracker.isListing() && !tracker.hasCandidates()) {
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
                ExecutionPage page = gateway.listExecutions(tracker.stateMachineArn(), request.statusFilter(),
                        pageSize, request.nextToken());
                tracker.onPage(page, offsets);
                first = false;
            }
            for (Candidate candidate : tracker.candidates()) {
                if (!first && clock.nowMs() >= deadlineMs) {
                    break;
                }
                Optional<ExecutionDetails> details = gateway.describeExecution(candidate.executionArn(), includeData);
                if (details.isEmpty()) {
                    log.warn("Execution {} of {} was listed but no longer exists (ExecutionDoesNotExist); skipping it",
                            candidate.executionArn(), tracker.stateMachineArn());
                }
                tracker.onDescribed(candidate.executionArn(), details).ifPresent(e -> {
                    log.trace("Emitting {} {} (redrive {})", e.details().executionArn(), e.details().status(),
                            e.details().redriveCount());
                    out.add(records.executionRecord(e.details(), e.offset()));
                });
                first = false;
            }
            if (!tracker.isListing() && !tracker.hasCandidates()) {
                tracker.checkpointIfChanged()
                        .ifPresent(cp -> out.add(records.checkpointRecord(tracker.stateMachineArn(), cp, clock.nowMs())));
            }
        } catch (RetriableException e) {
            // the SDK already retried with backoff; keep what was found and try again next cycle
            log.warn("Polling state machine {} failed, will retry in {} ms: {}", tracker.stateMachineArn(),
                    pollIntervalMs, e.getMessage());
            tracker.abortCycle();
            notBeforeMs = clock.nowMs() + pollIntervalMs;
            nextCycleMs = notBeforeMs;
        }
        return out;
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
        log.info("State machine {} ({}, {}) is tracked", tracker.stateMachineArn(), info.type(), info.status());
    }

    /** The task's time source; a seam for tests. */
    interface Clock {
        long nowMs();
    }
}
