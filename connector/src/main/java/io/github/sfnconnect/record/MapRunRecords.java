package io.github.sfnconnect.record;

import static io.github.sfnconnect.record.MapRunSchema.*;

import java.util.Date;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

import io.github.sfnconnect.model.MapRunCounts;
import io.github.sfnconnect.model.MapRunDetails;

/**
 * Turns what {@code DescribeMapRun} shows of a Map Run into progress records, keyed by Map Run ARN so that all
 * records of a Map Run go to one partition, in order.
 * <p>
 * They carry headers for routing and filtering without deserializing the value: {@value #STATUS_HEADER} and
 * {@value #EXECUTION_HEADER} (the parent execution).
 */
public final class MapRunRecords {

    /** The same header as on execution records. */
    public static final String STATUS_HEADER = RecordFactory.STATUS_HEADER;
    public static final String EXECUTION_HEADER = "sfn.execution.arn";

    private final String progressTopic;

    public MapRunRecords(String progressTopic) {
        this.progressTopic = progressTopic;
    }

    /**
     * The Map Run's progress record, carrying the given source offset; {@code nowMs} is its timestamp while the Map
     * Run runs and was never redriven (counts change between polls at no time the API tells).
     */
    public SourceRecord progressRecord(MapRunDetails d, Map<String, ?> sourcePartition, Map<String, ?> sourceOffset,
                                       long nowMs) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(STATUS_HEADER, d.status());
        headers.addString(EXECUTION_HEADER, d.executionArn());
        return new SourceRecord(sourcePartition, sourceOffset, progressTopic, null, KEY_SCHEMA, d.mapRunArn(),
                VALUE_SCHEMA, toStruct(d), changeTimeMs(d, nowMs), headers);
    }

    /** When the change happened: the stop date of a stopped Map Run, else its last redrive date, else now. */
    static long changeTimeMs(MapRunDetails d, long nowMs) {
        if (d.stopDateMs() != null) {
            return d.stopDateMs();
        }
        return d.redriveDateMs() != null ? d.redriveDateMs() : nowMs;
    }

    static Struct toStruct(MapRunDetails d) {
        Struct s = new Struct(VALUE_SCHEMA)
                .put(MAP_RUN_ARN, d.mapRunArn())
                .put(EXECUTION_ARN, d.executionArn())
                .put(STATUS, d.status())
                .put(START_DATE, new Date(d.startDateMs()))
                .put(STOP_DATE, date(d.stopDateMs()))
                .put(MAX_CONCURRENCY, d.maxConcurrency())
                .put(TOLERATED_FAILURE_PERCENTAGE, d.toleratedFailurePercentage())
                .put(TOLERATED_FAILURE_COUNT, d.toleratedFailureCount())
                .put(ITEM_COUNTS, counts(VALUE_SCHEMA.field(ITEM_COUNTS).schema(), d.itemCounts()))
                .put(EXECUTION_COUNTS, counts(VALUE_SCHEMA.field(EXECUTION_COUNTS).schema(), d.executionCounts()))
                .put(REDRIVE_COUNT, d.redriveCount())
                .put(REDRIVE_DATE, date(d.redriveDateMs()));
        s.validate();
        return s;
    }

    private static Struct counts(Schema schema, MapRunCounts c) {
        return new Struct(schema)
                .put(PENDING, c.pending())
                .put(RUNNING, c.running())
                .put(SUCCEEDED, c.succeeded())
                .put(FAILED, c.failed())
                .put(TIMED_OUT, c.timedOut())
                .put(ABORTED, c.aborted())
                .put(TOTAL, c.total())
                .put(RESULTS_WRITTEN, c.resultsWritten())
                .put(FAILURES_NOT_REDRIVABLE, c.failuresNotRedrivable())
                .put(PENDING_REDRIVE, c.pendingRedrive());
    }

    private static Date date(Long ms) {
        return ms == null ? null : new Date(ms);
    }
}
