package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Reads as of a time, and pruning of versions no lag can read any more. */
class VersionsTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Duration LAG = Duration.ofSeconds(10);

    @Test
    void readsAsOfATimeSeeTheVersionInEffectThen() {
        Versions<String> versions = new Versions<>(T0, "a");
        versions.set(T0.plusSeconds(1), "b", T0.plusSeconds(1).minus(LAG));
        versions.set(T0.plusSeconds(2), "c", T0.plusSeconds(2).minus(LAG));

        assertThat(versions.current()).isEqualTo("c");
        assertThat(versions.asOf(T0)).isEqualTo("a");
        assertThat(versions.asOf(T0.plusMillis(1999))).isEqualTo("b");
        assertThat(versions.asOf(T0.plusSeconds(2))).isEqualTo("c");
    }

    @Test
    void versionsReplacedBeforeTheLagAreDropped() {
        Versions<String> versions = new Versions<>(T0, "a");
        versions.set(T0.plusSeconds(1), "b", T0.plusSeconds(1).minus(LAG));
        Instant later = T0.plusSeconds(20);
        versions.set(later, "c", later.minus(LAG));

        assertThat(versions.asOf(later.minus(LAG))).as("as of the oldest time a lagged read can ask").isEqualTo("b");
        assertThat(versions.asOf(T0)).as("'a' was dropped: the oldest kept version stands in").isEqualTo("b");
    }

    @Test
    void withoutALagNothingOlderIsKept() {
        Versions<String> versions = new Versions<>(T0, "a");
        Instant now = T0.plusSeconds(1);
        versions.set(now, "b", now);
        assertThat(versions.asOf(T0)).isEqualTo("b");
    }
}
