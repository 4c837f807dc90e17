package io.github.sfnconnect.record;

import static io.github.sfnconnect.record.ExecutionSchema.*;

import java.util.Date;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.tracking.Checkpoint;
import io.github.sfnconnect.tracking.ExecutionOffset;
import io.github.sfnconnect.tracking.MapRunRegistry;
import io.github.sfnconnect.tracking.OpenNamesPart;
import io.github.sfnconnect.tracking.SourcePartitions;

/**
 * Turns execution changes and checkpoints into {@link SourceRecord}s.
 * <p>
 * Execution records carry headers for routing and filtering without deserializing the value:
 * {@value #STATUS_HEADER}, {@value #STATE_MACHINE_HEADER}, {@value #REDRIVE_COUNT_HEADER}.
 */
public final class RecordFactory {

    public static final String STATUS_HEADER = "sfn.status";
    public static final String STATE_MACHINE_HEADER = "sfn.state.machine.arn";
    public static final String REDRIVE_COUNT_HEADER = "sfn.redrive.count";

    /** Checkpoint-topic key of an open-name part: the state machine ARN, this, and the part number. */
    public static final String OPEN_NAMES_KEY_SEPARATOR = "#open-names/";
    /** Checkpoint-topic key of a state machine's Map Runs: the state machine ARN and this. */
    public static final String MAP_RUNS_KEY_SUFFIX = "#map-runs";

    private final String topic;
    private final String checkpointTopic;
    private final PayloadLimit limit;
    private Checkpoint lastCheckpoint;
    private Map<String, Object> lastCheckpointOffset;

    public RecordFactory(String topic, String checkpointTopic, PayloadLimit limit) {
        this.topic = topic;
        this.checkpointTopic = checkpointTopic;
        this.limit = limit;
    }

    /** The record of an execution that no Map Run started. */
    public SourceRecord executionRecord(ExecutionDetails d, ExecutionOffset offset) {
        return executionRecord(d, offset, null);
    }

    /**
     * The execution's record; fails with the execution named if its payloads exceed the limit and may not be cut.
     *
     * @param parent the Map Run that started the execution as a child workflow, null for any other execution
     */
    public SourceRecord executionRecord(ExecutionDetails d, ExecutionOffset offset, MapRunParent parent) {
        return executionRecord(d, SourcePartitions.execution(d.executionArn()), offset.toMap(), parent);
    }

    /**
     * The record of an execution that needs no offset of its own: it carries its scope's checkpoint (a state
     * machine's or a Map Run's), which claims it (Connect commits a source partition's offsets in record order).
     */
    public SourceRecord claimedExecutionRecord(ExecutionDetails d, String scopeArn, Checkpoint claimed,
                                               MapRunParent parent) {
        return executionRecord(d, SourcePartitions.checkpoint(scopeArn), offsetOf(claimed), parent);
    }

    private SourceRecord executionRecord(ExecutionDetails d, Map<String, ?> partition, Map<String, ?> offset,
                                         MapRunParent parent) {
        Struct value = toStruct(Payloads.fit(d, limit), parent);
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(STATUS_HEADER, d.status().name());
        headers.addString(STATE_MACHINE_HEADER, d.stateMachineArn());
        headers.addInt(REDRIVE_COUNT_HEADER, d.redriveCount());
        return new SourceRecord(partition, offset, topic, null, KEY_SCHEMA, d.executionArn(), VALUE_SCHEMA, value,
                d.changeTimeMs(), headers);
    }

    /** A checkpoint's offset map, built once however many records carry it. */
    private Map<String, Object> offsetOf(Checkpoint checkpoint) {
        if (checkpoint != lastCheckpoint) {
            lastCheckpoint = checkpoint;
            lastCheckpointOffset = checkpoint.toMap();
        }
        return lastCheckpointOffset;
    }

    /** The checkpoint of a listing scope: a state machine, or a Map Run (whose ARN then fills stateMachineArn). */
    public SourceRecord checkpointRecord(String stateMachineArn, Checkpoint checkpoint, long nowMs) {
        Struct value = new Struct(CheckpointSchema.VALUE_SCHEMA)
                .put(CheckpointSchema.KIND, CheckpointSchema.KIND_CHECKPOINT)
                .put(CheckpointSchema.STATE_MACHINE_ARN, stateMachineArn)
                .put(CheckpointSchema.SINCE, new Date(checkpoint.sinceMs()))
                .put(CheckpointSchema.WATERMARK, new Date(checkpoint.watermarkMs()))
                .put(CheckpointSchema.OPEN_EXECUTIONS, checkpoint.openNames().size());
        return checkpointTopicRecord(SourcePartitions.checkpoint(stateMachineArn), offsetOf(checkpoint),
                stateMachineArn, value, nowMs);
    }

    /** One part of the names of a state machine's open executions behind the window (the names are in the offset). */
    public SourceRecord openNamesRecord(String stateMachineArn, OpenNamesPart part, long nowMs) {
        Struct value = new Struct(CheckpointSchema.VALUE_SCHEMA)
                .put(CheckpointSchema.KIND, CheckpointSchema.KIND_OPEN_NAMES)
                .put(CheckpointSchema.STATE_MACHINE_ARN, stateMachineArn)
                .put(CheckpointSchema.OPEN_EXECUTIONS, part.names().size());
        return checkpointTopicRecord(SourcePartitions.openNames(stateMachineArn, part.part()), part.toMap(),
                stateMachineArn + OPEN_NAMES_KEY_SEPARATOR + part.part(), value, nowMs);
    }

    /** The Map Runs of a state machine's executions being streamed (the ARNs are in the offset). */
    public SourceRecord mapRunsRecord(String stateMachineArn, MapRunRegistry registry, long nowMs) {
        Struct value = new Struct(CheckpointSchema.VALUE_SCHEMA)
                .put(CheckpointSchema.KIND, CheckpointSchema.KIND_MAP_RUNS)
                .put(CheckpointSchema.STATE_MACHINE_ARN, stateMachineArn)
                .put(CheckpointSchema.OPEN_EXECUTIONS, registry.size());
        return checkpointTopicRecord(SourcePartitions.mapRuns(stateMachineArn), registry.toMap(),
                stateMachineArn + MAP_RUNS_KEY_SUFFIX, value, nowMs);
    }

    /** Records the state of an execution whose status is not emitted, so that a restart does not describe it again. */
    public SourceRecord observedRecord(String stateMachineArn, String executionArn, ExecutionOffset offset, long nowMs) {
        Struct value = new Struct(CheckpointSchema.VALUE_SCHEMA)
                .put(CheckpointSchema.KIND, CheckpointSchema.KIND_OBSERVED)
                .put(CheckpointSchema.STATE_MACHINE_ARN, stateMachineArn)
                .put(CheckpointSchema.EXECUTION_ARN, executionArn)
                .put(CheckpointSchema.STATUS, offset.status().name())
                .put(CheckpointSchema.REDRIVE_COUNT, offset.redriveCount());
        return checkpointTopicRecord(SourcePartitions.execution(executionArn), offset.toMap(), executionArn, value, nowMs);
    }

    /** Deletes the offset of an execution that can no longer change (a null offset is a tombstone). */
    public SourceRecord forgetRecord(String executionArn, long nowMs) {
        return checkpointTopicRecord(SourcePartitions.execution(executionArn), null, executionArn, null, nowMs);
    }

    /**
     * All checkpoint-topic records go to partition 0, in order: a tombstone is never acknowledged before the
     * checkpoint that moved the watermark past its execution.
     */
    private SourceRecord checkpointTopicRecord(Map<String, ?> partition, Map<String, ?> offset, String key,
                                               Struct value, long nowMs) {
        return new SourceRecord(partition, offset, checkpointTopic, 0, CheckpointSchema.KEY_SCHEMA, key,
                value == null ? null : CheckpointSchema.VALUE_SCHEMA, value, nowMs);
    }

    static Struct toStruct(Payloads.Fitted fitted, MapRunParent parent) {
        ExecutionDetails d = fitted.details();
        Struct s = new Struct(VALUE_SCHEMA)
                .put(EXECUTION_ARN, d.executionArn())
                .put(STATE_MACHINE_ARN, d.stateMachineArn())
                .put(NAME_FIELD, d.name() != null ? d.name() : nameOf(d.executionArn()))
                .put(STATUS, d.status().name())
                .put(START_DATE, new Date(d.startDateMs()))
                .put(STOP_DATE, date(d.stopDateMs()))
                .put(INPUT, d.input())
                .put(INPUT_DETAILS, details(VALUE_SCHEMA.field(INPUT_DETAILS).schema(), d.inputIncluded(), fitted.inputTruncated()))
                .put(OUTPUT, d.output())
                .put(OUTPUT_DETAILS, details(VALUE_SCHEMA.field(OUTPUT_DETAILS).schema(), d.outputIncluded(), fitted.outputTruncated()))
                .put(ERROR, d.error())
                .put(CAUSE, d.cause())
                .put(TRACE_HEADER, d.traceHeader())
                .put(MAP_RUN_ARN, parent != null ? parent.mapRunArn() : d.mapRunArn())
                .put(PARENT_EXECUTION_ARN, parent != null ? parent.parentExecutionArn() : null)
                .put(STATE_MACHINE_VERSION_ARN, d.stateMachineVersionArn())
                .put(STATE_MACHINE_ALIAS_ARN, d.stateMachineAliasArn())
                .put(REDRIVE_COUNT, d.redriveCount())
                .put(REDRIVE_DATE, date(d.redriveDateMs()))
                .put(REDRIVE_STATUS, d.redriveStatus())
                .put(REDRIVE_STATUS_REASON, d.redriveStatusReason());
        s.validate();
        return s;
    }

    private static Struct details(org.apache.kafka.connect.data.Schema schema, Boolean included, boolean truncated) {
        if (included == null && !truncated) {
            return null;
        }
        return new Struct(schema).put(INCLUDED, included).put(TRUNCATED, truncated ? Boolean.TRUE : null);
    }

    private static Date date(Long ms) {
        return ms == null ? null : new Date(ms);
    }

    private static String nameOf(String executionArn) {
        return executionArn.substring(executionArn.lastIndexOf(':') + 1);
    }
}
