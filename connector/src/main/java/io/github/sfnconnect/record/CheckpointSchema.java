package io.github.sfnconnect.record;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;

/** The value schema of checkpoint records, which carry a state machine's listing watermark in their source offset. */
public final class CheckpointSchema {

    public static final String NAME = "io.github.sfnconnect.stepfunctions.Checkpoint";
    public static final int VERSION = 1;

    public static final String STATE_MACHINE_ARN = "stateMachineArn";
    public static final String SINCE = "since";
    public static final String WATERMARK = "watermark";

    public static final Schema KEY_SCHEMA = SchemaBuilder.string().doc("The state machine ARN.").build();

    public static final Schema VALUE_SCHEMA = SchemaBuilder.struct()
            .name(NAME)
            .version(VERSION)
            .doc("Progress of the connector on one state machine. For operators; not a business event.")
            .field(STATE_MACHINE_ARN, SchemaBuilder.string().doc("The ARN of the state machine.").build())
            .field(SINCE, Timestamp.builder().doc("Executions started before this are not streamed (initial.position).").build())
            .field(WATERMARK, Timestamp.builder()
                    .doc("Every execution started before this had its current status emitted when this was written.")
                    .build())
            .build();

    private CheckpointSchema() {
    }
}
