package io.github.sfnconnect.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;


/** The record reference shows what Connect's JsonConverter writes for the records the connector emits. */
class RecordReferenceTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void everyExampleIsWhatJsonConverterWrites() throws Exception {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        Map<String, SourceRecord> all = new LinkedHashMap<>();
        RecordReference.byStatus().forEach((title, d) -> all.put(title, RecordReference.record(d)));
        RecordReference.byMode().forEach((title, d) -> all.put(title, RecordReference.record(d)));
        RecordReference.mapRuns().forEach((title, d) -> all.put(title, RecordReference.mapRunRecord(d)));
        for (Map.Entry<String, SourceRecord> e : all.entrySet()) {
            SourceRecord record = e.getValue();
            String written = new String(converter.fromConnectData(record.topic(), record.valueSchema(),
                    record.value()), StandardCharsets.UTF_8);
            assertThat(mapper.readTree(RecordReference.json((Struct) record.value()))).as(e.getKey())
                    .isEqualTo(mapper.readTree(written));
        }
    }

    @Test
    void theExamplesCoverEveryStatusAndMode() {
        String page = RecordReference.markdown();
        for (String status : new String[] {"RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED",
            "PENDING_REDRIVE"}) {
            assertThat(page).contains("\"status\": \"" + status + "\"");
        }
        assertThat(page).contains("### full (default)", "### metadata", "### summary", "\"included\": false",
                "| `inputDetails.truncated` |", "<topic>.checkpoints-value");
        assertThat(RecordReference.byMode().get("summary: what ListExecutions lists, no DescribeExecution").input())
                .isNull();
    }

    @Test
    void theMapRunPartShowsItsTopicKeyHeadersAndCounts() {
        assertThat(RecordReference.markdown()).contains("## Map Run progress records (`map.run.progress.topic`)",
                "`<topic>.map-runs`", "intermediate counts between two polls are not seen", "`sfn.execution.arn=",
                "| `itemCounts.pending` | long |", "| `executionCounts.pendingRedrive` | long |",
                "| `toleratedFailurePercentage` | float |", "\"status\": \"RUNNING\"", "\"status\": \"SUCCEEDED\"",
                "[MapRun-v1.avsc](../connector/src/main/avro/MapRun-v1.avsc)",
                "| `parentExecutionArn` | string | yes |");
    }
}
