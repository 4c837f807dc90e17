package io.github.sfnconnect;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import io.github.sfnconnect.metrics.DeliveryMetrics;

/**
 * Follows the records that poll() hands to Connect until Kafka acknowledges them ({@code commitRecord}), so that
 * neither a stall nor a dropped record is silent. Connect's producer waits for a topic that does not exist for ever,
 * with one producer WARN line a second, while the task stays RUNNING; and with {@code errors.tolerance=all} (or a
 * filtering transform) Connect acknowledges a record it never wrote (KIP-779).
 * <p>
 * A timer thread checks, because a stalled send also stops Connect from calling poll().
 */
final class DeliveryWatch implements DeliveryMetrics.State, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWatch.class);

    /** While a stall lasts, its ERROR is repeated this often, so that a log search of any hour finds it. */
    static final long STALL_REPEAT_MS = 300_000L;
    /** Dropped records are logged at most this often, with a count: a transform may drop many on purpose. */
    static final long DROP_LOG_INTERVAL_MS = 60_000L;

    /** Connect hands back the very instances poll() returned, and equal records may be distinct changes. */
    private record Handle(SourceRecord record) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Handle h && h.record == record;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(record);
        }
    }

    private final String taskName;
    private final long thresholdMs;
    private final LongSupplier clock;
    /** In the order handed over, so that the first entry is the oldest one waiting. */
    private final LinkedHashMap<Handle, Long> waiting = new LinkedHashMap<>();
    private final long startedMs;
    /** When Kafka last acknowledged a record; -1 before the first. */
    private long lastAcknowledgedMs = -1;
    /** When the current stall was last reported; -1 while there is none. */
    private long stallReportedMs = -1;
    private long stallStartedMs;
    private long droppedSinceLog;
    private long lastDropLogMs = Long.MIN_VALUE / 2;
    private DeliveryMetrics metrics;
    private ScheduledExecutorService timer;

    DeliveryWatch(String taskName, long thresholdMs, LongSupplier clock) {
        this.taskName = taskName;
        this.thresholdMs = thresholdMs;
        this.clock = clock;
        this.startedMs = clock.getAsLong();
    }

    /** Starts checking every few seconds on a thread of its own, logging with the caller's MDC (Connect's task). */
    void start(DeliveryMetrics deliveryMetrics, String threadName) {
        this.metrics = deliveryMetrics;
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(() -> {
                if (mdc != null) {
                    MDC.setContextMap(mdc);
                }
                r.run();
            }, threadName);
            t.setDaemon(true);
            return t;
        });
        long everyMs = Math.max(500, Math.min(thresholdMs / 4, 10_000));
        timer.scheduleAtFixedRate(() -> check(clock.getAsLong()), everyMs, everyMs, TimeUnit.MILLISECONDS);
    }

    synchronized void handedOver(Iterable<SourceRecord> records) {
        long now = clock.getAsLong();
        for (SourceRecord record : records) {
            waiting.put(new Handle(record), now);
        }
    }

    /** Connect's acknowledgement of a record: {@code written} is false if it was dropped instead (null metadata). */
    void acknowledged(SourceRecord record, boolean written) {
        long now = clock.getAsLong();
        boolean report;
        long dropped;
        synchronized (this) {
            waiting.remove(new Handle(record));
            lastAcknowledgedMs = now;
            if (written) {
                return;
            }
            dropped = ++droppedSinceLog;
            report = now - lastDropLogMs >= DROP_LOG_INTERVAL_MS;
            if (report) {
                lastDropLogMs = now;
                droppedSinceLog = 0;
            }
        }
        if (metrics != null) {
            metrics.dropped();
        }
        if (report) {
            log.warn("{}: Connect acknowledged the record of {} for topic {} without writing it to Kafka{}: a "
                    + "transform dropped it, or errors.tolerance=all skipped a failure to convert or send it (the "
                    + "worker's log and the dead letter queue, if one is set, have the cause). That change is not in "
                    + "Kafka, and Connect committed its offset, so it is not emitted again. If a transform drops "
                    + "records on purpose, scope it with a predicate (README, 'Transforms'); to leave "
                    + "statuses out, set execution.statuses. Metric: records-dropped-total.", taskName, record.key(),
                    record.topic(), dropped > 1 ? " (and " + (dropped - 1) + " more since the last such line)" : "");
        } else {
            log.debug("{}: Connect dropped the record of {} for topic {}", taskName, record.key(), record.topic());
        }
    }

    /** Logs an ERROR when the oldest record waiting has waited longer than the threshold, and again while it lasts. */
    synchronized void check(long nowMs) {
        long age = oldestUnacknowledgedAgeMs(nowMs);
        if (age >= thresholdMs) {
            if (stallReportedMs < 0) {
                stallStartedMs = nowMs - age;
            }
            if (stallReportedMs < 0 || nowMs - stallReportedMs >= STALL_REPEAT_MS) {
                stallReportedMs = nowMs;
                log.error(stallMessage(nowMs, age));
            }
        } else if (stallReportedMs >= 0) {
            stallReportedMs = -1;
            log.info("{}: Kafka acknowledges records again after a stall of {} s; {} records wait now", taskName,
                    (nowMs - stallStartedMs) / 1000, waiting.size());
        }
    }

    private String stallMessage(long nowMs, long ageMs) {
        Set<String> topics = new TreeSet<>();
        waiting.keySet().forEach(h -> topics.add(h.record().topic()));
        return taskName + ": " + waiting.size() + " records handed to Kafka Connect have waited up to "
                + seconds(ageMs) + " s for Kafka's acknowledgement (stall.threshold.ms="
                + thresholdMs + "; " + (lastAcknowledgedMs < 0
                        ? "none acknowledged since the task started " + seconds(nowMs - startedMs) + " s ago"
                        : "last acknowledgement " + seconds(nowMs - lastAcknowledgedMs) + " s ago")
                + "), for topics " + topics + ". Nothing reaches Kafka until this is fixed, though the task "
                + "stays RUNNING. Most likely one of these topics does not exist and the broker does not create "
                + "topics on demand (auto.create.topics.enable=false): create it, or let Connect create it with "
                + "the topic.creation.* settings of the README's quickstart (the checkpoint topic compacted, with "
                + "one partition). Otherwise the connector's principal lacks the Write ACL on it (docs/security.md), "
                + "or the brokers are unavailable. The producer's WARN lines in the worker's log name the cause "
                + "(UNKNOWN_TOPIC_OR_PARTITION, TOPIC_AUTHORIZATION_FAILED); see docs/troubleshooting.md.";
    }

    private static long seconds(long ms) {
        return Duration.ofMillis(ms).toSeconds();
    }

    @Override
    public synchronized int awaitingAcknowledgement() {
        return waiting.size();
    }

    @Override
    public synchronized long oldestUnacknowledgedAgeMs(long nowMs) {
        if (waiting.isEmpty()) {
            return 0;
        }
        return Math.max(0, nowMs - waiting.values().iterator().next());
    }

    @Override
    public synchronized boolean stalled(long nowMs) {
        return oldestUnacknowledgedAgeMs(nowMs) >= thresholdMs;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
