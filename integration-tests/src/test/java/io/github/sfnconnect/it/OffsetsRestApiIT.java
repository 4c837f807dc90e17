package io.github.sfnconnect.it;

import static io.github.sfnconnect.it.ConnectHarness.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.github.sfnconnect.emulator.StepFunctionsEmulator;

/**
 * The offsets REST API (KIP-875, Connect 3.6+) against the connector in a real worker: the runtime hands PATCHed
 * offsets to the connector's {@code alterOffsets} for validation, and a reset makes it start over from
 * {@code initial.position}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OffsetsRestApiIT {

    private static final String CONNECTOR = "offsets";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private ConnectHarness harness;

    @BeforeAll
    void startCluster() {
        harness = new ConnectHarness();
    }

    @AfterAll
    void stopCluster() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void offsetsAreValidatedByTheConnectorAndAResetStreamsTheHistoryAgain() throws InterruptedException {
        StepFunctionsEmulator sfn = harness.emulator();
        EmbeddedConnectCluster connect = harness.connect();
        String machine = sfn.createStateMachine("offsets");
        Set<String> history = Set.of(
                finished(sfn, sfn.startExecution(machine, "a", "{}"), true),
                finished(sfn, sfn.startExecution(machine, "b", "{}"), false),
                finished(sfn, sfn.startExecution(machine, "c", "{}"), true));
        Map<String, String> props = harness.connectorProps(1, List.of(machine));
        props.put("initial.position", "earliest");
        harness.startConnector(CONNECTOR, props, List.of(machine));
        awaitCopies(machine, history, 1);

        connect.stopConnector(CONNECTOR);
        connect.assertions().assertConnectorIsStopped(CONNECTOR, "connector did not stop");
        ConnectorOffsets stored = connect.connectorOffsets(CONNECTOR);
        assertThat(stored.offsets()).extracting(ConnectorOffset::partition)
                .as("the state machine's checkpoint is stored").contains(Map.of("state_machine_arn", machine));

        // its own offsets, as the REST API serialises them (small longs come back as ints), are accepted back
        connect.alterConnectorOffsets(CONNECTOR, stored);
        assertRejected(() -> connect.alterSourceConnectorOffset(CONNECTOR, Map.of("table", "orders"),
                Map.of("v", 1)), "is not one of this connector's");
        assertRejected(() -> connect.alterSourceConnectorOffset(CONNECTOR, Map.of("state_machine_arn", machine),
                Map.of("v", 1, "since_ms", 0, "watermark_ms", "yesterday")), "'watermark_ms' key, which must be a");

        connect.resetConnectorOffsets(CONNECTOR);
        // a reset partition is either gone or, read while the worker catches up with its own tombstones (seen on
        // 4.1), listed with a null offset: no offset either way
        assertThat(connect.connectorOffsets(CONNECTOR).offsets()).extracting(ConnectorOffset::offset)
                .as("offsets after a reset").allMatch(Objects::isNull);
        connect.resumeConnector(CONNECTOR);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(CONNECTOR, 1, "connector did not resume");
        awaitCopies(machine, history, 2);
        harness.awaitListings(List.of(machine), 7); // two more full cycles: nothing beyond the second copy
        assertThat(counts(machine)).as("after the reset, the history once more and nothing else")
                .isEqualTo(history.stream().collect(Collectors.toMap(Function.identity(), c -> 2L)));
        connect.deleteConnector(CONNECTOR);
    }

    /** Ends the execution and returns the change its final record carries. */
    private static String finished(StepFunctionsEmulator sfn, String arn, boolean succeed) {
        if (succeed) {
            sfn.succeed(arn, "{}");
            return arn + "|SUCCEEDED|0";
        }
        sfn.fail(arn, "Boom", "for the test");
        return arn + "|FAILED|0";
    }

    /** Waits until the topic holds exactly {@code copies} records of each change, and of nothing else. */
    private void awaitCopies(String machine, Set<String> changes, long copies) throws InterruptedException {
        Map<String, Long> expected = changes.stream().collect(Collectors.toMap(Function.identity(), c -> copies));
        await("the topic did not hold " + copies + " record(s) of each change", WAIT,
                () -> counts(machine).equals(expected), () -> counts(machine));
    }

    private Map<String, Long> counts(String machine) {
        return harness.readExecutions().stream()
                .filter(r -> machine.equals(r.value().getString("stateMachineArn")))
                .collect(Collectors.groupingBy(ExecutionRecord::change, Collectors.counting()));
    }

    /** Connect answers 500 with the connector's message: a connector cannot throw the runtime's 400 exception. */
    private static void assertRejected(Runnable alter, String message) {
        assertThatThrownBy(alter::run).as("offsets the connector cannot read are refused")
                .isInstanceOf(ConnectRestException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((ConnectRestException) e).statusCode()).isEqualTo(500));
    }
}
