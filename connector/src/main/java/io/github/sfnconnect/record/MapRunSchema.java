package io.github.sfnconnect.record;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The versioned value schema of Map Run progress records: every field of {@code DescribeMapRun}, named as in the
 * API. Optional fields are nullable and dates use the {@code Timestamp} logical type (Avro {@code timestamp-millis}).
 * Changes must stay backward and forward compatible: add optional fields only, and bump {@link #VERSION}.
 * <p>
 * Its Avro form is shipped as {@code src/main/avro/MapRun-v<version>.avsc}; the connector module's tests keep that
 * file equal to the current schema and every shipped version compatible with it both ways.
 */
public final class MapRunSchema {

    public static final String NAME = "io.github.sfnconnect.stepfunctions.MapRun";
    public static final int VERSION = 1;

    public static final String MAP_RUN_ARN = "mapRunArn";
    public static final String EXECUTION_ARN = "executionArn";
    public static final String STATUS = "status";
    public static final String START_DATE = "startDate";
    public static final String STOP_DATE = "stopDate";
    public static final String MAX_CONCURRENCY = "maxConcurrency";
    public static final String TOLERATED_FAILURE_PERCENTAGE = "toleratedFailurePercentage";
    public static final String TOLERATED_FAILURE_COUNT = "toleratedFailureCount";
    public static final String ITEM_COUNTS = "itemCounts";
    public static final String EXECUTION_COUNTS = "executionCounts";
    public static final String REDRIVE_COUNT = "redriveCount";
    public static final String REDRIVE_DATE = "redriveDate";

    // fields of itemCounts and executionCounts
    public static final String PENDING = "pending";
    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String TIMED_OUT = "timedOut";
    public static final String ABORTED = "aborted";
    public static final String TOTAL = "total";
    public static final String RESULTS_WRITTEN = "resultsWritten";
    public static final String FAILURES_NOT_REDRIVABLE = "failuresNotRedrivable";
    public static final String PENDING_REDRIVE = "pendingRedrive";

    public static final Schema KEY_SCHEMA = SchemaBuilder.string()
            .doc("The Map Run ARN.")
            .build();

    /**
     * The two count structs have the same fields but distinct names: an Avro converter must not meet one named type
     * twice in a record.
     */
    private static Schema counts(String name, String doc, String what) {
        return AvroDocs.build(SchemaBuilder.struct()
                .name("io.github.sfnconnect.stepfunctions." + name)
                .doc(doc)
                .field(PENDING, count("How many " + what + " are pending: not yet running."))
                .field(RUNNING, count("How many " + what + " are running."))
                .field(SUCCEEDED, count("How many " + what + " succeeded."))
                .field(FAILED, count("How many " + what + " failed."))
                .field(TIMED_OUT, count("How many " + what + " timed out."))
                .field(ABORTED, count("How many " + what + " were aborted."))
                .field(TOTAL, count("How many " + what + " the Map Run has in all."))
                .field(RESULTS_WRITTEN, count("How many " + what + " had their results written by ResultWriter."))
                .field(FAILURES_NOT_REDRIVABLE, count("How many " + what
                        + " failed, timed out or were aborted and cannot be redriven."))
                .field(PENDING_REDRIVE, count("How many unsuccessful " + what + " wait to be redriven.")));
    }

    private static Schema count(String doc) {
        return SchemaBuilder.int64().doc(doc).build();
    }

    private static Schema optionalTimestamp(String doc) {
        return Timestamp.builder().optional().doc(doc).build();
    }

    public static final Schema VALUE_SCHEMA = AvroDocs.build(SchemaBuilder.struct()
            .name(NAME)
            .version(VERSION)
            .doc("One observed state of a Distributed Map's Map Run (its progress, failure tolerance and redrives), as DescribeMapRun returned it.")
            .field(MAP_RUN_ARN, SchemaBuilder.string().doc("The ARN of the Map Run.").build())
            .field(EXECUTION_ARN, SchemaBuilder.string()
                    .doc("The ARN of the execution whose Distributed Map state started the Map Run (the parent execution).")
                    .build())
            .field(STATUS, SchemaBuilder.string()
                    .doc("The status of the Map Run: RUNNING, SUCCEEDED, FAILED or ABORTED.").build())
            .field(START_DATE, Timestamp.builder().doc("When the Map Run started.").build())
            .field(STOP_DATE, optionalTimestamp("When the Map Run stopped; null while it runs."))
            .field(MAX_CONCURRENCY, SchemaBuilder.int32()
                    .doc("How many child workflow executions may run at once; 0 for no limit.").build())
            .field(TOLERATED_FAILURE_PERCENTAGE, SchemaBuilder.float32()
                    .doc("The percentage of failed items above which the Map Run fails.").build())
            .field(TOLERATED_FAILURE_COUNT, SchemaBuilder.int64()
                    .doc("The number of failed items above which the Map Run fails.").build())
            .field(ITEM_COUNTS, counts("MapRunItemCounts",
                    "The Map Run's items by the status of the child workflow execution that processes them, as DescribeMapRun's itemCounts gives them.",
                    "items"))
            .field(EXECUTION_COUNTS, counts("MapRunExecutionCounts",
                    "The Map Run's child workflow executions by status, as DescribeMapRun's executionCounts gives them.",
                    "child workflow executions"))
            .field(REDRIVE_COUNT, SchemaBuilder.int32().defaultValue(0)
                    .doc("How many times the Map Run has been redriven; 0 if never.").build())
            .field(REDRIVE_DATE, optionalTimestamp("When the Map Run was last redriven; null if never.")));

    private MapRunSchema() {
    }
}
