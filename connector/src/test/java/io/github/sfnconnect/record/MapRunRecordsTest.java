package io.github.sfnconnect.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import io.github.sfnconnect.model.MapRunCounts;
import io.github.sfnconnect.model.MapRunDetails;

class MapRunRecordsTest {

    private static final String PARENT = "arn:aws:states:us-east-1:123456789012:execution:orders:e1";
    private static final String MAP_RUN = "arn:aws:states:us-east-1:123456789012:mapRun:orders/items:5c4d7e2a";
    private static final MapRunCounts ITEMS = new MapRunCounts(1, 2, 3, 4, 5, 6, 21, 7, 8, 9);
    private static final MapRunCounts EXECUTIONS = new MapRunCounts(11, 12, 13, 14, 15, 16, 81, 17, 18, 19);
    private static final long NOW = 50_000;

    private final MapRunRecords records = new MapRunRecords("t.map-runs");

    private static MapRunDetails mapRun(String status, Long stopMs, int redriveCount, Long redriveMs) {
        return new MapRunDetails(MAP_RUN, PARENT, status, 1_000, stopMs, 10, 12.5f, 3, ITEMS, EXECUTIONS,
                redriveCount, redriveMs);
    }

    private SourceRecord record(MapRunDetails d) {
        return records.progressRecord(d, Map.of("map_run_progress", MAP_RUN), Map.of("v", 1), NOW);
    }

    @Test
    void recordCarriesEveryFieldKeyTopicHeadersPartitionAndOffset() {
        SourceRecord r = record(mapRun("FAILED", 9_000L, 2, 5_000L));
        assertThat(r.topic()).isEqualTo("t.map-runs");
        assertThat(r.kafkaPartition()).as("the producer's partitioner, by key").isNull();
        assertThat(r.key()).isEqualTo(MAP_RUN);
        assertThat(r.keySchema()).isSameAs(MapRunSchema.KEY_SCHEMA);
        assertThat(r.valueSchema()).isSameAs(MapRunSchema.VALUE_SCHEMA);
        assertThat(r.sourcePartition()).isEqualTo(Map.of("map_run_progress", MAP_RUN));
        assertThat(r.sourceOffset()).isEqualTo(Map.of("v", 1));
        assertThat(r.headers().lastWithName("sfn.status").value()).isEqualTo("FAILED");
        assertThat(r.headers().lastWithName("sfn.execution.arn").value()).isEqualTo(PARENT);
        assertThat(r.headers().size()).isEqualTo(2);

        Struct v = (Struct) r.value();
        assertThat(v.getString("mapRunArn")).isEqualTo(MAP_RUN);
        assertThat(v.getString("executionArn")).isEqualTo(PARENT);
        assertThat(v.getString("status")).isEqualTo("FAILED");
        assertThat(v.get("startDate")).isEqualTo(new Date(1_000));
        assertThat(v.get("stopDate")).isEqualTo(new Date(9_000));
        assertThat(v.getInt32("maxConcurrency")).isEqualTo(10);
        assertThat(v.getFloat32("toleratedFailurePercentage")).isEqualTo(12.5f);
        assertThat(v.getInt64("toleratedFailureCount")).isEqualTo(3L);
        assertThat(v.getInt32("redriveCount")).isEqualTo(2);
        assertThat(v.get("redriveDate")).isEqualTo(new Date(5_000));
        assertCounts(v.getStruct("itemCounts"), ITEMS);
        assertCounts(v.getStruct("executionCounts"), EXECUTIONS);
    }

    private static void assertCounts(Struct s, MapRunCounts c) {
        assertThat(new long[] {s.getInt64("pending"), s.getInt64("running"), s.getInt64("succeeded"),
            s.getInt64("failed"), s.getInt64("timedOut"), s.getInt64("aborted"), s.getInt64("total"),
            s.getInt64("resultsWritten"), s.getInt64("failuresNotRedrivable"), s.getInt64("pendingRedrive")})
                .containsExactly(c.pending(), c.running(), c.succeeded(), c.failed(), c.timedOut(), c.aborted(),
                        c.total(), c.resultsWritten(), c.failuresNotRedrivable(), c.pendingRedrive());
    }

    @Test
    void aRunningMapRunHasNoStopOrRedriveDate() {
        Struct v = (Struct) record(mapRun("RUNNING", null, 0, null)).value();
        assertThat(v.get("stopDate")).isNull();
        assertThat(v.get("redriveDate")).isNull();
        assertThat(v.getInt32("redriveCount")).isZero();
    }

    @Test
    void timestampIsTheStopDateElseTheRedriveDateElseNow() {
        assertThat(record(mapRun("SUCCEEDED", 9_000L, 1, 5_000L)).timestamp()).as("stopped").isEqualTo(9_000L);
        assertThat(record(mapRun("RUNNING", null, 1, 5_000L)).timestamp()).as("redriven").isEqualTo(5_000L);
        assertThat(record(mapRun("RUNNING", null, 0, null)).timestamp()).as("running").isEqualTo(NOW);
    }

    @Test
    void theCountStructsHaveDistinctNames() {
        assertThat(MapRunSchema.VALUE_SCHEMA.field("itemCounts").schema().name())
                .isEqualTo("io.github.sfnconnect.stepfunctions.MapRunItemCounts");
        assertThat(MapRunSchema.VALUE_SCHEMA.field("executionCounts").schema().name())
                .isEqualTo("io.github.sfnconnect.stepfunctions.MapRunExecutionCounts");
    }
}
