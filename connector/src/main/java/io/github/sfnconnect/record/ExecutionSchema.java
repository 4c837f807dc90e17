package io.github.sfnconnect.record;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The versioned value schema of execution records: every field of {@code DescribeExecution}, named as in the API.
 * Optional fields are nullable and dates use the {@code Timestamp} logical type (Avro {@code timestamp-millis}).
 * Changes must stay backward and forward compatible: add optional fields only, and bump {@link #VERSION}.
 * <p>
 * Its Avro form is shipped as {@code src/main/avro/Execution-v<version>.avsc}; the connector module's tests keep
 * that file equal to the current schema and every shipped version compatible with it both ways.
 */
public final class ExecutionSchema {

    public static final String NAME = "io.github.sfnconnect.stepfunctions.Execution";
    public static final int VERSION = 2;

    public static final String EXECUTION_ARN = "executionArn";
    public static final String STATE_MACHINE_ARN = "stateMachineArn";
    public static final String NAME_FIELD = "name";
    public static final String STATUS = "status";
    public static final String START_DATE = "startDate";
    public static final String STOP_DATE = "stopDate";
    public static final String INPUT = "input";
    public static final String INPUT_DETAILS = "inputDetails";
    public static final String OUTPUT = "output";
    public static final String OUTPUT_DETAILS = "outputDetails";
    public static final String INCLUDED = "included";
    public static final String TRUNCATED = "truncated";
    public static final String ERROR = "error";
    public static final String CAUSE = "cause";
    public static final String TRACE_HEADER = "traceHeader";
    public static final String MAP_RUN_ARN = "mapRunArn";
    /** Since version 2. */
    public static final String PARENT_EXECUTION_ARN = "parentExecutionArn";
    public static final String STATE_MACHINE_VERSION_ARN = "stateMachineVersionArn";
    public static final String STATE_MACHINE_ALIAS_ARN = "stateMachineAliasArn";
    public static final String REDRIVE_COUNT = "redriveCount";
    public static final String REDRIVE_DATE = "redriveDate";
    public static final String REDRIVE_STATUS = "redriveStatus";
    public static final String REDRIVE_STATUS_REASON = "redriveStatusReason";

    public static final Schema KEY_SCHEMA = SchemaBuilder.string()
            .doc("The execution ARN.")
            .build();

    /** Ends the doc of each field that only DescribeExecution returns. */
    private static final String NULL_IN_SUMMARY = "; null with execution.detail=summary";

    private static Schema dataDetails(String name, String what) {
        return AvroDocs.build(SchemaBuilder.struct()
                .name("io.github.sfnconnect.stepfunctions." + name)
                .doc("Whether the execution's " + what + " is included; DescribeExecution's " + name.substring(0, 1)
                        .toLowerCase() + name.substring(1) + NULL_IN_SUMMARY + ".")
                .optional()
                .field(INCLUDED, SchemaBuilder.bool().optional()
                        .doc("True if the " + what + " is in this record; false if it was left out (execution.detail=metadata or a KMS key the connector cannot use).")
                        .build())
                .field(TRUNCATED, SchemaBuilder.bool().optional()
                        .doc("True if the " + what + " was cut to fit payload.max.bytes (payload.oversize.behavior=truncate); it is then not valid JSON.")
                        .build()));
    }

    private static Schema optionalString(String doc) {
        return SchemaBuilder.string().optional().doc(doc).build();
    }

    private static Schema optionalTimestamp(String doc) {
        return Timestamp.builder().optional().doc(doc).build();
    }

    public static final Schema VALUE_SCHEMA = AvroDocs.build(SchemaBuilder.struct()
            .name(NAME)
            .version(VERSION)
            .doc("One observed status of an AWS Step Functions execution, as DescribeExecution returned it (as ListExecutions listed it with execution.detail=summary).")
            .field(EXECUTION_ARN, SchemaBuilder.string().doc("The ARN of the execution.").build())
            .field(STATE_MACHINE_ARN, SchemaBuilder.string().doc("The ARN of the state machine that ran the execution.").build())
            .field(NAME_FIELD, SchemaBuilder.string().doc("The name of the execution.").build())
            .field(STATUS, SchemaBuilder.string()
                    .doc("The status of the execution: RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED or PENDING_REDRIVE.")
                    .build())
            .field(START_DATE, Timestamp.builder().doc("When the execution started.").build())
            .field(STOP_DATE, optionalTimestamp("When the execution stopped; null while it runs."))
            .field(INPUT, optionalString("The JSON input of the execution; null when not included."))
            .field(INPUT_DETAILS, dataDetails("InputDetails", "input"))
            .field(OUTPUT, optionalString("The JSON output of a successful execution; null otherwise or when not included."))
            .field(OUTPUT_DETAILS, dataDetails("OutputDetails", "output"))
            .field(ERROR, optionalString("The error code of a failed, timed out or aborted execution" + NULL_IN_SUMMARY + "."))
            .field(CAUSE, optionalString("A more detailed explanation of the error" + NULL_IN_SUMMARY + "."))
            .field(TRACE_HEADER, optionalString("The AWS X-Ray trace header passed to the execution" + NULL_IN_SUMMARY + "."))
            .field(MAP_RUN_ARN, optionalString("The ARN of the Map Run that started this execution as a child workflow" + NULL_IN_SUMMARY + "."))
            .field(PARENT_EXECUTION_ARN, optionalString("The ARN of the execution whose Distributed Map state started this child workflow execution (its Map Run's executionArn); null for an execution that no Map Run started."))
            .field(STATE_MACHINE_VERSION_ARN, optionalString("The ARN of the state machine version that ran the execution, if started with a version or alias ARN."))
            .field(STATE_MACHINE_ALIAS_ARN, optionalString("The ARN of the state machine alias that started the execution, if any."))
            .field(REDRIVE_COUNT, SchemaBuilder.int32().defaultValue(0)
                    .doc("How many times the execution has been redriven; 0 if never.").build())
            .field(REDRIVE_DATE, optionalTimestamp("When the execution was last redriven; null if never."))
            .field(REDRIVE_STATUS, optionalString("Whether the execution can be redriven: REDRIVABLE, NOT_REDRIVABLE or REDRIVABLE_BY_MAP_RUN" + NULL_IN_SUMMARY + "."))
            .field(REDRIVE_STATUS_REASON, optionalString("Why the execution can or cannot be redriven" + NULL_IN_SUMMARY + ".")));

    private ExecutionSchema() {
    }
}
