package io.github.sfnconnect.record;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.source.SourceRecord;

import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.MapRunCounts;
import io.github.sfnconnect.model.MapRunDetails;
import io.github.sfnconnect.tracking.ExecutionOffset;
import io.github.sfnconnect.tracking.MapRunProgress;

/**
 * Renders the record reference ({@code docs/records.md}) from the schemas and from records the {@link RecordFactory}
 * and {@link MapRunRecords} build for sample executions and a sample Map Run, so that the fields and the examples
 * cannot drift from what the connector emits.
 * Examples are shown as Connect's {@code JsonConverter} writes them with {@code schemas.enable=false} (a test checks
 * that this renderer agrees with it).
 */
public final class RecordReference {

    private static final String SM = "arn:aws:states:eu-west-1:123456789012:stateMachine:orders";
    private static final String VERSION = SM + ":3";
    private static final long START = 1_764_064_800_123L; // 2025-11-25T10:00:00.123Z
    /** When the sample Map Run was polled while it ran. */
    private static final long MAP_RUN_POLL = START + 65_000L;
    private static final String INPUT = "{\"orderId\":4711,\"amount\":129.90}";

    private RecordReference() {
    }

    /** The sample executions: one per status, a redriven one, in execution.detail=full. */
    static Map<String, ExecutionDetails> byStatus() {
        Map<String, ExecutionDetails> out = new LinkedHashMap<>();
        out.put("RUNNING: the execution started", full("order-4711", ExecutionStatus.RUNNING, null, null, null, null,
                0, null, "NOT_REDRIVABLE"));
        out.put("SUCCEEDED", full("order-4711", ExecutionStatus.SUCCEEDED, START + 3_333L,
                "{\"shipped\":true,\"parcel\":\"DE-88412\"}", null, null, 0, null, "NOT_REDRIVABLE"));
        out.put("FAILED", full("order-4712", ExecutionStatus.FAILED, START + 3_333L, null, "PaymentDeclined",
                "card ending 4242 declined", 0, null, "REDRIVABLE"));
        out.put("TIMED_OUT", full("order-4713", ExecutionStatus.TIMED_OUT, START + 3_600_000L, null,
                "States.Timeout", null, 0, null, "REDRIVABLE"));
        out.put("ABORTED: stopped with StopExecution", full("order-4714", ExecutionStatus.ABORTED, START + 60_000L,
                null, "Cancelled", "customer withdrew the order", 0, null, "REDRIVABLE"));
        out.put("PENDING_REDRIVE: a redrive was requested and has not started yet", full("order-4712",
                ExecutionStatus.PENDING_REDRIVE, null, null, null, null, 1, START + 7_200_000L, "NOT_REDRIVABLE"));
        out.put("RUNNING again after a redrive (redriveCount 1; the record's timestamp is the redrive date)",
                full("order-4712", ExecutionStatus.RUNNING, null, null, null, null, 1, START + 7_200_000L,
                        "NOT_REDRIVABLE"));
        return out;
    }

    private static ExecutionDetails full(String name, ExecutionStatus status, Long stopMs, String output,
                                         String error, String cause, int redriveCount, Long redriveMs,
                                         String redriveStatus) {
        boolean succeeded = status == ExecutionStatus.SUCCEEDED;
        return new ExecutionDetails(SM.replace(":stateMachine:", ":execution:") + ":" + name, SM, name, status,
                START, stopMs, INPUT, true, output, succeeded ? Boolean.TRUE : null, error, cause,
                "Root=1-6925d8a0-5f1e2d3c4b5a69788796a5b4;Sampled=1", null, VERSION, null, redriveCount, redriveMs,
                redriveStatus, redriveStatus.equals("REDRIVABLE") ? "Execution can be redriven"
                        : "Execution is " + status + " and cannot be redriven");
    }

    /** The sample Map Run of a Distributed Map state of the orders state machine, at two polls. */
    static Map<String, MapRunDetails> mapRuns() {
        String parent = SM.replace(":stateMachine:", ":execution:") + ":order-batch-0042";
        String mapRun = SM.replace(":stateMachine:", ":mapRun:")
                + "/ShipOrders:2c9f1b4e-8a3d-4f6e-b7c5-1d2e3f4a5b6c";
        long start = START + 5_000L;
        Map<String, MapRunDetails> out = new LinkedHashMap<>();
        out.put("RUNNING: the counts at one poll (the record's timestamp is the poll's time)",
                new MapRunDetails(mapRun, parent, "RUNNING", start, null, 40, 5.0f, 50,
                        new MapRunCounts(720, 40, 240, 0, 0, 0, 1_000, 0, 0, 0),
                        new MapRunCounts(720, 40, 240, 0, 0, 0, 1_000, 0, 0, 0), 0, null));
        out.put("SUCCEEDED: the Map Run's last record", new MapRunDetails(mapRun, parent, "SUCCEEDED", start,
                start + 600_000L, 40, 5.0f, 50, new MapRunCounts(0, 0, 1_000, 0, 0, 0, 1_000, 1_000, 0, 0),
                new MapRunCounts(0, 0, 1_000, 0, 0, 0, 1_000, 1_000, 0, 0), 0, null));
        return out;
    }

    static SourceRecord mapRunRecord(MapRunDetails details) {
        return new MapRunRecords("stepfunctions.executions.map-runs").progressRecord(details,
                MapRunProgress.partition(details.mapRunArn()), new MapRunProgress(details.mapRunArn(), null)
                        .offsetOf(details), MAP_RUN_POLL);
    }

    /** The SUCCEEDED sample as each execution.detail mode emits it. */
    static Map<String, ExecutionDetails> byMode() {
        ExecutionDetails full = byStatus().get("SUCCEEDED");
        Map<String, ExecutionDetails> out = new LinkedHashMap<>();
        out.put("full (default): DescribeExecution with input and output", full);
        out.put("metadata: DescribeExecution(includedData=METADATA_ONLY), no input or output, no kms:Decrypt",
                new ExecutionDetails(full.executionArn(), SM, full.name(), full.status(), full.startDateMs(),
                        full.stopDateMs(), null, false, null, false, null, null, full.traceHeader(), null, VERSION,
                        null, 0, null, full.redriveStatus(), full.redriveStatusReason()));
        out.put("summary: what ListExecutions lists, no DescribeExecution", full.summaryOnly());
        return out;
    }

    static SourceRecord record(ExecutionDetails details) {
        return new RecordFactory("stepfunctions.executions", "stepfunctions.executions.checkpoints",
                PayloadLimit.NONE).executionRecord(details,
                new ExecutionOffset(details.status(), details.redriveCount(), details.startDateMs()));
    }

    /** A value as JsonConverter writes it without schemas: dates as epoch milliseconds, structs as objects. */
    static String json(Struct value) {
        return json(value, "");
    }

    private static String json(Object value, String indent) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Struct struct) {
            String inner = indent + "  ";
            return struct.schema().fields().stream()
                    .map(f -> inner + quote(f.name()) + ": " + json(struct.get(f), inner))
                    .collect(Collectors.joining(",\n", "{\n", "\n" + indent + "}"));
        }
        if (value instanceof Date date) {
            return Long.toString(date.getTime());
        }
        if (value instanceof String s) {
            return quote(s);
        }
        return value.toString();
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String type(Schema schema) {
        if (Timestamp.LOGICAL_NAME.equals(schema.name())) {
            return "timestamp-millis";
        }
        return switch (schema.type()) {
            case STRUCT -> "record";
            case INT32 -> "int";
            case INT64 -> "long";
            case FLOAT32 -> "float";
            default -> schema.type().getName();
        };
    }

    private static void table(StringBuilder out, Schema schema, String prefix) {
        for (Field f : schema.fields()) {
            Schema s = f.schema();
            out.append("| `").append(prefix).append(f.name()).append("` | ").append(type(s)).append(" | ")
                    .append(s.isOptional() ? "yes" : "no").append(" | ").append(s.doc().replace("|", "\\|"))
                    .append(" |\n");
            if (s.type() == Schema.Type.STRUCT) {
                table(out, s, prefix + f.name() + ".");
            }
        }
    }

    private static void example(StringBuilder out, String title, SourceRecord r) {
        out.append("\n### ").append(title).append("\n\n")
                .append("Key `").append(r.key()).append("`, timestamp ").append(r.timestamp())
                .append(", headers ").append(headers(r)).append("\n\n```json\n")
                .append(json((Struct) r.value())).append("\n```\n");
    }

    public static String markdown() {
        StringBuilder out = new StringBuilder("# Record reference\n\n")
                .append("Generated from the record schemas and from records the connector's `RecordFactory` and ")
                .append("`MapRunRecords` build for sample executions and a sample Map Run; do not edit. Examples are shown as Connect's `JsonConverter` writes ")
                .append("them with `schemas.enable=false`; with Avro the value is a `")
                .append(ExecutionSchema.NAME).append("` record (schema version ").append(ExecutionSchema.VERSION)
                .append(", ").append(avsc("Execution", ExecutionSchema.VERSION)).append(").\n\n")
                .append("## Execution records (`topic`)\n\n")
                .append("One record per observed change of an execution: a new execution, a new status, a redrive.\n\n")
                .append("- **Key**: the execution ARN (string). All records of an execution go to one partition, ")
                .append("in order.\n")
                .append("- **Timestamp**: when the change happened: the stop date of a final status, the redrive ")
                .append("date of a redriven execution, else the start date. With `initial.position=earliest` a ")
                .append("backfill's records are up to 90 days old: the topic's `retention.ms` must exceed that, or ")
                .append("the broker deletes them at once (README, Quickstart).\n")
                .append("- **Headers**: `").append(RecordFactory.STATUS_HEADER).append("`, `")
                .append(RecordFactory.STATE_MACHINE_HEADER).append("` (strings), `")
                .append(RecordFactory.REDRIVE_COUNT_HEADER).append("` (int), for routing and filtering ")
                .append("without reading the value.\n")
                .append("- **Never a tombstone**: the execution topic only gets values. Deduplicate downstream on ")
                .append("`(executionArn, status, redriveCount)`.\n")
                .append("- **Child workflow executions** of a Distributed Map state: `mapRunArn` names their Map Run ")
                .append("and `parentExecutionArn` (schema version 2) the execution whose Map state started them; the ")
                .append("Map Run's own progress is on its topic (below).\n\n")
                .append("| Field | Type | Nullable | Description |\n|---|---|---|---|\n");
        table(out, ExecutionSchema.VALUE_SCHEMA, "");
        out.append("\n## Examples by status (`execution.detail=full`)\n");
        byStatus().forEach((title, d) -> example(out, title, record(d)));
        out.append("\n## The same change by `execution.detail`\n");
        byMode().forEach((title, d) -> example(out, title, record(d)));
        out.append("\n## Reading `input` and `output`\n\n")
                .append("`input` and `output` are the execution's JSON as a string (as Step Functions returns them), ")
                .append("so that any JSON, of any shape, fits one schema. Parse them where you use them:\n\n")
                .append("- Java (Jackson): `new ObjectMapper().readTree(value.getString(\"input\"))`\n")
                .append("- Python: `json.loads(record[\"input\"])`\n")
                .append("- Flink SQL: `JSON_VALUE(input, '$.orderId')`; ksqlDB: `EXTRACTJSONFIELD(input, '$.orderId')`\n")
                .append("- Spark: `from_json(col(\"input\"), schema)`\n\n")
                .append("They are null when not included: `inputDetails.included` / `outputDetails.included` is ")
                .append("false with `execution.detail=metadata` (or a KMS key the connector may not use), and the ")
                .append("details are null with `summary`. When `inputDetails.truncated` or `outputDetails.truncated` ")
                .append("is true (`payload.oversize.behavior=truncate`), the string was cut and is not valid JSON: ")
                .append("check the flag before parsing. `output` is only set for SUCCEEDED.\n");
        mapRunSection(out);
        out.append("\n## Checkpoint records (`checkpoint.topic`)\n\n")
                .append("The connector's own progress, on `<topic>.checkpoints` unless `checkpoint.topic` is set: ")
                .append("compacted, one partition, keyed by state machine ARN (or execution ARN for OBSERVED; ")
                .append("tombstones delete those). Consumers of executions ignore this topic. Its value is a `")
                .append(CheckpointSchema.VALUE_SCHEMA.name()).append("` record; with a schema registry and the ")
                .append("default TopicNameStrategy its subjects are `<topic>.checkpoints-key` and ")
                .append("`<topic>.checkpoints-value`, which a locked-down registry must let the connector register.\n\n")
                .append("| Field | Type | Nullable | Description |\n|---|---|---|---|\n");
        table(out, CheckpointSchema.VALUE_SCHEMA, "");
        return out.toString();
    }

    private static void mapRunSection(StringBuilder out) {
        out.append("\n## Map Run progress records (`map.run.progress.topic`)\n\n")
                .append("The progress of the Map Runs of Distributed Map states, on `<topic>.map-runs` unless ")
                .append("`map.run.progress.topic` is set. One record per change of status or counts, as ")
                .append("DescribeMapRun shows it at each poll: intermediate counts between two polls are not seen. ")
                .append("A change is a new status, a redrive, or any other count, failure tolerance or ")
                .append("concurrency. The value is a `").append(MapRunSchema.NAME).append("` record (schema version ")
                .append(MapRunSchema.VERSION).append(", ").append(avsc("MapRun", MapRunSchema.VERSION))
                .append(").\n\n")
                .append("- **Key**: the Map Run ARN (string). All records of a Map Run go to one partition, in order.\n")
                .append("- **Timestamp**: the stop date of a stopped Map Run, else the date of its last redrive, ")
                .append("else when the connector polled it.\n")
                .append("- **Headers**: `").append(MapRunRecords.STATUS_HEADER).append("` (the Map Run's status) and `")
                .append(MapRunRecords.EXECUTION_HEADER).append("` (the parent execution), strings.\n\n")
                .append("| Field | Type | Nullable | Description |\n|---|---|---|---|\n");
        table(out, MapRunSchema.VALUE_SCHEMA, "");
        out.append("\n## Map Run examples\n");
        mapRuns().forEach((title, d) -> example(out, title, mapRunRecord(d)));
    }

    /** A link to a shipped Avro schema file. */
    private static String avsc(String name, int version) {
        String file = name + "-v" + version + ".avsc";
        return "[" + file + "](../connector/src/main/avro/" + file + ")";
    }

    /** Headers as {@code name=value} in record order. */
    private static String headers(SourceRecord r) {
        StringBuilder out = new StringBuilder();
        r.headers().forEach(h -> out.append(out.length() == 0 ? "" : ", ").append('`').append(h.key())
                .append('=').append(h.value()).append('`'));
        return out.toString();
    }
}
