package io.github.sfnconnect.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Date;

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
import io.github.sfnconnect.tracking.ExecutionOffset;

/**
 * The connector's records, as an Avro converter writes them, are valid data of the shipped schema file: encoded in
 * Avro binary with the file's schema and read back, every field is what the connector emitted.
 */
class AvroRoundTripTest {

    private static final String SM = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";
    private static final String ARN = "arn:aws:states:us-east-1:123456789012:execution:orders:e1";

    private final AvroData avroData = new AvroData(new AvroDataConfig(AvroSchemaFiles.CLEAN));
    private final Schema shipped = AvroSchemaFiles.parse(AvroSchemaFiles.fileOf(ExecutionSchema.VALUE_SCHEMA));

    @Test
    void redrivenFailedExecutionWithEveryFieldSet() throws IOException {
        ExecutionDetails failed = new ExecutionDetails(ARN, SM, "e1", ExecutionStatus.FAILED, 1_000, 2_000L,
                "{\"order\":42}", true, null, false, "States.TaskFailed", "payment declined", "Root=1-abc",
                "arn:aws:states:us-east-1:123456789012:mapRun:orders/m:1", SM + ":3", SM + ":live", 2, 1_500L,
                "REDRIVABLE", "Execution can be redriven");
        assertRoundTrips(failed);
    }

    @Test
    void runningExecutionWithOnlyTheRequiredFields() throws IOException {
        assertRoundTrips(new ExecutionDetails(ARN, SM, null, ExecutionStatus.RUNNING, 1_000, null, null, null, null,
                null, null, null, null, null, null, null, 0, null, null, null));
    }

    private void assertRoundTrips(ExecutionDetails details) throws IOException {
        Struct emitted = (Struct) new RecordFactory("t", "t.cp", PayloadLimit.NONE)
                .executionRecord(details, new ExecutionOffset(details.status(), details.redriveCount(), details.startDateMs())).value();
        GenericRecord written = (GenericRecord) avroData.fromConnectData(ExecutionSchema.VALUE_SCHEMA, emitted);
        assertThat(GenericData.get().validate(shipped, written)).as("valid data of the shipped schema").isTrue();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(shipped).write(written, encoder);
        encoder.flush();
        GenericRecord read = new GenericDatumReader<GenericRecord>(shipped)
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        Struct back = (Struct) avroData.toConnectData(shipped, read).value();
        for (Field field : ExecutionSchema.VALUE_SCHEMA.fields()) {
            Object expected = emitted.get(field);
            Object actual = back.get(field.name());
            if (expected instanceof Struct s) {
                assertThat(((Struct) actual).getBoolean(ExecutionSchema.INCLUDED)).as(field.name())
                        .isEqualTo(s.getBoolean(ExecutionSchema.INCLUDED));
                assertThat(((Struct) actual).getBoolean(ExecutionSchema.TRUNCATED)).as(field.name())
                        .isEqualTo(s.getBoolean(ExecutionSchema.TRUNCATED));
            } else {
                assertThat(actual).as(field.name()).isEqualTo(expected);
            }
        }
        assertThat(back.get(ExecutionSchema.START_DATE)).isEqualTo(new Date(details.startDateMs()));
    }
}
