package io.github.sfnconnect.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.sfnconnect.model.ExecutionStatus;

/** What tracking a Map Run's children needs beyond a state machine's executions: names, partitions, order, registry. */
class MapRunTrackingTest {

    private static final String ACCOUNT = "arn:aws:states:us-east-1:123456789012:";
    private static final String SM = ACCOUNT + "stateMachine:batch";
    private static final String MAP_RUN = ACCOUNT + "mapRun:batch/items:5f1e";
    private static final String STANDARD_CHILD = ACCOUNT + "execution:batch/items:7c2a";
    private static final String EXPRESS_CHILD = ACCOUNT + "express:batch/items:7c2a:9d4b";
    private static final String PARENT = ACCOUNT + "execution:batch:nightly";

    @Test
    void aChildIsNamedByAllThatFollowsTheAccountSoThatItsArnComesBackWhateverItsType() {
        assertThat(ExecutionArns.nameOf(PARENT)).isEqualTo("nightly");
        assertThat(ExecutionArns.nameOf(STANDARD_CHILD)).isEqualTo("execution:batch/items:7c2a");
        assertThat(ExecutionArns.nameOf(EXPRESS_CHILD)).isEqualTo("express:batch/items:7c2a:9d4b");
        for (String child : new String[] {STANDARD_CHILD, EXPRESS_CHILD}) {
            assertThat(ExecutionArns.prefixOf(MAP_RUN) + ExecutionArns.nameOf(child)).isEqualTo(child);
        }
        assertThat(ExecutionArns.prefixOf(SM + ":prod") + "nightly").as("alias ARN").isEqualTo(PARENT);
    }

    @Test
    void storedChildNamesKeepTheirColonsAndStartDates() {
        Map<String, Long> names = Map.of(ExecutionArns.nameOf(EXPRESS_CHILD), 1_000L,
                ExecutionArns.nameOf(STANDARD_CHILD), 2_000L);
        assertThat(OpenNamesPart.decode(OpenNamesPart.encode(names), "p")).isEqualTo(names);
        assertThat(OpenNamesPart.decode("legacy", "p")).as("a version 1 name without start date")
                .containsEntry("legacy", ExecutionOffset.UNKNOWN_START);
    }

    @Test
    void aMapRunHasPartitionsOfOneKeyOfItsOwn() {
        assertThat(SourcePartitions.checkpoint(MAP_RUN)).isEqualTo(Map.of("map_run_arn", MAP_RUN));
        assertThat(SourcePartitions.checkpoint(SM)).isEqualTo(Map.of("state_machine_arn", SM));
        assertThat(SourcePartitions.mapRuns(SM)).isEqualTo(Map.of("map_runs", SM));
        assertThat(SourcePartitions.openNamesPart(MAP_RUN + "#12")).isEqualTo(12);
        assertThat(MapRunProgress.partition(MAP_RUN)).hasSize(1);
    }

    @Test
    void aChildWaitingToBeRedrivenFollowsTheEndOfItsRedriveCount() {
        KnownExecution failed = KnownExecution.stored(ExecutionStatus.FAILED, 0, 1_000);
        assertThat(failed.isNewerThan(ExecutionStatus.PENDING_REDRIVE, 0)).isFalse();
        assertThat(failed.isNewerThan(ExecutionStatus.RUNNING, 0)).isTrue();
        KnownExecution waiting = KnownExecution.stored(ExecutionStatus.PENDING_REDRIVE, 0, 1_000);
        assertThat(waiting.isNewerThan(ExecutionStatus.FAILED, 0)).as("a list lagging behind").isTrue();
        assertThat(waiting.isNewerThan(ExecutionStatus.RUNNING, 1)).isFalse();
    }

    @Test
    void theRegistryRoundTripsAndRefusesWhatItCannotRead() {
        MapRunRegistry registry = new MapRunRegistry();
        assertThat(registry.add(MAP_RUN, PARENT)).isTrue();
        assertThat(registry.add(MAP_RUN, PARENT)).isFalse();
        registry.add(ACCOUNT + "mapRun:batch/items:0a0a", PARENT);
        MapRunRegistry read = MapRunRegistry.fromMap(registry.toMap(), "p");
        assertThat(read.runs()).isEqualTo(registry.runs());
        assertThat(read.remove(MAP_RUN)).isTrue();
        assertThat(read.contains(MAP_RUN)).isFalse();
        assertThat(MapRunRegistry.fromMap(null, "p").size()).isZero();
        assertThatThrownBy(() -> MapRunRegistry.fromMap(Map.of("v", 1, "runs", "garbage"), "{map_runs=x}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{map_runs=x}")
                .hasMessageContaining("'<Map Run ARN> <execution ARN>'");
        assertThatThrownBy(() -> MapRunRegistry.fromMap(Map.of("v", 9, "runs", ""), "p"))
                .hasMessageContaining("version 9");
    }
}
