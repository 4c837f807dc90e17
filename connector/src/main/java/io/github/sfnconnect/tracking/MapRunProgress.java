package io.github.sfnconnect.tracking;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import io.github.sfnconnect.model.MapRunCounts;
import io.github.sfnconnect.model.MapRunDetails;

/**
 * What was last recorded of one Map Run, to tell which {@code DescribeMapRun} answers are changes worth a progress
 * record: a new status, a redrive, or any other count, failure tolerance or concurrency. Dates are not compared: they
 * change only with the status or a redrive.
 * <p>
 * The state travels as the record's source offset, under {@link #partition}: a restarted task emits nothing for a
 * Map Run that did not change since, and one record for one that did.
 */
public final class MapRunProgress {

    public static final String MAP_RUN_PROGRESS_KEY = "map_run_progress";

    static final String VERSION_KEY = "v";
    static final String STATUS_KEY = "status";
    static final String REDRIVE_COUNT_KEY = "redrive_count";
    /** The other compared fields, readable: {@link #progressOf}. */
    static final String PROGRESS_KEY = "progress";
    static final int VERSION = 1;

    private static final String RUNNING = "RUNNING";

    private final String mapRunArn;
    private String status;
    private int redriveCount;
    private String progress;

    /** The progress of the Map Run as its stored offset tells it; {@code storedOffset} null or empty for none. */
    public MapRunProgress(String mapRunArn, Map<String, ?> storedOffset) {
        this.mapRunArn = mapRunArn;
        if (storedOffset != null && !storedOffset.isEmpty()) {
            read(storedOffset);
        }
    }

    /**
     * The one-key source partition of a Map Run's progress (one key: Connect finds an offset by the partition's
     * serialized bytes, see {@link SourcePartitions}).
     */
    public static Map<String, Object> partition(String mapRunArn) {
        return Map.of(MAP_RUN_PROGRESS_KEY, mapRunArn);
    }

    /** Whether {@code d} differs from what was last recorded (always, if nothing was). */
    public boolean isChange(MapRunDetails d) {
        return status == null || !status.equals(d.status()) || redriveCount != d.redriveCount()
                || !progress.equals(progressOf(d));
    }

    /** The source offset to store with the record of {@code d}. */
    public Map<String, Object> offsetOf(MapRunDetails d) {
        return Map.of(VERSION_KEY, VERSION, STATUS_KEY, d.status(), REDRIVE_COUNT_KEY, d.redriveCount(),
                PROGRESS_KEY, progressOf(d));
    }

    /** {@code d} was handed over as a record: later answers are compared with it. */
    public void recorded(MapRunDetails d) {
        status = d.status();
        redriveCount = d.redriveCount();
        progress = progressOf(d);
    }

    /**
     * Whether the last recorded status is final (not RUNNING): a stopped Map Run changes again only when its parent
     * execution is redriven, which redrives it.
     */
    public boolean isFinal() {
        return status != null && !RUNNING.equals(status);
    }

    /**
     * The compared fields besides status and redrive count, as {@code items=<counts> executions=<counts>
     * maxConcurrency=<n> tolerated=<percentage>%,<count>}, each count list in the order of {@link MapRunCounts}'s
     * components (pending, running, succeeded, failed, timedOut, aborted, total, resultsWritten,
     * failuresNotRedrivable, pendingRedrive).
     */
    static String progressOf(MapRunDetails d) {
        return "items=" + counts(d.itemCounts()) + " executions=" + counts(d.executionCounts())
                + " maxConcurrency=" + d.maxConcurrency()
                + " tolerated=" + d.toleratedFailurePercentage() + "%," + d.toleratedFailureCount();
    }

    private static String counts(MapRunCounts c) {
        return LongStream.of(c.pending(), c.running(), c.succeeded(), c.failed(), c.timedOut(), c.aborted(),
                        c.total(), c.resultsWritten(), c.failuresNotRedrivable(), c.pendingRedrive())
                .mapToObj(Long::toString).collect(Collectors.joining(","));
    }

    private void read(Map<String, ?> offset) {
        Object partition = partition(mapRunArn);
        try {
            Object version = offset.get(VERSION_KEY);
            if (!(version instanceof Number n) || n.longValue() != VERSION) {
                throw new IllegalArgumentException(String.format(
                        "Source offset %s for source partition %s has version %s; this connector version reads Map "
                                + "Run progress offsets of version %d only", offset, partition, version, VERSION));
            }
            status = OffsetValues.requireString(offset, STATUS_KEY, partition);
            redriveCount = (int) OffsetValues.requireLong(offset, REDRIVE_COUNT_KEY, partition);
            progress = OffsetValues.requireString(offset, PROGRESS_KEY, partition);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + ". If a newer connector version wrote it, run that "
                    + "version; otherwise remove the offset (PATCH /connectors/<name>/offsets with a null offset for "
                    + "this partition, Connect 3.6+ with the connector stopped) and the Map Run's progress is "
                    + "recorded once more", e);
        }
    }
}
