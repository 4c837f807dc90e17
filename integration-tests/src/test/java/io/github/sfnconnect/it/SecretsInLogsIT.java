package io.github.sfnconnect.it;

import static io.github.sfnconnect.it.ConnectHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.github.sfnconnect.emulator.StepFunctionsEmulator;

/**
 * Runs the connector with known credentials through start, records, a validation failure, a task failure and a
 * restart, capturing every log line of the worker (all loggers at INFO, the connector's at DEBUG: the failsafe
 * execution {@code secrets-in-logs} sets the levels), and checks that no secret appears in any of them.
 */
class SecretsInLogsIT {

    private static final String KEY_ID = "AKIAKNOWNKEYID4LOGTEST";
    private static final String SECRET = "kn0wn-Secret-Access-Key/7f3c9e";
    private static final String TOKEN = "kn0wn-Session-Token-2b8d41";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void noSecretReachesAnyLogLine() throws Exception {
        Assumptions.assumeTrue("info".equals(System.getProperty("org.slf4j.simpleLogger.defaultLogLevel")),
                "runs in the failsafe execution secrets-in-logs, where every logger logs at INFO");
        ConsoleCapture captured = new ConsoleCapture();
        try (captured; ConnectHarness harness = new ConnectHarness()) {
            StepFunctionsEmulator sfn = harness.emulator();
            String machine = sfn.createStateMachine("secretive");
            Map<String, String> props = new HashMap<>(harness.connectorProps(1, List.of(machine)));
            props.put("aws.access.key.id", KEY_ID);
            props.put("aws.secret.access.key", SECRET);
            props.put("aws.session.token", TOKEN);
            harness.startConnector("secrets", props, List.of(machine));
            String arn = sfn.startExecution(machine, "s-1", "{}");
            sfn.fail(arn, "Oops", "a failure with a cause");
            await("the execution's record", WAIT, () -> !harness.readExecutions().isEmpty(), () -> "no record");

            // a configuration mistake, reported by validate()
            Map<String, String> bad = new HashMap<>(props);
            bad.put("aws.region", "mars-north-1");
            assertThat(harness.connect().validateConnectorConfig("StepFunctionsSourceConnector", bad).errorCount())
                    .isPositive();

            // a task failure: the credentials are refused after validate() accepted them (the other connector is
            // paused so that only the new task's ListExecutions meets the injected denial)
            String denied = sfn.createStateMachine("denied");
            Map<String, String> deniedProps = new HashMap<>(props);
            deniedProps.put("state.machine.arns", denied);
            harness.connect().pauseConnector("secrets");
            harness.connect().assertions().assertConnectorAndExactlyNumTasksArePaused("secrets", 1, "not paused");
            sfn.faults().failNext("ListExecutions", 1_000, 400, "AccessDeniedException");
            harness.connect().configureConnector("denied", deniedProps);
            await("the denied connector's task to fail", WAIT, () -> taskFailed(harness, "denied"), () -> "not yet");
            sfn.faults().clear();
            harness.connect().resumeConnector("secrets");

            // a restart: stop and start lines
            harness.connect().restartConnectorAndTasks("secrets", false, true, false);
            await("the restarted task to run", WAIT, () -> taskRunning(harness, "secrets"), () -> "not yet");
            harness.connect().deleteConnector("secrets");
            harness.connect().deleteConnector("denied");
            // stopped twice: by the restart, and by the delete
            await("the deleted task's last lines", WAIT,
                    () -> captured.text().split("Task 0 of connector secrets stopped", -1).length > 2,
                    () -> "not yet");
        }
        String logs = captured.text();
        assertThat(logs).as("the capture saw the connector's and Connect's INFO lines")
                .contains("Task 0 of connector secrets started", "Task 0 of connector secrets stopped")
                .contains("aws.secret.access.key = [hidden]", "aws.session.token = [hidden]")
                .contains("was denied (AccessDeniedException)");
        assertThat(logs).as("no secret in any log line").doesNotContain(SECRET).doesNotContain(TOKEN)
                .doesNotContain(KEY_ID);
    }

    private static boolean taskFailed(ConnectHarness harness, String name) {
        try {
            ConnectorStateInfo info = harness.connect().connectorStatus(name);
            return info.tasks().stream().anyMatch(t -> "FAILED".equals(t.state()));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean taskRunning(ConnectHarness harness, String name) {
        try {
            ConnectorStateInfo info = harness.connect().connectorStatus(name);
            return !info.tasks().isEmpty() && info.tasks().stream().allMatch(t -> "RUNNING".equals(t.state()));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
