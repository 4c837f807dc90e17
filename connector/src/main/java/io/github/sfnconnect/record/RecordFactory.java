package io.github.sfnconnect.record;

import static io.github.sfnconnect.record.ExecutionSchema.*;

import java.util.Date;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.tracking.Checkpoint;
import io.github.sfnconnect.tracking.ExecutionOffset;
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

    private final String topic;
    private final String checkpointTopic;

    public RecordFactory(String topic, String checkpointTopic) {
        this.topic = topic;
        this.checkpointTopic = checkpointTopic;
    }

    public SourceRecord executionRecord(ExecutionDetails d, ExecutionOffset offset) {
        Struct value = toStruct(d);
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(STATUS_HEADER, d.status().name());
        headers.addString(STATE_MACHINE_HEADER, d.stateMachineArn());
        headers.addInt(REDRIVE_COUNT_HEADER, d.redriveCount());
        return new SourceRecord(SourcePartitions.execution(d.executionArn()), offset.toMap(), topic, null,
                KEY_SCHEMA, d.executionArn(), VALUE_SCHEMA, value, d.changeTimeMs(), headers);
    }

    public SourceRecord checkpointRecord(String stateMachineArn, Checkpoint checkpoint, long nowMs) {
        Struct value = new Struct(CheckpointSchema.VALUE_SCHEMA)
                .put(CheckpointSchema.STATE_MACHINE_ARN, stateMachineArn)
                .put(CheckpointSchema.SINCE, new Date(checkpoint.sinceMs()))
                .put(CheckpointSchema.WATERMARK, new Date(checkpoint.watermarkMs()));
        return new SourceRecord(SourcePartitions.stateMachine(stateMachineArn), checkpoint.toMap(), checkpointTopic,
                null, CheckpointSchema.KEY_SCHEMA, stateMachineArn, CheckpointSchema.VALUE_SCHEMA, value, nowMs);
    }

    static Struct toStruct(ExecutionDetails d) {
        Struct s = new Struct(VALUE_SCHEMA)
                .put(EXECUTION_ARN, d.executionArn())
                .put(STATE_MACHINE_ARN, d.stateMachineArn())
                .put(NAME_FIELD, d.name() != null ? d.name() : nameOf(d.executionArn()))
                .put(STATUS, d.status().name())
                .put(START_DATE, new Date(d.startDateMs()))
                .put(STOP_DATE, date(d.stopDateMs()))
                .put(INPUT, d.input())
                .put(INPUT_DETAILS, details(VALUE_SCHEMA.field(INPUT_DETAILS).schema(), d.inputIncluded()))
                .put(OUTPUT, d.output())
                .put(OUTPUT_DETAILS, details(VALUE_SCHEMA.field(OUTPUT_DETAILS).schema(), d.outputIncluded()))
                .put(ERROR, d.error())
                .put(CAUSE, d.cause())
                .put(TRACE_HEADER, d.traceHeader())
                .put(MAP_RUN_ARN, d.mapRunArn())
                .put(STATE_MACHINE_VERSION_ARN, d.stateMachineVersionArn())
                .put(STATE_MACHINE_ALIAS_ARN, d.stateMachineAliasArn())
                .put(REDRIVE_COUNT, d.redriveCount())
                .put(REDRIVE_DATE, date(d.redriveDateMs()))
                .put(REDRIVE_STATUS, d.redriveStatus())
                .put(REDRIVE_STATUS_REASON, d.redriveStatusReason());
        s.validate();
        return s;
    }

    private static Struct details(org.apache.kafka.connect.data.Schema schema, Boolean included) {
        return included == null ? null : new Struct(schema).put(INCLUDED, included);
    }

    private static Date date(Long ms) {
        return ms == null ? null : new Date(ms);
    }

    private static String nameOf(String executionArn) {
        return executionArn.substring(executionArn.lastIndexOf(':') + 1);
    }
}
