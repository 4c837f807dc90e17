package io.github.sfnconnect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;
import org.apache.kafka.connect.storage.OffsetStorageReader;
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
    /** Connect's reader, counting its round trips (each call reads the offsets topic to its end on a worker). */
    private final AtomicInteger roundTrips = new AtomicInteger();
    private final OffsetReader reader;

    OffsetReaderTest() {
        store.start();
        OffsetStorageReader connect = new OffsetStorageReaderImpl(store, "orders-connector", keys, values);
        reader = new OffsetReader(new OffsetStorageReader() {
            @Override
            public <T> Map<String, Object> offset(Map<String, T> partition) {
                roundTrips.incrementAndGet();
                return connect.offset(partition);
            }

            @Override
            public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                roundTrips.incrementAndGet();
                return connect.offsets(partitions);
            }
        }, 10_000, "offset-reader-test");
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

    @Test
    void aTasksStateMachinesAreReadAheadAHundredPerRoundTripAndEachResultIsTakenOnce() throws Exception {
        List<String> arns = new ArrayList<>();
        Map<Map<String, Object>, Map<String, Object>> offsets = new HashMap<>();
        for (int i = 0; i < 250; i++) {
            String arn = SM + i;
            arns.add(arn);
            if (i % 2 == 0) {
                offsets.put(SourcePartitions.checkpoint(arn), new Checkpoint(0, 1_000L + i, Claims.NONE,
                        Long.MIN_VALUE, RedriveHorizon.NONE, Map.of()).toMap());
                int part = OpenNamesPart.partOf("open" + i);
                offsets.put(SourcePartitions.openNames(arn, part), new OpenNamesPart(part, Map.of("open" + i, 500L))
                        .toMap());
            }
            if (i % 3 == 0) {
                offsets.put(SourcePartitions.mapRuns(arn), Map.of("v", 1, "runs", ""));
            }
        }
        commit(offsets);
        reader.readAhead(arns, true);
        assertThat(roundTrips).as("nothing is read until a lookup").hasValue(0);

        for (int i = 0; i < arns.size(); i++) {
            String arn = arns.get(i);
            OffsetReader.Stored stored = reader.scope(arn);
            assertThat(reader.mapRuns(arn)).as("the Map Run registry of " + i)
                    .isEqualTo(i % 3 == 0 ? Map.of("v", 1L, "runs", "") : null);
            if (i % 2 == 0) {
                assertThat(stored.checkpoint().watermarkMs()).isEqualTo(1_000L + i);
                assertThat(stored.parts()).singleElement().extracting(OpenNamesPart::names)
                        .isEqualTo(Map.of("open" + i, 500L));
            } else {
                assertThat(stored.checkpoint()).isNull();
                assertThat(stored.parts()).isEmpty();
            }
        }
        assertThat(roundTrips).as("250 state machines in chunks of " + OffsetReader.READ_AHEAD).hasValue(3);

        commit(Map.of(SourcePartitions.checkpoint(arns.get(0)), Checkpoint.initial(7_000L).toMap()));
        assertThat(reader.scope(arns.get(0)).checkpoint().watermarkMs()).as("a second lookup reads afresh")
                .isEqualTo(7_000L);
        assertThat(roundTrips).hasValue(4);
    }

    @Test
    void aStateMachineLookedUpOutOfOrderIsReadWithTheNextOnesNotReadYet() throws Exception {
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            arns.add(SM + i);
        }
        reader.readAhead(arns, false);
        reader.scope(arns.get(120)); // 120, then 0 to 98
        assertThat(roundTrips).hasValue(1);
        for (int i = 0; i < 99; i++) {
            reader.scope(arns.get(i));
        }
        assertThat(roundTrips).as("all read ahead with 120").hasValue(1);
        reader.scope(arns.get(99)); // 99 to 149, without 120
        assertThat(roundTrips).hasValue(2);
        for (int i = 100; i < 150; i++) {
            reader.scope(arns.get(i));
        }
        assertThat(roundTrips).as("120 again: read afresh").hasValue(3);
    }

    @Test
    void aSnapshotCheckpointReadAheadStillTakesTheNamesOfTheSnapshotParts() throws Exception {
        String other = SM.replace("orders", "payments");
        commit(Map.of(SourcePartitions.stateMachine(SM), Map.of("v", 2, "since_ms", 0, "watermark_ms", 5_000,
                        "open", "delta:4000"),
                snapshotPart(true, 3), names("a:1000,b:2000")));
        commit(Map.of(snapshotPart(false, 7), names("c:3000")));
        reader.readAhead(List.of(other, SM), false);

        assertThat(reader.scope(other).checkpoint()).isNull();
        OffsetReader.Stored stored = reader.scope(SM);

        assertThat(stored.checkpoint().openNames())
                .containsExactlyInAnyOrderEntriesOf(Map.of("delta", 4_000L, "a", 1_000L, "b", 2_000L, "c", 3_000L));
        assertThat(roundTrips).as("one read ahead, then the snapshot parts under both key orders").hasValue(3);
    }
}
