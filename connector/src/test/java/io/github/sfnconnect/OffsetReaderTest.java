package io.github.sfnconnect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;
import org.apache.kafka.connect.storage.OffsetStorageReaderImpl;
import org.apache.kafka.connect.storage.OffsetStorageWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.sfnconnect.tracking.Checkpoint;
import io.github.sfnconnect.tracking.Claims;
import io.github.sfnconnect.tracking.OpenNamesPart;
import io.github.sfnconnect.tracking.RedriveHorizon;
import io.github.sfnconnect.tracking.SourcePartitions;

/**
 * Offsets written and read back through Connect's own offset writer and reader (JSON keys, looked up by their
 * bytes, as a worker does), including the open-name parts of 0.1.0 snapshots, which sit under a two-key partition in
 * either key order.
 */
class OffsetReaderTest {

    private static final String SM = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";

    private final MemoryOffsetBackingStore store = new MemoryOffsetBackingStore() {
        @Override
        public Set<Map<String, Object>> connectorPartitions(String connectorName) {
            return Set.of();
        }
    };
    private final JsonConverter keys = converter(true);
    private final JsonConverter values = converter(false);
    private final OffsetReader reader;

    OffsetReaderTest() {
        store.start();
        reader = new OffsetReader(new OffsetStorageReaderImpl(store, "orders-connector", keys, values), 10_000,
                "offset-reader-test");
    }

    private static JsonConverter converter(boolean isKey) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), isKey);
        return converter;
    }

    @AfterEach
    void stop() {
        reader.close();
        store.stop();
    }

    /** One flush of the connector's offset writer: what a worker commits. */
    private void commit(Map<Map<String, Object>, Map<String, Object>> offsets) throws Exception {
        OffsetStorageWriter writer = new OffsetStorageWriter(store, "orders-connector", keys, values);
        offsets.forEach(writer::offset);
        assertThat(writer.beginFlush()).isTrue();
        writer.doFlush((error, result) -> { }).get(10, TimeUnit.SECONDS);
    }

    private static Map<String, Object> snapshotPart(boolean arnFirst, int part) {
        Map<String, Object> partition = new LinkedHashMap<>();
        if (arnFirst) {
            partition.put("state_machine_arn", SM);
        }
        partition.put("open_part", part);
        if (!arnFirst) {
            partition.put("state_machine_arn", SM);
        }
        return partition;
    }

    private static Map<String, Object> names(String encoded) {
        return Map.of("v", 1, "names", encoded);
    }

    @Test
    void aCheckpointOfThisVersionReadsItsOneKeyPartsAndNothingElse() throws Exception {
        Checkpoint checkpoint = new Checkpoint(0, 5_000, Claims.NONE, Long.MIN_VALUE, RedriveHorizon.NONE,
                Map.of("delta", 4_000L));
        int part = OpenNamesPart.partOf("kept");
        commit(Map.of(SourcePartitions.stateMachine(SM), checkpoint.toMap(),
                SourcePartitions.openNames(SM, part), new OpenNamesPart(part, Map.of("kept", 1_000L)).toMap(),
                snapshotPart(true, 9), names("stale:1")));

        OffsetReader.Stored stored = reader.scope(SM);

        assertThat(checkpoint.toMap()).containsEntry("v", 3);
        assertThat(stored.checkpoint()).isEqualTo(checkpoint);
        assertThat(stored.parts()).containsExactly(new OpenNamesPart(part, Map.of("kept", 1_000L)));
    }

    @Test
    void aSnapshotCheckpointTakesTheNamesOfTheSnapshotPartsUnderBothKeyOrders() throws Exception {
        // two worker processes of a 0.1.0 snapshot, each with its own Map.of order, wrote parts 3 and 7
        commit(Map.of(SourcePartitions.stateMachine(SM), Map.of("v", 2, "since_ms", 0, "watermark_ms", 5_000,
                        "open", "delta:4000"),
                snapshotPart(true, 3), names("a:1000,b:2000")));
        commit(Map.of(snapshotPart(false, 3), names("a:1000"), snapshotPart(false, 7), names("c:3000")));

        OffsetReader.Stored stored = reader.scope(SM);

        assertThat(stored.checkpoint().watermarkMs()).isEqualTo(5_000);
        assertThat(stored.checkpoint().openNames()).as("the checkpoint's own names and every snapshot part's")
                .containsExactlyInAnyOrderEntriesOf(Map.of("delta", 4_000L, "a", 1_000L, "b", 2_000L, "c", 3_000L));
        assertThat(stored.parts()).as("none of today's parts holds them yet, so the next checkpoint carries them")
                .isEmpty();
    }

    @Test
    void aFirstStartReadsNoSnapshotParts() throws Exception {
        commit(Map.of(snapshotPart(true, 3), names("orphan:1")));

        OffsetReader.Stored stored = reader.scope(SM);

        assertThat(stored.checkpoint()).isNull();
        assertThat(stored.parts()).isEmpty();
    }

    @Test
    void checkpointSinceReadsTheInitialPositionOfEachStoredCheckpointInOneRead() throws Exception {
        String other = SM.replace("orders", "payments");
        String none = SM.replace("orders", "refunds");
        commit(Map.of(SourcePartitions.checkpoint(SM), Checkpoint.initial(1_000L).toMap(),
                SourcePartitions.checkpoint(other), Checkpoint.initial(0L).toMap()));
        assertThat(reader.checkpointSince(List.of(SM, other, none)))
                .containsExactlyInAnyOrderEntriesOf(Map.of(SM, 1_000L, other, 0L));
    }
}
