package io.github.sfnconnect;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.sfnconnect.aws.KmsKeyException;
import io.github.sfnconnect.aws.PageTokenExpiredException;
import io.github.sfnconnect.aws.StateMachineMissingException;
import io.github.sfnconnect.aws.StepFunctionsGateway;
import io.github.sfnconnect.config.ExecutionDetail;
import io.github.sfnconnect.metrics.StateMachineMetrics;
import io.github.sfnconnect.model.DescribedStateMachine;
import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.model.ExecutionPage;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.ExecutionSummary;
import io.github.sfnconnect.model.StateMachineInfo;
import io.github.sfnconnect.record.MapRunParent;
import io.github.sfnconnect.record.RecordFactory;
import io.github.sfnconnect.tracking.AckTarget;
import io.github.sfnconnect.tracking.ExecutionTracker;
import io.github.sfnconnect.tracking.ExecutionTracker.Candidate;
import io.github.sfnconnect.tracking.ExecutionTracker.ListRequest;
import io.github.sfnconnect.tracking.TrackerOutput;
import io.github.sfnconnect.tracking.TrackerOutput.Emit;
import io.github.sfnconnect.tracking.TrackerOutput.Forget;
import io.github.sfnconnect.tracking.TrackerOutput.Observe;
import io.github.sfnconnect.tracking.TrackerOutput.Store;
import io.github.sfnconnect.tracking.TrackerOutput.StoreNames;

/**
 * Drives one listing scope's {@link ExecutionTracker} against the API (a state machine's executions, or a Map Run's
 * children): lists, describes (a few at a time on the task's {@link DescribePool}; with
 * {@code execution.detail=summary}, takes the listed item instead), builds records.
 * The tracker is only ever touched on the calling thread.
 * <p>
 * Work is cut into slices bounded by a deadline so that the task's {@code poll()} returns promptly; an unfinished
 * cycle continues at the next slice, also after an API failure (from the same page). Listing and describing
 * interleave: a backfill emits records while it is still listing, and pauses listing while many executions await
 * their describe. A describe that fails for one execution moves it to the back of the queue; only a whole batch
 * failing backs off.
 */
final class StateMachinePoller implements Pollable {

    private static final Logger log = LoggerFactory.getLogger(StateMachinePoller.class);

    /** Told about each record whose acknowledgement the tracker waits for. */
    interface AckRegistry {
        void expect(SourceRecord record, AckTarget target, String key);
    }

    /**
     * Builds the tracker from the stored offsets, given the time {@code latest} stands for on a first start; may fail
     * retriably (offsets unreadable).
     */
    interface TrackerFactory {
        ExecutionTracker create(long latestMs);
    }

    /**
     * What a state machine's poller tells the discovery of its Map Runs, and asks it: an execution's end is recorded
     * only once its Map Runs were looked for after it ended, so that no restart can find the end recorded and the
     * Map Runs it started unknown.
     */
    interface MapRunWatch {
        MapRunWatch NONE = new MapRunWatch() {
            @Override
            public void changed(String executionArn, ExecutionStatus status, int redriveCount) {
            }

            @Override
            public boolean mayRecordEnd(String executionArn) {
                return true;
            }
        };

        /**
         * Whether the state machine's definition is still wanted: the poller's own {@code DescribeStateMachine} then
         * reads it too and hands it over ({@link #described}), one call instead of two.
         */
        default boolean wantsDefinition() {
            return false;
        }

        /** What the poller's describe with the definition found. */
        default void described(DescribedStateMachine described) {
        }

        /** A new state of the execution was recorded (emitted or observed). */
        void changed(String executionArn, ExecutionStatus status, int redriveCount);

        /** Whether the end of the execution may be recorded now; if not, asks for what it waits for. */
        boolean mayRecordEnd(String executionArn);
    }

    /**
     * Told how each check (poll cycle) of a state machine went, when the task's schedule begins its cycles
     * ({@link #beginCycle}); without one, the poller begins a cycle every poll interval by itself (Map Runs).
     */
    interface CheckListener {
        /**
         * @param changed     whether the check found a change (a record, or an execution waiting for its describe)
         * @param listCalls   the list calls it made
         * @param quietForMs  how long before the check the newest start, stop or redrive it listed happened; -1 if it
         *                    listed no execution
         */
        void checked(boolean changed, int listCalls, long quietForMs);
    }

    /** The task's time sources, and how many offset commits it has seen; a seam for tests. */
    interface Clock {
        /** The worker's clock: deadlines and intervals. */
        long nowMs();

        /** The service's clock: what the API's timestamps are compared with (a lower estimate). */
        default long serviceNowMs() {
            return nowMs();
        }

        /** The service's clock, estimated from above: where {@code initial.position=latest} begins. */
        default long latestMs() {
            return serviceNowMs();
        }

        /** Tells the service's clock about a timestamp the API returned. */
        default void observed(long epochMs) {
        }

        default long offsetCommits() {
            return 0;
        }
    }

    private final TrackerFactory trackers;
    /** The state machine's, or the Map Run's ARN. */
    private final String stateMachineArn;
    /** The Map Run whose children are listed, or null for a state machine. */
    private final MapRunParent mapRun;
    private final MapRunWatch watch;
    private final StepFunctionsGateway gateway;
    private final DescribePool describes;
    private final RecordFactory records;
    private final AckRegistry acks;
    private final StateMachineMetrics metrics;
    private final int pageSize;
    private final ExecutionDetail detail;
    private final long pollIntervalMs;
    /** Null when the poller begins its own cycles. */
    private final CheckListener checks;
    private int cycleListCalls;
    private int cycleChanges;
    /** The newest start, stop or redrive date the cycle listed (the service's clock); Long.MIN_VALUE if none. */
    private long cycleNewestMs;
    private ExecutionTracker tracker;
    private long nextCycleMs;
    /** No cycle begins before this (the worker's clock): a stopped Map Run waits out its last window. */
    private long cyclesHeldUntilMs;
    private long notBeforeMs;
    private boolean verified;
    /** Set once the state machine was streamed: its disappearance is then waited out, not fatal. */
    private boolean streamedBefore;
    private String kmsKeyId;
    private ExecutionTracker.Pause lastPause;
    /** A fatal failure at a first start, thrown once the first checkpoint (the initial position) is committed. */
    private RuntimeException fatalAfterCommit;
    private long fatalCommitGeneration;
    /** Set when the Map Run was found gone: there is nothing left to list. */
    private boolean vanished;
    /**
     * For a state machine selected by name pattern or tags (not listed in state.machine.arns): how long to wait
     * before looking again once it no longer exists; 0 for one listed explicitly.
     */
    private long discoveredRetryMs;
    /** Set once the INFO line about a discovered state machine that no longer exists is logged; reset once found. */
    private boolean goneReported;

    StateMachinePoller(String stateMachineArn, TrackerFactory trackers, StepFunctionsGateway gateway,
                       DescribePool describes, RecordFactory records, AckRegistry acks, StateMachineMetrics metrics,
                       int pageSize, ExecutionDetail detail, long pollIntervalMs) {
        this(stateMachineArn, null, MapRunWatch.NONE, trackers, gateway, describes, records, acks, metrics, pageSize,
                detail, pollIntervalMs, null);
    }

    /**
     * @param mapRun null for a state machine, whose ARN {@code scopeArn} is; else the Map Run whose ARN it is
     * @param watch  told about the executions' changes, and asked before an end is recorded
     * @param checks null if the poller begins a cycle every poll interval by itself; else the cycles begin with
     *               {@link #beginCycle} and each one's outcome is reported to it
     */
    StateMachinePoller(String scopeArn, MapRunParent mapRun, MapRunWatch watch, TrackerFactory trackers,
                       StepFunctionsGateway gateway, DescribePool describes, RecordFactory records, AckRegistry acks,
                       StateMachineMetrics metrics, int pageSize, ExecutionDetail detail, long pollIntervalMs,
                       CheckListener checks) {
        this.stateMachineArn = scopeArn;
        this.mapRun = mapRun;
        this.watch = watch;
        this.trackers = trackers;
        this.gateway = gateway;
        this.describes = describes;
        this.records = records;
        this.acks = acks;
        this.metrics = metrics;
        this.pageSize = pageSize;
        this.detail = detail;
        this.pollIntervalMs = pollIntervalMs;
        this.checks = checks;
    }

    String stateMachineArn() {
        return stateMachineArn;
    }

    /** Begins no cycle before {@code workerMs}; 0 releases the hold. */
    void holdCyclesUntil(long workerMs) {
        cyclesHeldUntilMs = workerMs;
    }

    /**
     * Marks the state machine as discovered by name pattern or tags. Once it no longer exists it was most likely
     * deleted on purpose, and the connector's next look-up drops it: until then it is looked at again no more often
     * than every {@code lookUpIntervalMs}, with one INFO line, and never fails the task (a wrong ARN cannot be the
     * cause: the look-up found it).
     */
    void discovered(long lookUpIntervalMs) {
        discoveredRetryMs = lookUpIntervalMs;
    }

    /** Whether the Map Run whose children this lists was found gone. */
    boolean vanished() {
        return vanished;
    }

    /** Null until the first poll has read the stored offsets. */
    ExecutionTracker tracker() {
        return tracker;
    }

    private boolean hasWork() {
        return tracker == null || tracker.isListing() && tracker.pause() == null || tracker.hasCandidates();
    }

    @Override
    public long nextWorkMs() {
        if (vanished) {
            return Long.MAX_VALUE;
        }
        if (hasWork()) {
            return notBeforeMs;
        }
        return checks != null ? Long.MAX_VALUE : Math.max(notBeforeMs, Math.max(nextCycleMs, cyclesHeldUntilMs));
    }

    /**
     * Begins a check for the task's schedule, whose {@code poll} then lists; false if the poller is not ready for one
     * (stored offsets not read yet, a cycle still going on, backing off after a failure).
     */
    boolean beginCycle(Clock clock) {
        if (checks == null || tracker == null || !verified || tracker.isListing() || vanished
                || fatalAfterCommit != null || clock.nowMs() < notBeforeMs) {
            return false;
        }
        startCycle(clock);
        return true;
    }

    private void startCycle(Clock clock) {
        tracker.startCycle(clock.serviceNowMs());
        nextCycleMs = clock.nowMs() + pollIntervalMs;
        cycleListCalls = 0;
        cycleChanges = 0;
        cycleNewestMs = Long.MIN_VALUE;
    }

    @Override
    public List<SourceRecord> poll(long nowMs, long deadlineMs, Clock clock) throws InterruptedException {
        List<SourceRecord> out = new ArrayList<>();
        if (nowMs < notBeforeMs || vanished) {
            return out;
        }
        if (fatalAfterCommit != null) {
            if (clock.offsetCommits() >= fatalCommitGeneration + 2) {
                throw fatalAfterCommit;
            }
            return out;
        }
        try {
            if (tracker == null) {
                start(out, clock);
                if (fatalAfterCommit != null) {
                    return out;
                }
            }
            if (!verified) {
                requireTrackable(clock);
            }
            if (checks == null && !tracker.isListing() && nowMs >= nextCycleMs && nowMs >= cyclesHeldUntilMs) {
                startCycle(clock);
            }
            boolean first = true;
            while (first || clock.nowMs() < deadlineMs) {
                first = false;
                if (tracker.isListing() && tracker.pause() == null) {
                    ExecutionPage page = listPage(tracker.nextListRequest());
                    page.executions().forEach(s -> {
                        observeTimes(s, clock);
                        cycleNewestMs = Math.max(cycleNewestMs, newest(s));
                    });
                    addAll(out, tracker.onPage(page, clock.serviceNowMs()), clock);
                    if (!tracker.isListing()) {
                        addAll(out, tracker.finishCycle(clock.serviceNowMs(), clock.offsetCommits()), clock);
                        metrics.cycleCompleted(clock.nowMs());
                        if (checks != null) {
                            checks.checked(cycleChanges > 0 || tracker.hasCandidates(), cycleListCalls,
                                    cycleNewestMs == Long.MIN_VALUE ? -1
                                            : Math.max(0, clock.serviceNowMs() - cycleNewestMs));
                        }
                    }
                } else if (tracker.hasCandidates()) {
                    if (!describeSome(out, clock, deadlineMs)) {
                        break; // every candidate waits for its Map Runs to be looked for
                    }
                } else {
                    break;
                }
            }
            reportPause();
            addAll(out, tracker.maintain(clock.serviceNowMs(), clock.offsetCommits()), clock);
            if (mapRun == null) { // a state machine's figures; Map Runs come and go, and are counted apart
                metrics.tracking(tracker.trackedExecutions(), tracker.openExecutions(), tracker.windowDepthMs());
            }
            streamedBefore = true;
            goneReported = false;
            int failed = metrics.recovered();
            if (failed > 0) {
                log.info("Polling state machine {} recovered after {} failed attempts", stateMachineArn, failed);
            }
        } catch (MapRunMissingException e) {
            vanished = true;
            log.info("{}; its child executions are no longer listed", e.getMessage());
        } catch (PageTokenExpiredException e) {
            log.warn("{}", e.getMessage());
            tracker.startCycle(clock.serviceNowMs());
        } catch (StateMachineMissingException e) {
            if (discoveredRetryMs > 0) {
                awaitLookUp(clock, e);
            } else if (tracker == null || !streamedBefore) {
                throw e; // never streamed: most likely a wrong ARN or region
            } else {
                backOff(clock, "it no longer exists (deleted?); its executions are streamed again once a state "
                        + "machine of that name exists, or remove it from state.machine.arns: " + e.getMessage());
            }
        } catch (RetriableException e) {
            // the SDK already retried with backoff; keep the place (page and candidates) and try again later
            backOff(clock, e.getMessage());
        }
        return out;
    }

    /**
     * Checks the state machine, then reads the stored offsets and hands out the first checkpoint of a first start.
     * The check comes first so that its answer (an error too) sets the service's clock, from which {@code latest}
     * is resolved; a fatal answer at a first start fails the task only once that first checkpoint is committed, so
     * that the initial position stays where the connector was first started, however long the fix takes.
     */
    private void start(List<SourceRecord> out, Clock clock) throws InterruptedException {
        RuntimeException failure = null;
        try {
            requireTrackable(clock);
        } catch (RuntimeException e) {
            failure = e;
        }
        tracker = trackers.create(clock.latestMs());
        streamedBefore = !tracker.isFirstStart();
        addAll(out, tracker.start(), clock);
        if (failure == null) {
            return;
        }
        if (failure instanceof RetriableException || failure instanceof StateMachineMissingException
                && (streamedBefore || discoveredRetryMs > 0)) {
            throw failure; // handled as any later failure
        }
        if (!tracker.isFirstStart()) {
            throw failure;
        }
        log.error("State machine {} cannot be streamed; the task fails once its initial position is stored: {}",
                stateMachineArn, failure.getMessage());
        fatalAfterCommit = failure;
        fatalCommitGeneration = clock.offsetCommits();
    }

    private void backOff(Clock clock, String why) {
        int failed = metrics.failed();
        notBeforeMs = clock.nowMs() + pollIntervalMs;
        log.warn("Polling state machine {} failed ({} in a row), will retry from the same place in {} ms: {}",
                stateMachineArn, failed, pollIntervalMs, why);
    }

    /** A discovered state machine that no longer exists: said once at INFO, then looked at every look-up interval. */
    private void awaitLookUp(Clock clock, StateMachineMissingException e) {
        notBeforeMs = clock.nowMs() + discoveredRetryMs;
        if (goneReported) {
            log.debug("State machine {} still does not exist: {}", stateMachineArn, e.getMessage());
            return;
        }
        goneReported = true;
        log.info("State machine {} was deleted since it was discovered; it is dropped at the next look-up (every {} "
                + "ms), and looked at again no sooner", stateMachineArn, discoveredRetryMs);
    }

    /** Says once why the listing waits, and once that it goes on again. */
    private void reportPause() {
        ExecutionTracker.Pause pause = tracker.isListing() ? tracker.pause() : null;
        if (pause == lastPause) {
            return;
        }
        if (pause == ExecutionTracker.Pause.TRACKED) {
            log.warn("Listing of state machine {} waits: {} executions are held in memory, which happens only while "
                    + "executions cannot be described or their records are not acknowledged by Kafka; the oldest "
                    + "waiting: {}", stateMachineArn, tracker.trackedExecutions(),
                    tracker.candidates().stream().limit(3).map(Candidate::executionArn).toList());
        } else if (pause != null) {
            log.debug("Listing of state machine {} waits ({}) for describes or acknowledgements", stateMachineArn, pause);
        }
        lastPause = pause;
    }

    private static long newest(ExecutionSummary s) {
        long newest = s.startDateMs();
        if (s.stopDateMs() != null) {
            newest = Math.max(newest, s.stopDateMs());
        }
        return s.redriveDateMs() == null ? newest : Math.max(newest, s.redriveDateMs());
    }

    private static void observeTimes(ExecutionSummary s, Clock clock) {
        clock.observed(s.startDateMs());
        if (s.stopDateMs() != null) {
            clock.observed(s.stopDateMs());
        }
        if (s.redriveDateMs() != null) {
            clock.observed(s.redriveDateMs());
        }
    }

    /**
     * Describes the next batch of candidates concurrently (those with a listed item in summary mode need no call),
     * then applies the outcomes here, in order. A failed call moves its candidate to the back; if every call of the
     * batch failed, the failure is rethrown (a fatal one first).
     * <p>
     * In summary mode only candidates without a listed item get described: open executions behind the window found
     * closed by their absence from the running list, which does not say how they ended. Their details are cut to
     * the fields the list would have shown, as in every summary record.
     */
    private boolean describeSome(List<SourceRecord> out, Clock clock, long deadlineMs) throws InterruptedException {
        List<Candidate> batch = new ArrayList<>();
        boolean applied = false;
        for (Candidate candidate : tracker.candidates()) {
            boolean ended = candidate.summary() == null || !candidate.summary().status().isOpen();
            if (ended && !watch.mayRecordEnd(candidate.executionArn())) {
                continue; // waits for its Map Runs to be looked for
            }
            if (detail == ExecutionDetail.SUMMARY && candidate.summary() != null) {
                apply(candidate, Optional.of(ExecutionDetails.fromSummary(candidate.summary())), out, clock);
                applied = true;
                if (clock.nowMs() >= deadlineMs) {
                    return true;
                }
                continue; // no call
            }
            batch.add(candidate);
            if (batch.size() == describes.inFlight()) {
                break;
            }
        }
        if (batch.isEmpty()) {
            return applied;
        }
        batch.forEach(c -> metrics.described());
        List<DescribePool.Outcome> outcomes = describes.describe(gateway,
                batch.stream().map(Candidate::executionArn).toList(), detail == ExecutionDetail.FULL);
        RuntimeException failure = null;
        int failures = 0;
        for (int i = 0; i < batch.size(); i++) {
            DescribePool.Outcome outcome = outcomes.get(i);
            Candidate candidate = batch.get(i);
            if (outcome.failure() != null) {
                failures++;
                RuntimeException f = withKey(outcome.failure());
                failure = failure == null || isRetriable(failure) && !isRetriable(f) ? f : failure;
                if (isRetriable(f)) {
                    tracker.postpone(candidate.executionArn());
                }
                continue;
            }
            Optional<ExecutionDetails> details = outcome.details();
            details.ifPresent(d -> observeTimes(d, clock));
            if (details.isEmpty()) {
                log.warn("Execution {} of {} was listed but no longer exists (ExecutionDoesNotExist); skipping it",
                        candidate.executionArn(), stateMachineArn);
            }
            apply(candidate, detail == ExecutionDetail.SUMMARY ? details.map(ExecutionDetails::summaryOnly) : details,
                    out, clock);
        }
        if (failure != null && (failures == batch.size() || !isRetriable(failure))) {
            throw failure;
        }
        if (failure != null) {
            log.warn("Describing {} of {} executions of {} failed; they are retried after the others: {}",
                    failures, batch.size(), stateMachineArn, failure.getMessage());
        }
        return true;
    }

    private static void observeTimes(ExecutionDetails d, Clock clock) {
        clock.observed(d.startDateMs());
        if (d.stopDateMs() != null) {
            clock.observed(d.stopDateMs());
        }
        if (d.redriveDateMs() != null) {
            clock.observed(d.redriveDateMs());
        }
    }

    /** Names the state machine's key in a KMS failure, which the describe alone does not know. */
    private RuntimeException withKey(RuntimeException failure) {
        if (failure instanceof KmsKeyException kms) {
            return new ConnectException("State machine " + stateMachineArn + " encrypts its executions with KMS key "
                    + (kmsKeyId == null ? "(unknown)" : kmsKeyId) + ": " + kms.getMessage(), kms);
        }
        return failure;
    }

    private static boolean isRetriable(RuntimeException e) {
        return e instanceof RetriableException;
    }

    private void apply(Candidate candidate, Optional<ExecutionDetails> details, List<SourceRecord> out, Clock clock) {
        addAll(out, tracker.onDescribed(candidate.executionArn(), details, clock.serviceNowMs()), clock);
    }

    private ExecutionPage listPage(ListRequest request) throws InterruptedException {
        metrics.listed();
        cycleListCalls++;
        if (mapRun == null) {
            return gateway.listExecutions(stateMachineArn, request.statusFilter(), request.redrivenOnly(), pageSize,
                    request.nextToken());
        }
        return gateway.listMapRunExecutions(stateMachineArn, request.statusFilter(), request.redrivenOnly(), pageSize,
                request.nextToken()).orElseThrow(() -> new MapRunMissingException("Map Run " + stateMachineArn
                + " of execution " + mapRun.parentExecutionArn() + " no longer exists (ResourceNotFound: deleted with "
                + "its execution, 90 days after it closed?)"));
    }

    private void addAll(List<SourceRecord> out, List<TrackerOutput> outputs, Clock clock) {
        outputs.forEach(o -> add(out, o, clock));
    }

    private void add(List<SourceRecord> out, TrackerOutput output, Clock clock) {
        if (output instanceof Emit e) {
            log.trace("Emitting {} {} (redrive {})", e.details().executionArn(), e.details().status(),
                    e.details().redriveCount());
            SourceRecord record = e.claimed() == null ? records.executionRecord(e.details(), e.offset(), mapRun)
                    : records.claimedExecutionRecord(e.details(), stateMachineArn, e.claimed(), mapRun);
            watch.changed(e.details().executionArn(), e.details().status(), e.details().redriveCount());
            cycleChanges++;
            if (e.claimed() == null) {
                acks.expect(record, tracker, e.details().executionArn());
            }
            metrics.emitted(e.details().status().name(), e.details().changeTimeMs(), clock.nowMs());
            out.add(record);
        } else if (output instanceof Observe o) {
            SourceRecord record = records.observedRecord(stateMachineArn, o.executionArn(), o.offset(), clock.nowMs());
            watch.changed(o.executionArn(), o.offset().status(), o.offset().redriveCount());
            cycleChanges++;
            acks.expect(record, tracker, o.executionArn());
            out.add(record);
        } else if (output instanceof Forget f) {
            out.add(records.forgetRecord(f.executionArn(), clock.nowMs()));
        } else if (output instanceof Store s) {
            out.add(records.checkpointRecord(stateMachineArn, s.checkpoint(), clock.nowMs()));
        } else if (output instanceof StoreNames n) {
            SourceRecord record = records.openNamesRecord(stateMachineArn, n.part(), clock.nowMs());
            acks.expect(record, tracker, ExecutionTracker.partKey(n.part().part()));
            out.add(record);
        }
    }

    /**
     * Fails the task for a state machine that cannot be streamed, rather than running with no records. Done at the
     * first poll rather than in {@code start()} so that throttling at start is retried, not fatal. Its answer, even
     * an error, sets the service's clock before the tracker resolves the initial position.
     */
    private void requireTrackable(Clock clock) throws InterruptedException {
        if (mapRun != null) {
            verified = true; // its children are listed by Map Run; a Map Run found gone ends the poller
            return;
        }
        String unqualified = unqualified(stateMachineArn);
        StateMachineInfo info;
        if (watch.wantsDefinition()) {
            DescribedStateMachine described = gateway.describeWithDefinition(unqualified);
            watch.described(described);
            info = described.info();
        } else {
            info = gateway.describeStateMachine(unqualified);
        }
        if (info.isExpress()) {
            throw new ConnectException("State machine " + stateMachineArn + " is an EXPRESS state machine: "
                    + "Step Functions does not list or describe EXPRESS executions through its API. Remove it from "
                    + "state.machine.arns (stream its CloudWatch Logs instead)");
        }
        kmsKeyId = info.kmsKeyId();
        verified = true;
        log.debug("State machine {} ({}, {}{}) is tracked", stateMachineArn, info.type(), info.status(),
                kmsKeyId == null ? "" : ", data encrypted with KMS key " + kmsKeyId);
    }

    /** DescribeStateMachine takes a version ARN but not an alias ARN; the type is the state machine's anyway. */
    static String unqualified(String stateMachineArn) {
        int marker = stateMachineArn.indexOf(":stateMachine:") + ":stateMachine:".length();
        int qualifier = stateMachineArn.indexOf(':', marker);
        return qualifier < 0 ? stateMachineArn : stateMachineArn.substring(0, qualifier);
    }
}
