package io.github.sfnconnect.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class PackedListTest {

    private static final String PREFIX = "arn:aws:states:us-east-1:123456789012:stateMachine:";

    @Test
    void aShortListStaysPlainAndReadable() {
        List<String> arns = List.of(PREFIX + "a", PREFIX + "b:PROD");
        assertThat(PackedList.pack(arns)).isEqualTo(PREFIX + "a," + PREFIX + "b:PROD");
        assertThat(PackedList.unpack("k", PackedList.pack(arns))).isEqualTo(arns);
        assertThat(PackedList.unpack("k", "")).isEmpty();
        assertThat(PackedList.pack(List.of())).isEmpty();
    }

    @Test
    void aLongListIsPackedAndComesBackInOrder() {
        List<String> arns = IntStream.range(0, 10_000).mapToObj(i -> PREFIX + "payments-" + i).toList();
        String packed = PackedList.pack(arns);
        String plain = String.join(",", arns);
        assertThat(packed).startsWith(PackedList.PREFIX).doesNotContain(",");
        assertThat(packed.length()).as("shared prefixes compress: %d chars packed, %d plain", packed.length(),
                plain.length()).isLessThan(plain.length() / 10);
        assertThat(PackedList.unpack("k", packed)).isEqualTo(arns);
        assertThat(PackedList.pack(arns)).as("deterministic").isEqualTo(packed);
    }

    @Test
    void theBoundaryBetweenPlainAndPacked() {
        String atLimit = "x".repeat(PackedList.PACK_ABOVE_CHARS);
        assertThat(PackedList.pack(List.of(atLimit))).isEqualTo(atLimit);
        assertThat(PackedList.pack(List.of(atLimit + "x"))).startsWith(PackedList.PREFIX);
    }

    @Test
    void aDamagedPackedValueNamesTheKeyAndTheFix() {
        assertThatThrownBy(() -> PackedList.unpack("task.state.machine.arns", PackedList.PREFIX + "bm90IGd6aXA="))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("task.state.machine.arns")
                .hasMessageContaining("restart the connector");
    }
}
