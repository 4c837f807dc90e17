package io.github.sfnconnect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.sfnconnect.aws.StepFunctionsGateway;
import io.github.sfnconnect.model.MapRunDetails;
import io.github.sfnconnect.record.MapRunParent;
import io.github.sfnconnect.record.MapRunRecords;
import io.github.sfnconnect.tracking.AckTarget;
import io.github.sfnconnect.tracking.ExecutionTracker;
import io.github.sfnconnect.tracking.MapRunProgress;

/**
 * Streams one Map Run until it stopped and everything of it is stored ({@link #finished()}); then the task drops it
 * and the Map Run leaves its state machine's registry.
 * <p>
 * Its children ({@code map.runs=children} or {@code both}) are listed by a {@link StateMachinePoller} of their own.
 * Its progress ({@code progress} or {@code both}) is one {@code DescribeMapRun} per poll interval, and a record when
 * the answer differs from the last one recorded. Without progress records, {@code DescribeMapRun} is called only when
 * the Map Run is taken up and when it runs again after it stopped: to know whether it was redriven, whose children
 * wait as PENDING_REDRIVE, which each cycle then lists (no other listing shows a child waiting behind the window).
 */
final class MapRunPoller implements Pollable, AckTarget {

    private static final Logger log = LoggerFactory.getLogger(MapRunPoller.class);

    private final MapRunParent run;
    /** Null when only progress is streamed. */
    private final StateMachinePoller children;
    private final MapRunDiscovery discovery;
    private final StepFunctionsGateway gateway;
    private final OffsetReader offsets;
    /** Null when no progress is streamed. */
    private final MapRunRecords progressRecords;
    private final StateMachinePoller.AckRegistry acks;
    private final long pollIntervalMs;
    private final long windowMs;

    private MapRunProgress progress;
    private int progressInFlight;
    /** The last DescribeMapRun answer, null before the first. */
    private MapRunDetails details;
    private boolean describeWanted = true;
    private long nextDescribeMs;
    private long notBeforeMs;
    private Long lastStopMs;
    private boolean sealed;
    private boolean finished;
    private boolean vanished;

    MapRunPoller(MapRunParent run, StateMachinePoller children, MapRunDiscovery discovery,
                 StepFunctionsGateway gateway, OffsetReader offsets, MapRunRecords progressRecords,
                 StateMachinePoller.AckRegistry acks, long pollIntervalMs, long windowMs) {
        this.windowMs = windowMs;
        this.run = run;
        this.children = children;
        this.discovery = discovery;
        this.gateway = gateway;
        this.offsets = offsets;
        this.progressRecords = progressRecords;
        this.acks = acks;
        this.pollIntervalMs = pollIntervalMs;
    }

    MapRunParent run() {
        return run;
    }

    MapRunDiscovery discovery() {
        return discovery;
    }

    /** Whether the Map Run stopped and all of it is stored, or it is gone: the task drops it. */
    boolean finished() {
        return finished;
    }

    boolean vanished() {
        return vanished;
    }

    @Override
    public List<SourceRecord> poll(long nowMs, long deadlineMs, StateMachinePoller.Clock clock)
            throws InterruptedException {
        List<SourceRecord> out = new ArrayList<>();
        if (children != null) {
            out.addAll(children.poll(nowMs, deadlineMs, clock));
            if (children.vanished()) {
                vanished = true;
                finished = true;
                return out;
            }
        }
        if (nowMs >= notBeforeMs) {
            try {
                describe(out, clock);
            } catch (RetriableException e) {
                notBeforeMs = nowMs + pollIntervalMs;
                log.warn("Describing Map Run {} failed, will retry in {} ms: {}", run.mapRunArn(), pollIntervalMs,
                        e.getMessage());
            }
            if (vanished) {
                finished = true;
                return out;
            }
        }
        Long stoppedMs = stoppedMs();
        if (lastStopMs != null && stoppedMs == null) {
            describeWanted = true; // runs again: redriven, whose children may wait to be redriven
        }
        lastStopMs = stoppedMs;
        finished = isDone(stoppedMs, clock);
        return out;
    }

    /** Progress at every poll interval; without progress records, only when its redrive count matters. */
    private void describe(List<SourceRecord> out, StateMachinePoller.Clock clock) throws InterruptedException {
        long nowMs = clock.nowMs();
        boolean due = progressRecords != null ? nowMs >= nextDescribeMs : describeWanted;
        if (!due) {
            return;
        }
        if (progressRecords != null && progress == null) {
            progress = new MapRunProgress(run.mapRunArn(), offsets.offset(MapRunProgress.partition(run.mapRunArn()),
                    "the progress of Map Run " + run.mapRunArn()));
        }
        Optional<MapRunDetails> described = gateway.describeMapRun(run.mapRunArn());
        nextDescribeMs = nowMs + pollIntervalMs;
        describeWanted = false;
        if (described.isEmpty()) {
            vanished = true;
            log.info("Map Run {} of execution {} no longer exists (ResourceNotFound: deleted with its execution, 90 "
                    + "days after it closed?); it is no longer streamed", run.mapRunArn(), run.parentExecutionArn());
            return;
        }
        details = described.get();
        clock.observed(details.startDateMs());
        if (children != null && children.tracker() != null) {
            children.tracker().listPendingRedrive("RUNNING".equals(details.status()) && details.redriveCount() > 0);
        } else if (children != null) {
            describeWanted = true; // again once the tracker exists
        }
        if (progressRecords != null && progress.isChange(details)) {
            Map<String, Object> offset = progress.offsetOf(details);
            SourceRecord record = progressRecords.progressRecord(details, MapRunProgress.partition(run.mapRunArn()),
                    offset, nowMs);
            progress.recorded(details);
            progressInFlight++;
            acks.expect(record, this, "progress");
            out.add(record);
        }
    }

    /** The Map Run's stop date, from its latest progress if it has any, else from its execution's ListMapRuns. */
    private Long stoppedMs() {
        if (progressRecords != null && details != null) {
            return "RUNNING".equals(details.status()) ? null : details.stopDateMs();
        }
        return discovery.stoppedMs(run.mapRunArn());
    }

    /**
     * Stopped, its final progress acknowledged, and its children sealed and drained. The seal needs a poll of its
     * own before the drain counts: that poll stores the checkpoint that claims every child.
     */
    private boolean isDone(Long stoppedMs, StateMachinePoller.Clock clock) {
        if (stoppedMs == null) {
            sealed = false; // running, or running again after a redrive
            if (children != null) {
                children.holdCyclesUntil(0);
            }
            return false;
        }
        if (progressRecords != null && (progress == null || !progress.isFinal() || progressInFlight > 0)) {
            return false;
        }
        if (children == null) {
            return true;
        }
        ExecutionTracker tracker = children.tracker();
        if (tracker == null) {
            return false;
        }
        tracker.listPendingRedrive(false);
        boolean wasSealed = sealed;
        if (!sealed) {
            sealed = tracker.seal(stoppedMs);
        }
        if (sealed) {
            children.holdCyclesUntil(Long.MAX_VALUE); // nothing new can be listed until it runs again
        } else if (tracker.isQuiet() && tracker.lastCycleStartMs() > stoppedMs) {
            // a cycle begun after the stop found everything closed: only the eventually consistent list's tail is
            // left, which one cycle a window after the stop sees; the cycles in between would list the same pages
            children.holdCyclesUntil(clock.nowMs() + Math.max(0, stoppedMs + windowMs - clock.serviceNowMs()));
        }
        return wasSealed && sealed && tracker.isDrained();
    }

    @Override
    public void acknowledged(String key, long commitGeneration) {
        progressInFlight--;
    }

    @Override
    public long nextWorkMs() {
        long next = children == null ? Long.MAX_VALUE : children.nextWorkMs();
        if (progressRecords != null || describeWanted) {
            next = Math.min(next, Math.max(notBeforeMs, progressRecords != null ? nextDescribeMs : notBeforeMs));
        }
        return next;
    }
}
