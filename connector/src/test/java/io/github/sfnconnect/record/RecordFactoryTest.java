package io.github.sfnconnect.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.tracking.Checkpoint;
import io.github.sfnconnect.tracking.ExecutionOffset;

class RecordFactoryTest {

    private static final String SM = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";
    private static final String ARN = "arn:aws:states:us-east-1:123456789012:execution:orders:e1";

    private static ExecutionDetails succeeded(String input, String output) {
        return new ExecutionDetails(ARN, SM, "e1", ExecutionStatus.SUCCEEDED, 1_000, 2_000L, input, true, output, true,
                null, null, "Root=1-abc", null, null, null, 0, null, "NOT_REDRIVABLE",
                "Execution is SUCCEEDED and cannot be redriven");
    }

    private static String json(int bytes, String filler) {
        StringBuilder sb = new StringBuilder("{\"x\":\"");
        int size = sb.length();
        int step = filler.getBytes(StandardCharsets.UTF_8).length;
        while (size < bytes - 2) {
            sb.append(filler);
            size += step;
        }
        return sb.append("\"}").toString();
    }

    @Test
    void executionRecordCarriesEveryFieldKeyTimestampHeadersAndOffset() {
        RecordFactory factory = new RecordFactory("t", "t.cp", PayloadLimit.NONE);
        SourceRecord r = factory.executionRecord(succeeded("{\"a\":\"caf\u00e9\"}", "{\"ok\":true}"),
                new ExecutionOffset(ExecutionStatus.SUCCEEDED, 0, 1_000));
        Struct v = (Struct) r.value();
        assertThat(r.key()).isEqualTo(ARN);
        assertThat(r.topic()).isEqualTo("t");
        assertThat(r.timestamp()).as("stop date").isEqualTo(2_000L);
        assertThat(v.getString("input")).isEqualTo("{\"a\":\"caf\u00e9\"}");
        assertThat(v.getString("traceHeader")).isEqualTo("Root=1-abc");
        assertThat(v.getString("redriveStatusReason")).contains("cannot be redriven");
        assertThat(v.getStruct("outputDetails").get("truncated")).isNull();
        assertThat(r.headers().lastWithName("sfn.status").value()).isEqualTo("SUCCEEDED");
        assertThat(r.sourceOffset().get("status")).isEqualTo("SUCCEEDED");
        assertThat(r.sourceOffset().get("redrive_count")).isEqualTo(0);
    }

    @Test
    void oversizePayloadFailsNamingTheExecutionAndTheFix() {
        RecordFactory factory = new RecordFactory("t", "t.cp", new PayloadLimit(100_000, false));
        assertThatThrownBy(() -> factory.executionRecord(succeeded(json(60_000, "a"), json(60_000, "b")),
                new ExecutionOffset(ExecutionStatus.SUCCEEDED, 0, 1_000)))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining(ARN).hasMessageContaining("payload.max.bytes=100000")
                .hasMessageContaining("payload.oversize.behavior=truncate");
    }

    @Test
    void oversizePayloadIsCutAndFlaggedWithoutSplittingACharacter() {
        RecordFactory factory = new RecordFactory("t", "t.cp", new PayloadLimit(100_000, true));
        String small = "{\"id\":1}";
        String huge = json(262_144, "\u00e9\u2603"); // 256 KiB of two- and three-byte characters
        Struct v = (Struct) factory.executionRecord(succeeded(small, huge),
                new ExecutionOffset(ExecutionStatus.SUCCEEDED, 0, 1_000)).value();
        assertThat(v.getString("input")).as("the small field is kept whole").isEqualTo(small);
        assertThat(v.getStruct("inputDetails").get("truncated")).isNull();
        assertThat(v.getStruct("outputDetails").getBoolean("truncated")).isTrue();
        byte[] output = v.getString("output").getBytes(StandardCharsets.UTF_8);
        assertThat(output.length + small.length()).isLessThanOrEqualTo(100_000).isGreaterThan(99_990);
        assertThat(huge).as("a prefix of the original, ending on a whole character").startsWith(v.getString("output"));
    }

    @Test
    void checkpointObservedAndForgetRecordsGoToPartitionZeroOfTheCheckpointTopic() {
        RecordFactory factory = new RecordFactory("t", "t.cp", PayloadLimit.NONE);
        SourceRecord checkpoint = factory.checkpointRecord(SM, Checkpoint.initial(1), 3);
        SourceRecord observed = factory.observedRecord(SM, ARN, new ExecutionOffset(ExecutionStatus.RUNNING, 0, 1_000), 3);
        SourceRecord forget = factory.forgetRecord(ARN, 3);
        for (SourceRecord r : new SourceRecord[] {checkpoint, observed, forget}) {
            assertThat(r.topic()).isEqualTo("t.cp");
            assertThat(r.kafkaPartition()).isZero();
        }
        assertThat(checkpoint.sourcePartition().get("state_machine_arn")).isEqualTo(SM);
        assertThat(((Struct) observed.value()).getString("kind")).isEqualTo("OBSERVED");
        assertThat(forget.value()).as("a tombstone").isNull();
        assertThat(forget.sourceOffset()).as("deletes the execution's offset").isNull();
        assertThat(forget.sourcePartition().get("execution_arn")).isEqualTo(ARN);
    }

    /** 256 KiB of input and of output that are mostly escaped quotes: the most a JSON converter can grow them. */
    @Test
    void payloadLimitCountsJsonEscapesSoTheDefaultFitsTheProducersMaxRequestSize() {
        String quotes = json(262_144, "\\\"");
        ExecutionDetails big = succeeded(quotes, quotes);
        assertThat(Payloads.encodedLength(quotes)).as("escaped, the payload nearly doubles")
                .isGreaterThan(500_000);
        RecordFactory failing = new RecordFactory("t", "t.cp", new PayloadLimit(900_000, false));
        assertThatThrownBy(() -> failing.executionRecord(big, new ExecutionOffset(ExecutionStatus.SUCCEEDED, 0, 1_000)))
                .as("the default limit refuses what JsonConverter would make larger than 1 MiB")
                .isInstanceOf(ConnectException.class).hasMessageContaining("escapes included");
        SourceRecord cut = new RecordFactory("t", "t.cp", new PayloadLimit(900_000, true))
                .executionRecord(big, new ExecutionOffset(ExecutionStatus.SUCCEEDED, 0, 1_000));
        org.apache.kafka.connect.json.JsonConverter converter = new org.apache.kafka.connect.json.JsonConverter();
        converter.configure(java.util.Map.of("schemas.enable", "true"), false);
        byte[] value = converter.fromConnectData("t", cut.valueSchema(), cut.value());
        assertThat(value.length).as("the record as the producer sends it, under max.request.size (1 MiB)")
                .isLessThan(1_048_576).isGreaterThan(800_000);
    }
}
