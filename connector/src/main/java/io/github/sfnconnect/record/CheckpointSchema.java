package io.github.sfnconnect.record;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The value schema of the checkpoint topic, whose records carry the connector's source offsets that belong to no
 * execution record: a state machine's checkpoint (key: state machine ARN), a part of the names of its open executions
 * behind the window (key: state machine ARN#open-names/part), or the state of an execution whose status is not
 * emitted (key: execution ARN). A null value (tombstone, key: execution ARN) deletes the offset of an execution that
 * is no longer needed. For operators; not business events.
 */
public final class CheckpointSchema {

    public static final String NAME = "io.github.sfnconnect.stepfunctions.Checkpoint";
    public static final int VERSION = 2;

    public static final String KIND_CHECKPOINT = "CHECKPOINT";
    public static final String KIND_OBSERVED = "OBSERVED";
    public static final String KIND_OPEN_NAMES = "OPEN_NAMES";
    public static final String KIND_MAP_RUNS = "MAP_RUNS";

    public static final String KIND = "kind";
    public static final String STATE_MACHINE_ARN = "stateMachineArn";
    public static final String EXECUTION_ARN = "executionArn";
    public static final String STATUS = "status";
    public static final String REDRIVE_COUNT = "redriveCount";
    public static final String SINCE = "since";
    public static final String WATERMARK = "watermark";
    public static final String OPEN_EXECUTIONS = "openExecutions";

    public static final Schema KEY_SCHEMA = SchemaBuilder.string()
            .doc("The state machine or Map Run ARN of a checkpoint, or the execution ARN of an observed state.")
            .build();

    public static final Schema VALUE_SCHEMA = AvroDocs.build(SchemaBuilder.struct()
            .name(NAME)
            .version(VERSION)
            .doc("Progress of the connector on one state machine or Map Run, or one execution state it recorded without emitting.")
            .field(KIND, SchemaBuilder.string().doc("CHECKPOINT, OBSERVED, OPEN_NAMES or MAP_RUNS.").build())
            .field(STATE_MACHINE_ARN, SchemaBuilder.string()
                    .doc("The ARN of the state machine, or of the Map Run whose children the checkpoint is of.").build())
            .field(EXECUTION_ARN, SchemaBuilder.string().optional().doc("OBSERVED: the execution.").build())
            .field(STATUS, SchemaBuilder.string().optional().doc("OBSERVED: the status recorded.").build())
            .field(REDRIVE_COUNT, SchemaBuilder.int32().optional().doc("OBSERVED: the redrive count recorded.").build())
            .field(SINCE, Timestamp.builder().optional()
                    .doc("CHECKPOINT: executions started before this are not streamed (initial.position).").build())
            .field(WATERMARK, Timestamp.builder().optional()
                    .doc("CHECKPOINT: every execution started before this had its state recorded.").build())
            .field(OPEN_EXECUTIONS, SchemaBuilder.int32().optional()
                    .doc("CHECKPOINT: open executions behind the window named in the offset and not yet in a part; "
                            + "OPEN_NAMES: the names in this part (key: state machine ARN#open-names/part); MAP_RUNS: "
                            + "the state machine's Map Runs being streamed (key: state machine ARN#map-runs).").build()));

    private CheckpointSchema() {
    }
}
