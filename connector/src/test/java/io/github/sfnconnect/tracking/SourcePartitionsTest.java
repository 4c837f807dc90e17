package io.github.sfnconnect.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

/**
 * Connect finds a stored offset by the bytes of its serialized partition, so a partition must serialize the same in
 * every worker process: each has one key.
 */
class SourcePartitionsTest {

    private static final String SM = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";

    /** What Connect's offset writer and reader do with a partition: the key converter over [connector, partition]. */
    private static byte[] storedKey(Map<String, Object> partition) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), true);
        return converter.fromConnectData("offsets", null, Arrays.asList("connector", partition));
    }

    @Test
    void everyPartitionHasOneKeySoItsStoredBytesDoNotDependOnMapOrder() {
        for (Map<String, Object> partition : List.of(SourcePartitions.execution(SM.replace("stateMachine", "execution") + ":a"),
                SourcePartitions.stateMachine(SM), SourcePartitions.openNames(SM, 0),
                SourcePartitions.openNames(SM, OpenNamesPart.PARTS - 1))) {
            assertThat(partition).hasSize(1);
            assertThat(storedKey(partition)).isEqualTo(storedKey(new TreeMap<>(partition)));
        }
    }

    /** The bug the one-key rule prevents: equal maps of two keys are stored under different keys. */
    @Test
    void twoKeysInAnotherOrderAreAnotherStoredOffset() {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("state_machine_arn", SM);
        one.put("open_part", 7);
        Map<String, Object> other = new LinkedHashMap<>();
        other.put("open_part", 7);
        other.put("state_machine_arn", SM);
        assertThat(one).isEqualTo(other);
        assertThat(storedKey(one)).isNotEqualTo(storedKey(other));
    }

    @Test
    void openNamesPartitionsNameTheirStateMachineAndPart() {
        assertThat(SourcePartitions.openNames(SM, 7)).containsEntry("open_names", SM + "#7");
        assertThat(SourcePartitions.openNamesPart(SM + "#7")).isEqualTo(7);
        assertThat(SourcePartitions.openNamesPart(SM + ":prod#255")).as("alias ARN").isEqualTo(255);
        assertThat(SourcePartitions.openNamesPart(SM + "#256")).isEqualTo(-1);
        assertThat(SourcePartitions.openNamesPart(SM + "#-1")).isEqualTo(-1);
        assertThat(SourcePartitions.openNamesPart(SM + "#x")).isEqualTo(-1);
        assertThat(SourcePartitions.openNamesPart(SM)).isEqualTo(-1);
        assertThat(SourcePartitions.openNamesPart("orders#7")).isEqualTo(-1);
    }
}
