package io.github.sfnconnect.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
 * Months of one state machine in seconds: a seeded account (executions running for seconds, days and months,
 * failures, redrives up to the 14-day edge, 90-day retention and names used again, the state machine deleted and
 * created again, more than 2,000 executions open at once, a backfill) against the tracker and a model of Connect
 * (acknowledgements that lag, periodic offset commits, graceful restarts, crashes that lose what was not committed,
 * outages of an hour, a day and 16 days). Asserts what docs/guarantees.md states: every state that stayed visible
 * for a poll is emitted, nothing that never happened is, a state is emitted twice only after a crash (never with
 * exactly-once), and memory and stored offsets stay bounded by what can still change.
 * <p>
 * The real-worker counterpart (the same account through the AWS SDK, a Connect worker and a broker) is
 * {@code LongHorizonIT}.
 */
class TrackerSimulationTest {

    private static final String SM = "arn:aws:states:us-east-1:123456789012:stateMachine:sim";
    private static final String PREFIX = "arn:aws:states:us-east-1:123456789012:execution:sim:";
    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long WINDOW = MINUTE;
    private static final long POLL = 30 * MINUTE;
    private static final long RETENTION = 90 * DAY;

    /** One life of an execution (an ARN can have several, one after the other). */
    private static final class Life {
        final String arn;
        final String name;
        final long start;
        final long seq;
        ExecutionStatus status = ExecutionStatus.RUNNING;
        int redriveCount;
        Long stop;
        Long redriveDate;
        /** When the current attempt ends, and how. */
        long endsAt;
        ExecutionStatus endsAs;

        Life(String name, long start, long seq) {
            this.arn = PREFIX + name;
            this.name = name;
            this.start = start;
            this.seq = seq;
        }

        String state() {
            return arn + "@" + start + "|" + status + "|" + redriveCount;
        }

        ExecutionSummary summary() {
            return new ExecutionSummary(arn, SM, name, status, start, status.isOpen() ? null : stop, redriveCount,
                    redriveDate, null, null);
        }
    }

    /** The fake account: what the API lists and describes now, with an index per list variant. */
    private final class Account {
        final TreeMap<Long, Life> all = new TreeMap<>(java.util.Comparator.reverseOrder());
        final TreeMap<Long, Life> running = new TreeMap<>(java.util.Comparator.reverseOrder());
        final TreeMap<Long, Life> redriven = new TreeMap<>(java.util.Comparator.reverseOrder());
        /** Open executions by when they end. */
        final TreeMap<Long, Life> ending = new TreeMap<>();
        /** Closed executions by when retention removes them. */
        final TreeMap<Long, Life> expiring = new TreeMap<>();
        final Map<String, Life> byArn = new HashMap<>();
        long seq;

        void start(String name, long at, long runsFor, ExecutionStatus endsAs) {
            Life life = new Life(name, at, ++seq);
            lives.put(life.arn + "@" + life.start, life);
            byArn.put(life.arn, life);
            all.put(key(life), life);
            run(life, at + runsFor, endsAs);
            existed.add(life.state());
        }

        private void run(Life life, long endsAt, ExecutionStatus endsAs) {
            life.endsAt = endsAt;
            life.endsAs = endsAs;
            running.put(key(life), life);
            ending.put(endsAt * 1_000_000 + life.seq % 1_000_000, life);
        }

        long key(Life life) {
            return life.start * 1_000_000 + life.seq % 1_000_000; // start order, ties by creation
        }

        void advance(long to) {
            while (!ending.isEmpty() && ending.firstKey() / 1_000_000 <= to) {
                Life life = ending.pollFirstEntry().getValue();
                life.status = life.endsAs;
                life.stop = life.endsAt;
                running.remove(key(life));
                expiring.put((life.stop + RETENTION) * 1_000_000 + life.seq % 1_000_000, life);
                existed.add(life.state());
                closed.add(Map.entry(life, life.state()));
            }
            // retention: closed executions disappear 90 days after they stopped; their names can be used again
            while (!expiring.isEmpty() && expiring.firstKey() / 1_000_000 <= to) {
                Life life = expiring.pollFirstEntry().getValue();
                if (life.status.isOpen() || byArn.get(life.arn) != life || life.stop + RETENTION > to) {
                    continue; // redriven since, or gone already
                }
                byArn.remove(life.arn);
                all.remove(key(life));
                redriven.remove(key(life));
            }
        }

        void redrive(Life life, long at, long runsFor, ExecutionStatus endsAs) {
            life.status = ExecutionStatus.RUNNING;
            life.redriveCount++;
            life.redriveDate = at;
            life.stop = null;
            redriven.put(key(life), life);
            run(life, at + runsFor, endsAs);
            existed.add(life.state());
        }

        /** DeleteStateMachine and CreateStateMachine again: running executions are aborted, then all vanish. */
        void recreate(long at) {
            for (Life life : running.values()) {
                life.status = ExecutionStatus.ABORTED;
                life.stop = at;
                existed.add(life.state());
            }
            byArn.clear();
            all.clear();
            running.clear();
            redriven.clear();
            ending.clear();
            expiring.clear();
        }

        ExecutionPage list(ListRequest request) {
            TreeMap<Long, Life> index = request.statusFilter() == ExecutionStatus.RUNNING ? running
                    : request.redrivenOnly() ? redriven : all;
            java.util.SortedMap<Long, Life> rest = request.nextToken() == null ? index
                    : index.tailMap(Long.parseLong(request.nextToken()), false);
            List<ExecutionSummary> page = new ArrayList<>();
            Long last = null;
            for (Map.Entry<Long, Life> e : rest.entrySet()) {
                if (page.size() == pageSize) {
                    return new ExecutionPage(page, Long.toString(last));
                }
                page.add(e.getValue().summary());
                last = e.getKey();
            }
            return new ExecutionPage(page, null);
        }

        Optional<ExecutionDetails> describe(String arn) {
            Life life = byArn.get(arn);
            if (life == null) {
                return Optional.empty();
            }
            ExecutionSummary s = life.summary();
            return Optional.of(new ExecutionDetails(arn, SM, s.name(), s.status(), s.startDateMs(), s.stopDateMs(),
                    "{}", true, null, true, null, null, null, null, null, null, s.redriveCount(), s.redriveDateMs(),
                    null, null));
        }
    }

    /** A record handed to Connect: acknowledged by Kafka at {@code ackAt}. */
    private static final class Submitted {
        final TrackerOutput output;
        final long ackAt;
        boolean acked;

        Submitted(TrackerOutput output, long ackAt) {
            this.output = output;
            this.ackAt = ackAt;
        }
    }

    private Random random;
    private int pageSize;
    private boolean exactlyOnce;
    private final Account account = new Account();
    /** Every state an execution life ever had. */
    private final Set<String> existed = new HashSet<>();
    /** States visible when a cycle began: each terminal one must be emitted. */
    private final Set<String> required = new HashSet<>();
    /** Required states at the last crash: each must still be current at the restart, or reach the topic. */
    private final Set<String> atRisk = new HashSet<>();
    private int lostToCrashes;
    /** Executions that reached a terminal state since the last cycle began, with that state. */
    private final List<Map.Entry<Life, String>> closed = new ArrayList<>();
    /** Records in the topic (for exactly-once, only committed ones), by state. */
    private final Map<String, Integer> topic = new HashMap<>();
    private int crashes;
    private boolean crashesHappen;
    /** As with execution.detail=summary: a candidate with a listed item is not described. */
    private boolean summaryMode;
    private final Map<String, Life> lives = new HashMap<>();
    /** Task stops (0), crashes (1) and starts (2), with their times. */
    private final List<long[]> events = new ArrayList<>();

    // the model of Connect: offsets committed per source partition in record order (SubmittedRecords), or with
    // exactly-once, one transaction per poll (records and offsets together, acknowledgements after the commit)
    private final Map<String, Deque<Submitted>> submitted = new HashMap<>();
    private final List<Submitted> unacked = new ArrayList<>();
    private final List<TrackerOutput> transaction = new ArrayList<>();
    private final Map<String, ExecutionOffset> executionOffsets = new HashMap<>();
    private final Map<Integer, OpenNamesPart> parts = new TreeMap<>();
    private Checkpoint checkpoint;
    private long commits;

    private final OffsetLookup lookup = arns -> {
        Map<String, ExecutionOffset> found = new HashMap<>();
        arns.forEach(a -> {
            if (executionOffsets.containsKey(a)) {
                found.put(a, executionOffsets.get(a));
            }
        });
        return found;
    };

    private long now;
    private ExecutionTracker tracker;
    private long nextCycle;
    private int maxTracked;
    private int maxOffsets;
    private int maxOpen;
    private int maxCandidates;
    private int maxRanges;
    private long listCalls;
    private long describeCalls;
    private boolean adaptiveWindow;

    // adaptive window: consistency.window.min.ms 5 s. At a few starts per 30-minute poll every cycle's window fits on
    // one page, so the depth costs nothing here (seeds 7 and 8 give the same figures with the fixed window): these
    // rows check that its bookkeeping (claims chained from cycle to cycle, the depth back to the bound at restarts)
    // keeps every guarantee over months of restarts and crashes. AdaptiveWindowTest covers a busy state machine.
    @ParameterizedTest(name = "seed {0}, exactly-once {1}, crashes {2}, summary {3}, adaptive window {4}")
    @CsvSource({"1, false, true, false, false", "2, true, true, false, false", "3, false, false, false, false",
            "4, true, false, true, false", "7, true, true, true, true", "8, false, true, false, true"})
    void monthsOfOneAccountLoseNothingAndStayBounded(long seed, boolean eos, boolean crashing, boolean summary,
                                                     boolean adaptive) {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("sim.seed") == null
                || Long.getLong("sim.seed") == seed);
        random = new Random(seed);
        exactlyOnce = eos;
        crashesHappen = crashing;
        summaryMode = summary;
        adaptiveWindow = adaptive;
        pageSize = 200 + random.nextInt(400);
        now = 100 * DAY;
        // a retained history for the backfill, then the connector starts with initial.position=earliest
        for (int i = 0; i < 3_000; i++) {
            long start = now - 80 * DAY + (long) (random.nextDouble() * 80 * DAY);
            account.start("h" + i, start, (long) (random.nextDouble() * HOUR), outcome());
        }
        account.advance(now);
        startTask(0);
        long end = now + 130 * DAY;
        long nextRestart = now + 3 * DAY + random.nextInt(3) * DAY;
        List<long[]> outages = List.of(new long[] {now + 20 * DAY, HOUR}, new long[] {now + 40 * DAY, DAY},
                new long[] {now + 70 * DAY, 16 * DAY});
        long recreateAt = now + 100 * DAY;
        long burstAt = now + 10 * DAY;
        int names = 0;
        while (now < end) {
            now += POLL;
            // steady starts: most run for seconds, some for hours, days or months
            int starts = random.nextInt(8);
            for (int i = 0; i < starts; i++) {
                long at = now - POLL + (long) (random.nextDouble() * POLL);
                // names are reused: some from a small pool, after retention
                String name = random.nextInt(10) == 0 ? "reused" + random.nextInt(50) : "e" + (++names);
                if (account.byArn.containsKey(PREFIX + name)) {
                    name = "e" + (++names);
                }
                account.start(name, at, runtime(), outcome());
            }
            if (now >= burstAt && burstAt > 0) {
                for (int i = 0; i < 2_300; i++) { // more than 2,000 open at once, for weeks
                    account.start("burst" + i, now - random.nextInt((int) HOUR), 20 * DAY + random.nextInt(10) * DAY,
                            outcome());
                }
                burstAt = -1;
            }
            redrives();
            account.advance(now);
            if (recreateAt > 0 && now >= recreateAt) {
                account.recreate(now);
                recreateAt = -1;
            }
            // the connector
            for (long[] outage : outages) {
                if (now >= outage[0] && now < outage[0] + POLL) {
                    stopTask(crashesHappen && random.nextBoolean());
                    long resume = now + outage[1];
                    while (now < resume) {
                        now += POLL;
                        account.advance(now);
                        redrives();
                    }
                    startTask(0);
                }
            }
            if (now >= nextRestart) {
                stopTask(crashesHappen && random.nextInt(3) == 0);
                startTask(0);
                nextRestart = now + 2 * DAY + random.nextInt(4) * DAY;
            }
            step();
        }
        // the end: faults stop, everything is delivered
        stopTask(false);
        startTask(0);
        for (int i = 0; i < 20; i++) {
            now += POLL;
            account.advance(now);
            step();
        }
        int openAtTheEnd = account.running.size();
        stopTask(false);
        Map<String, Integer> leftKinds = new TreeMap<>();
        executionOffsets.forEach((arn, offset) -> {
            Life life = account.byArn.get(arn);
            if (life == null || !life.status.isOpen()) {
                leftKinds.merge(offset.status() + "/rc" + offset.redriveCount() + "/" + (life == null ? "gone"
                        : life.start != offset.startMs() ? "other-life" : life.status.toString()), 1, Integer::sum);
            }
        });
        int offsetsAtTheEnd = executionOffsets.size();

        Set<String> missing = new HashSet<>(required);
        missing.removeAll(topic.keySet());
        Set<String> invented = new HashSet<>(topic.keySet());
        invented.removeAll(existed);
        long duplicates = topic.values().stream().filter(n -> n > 1).count();
        System.out.printf("[simulation seed %d, exactly-once %s, crashes %s] executions=%d states=%d required=%d emitted=%d "
                        + "missing=%d invented=%d duplicated=%d crashes=%d lists=%d describes=%d max tracked=%d "
                        + "max offsets=%d max open=%d max candidates=%d max claim ranges=%d lost to crashes=%d; at the end: %d "
                        + "open, %d execution offsets (of closed executions: %s)%n", seed, eos, crashing, account.seq, existed.size(),
                required.size(), topic.size(), missing.size(), invented.size(), duplicates, crashes, listCalls,
                describeCalls, maxTracked, maxOffsets, maxOpen, maxCandidates, maxRanges, lostToCrashes, openAtTheEnd,
                offsetsAtTheEnd, leftKinds);
        for (String m : missing.stream().limit(5).toList()) {
            String arn = m.substring(0, m.indexOf('@'));
            long start = Long.parseLong(m.substring(m.indexOf('@') + 1, m.indexOf('|')));
            Life life = lives.get(m.substring(0, m.indexOf('|')));
            System.out.printf("missing %s: start day %.4f stop day %s; task events: %s; offset %s%n", m, start / (double) DAY,
                    life == null || life.stop == null ? "?" : String.format("%.4f", life.stop / (double) DAY),
                    events.stream().filter(e -> Math.abs(e[0] - start) < 20 * DAY)
                            .map(e -> String.format("%s@%.4f", e[1] == 0 ? "stop" : e[1] == 1 ? "crash" : "start",
                                    e[0] / (double) DAY)).toList(), executionOffsets.get(arn));
        }
        topic.entrySet().stream().filter(e -> e.getValue() > 1).limit(4).forEach(e -> {
            String m = e.getKey();
            long start = Long.parseLong(m.substring(m.indexOf('@') + 1, m.indexOf('|')));
            Life life = lives.get(m.substring(0, m.indexOf('|')));
            System.out.printf("duplicated %s x%d: start day %.4f stop day %s redrive %s; events: %s%n", m, e.getValue(),
                    start / (double) DAY, life == null || life.stop == null ? "?" : String.format("%.4f", life.stop / (double) DAY),
                    life == null ? "?" : life.redriveDate,
                    events.stream().filter(ev -> Math.abs(ev[0] - start) < 5 * DAY)
                            .map(ev -> String.format("%s@%.4f", ev[1] == 0 ? "stop" : ev[1] == 1 ? "crash" : "start",
                                    ev[0] / (double) DAY)).toList());
        });
        executionOffsets.entrySet().stream().filter(e -> !e.getValue().status().isOpen()).limit(20).forEach(e ->
                System.out.printf("kept offset %s %s (life %s)%n", e.getKey(), e.getValue(),
                        lives.get(e.getKey() + "@" + e.getValue().startMs()) == null ? "?" : "start day "
                                + e.getValue().startMs() / (double) DAY));
        assertThat(missing).as("required changes missing from the topic").isEmpty();
        assertThat(invented).as("records of states that never happened").isEmpty();
        if (exactlyOnce || crashes == 0) {
            assertThat(duplicates).as("duplicates without a crash, or with exactly-once").isZero();
        }
        // closed executions started weeks ago whose offsets stayed: no task will delete them. Only an at-least-once
        // crash leaves them: an offset flush that stored the open-name part dropping an execution's name but not
        // the tombstone sent after it (the name goes first so that a restart never re-emits a forgotten execution).
        // Measured: seed 1, 7 after 11 crashes. Known limit (guarantees.md, "Not covered")
        long orphans = executionOffsets.values().stream()
                .filter(o -> !o.status().isOpen() && o.startMs() < now - 20 * DAY).count();
        assertThat(orphans).as("offsets of executions closed weeks ago, left for good")
                .isLessThanOrEqualTo(exactlyOnce ? 0 : crashes);
        assertThat(offsetsAtTheEnd).as("execution offsets left at the end, with %d executions open", openAtTheEnd)
                .isLessThanOrEqualTo(openAtTheEnd + 20);
        assertThat(maxCandidates).as("executions awaiting a describe").isLessThanOrEqualTo(ExecutionTracker.MAX_CANDIDATES + pageSize);
    }

    private long runtime() {
        int kind = random.nextInt(100);
        if (kind < 80) {
            return SECOND + random.nextInt((int) MINUTE); // seconds
        }
        if (kind < 95) {
            return HOUR + random.nextInt((int) (5 * DAY)); // hours to days
        }
        return 30 * DAY + (long) (random.nextDouble() * 150 * DAY); // months
    }

    private ExecutionStatus outcome() {
        int kind = random.nextInt(100);
        return kind < 75 ? ExecutionStatus.SUCCEEDED : kind < 90 ? ExecutionStatus.FAILED
                : kind < 95 ? ExecutionStatus.TIMED_OUT : ExecutionStatus.ABORTED;
    }

    /** Some failed executions are redriven, a few near the end of their 14-day period. */
    private void redrives() {
        for (Life life : List.copyOf(account.expiring.tailMap((now - 14 * DAY + RETENTION) * 1_000_000).values())) {
            if (life.status.isOpen() || life.status == ExecutionStatus.SUCCEEDED || life.redriveCount >= 3
                    || account.byArn.get(life.arn) != life || now - life.stop > 14 * DAY) {
                continue;
            }
            long since = now - life.stop;
            boolean early = since < 2 * DAY && random.nextInt(400) == 0;
            boolean atTheEdge = since > 14 * DAY - POLL && since <= 14 * DAY && random.nextInt(4) == 0;
            if (early || atTheEdge) {
                account.redrive(life, now - random.nextInt((int) POLL), SECOND + random.nextInt((int) HOUR),
                        outcome());
            }
        }
    }

    private void startTask(long ignored) {
        events.add(new long[] {now, 2});
        if (!TRACE.isEmpty() && checkpoint != null) {
            System.out.printf("restart day %.4f: watermark day %.4f claims %s%n", now / (double) DAY,
                    checkpoint.watermarkMs() / (double) DAY, checkpoint.claims().ranges().stream().limit(3).map(r ->
                            String.format("(%.4f,%.4f)", r.low() / (double) DAY, r.high() / (double) DAY)).toList());
        }
        Map<String, ExecutionOffset> offsets = executionOffsets;
        // adaptive: the window listing as shallow as 5 s of the 60 s bound (consistency.window.min.ms)
        tracker = new ExecutionTracker(SM, checkpoint, List.copyOf(parts.values()), 0, WINDOW,
                adaptiveWindow ? 5 * SECOND : WINDOW, summaryMode, EnumSet.allOf(ExecutionStatus.class), lookup);
        send(tracker.start());
        nextCycle = now;
        assertThat(offsets).isSameAs(executionOffsets);
    }

    /** Graceful: Connect waits for the records in flight and commits; a crash loses what was not committed. */
    private void stopTask(boolean crash) {
        events.add(new long[] {now, crash ? 1 : 0});
        if (crash) {
            crashes++;
            atRisk.addAll(required);
            for (Submitted sub : unacked) {
                if (!exactlyOnce && random.nextBoolean()) {
                    written(sub.output); // the producer may have sent it: in the topic, offset not committed
                }
            }
            transaction.clear(); // with exactly-once, the open transaction is aborted
        } else if (exactlyOnce) {
            endOfPoll();
        } else {
            deliver(Long.MAX_VALUE);
            flush();
        }
        unacked.clear();
        submitted.clear();
        tracker = null;
    }

    /** One poll interval of the task: a cycle when due, acknowledgements and commits as time passes. */
    private void step() {
        deliver(now);
        if (now >= nextCycle && !tracker.isListing()) {
            tracker.startCycle(now);
            nextCycle = now + POLL;
            markVisible();
        }
        int guard = 0;
        while (guard++ < 100_000) {
            if (tracker.isListing() && tracker.pause() == null) {
                if (random.nextInt(200) == 0) {
                    tracker.startCycle(now); // a page token expired: the listing starts again from the top
                    continue;
                }
                listCalls++;
                send(tracker.onPage(account.list(tracker.nextListRequest()), now));
                if (!tracker.isListing()) {
                    send(tracker.finishCycle(now, commits));
                }
            } else if (tracker.hasCandidates()) {
                maxCandidates = Math.max(maxCandidates, tracker.pendingCandidates());
                for (Candidate c : tracker.candidates()) {
                    if (summaryMode && c.summary() != null) {
                        send(tracker.onDescribed(c.executionArn(),
                                Optional.of(ExecutionDetails.fromSummary(c.summary())), now));
                        continue;
                    }
                    describeCalls++;
                    send(tracker.onDescribed(c.executionArn(), account.describe(c.executionArn()), now));
                }
                endOfPoll(); // a poll returned these
                deliver(now + 1); // some acknowledgements arrive while the listing goes on
            } else if (tracker.isListing()) {
                deliver(Long.MAX_VALUE); // paused for acknowledgements: they come
                flush();
                endOfPoll();
                send(tracker.maintain(now, commits));
            } else {
                break;
            }
        }
        send(tracker.maintain(now, commits));
        if (!TRACE.isEmpty() && now > Double.parseDouble(System.getProperty("sim.from", "0")) * DAY && now < Double.parseDouble(System.getProperty("sim.to", "0")) * DAY) {
            Life life = account.byArn.get(PREFIX + TRACE);
            System.out.printf("state day %.4f: %s life=%s offset=%s%n", now / (double) DAY,
                    life == null ? "gone" : tracker.debugState(life.arn, life.start),
                    life == null ? null : life.state() + " redrive=" + life.redriveDate,
                    executionOffsets.get(PREFIX + TRACE));
        }
        endOfPoll();
        if (random.nextInt(2) == 0) {
            flush();
        }
        maxTracked = Math.max(maxTracked, tracker.trackedExecutions());
        int ranges = tracker.checkpoint().claims().ranges().size();
        if (ranges > maxRanges && ranges >= 10 && Boolean.getBoolean("sim.ranges")) {
            System.out.printf("ranges day %.4f (floor day %.4f): %s%n", now / (double) DAY, tracker.floorMs() / (double) DAY,
                    tracker.checkpoint().claims().ranges().stream().map(r -> String.format("(%.4f,%.4f)",
                            r.low() / (double) DAY, r.high() / (double) DAY)).toList());
        }
        maxRanges = Math.max(maxRanges, ranges);
        maxOffsets = Math.max(maxOffsets, executionOffsets.size());
        maxOpen = Math.max(maxOpen, account.running.size());
    }

    /**
     * What a cycle beginning now can see: the terminal states reached since the last cycle must reach the topic. A
     * state whose record a crash lost (Kafka never acknowledged it) can be emitted again only if it is still there
     * when the task resumes: one superseded while the task was down (a failure redriven meanwhile) is not required.
     */
    private void markVisible() {
        if (!atRisk.isEmpty()) {
            for (String state : atRisk) {
                if (!topic.containsKey(state) && !stillCurrent(state)) {
                    required.remove(state);
                    lostToCrashes++;
                }
            }
            atRisk.clear();
        }
        for (Map.Entry<Life, String> e : closed) {
            Life life = e.getKey();
            if (account.byArn.get(life.arn) == life && life.state().equals(e.getValue())) {
                required.add(e.getValue());
            }
        }
        closed.clear();
    }

    private static final String TRACE = System.getProperty("sim.trace", "");
    /** When the last record sent to the checkpoint topic is acknowledged. */
    private long lastCheckpointTopicAckAt;

    private boolean stillCurrent(String state) {
        Life life = lives.get(state.substring(0, state.indexOf('|')));
        return life != null && account.byArn.get(life.arn) == life && life.state().equals(state);
    }

    private void send(List<TrackerOutput> outputs) {
        for (TrackerOutput o : outputs) {
            if (!TRACE.isEmpty() && (PREFIX + TRACE).equals(partitionOf(o))) {
                System.out.printf("trace day %.4f: %s%n", now / (double) DAY, o instanceof Emit e
                        ? "Emit " + e.details().status() + " rc" + e.details().redriveCount() + " claimed="
                        + (e.claimed() != null) : o);
            }
            if (exactlyOnce) {
                transaction.add(o);
                continue;
            }
            long ackAt = now + random.nextInt((int) (2 * POLL));
            if (!(o instanceof Emit)) {
                // the checkpoint topic has one partition: Kafka acknowledges its records in the order they were sent
                ackAt = Math.max(ackAt, lastCheckpointTopicAckAt);
                lastCheckpointTopicAckAt = ackAt;
            }
            Submitted sub = new Submitted(o, ackAt);
            unacked.add(sub);
            submitted.computeIfAbsent(partitionOf(o), p -> new ArrayDeque<>()).add(sub);
        }
    }

    private static String partitionOf(TrackerOutput o) {
        if (o instanceof Emit e) {
            return e.claimed() == null ? e.details().executionArn() : SM;
        }
        if (o instanceof Observe obs) {
            return obs.executionArn();
        }
        if (o instanceof Forget f) {
            return f.executionArn();
        }
        if (o instanceof StoreNames n) {
            return SM + "#" + n.part().part();
        }
        return SM;
    }

    /** Kafka acknowledges the records sent before {@code until}; Connect calls commitRecord for each. */
    private void deliver(long until) {
        if (exactlyOnce) {
            return; // acknowledged when their transaction commits
        }
        for (Iterator<Submitted> it = unacked.iterator(); it.hasNext(); ) {
            Submitted sub = it.next();
            if (sub.ackAt <= until) {
                it.remove();
                sub.acked = true;
                written(sub.output);
                acknowledge(sub.output);
            }
        }
    }

    private void acknowledge(TrackerOutput o) {
        if (tracker == null) {
            return;
        }
        if (o instanceof Emit e && e.claimed() == null) {
            tracker.acknowledged(e.details().executionArn(), commits);
        } else if (o instanceof Observe obs) {
            tracker.acknowledged(obs.executionArn(), commits);
        } else if (o instanceof StoreNames n) {
            tracker.acknowledged(ExecutionTracker.partKey(n.part().part()), commits);
        }
    }

    private void written(TrackerOutput o) {
        if (o instanceof Emit e) {
            ExecutionDetails d = e.details();
            topic.merge(d.executionArn() + "@" + d.startDateMs() + "|" + d.status() + "|" + d.redriveCount(), 1,
                    Integer::sum);
        }
    }

    /** An offset flush: per source partition, the offsets of the records acknowledged with all before them. */
    private void flush() {
        if (exactlyOnce) {
            return;
        }
        for (Deque<Submitted> queue : submitted.values()) {
            while (!queue.isEmpty() && queue.peek().acked) {
                store(queue.poll().output);
            }
        }
        commits++;
    }

    /** With exactly-once, a poll's records and offsets commit together; then Connect acknowledges them. */
    private void endOfPoll() {
        if (!exactlyOnce) {
            return;
        }
        List<TrackerOutput> committedNow = List.copyOf(transaction);
        transaction.clear();
        committedNow.forEach(o -> {
            written(o);
            store(o);
        });
        commits++;
        committedNow.forEach(this::acknowledge);
    }

    private void store(TrackerOutput o) {
        if (o instanceof Emit e) {
            if (e.claimed() == null) {
                executionOffsets.put(e.details().executionArn(), e.offset());
            } else {
                checkpoint = e.claimed();
            }
        } else if (o instanceof Observe obs) {
            executionOffsets.put(obs.executionArn(), obs.offset());
        } else if (o instanceof Forget f) {
            executionOffsets.remove(f.executionArn());
        } else if (o instanceof Store st) {
            checkpoint = st.checkpoint();
        } else if (o instanceof StoreNames n) {
            if (n.part().names().isEmpty()) {
                parts.remove(n.part().part());
            } else {
                parts.put(n.part().part(), n.part());
            }
        }
    }
}
