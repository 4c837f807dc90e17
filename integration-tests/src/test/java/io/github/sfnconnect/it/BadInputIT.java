package io.github.sfnconnect.it;

import static io.github.sfnconnect.it.ConnectHarness.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.github.sfnconnect.emulator.StepFunctionsEmulator;

/** Payloads at the API's limits, records too large for the producer, and errors that retrying cannot fix. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private ConnectHarness harness;
    private StepFunctionsEmulator sfn;

    @BeforeAll
    void start() {
        harness = new ConnectHarness();
        sfn = harness.emulator();
    }

    @AfterAll
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    /** A JSON document of exactly {@code bytes} UTF-8 bytes, made of the given (multi-byte) text. */
    private static String json(int bytes, String filler) {
        StringBuilder sb = new StringBuilder("{\"x\":\"");
        int size = sb.length();
        int step = filler.getBytes(StandardCharsets.UTF_8).length;
        while (size + step <= bytes - 2) {
            sb.append(filler);
            size += step;
        }
        sb.append("y".repeat(bytes - 2 - size));
        return sb.append("\"}").toString();
    }

    private Struct awaitRecord(String arn, String status) throws InterruptedException {
        await("no " + status + " record of " + arn, WAIT, () -> harness.readExecutions().stream()
                .anyMatch(r -> r.arn().equals(arn) && r.status().equals(status)), () -> "");
        return harness.readExecutions().stream().filter(r -> r.arn().equals(arn) && r.status().equals(status))
                .findFirst().orElseThrow().value();
    }

    private void startConnector(String name, Map<String, String> props) throws InterruptedException {
        harness.connect().configureConnector(name, props);
        harness.connect().assertions().assertConnectorAndAtLeastNumTasksAreRunning(name, 1, name + " did not start");
    }

    private String taskTrace(String name) throws InterruptedException {
        harness.connect().assertions().assertConnectorIsRunningAndTasksHaveFailed(name, 1, name + ": task did not fail");
        ConnectorStateInfo status = harness.connect().connectorStatus(name);
        return status.tasks().get(0).trace();
    }

    @Test
    void maximumSizeAndNonAsciiPayloadsArriveIntact() throws InterruptedException {
        String machine = sfn.createStateMachine("big-payloads");
        startConnector("big", harness.connectorProps(1, List.of(machine)));
        harness.awaitListings(List.of(machine), 1); // its 'latest' is stored before its first listing
        String input = json(262_144, "\u00e9\u65e5\ud83d\ude80"); // 256 KiB: the API's limit
        String output = json(262_144, "\u2603");
        String arn = sfn.startExecution(machine, "big", input);
        sfn.succeed(arn, output);
        String oddArn = sfn.startExecution(machine, "odd", "{\"q\":\"\\\"quoted\\\" \\\\ \\u0000\"}");
        sfn.succeed(oddArn, "not json at all {");

        Struct big = awaitRecord(arn, "SUCCEEDED");
        assertThat(big.getString("input")).as("256 KiB of multi-byte input, unchanged").isEqualTo(input);
        assertThat(big.getString("output")).as("256 KiB of output, unchanged").isEqualTo(output);
        Struct odd = awaitRecord(oddArn, "SUCCEEDED");
        assertThat(odd.getString("input")).isEqualTo("{\"q\":\"\\\"quoted\\\" \\\\ \\u0000\"}");
        assertThat(odd.getString("output")).as("a payload that is not JSON is passed on as it is")
                .isEqualTo("not json at all {");
        harness.connect().deleteConnector("big");
    }

    @Test
    void recordLargerThanTheLimitFailsNamingTheExecutionOrIsTruncatedWithAFlag() throws InterruptedException {
        String failing = sfn.createStateMachine("oversize-fail");
        String cutting = sfn.createStateMachine("oversize-truncate");
        Map<String, String> fail = harness.connectorProps(1, List.of(failing));
        fail.put("producer.override.max.request.size", "300000");
        fail.put("payload.max.bytes", "250000");
        startConnector("oversize-fail", fail);
        Map<String, String> truncate = harness.connectorProps(1, List.of(cutting));
        truncate.putAll(Map.of("producer.override.max.request.size", "300000", "payload.max.bytes", "250000",
                "payload.oversize.behavior", "truncate"));
        startConnector("oversize-truncate", truncate);
        harness.awaitListings(List.of(failing, cutting), 1); // their 'latest' is stored before their first listing

        String input = json(200_000, "a");
        String output = json(200_000, "b");
        String failingArn = sfn.startExecution(failing, "too-big", input);
        sfn.succeed(failingArn, output);
        String cutArn = sfn.startExecution(cutting, "too-big", input);
        sfn.succeed(cutArn, output);

        assertThat(taskTrace("oversize-fail")).as("the failure names the execution and the fix")
                .contains(failingArn).contains("payload.max.bytes=250000").contains("payload.oversize.behavior=truncate");
        Struct cut = awaitRecord(cutArn, "SUCCEEDED");
        assertThat(cut.getStruct("inputDetails").getBoolean("truncated")).isTrue();
        assertThat(cut.getStruct("outputDetails").getBoolean("truncated")).isTrue();
        assertThat(cut.getString("input").length() + cut.getString("output").length()).isLessThanOrEqualTo(250_000);
        assertThat(input).startsWith(cut.getString("input"));
        harness.connect().deleteConnector("oversize-fail");
        harness.connect().deleteConnector("oversize-truncate");
    }

    @Test
    void accessDeniedIsRefusedAtCreationAndFailsTheTaskWhenRevokedLater() throws InterruptedException {
        String machine = sfn.createStateMachine("forbidden");
        sfn.faults().clear().failNext("DescribeStateMachine", 1_000, 400, "AccessDeniedException");
        try {
            assertThatThrownBy(() -> harness.connect().configureConnector("denied",
                    harness.connectorProps(1, List.of(machine))))
                    .as("validate() names the missing permission").isInstanceOf(ConnectRestException.class)
                    .hasMessageContaining(machine).hasMessageContaining("states:DescribeStateMachine");
        } finally {
            sfn.faults().clear();
        }
        // the policy changes after the connector started: the task fails, naming what to grant
        startConnector("revoked", harness.connectorProps(1, List.of(machine)));
        sfn.faults().clear().failNext("ListExecutions", 1_000, 400, "AccessDeniedException");
        try {
            assertThat(taskTrace("revoked")).contains("was denied").contains("states:ListExecutions");
        } finally {
            sfn.faults().clear();
            harness.connect().deleteConnector("revoked");
        }
    }

    @Test
    void stateMachineDeletedWhileStreamingIsWaitedForAndStreamedAgainOnceCreatedAgain() throws InterruptedException {
        String machine = sfn.createStateMachine("reborn");
        startConnector("reborn", harness.connectorProps(1, List.of(machine)));
        // a task is RUNNING before its first poll resolves initial.position=latest: an execution started in between
        // is older than that position and rightly not streamed (this failed once so); wait for the first listing
        harness.awaitListings(List.of(machine), 1);
        String first = sfn.startExecution(machine, "order-1", "{}");
        awaitRecord(first, "RUNNING");
        // infrastructure code replaces the state machine: running executions end, then it is gone a while
        sfn.deletionDelay(Duration.ZERO);
        sfn.deleteStateMachine(machine);
        harness.awaitListings(List.of(machine), 3); // polls meet StateMachineDoesNotExist
        assertThat(harness.connect().connectorStatus("reborn").tasks().get(0).state())
                .as("a state machine streamed before is waited for, not a reason to fail").isEqualTo("RUNNING");
        sfn.createStateMachine("reborn");
        String again = sfn.startExecution(machine, "order-1", "{\"v\":2}"); // the same name, in the new one
        java.util.Date newStart = java.util.Date.from(sfn.execution(again).orElseThrow().startDate());
        await("the new execution of that name is streamed", WAIT, () -> harness.readExecutions().stream()
                .anyMatch(r -> r.arn().equals(again) && r.status().equals("RUNNING")
                        && newStart.equals(r.date("startDate"))), () -> harness.readExecutions().stream()
                .filter(r -> r.arn().equals(again)).map(r -> r.status() + "@" + r.date("startDate")).toList());
        harness.connect().deleteConnector("reborn");
    }
}
