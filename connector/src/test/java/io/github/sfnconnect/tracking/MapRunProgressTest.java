package io.github.sfnconnect.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.sfnconnect.model.MapRunCounts;
import io.github.sfnconnect.model.MapRunDetails;

class MapRunProgressTest {

    private static final String PARENT = "arn:aws:states:us-east-1:123456789012:execution:orders:e1";
    private static final String MAP_RUN = "arn:aws:states:us-east-1:123456789012:mapRun:orders/items:5c4d7e2a";
    private static final String[] COUNTS = {"pending", "running", "succeeded", "failed", "timedOut", "aborted",
        "total", "resultsWritten", "failuresNotRedrivable", "pendingRedrive"};

    private static final MapRunDetails RUNNING = new MapRunDetails(MAP_RUN, PARENT, "RUNNING", 1_000, null, 10,
            5.0f, 3, counts(1, 2, 3, 4, 5, 6, 21, 7, 8, 9), counts(11, 12, 13, 14, 15, 16, 81, 17, 18, 19), 0, null);

    private static MapRunCounts counts(long... c) {
        return new MapRunCounts(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9]);
    }

    /** The counts with the one at {@code index} (in {@link #COUNTS} order) one higher. */
    private static MapRunCounts bump(MapRunCounts c, int index) {
        long[] values = {c.pending(), c.running(), c.succeeded(), c.failed(), c.timedOut(), c.aborted(), c.total(),
            c.resultsWritten(), c.failuresNotRedrivable(), c.pendingRedrive()};
        values[index]++;
        return counts(values);
    }

    private static MapRunDetails with(String status, Long stopMs, int maxConcurrency, float percentage, long count,
                                      MapRunCounts items, MapRunCounts executions, int redriveCount, Long redriveMs) {
        MapRunDetails d = RUNNING;
        return new MapRunDetails(d.mapRunArn(), d.executionArn(), status, d.startDateMs(), stopMs, maxConcurrency,
                percentage, count, items, executions, redriveCount, redriveMs);
    }

    /** Each compared field changed alone. */
    static Stream<Arguments> changes() {
        MapRunDetails d = RUNNING;
        List<Arguments> out = new ArrayList<>();
        out.add(Arguments.of("status", with("SUCCEEDED", 9_000L, d.maxConcurrency(), d.toleratedFailurePercentage(),
                d.toleratedFailureCount(), d.itemCounts(), d.executionCounts(), 0, null)));
        out.add(Arguments.of("redriveCount", with("RUNNING", null, d.maxConcurrency(), d.toleratedFailurePercentage(),
                d.toleratedFailureCount(), d.itemCounts(), d.executionCounts(), 1, 8_000L)));
        out.add(Arguments.of("maxConcurrency", with("RUNNING", null, 11, d.toleratedFailurePercentage(),
                d.toleratedFailureCount(), d.itemCounts(), d.executionCounts(), 0, null)));
        out.add(Arguments.of("toleratedFailurePercentage", with("RUNNING", null, d.maxConcurrency(), 5.5f,
                d.toleratedFailureCount(), d.itemCounts(), d.executionCounts(), 0, null)));
        out.add(Arguments.of("toleratedFailureCount", with("RUNNING", null, d.maxConcurrency(),
                d.toleratedFailurePercentage(), 4, d.itemCounts(), d.executionCounts(), 0, null)));
        for (int i = 0; i < COUNTS.length; i++) {
            out.add(Arguments.of("itemCounts." + COUNTS[i], with("RUNNING", null, d.maxConcurrency(),
                    d.toleratedFailurePercentage(), d.toleratedFailureCount(), bump(d.itemCounts(), i),
                    d.executionCounts(), 0, null)));
            out.add(Arguments.of("executionCounts." + COUNTS[i], with("RUNNING", null, d.maxConcurrency(),
                    d.toleratedFailurePercentage(), d.toleratedFailureCount(), d.itemCounts(),
                    bump(d.executionCounts(), i), 0, null)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void eachComparedFieldIsAChange(String field, MapRunDetails changed) {
        MapRunProgress progress = new MapRunProgress(MAP_RUN, null);
        progress.recorded(RUNNING);
        assertThat(progress.isChange(changed)).isTrue();
        progress.recorded(changed);
        assertThat(progress.isChange(changed)).as("once recorded").isFalse();
        assertThat(progress.isChange(RUNNING)).as("and back").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void eachComparedFieldIsInTheOffset(String field, MapRunDetails changed) {
        MapRunProgress progress = new MapRunProgress(MAP_RUN, null);
        assertThat(progress.offsetOf(changed)).isNotEqualTo(progress.offsetOf(RUNNING));
        assertThat(new MapRunProgress(MAP_RUN, progress.offsetOf(RUNNING)).isChange(changed)).isTrue();
    }

    @Test
    void theFirstAnswerIsAChangeAndTheSameAnswerAgainIsNot() {
        MapRunProgress progress = new MapRunProgress(MAP_RUN, null);
        assertThat(progress.isChange(RUNNING)).isTrue();
        assertThat(progress.isFinal()).isFalse();
        progress.recorded(RUNNING);
        assertThat(progress.isChange(RUNNING)).isFalse();
    }

    /** Dates change only with the status or a redrive, which are compared. */
    @Test
    void aDateAloneIsNoChange() {
        MapRunProgress progress = new MapRunProgress(MAP_RUN, null);
        progress.recorded(RUNNING);
        MapRunDetails d = RUNNING;
        assertThat(progress.isChange(new MapRunDetails(MAP_RUN, PARENT, "RUNNING", 2_000, 3_000L, d.maxConcurrency(),
                d.toleratedFailurePercentage(), d.toleratedFailureCount(), d.itemCounts(), d.executionCounts(), 0,
                4_000L))).isFalse();
    }

    @Test
    void aStoppedMapRunIsFinal() {
        MapRunProgress progress = new MapRunProgress(MAP_RUN, null);
        progress.recorded(RUNNING);
        assertThat(progress.isFinal()).isFalse();
        for (String status : new String[] {"SUCCEEDED", "FAILED", "ABORTED"}) {
            MapRunDetails stopped = with(status, 9_000L, 10, 5.0f, 3, RUNNING.itemCounts(), RUNNING.executionCounts(),
                    0, null);
            progress.recorded(stopped);
            assertThat(progress.isFinal()).as(status).isTrue();
            assertThat(new MapRunProgress(MAP_RUN, progress.offsetOf(stopped)).isFinal()).as("restarted at " + status)
                    .isTrue();
        }
    }

    @Test
    void aRestartFromTheStoredOffsetEmitsNothingForTheSameStateAndARecordForANewOne() {
        MapRunProgress before = new MapRunProgress(MAP_RUN, null);
        Map<String, ?> stored = stored(before.offsetOf(RUNNING));
        before.recorded(RUNNING);

        MapRunProgress restarted = new MapRunProgress(MAP_RUN, stored);
        assertThat(restarted.isChange(RUNNING)).as("same state").isFalse();
        assertThat(restarted.isFinal()).isFalse();
        MapRunDetails later = with("RUNNING", null, 10, 5.0f, 3, bump(RUNNING.itemCounts(), 2),
                RUNNING.executionCounts(), 0, null);
        assertThat(restarted.isChange(later)).as("new counts").isTrue();
        assertThat(restarted.offsetOf(later)).as("the offset depends on the answer only")
                .isEqualTo(before.offsetOf(later));
    }

    @Test
    void theOffsetIsVersionedAndReadable() {
        Map<String, Object> offset = new MapRunProgress(MAP_RUN, null).offsetOf(RUNNING);
        assertThat(offset).containsEntry("v", 1).containsEntry("status", "RUNNING").containsEntry("redrive_count", 0)
                .containsEntry("progress", "items=1,2,3,4,5,6,21,7,8,9 executions=11,12,13,14,15,16,81,17,18,19 "
                        + "maxConcurrency=10 tolerated=5.0%,3");
    }

    @Test
    void thePartitionHasOneKey() {
        assertThat(MapRunProgress.partition(MAP_RUN)).isEqualTo(Map.of("map_run_progress", MAP_RUN));
    }

    @Test
    void anEmptyOffsetIsNone() {
        assertThat(new MapRunProgress(MAP_RUN, Map.of()).isChange(RUNNING)).isTrue();
    }

    @Test
    void anOffsetOfAnotherVersionFailsNamingThePartitionAndTheFix() {
        Map<String, Object> offset = new HashMap<>(new MapRunProgress(MAP_RUN, null).offsetOf(RUNNING));
        offset.put("v", 2);
        assertThatThrownBy(() -> new MapRunProgress(MAP_RUN, offset)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(MAP_RUN).hasMessageContaining("version 2")
                .hasMessageContaining("run that version").hasMessageContaining("PATCH /connectors/<name>/offsets");
        offset.remove("v");
        assertThatThrownBy(() -> new MapRunProgress(MAP_RUN, offset)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(MAP_RUN).hasMessageContaining("version null");
    }

    @Test
    void aMalformedOffsetFailsNamingThePartitionTheKeyAndTheFix() {
        Map<String, Object> offset = new HashMap<>(new MapRunProgress(MAP_RUN, null).offsetOf(RUNNING));
        offset.put("redrive_count", "one");
        assertThatThrownBy(() -> new MapRunProgress(MAP_RUN, offset)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(MAP_RUN).hasMessageContaining("'redrive_count'")
                .hasMessageContaining("PATCH /connectors/<name>/offsets");
        offset.put("redrive_count", 0);
        offset.remove("progress");
        assertThatThrownBy(() -> new MapRunProgress(MAP_RUN, offset)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'progress'");
    }

    /** What Connect's offset store gives back: the offset through the JSON converter (numbers come back as Long). */
    @SuppressWarnings("unchecked")
    private static Map<String, ?> stored(Map<String, Object> offset) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        byte[] bytes = converter.fromConnectData("offsets", null, offset);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"v\":1");
        return (Map<String, ?>) converter.toConnectData("offsets", bytes).value();
    }
}
