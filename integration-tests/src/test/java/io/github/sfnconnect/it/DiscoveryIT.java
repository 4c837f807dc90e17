package io.github.sfnconnect.it;

import static io.github.sfnconnect.it.ConnectHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.github.sfnconnect.emulator.StepFunctionsEmulator;

/**
 * State machines selected by name pattern and tags in a real Connect worker: one created (or tagged) after the
 * connector started is streamed from its first execution, a matching EXPRESS one is skipped with a WARN, a deleted
 * one stops while the others go on, and what the selectors do not match is never streamed.
 */
class DiscoveryIT {

    /** The smallest discovery interval (10 s) and a margin for the task restart that follows a change. */
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Map<String, String> TEAM = Map.of("team", "data");

    @Test
    void selectsByPatternAndTagsFollowsCreationsAndDeletions() throws Exception {
        try (ConnectHarness harness = new ConnectHarness(); ConsoleCapture log = new ConsoleCapture()) {
            StepFunctionsEmulator sfn = harness.emulator();
            sfn.deletionDelay(Duration.ZERO);
            String a = sfn.createStateMachine("disc-a", "STANDARD", TEAM);
            String b = sfn.createStateMachine("disc-b", "STANDARD", TEAM);
            String untagged = sfn.createStateMachine("disc-untagged", "STANDARD", Map.of("team", "web"));
            String otherName = sfn.createStateMachine("other-x", "STANDARD", TEAM);
            String express = sfn.createStateMachine("disc-fast", "EXPRESS", TEAM);

            Map<String, String> props = harness.connectorProps(2, List.of());
            props.remove("state.machine.arns");
            props.put("state.machine.name.pattern", "disc-.*");
            props.put("state.machine.tags", "team=data");
            props.put("discovery.interval.ms", "10000");
            harness.startConnector("discovery", props, List.of(a, b));
            assertThat(log.text()).contains("State machine " + express + " matches the name pattern or tags but is "
                    + "EXPRESS");

            String a1 = sfn.startExecution(a, "a1", "{}");
            String b1 = sfn.startExecution(b, "b1", "{}");
            sfn.startExecution(untagged, "u1", "{}");
            sfn.startExecution(otherName, "o1", "{}");
            awaitExecutions(harness, Set.of(a1, b1));

            // created after the start: its first execution, started before the connector can know of it, streams
            String c = sfn.createStateMachine("disc-c", "STANDARD", TEAM);
            String c1 = sfn.startExecution(c, "c1", "{}");
            // created unmatched, tagged later: selected then, and streamed from its first execution too
            String d = sfn.createStateMachine("disc-d", "STANDARD", Map.of());
            String d1 = sfn.startExecution(d, "d1", "{}");
            sfn.tag(d, TEAM);
            awaitExecutions(harness, Set.of(c1, d1));

            // deleted: dropped at the next look-up, with an INFO line; the others go on
            sfn.deleteStateMachine(b);
            await("the deleted state machine was not dropped", WAIT,
                    () -> log.text().contains("State machine " + b + " is no longer selected"), () -> "");
            String a2 = sfn.startExecution(a, "a2", "{}");
            String c2 = sfn.startExecution(c, "c2", "{}");
            awaitExecutions(harness, Set.of(a2, c2));
            assertThat(harness.connect().connectorStatus("discovery").tasks()).allSatisfy(t ->
                    assertThat(t.state()).as("task %s: %s", t.id(), t.trace()).isEqualTo("RUNNING"));

            Set<String> streamedMachines = harness.readExecutions().stream()
                    .map(r -> r.value().getString("stateMachineArn")).collect(Collectors.toSet());
            assertThat(streamedMachines).containsExactlyInAnyOrder(a, b, c, d);
        }
    }

    private static void awaitExecutions(ConnectHarness harness, Set<String> executions) throws InterruptedException {
        await("the topic did not receive " + executions, WAIT, () -> streamed(harness).containsAll(executions),
                () -> streamed(harness));
    }

    private static Set<String> streamed(ConnectHarness harness) {
        return harness.readExecutions().stream().map(ExecutionRecord::key).collect(Collectors.toSet());
    }
}
