package io.github.sfnconnect.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Date;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import io.apicurio.registry.utils.converter.avro.AvroData;
import io.apicurio.registry.utils.converter.avro.AvroDataConfig;
import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.MapRunCounts;
import io.github.sfnconnect.model.MapRunDetails;
import io.github.sfnconnect.tracking.ExecutionOffset;

/**
 * The connector's records, as an Avro converter writes them, are valid data of the shipped schema file: encoded in
 * Avro binary with the file's schema and read back, every field is what the connector emitted.
 */
class AvroRoundTripTest {

    private static final String SM = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";
    private static final String ARN = "arn:aws:states:us-east-1:123456789012:execution:orders:e1";
    private static final String MAP_RUN = "arn:aws:states:us-east-1:123456789012:mapRun:orders/items:5c4d7e2a-1b3f-4a5e-9c8d-7f6e5d4c3b2a";

    private final AvroData avroData = new AvroData(new AvroDataConfig(AvroSchemaFiles.CLEAN));

    @Test
    void redrivenFailedExecutionWithEveryFieldSet() throws IOException {
        ExecutionDetails failed = new ExecutionDetails(ARN, SM, "e1", ExecutionStatus.FAILED, 1_000, 2_000L,
                "{\"order\":42}", true, null, false, "States.TaskFailed", "payment declined", "Root=1-abc",
                "arn:aws:states:us-east-1:123456789012:mapRun:orders/m:1", SM + ":3", SM + ":live", 2, 1_500L,
                "REDRIVABLE", "Execution can be redriven");
        // the factory leaves the parent to whoever knows it: set here so that every field is
        Struct emitted = emitted(failed).put(ExecutionSchema.PARENT_EXECUTION_ARN, SM.replace(":stateMachine:",
                ":execution:") + ":parent");
        assertRoundTrips(ExecutionSchema.VALUE_SCHEMA, emitted);
    }

    @Test
    void runningExecutionWithOnlyTheRequiredFields() throws IOException {
        assertRoundTrips(new ExecutionDetails(ARN, SM, null, ExecutionStatus.RUNNING, 1_000, null, null, null, null,
                null, null, null, null, null, null, null, 0, null, null, null));
    }

    @Test
    void redrivenMapRunWithEveryFieldSet() throws IOException {
        assertRoundTrips(MapRunSchema.VALUE_SCHEMA, emitted(new MapRunDetails(MAP_RUN, ARN, "FAILED",
                1_000, 2_000L, 10, 12.5f, 3, new MapRunCounts(1, 2, 3, 4, 5, 6, 21, 7, 8, 9),
                new MapRunCounts(11, 12, 13, 14, 15, 16, 81, 17, 18, 19), 2, 1_500L)));
    }

    @Test
    void runningMapRunWithOnlyTheRequiredFields() throws IOException {
        MapRunCounts none = new MapRunCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertRoundTrips(MapRunSchema.VALUE_SCHEMA, emitted(new MapRunDetails(MAP_RUN, ARN, "RUNNING",
                1_000, null, 0, 0f, 0, none, none, 0, null)));
    }

    private void assertRoundTrips(ExecutionDetails details) throws IOException {
        Struct back = assertRoundTrips(ExecutionSchema.VALUE_SCHEMA, emitted(details));
        assertThat(back.get(ExecutionSchema.START_DATE)).isEqualTo(new Date(details.startDateMs()));
    }

    private static Struct emitted(MapRunDetails details) {
        return (Struct) new MapRunRecords("t.map-runs").progressRecord(details, Map.of("map_run_progress",
                details.mapRunArn()), Map.of("v", 1), 3_000).value();
    }

    private static Struct emitted(ExecutionDetails details) {
        return (Struct) new RecordFactory("t", "t.cp", PayloadLimit.NONE)
                .executionRecord(details, new ExecutionOffset(details.status(), details.redriveCount(), details.startDateMs())).value();
    }

    /** Writes the value as the converter does with the shipped file's schema, reads it back, compares every field. */
    private Struct assertRoundTrips(org.apache.kafka.connect.data.Schema connect, Struct emitted) throws IOException {
        Schema shipped = AvroSchemaFiles.parse(AvroSchemaFiles.fileOf(connect));
        GenericRecord written = (GenericRecord) avroData.fromConnectData(connect, emitted);
        assertThat(GenericData.get().validate(shipped, written)).as("valid data of the shipped schema").isTrue();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(shipped).write(written, encoder);
        encoder.flush();
        GenericRecord read = new GenericDatumReader<GenericRecord>(shipped)
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        Struct back = (Struct) avroData.toConnectData(shipped, read).value();
        assertSameFields(emitted, back, connect.name());
        return back;
    }

    /** Field by field: the structs read back have schemas of their own (with the converter's parameters). */
    private static void assertSameFields(Struct expected, Struct actual, String path) {
        for (Field field : expected.schema().fields()) {
            Object value = expected.get(field);
            if (value instanceof Struct s) {
                assertThat(actual.get(field.name())).as(path + "." + field.name()).isInstanceOf(Struct.class);
                assertSameFields(s, actual.getStruct(field.name()), path + "." + field.name());
            } else {
                assertThat(actual.get(field.name())).as(path + "." + field.name()).isEqualTo(value);
            }
        }
    }
}
