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
 * connector started is streamed from its first execution, also one created while the connector was stopped; a
 * matching EXPRESS one is skipped with a WARN; a deleted one stops while the others go on, also one deleted before
 * its task could poll it, and no task fails; what the selectors do not match is never streamed.
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
            // the scripted DescribeStateMachine failures below reach the poller at once, not after the SDK's backoff
            props.put("aws.max.attempts", "2");
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

            createdWhileStoppedAndDeletedBeforeItsFirstPoll(harness, log, a);
        }
    }

    /**
     * The connector stopped through the REST API: a state machine created meanwhile is streamed from its first
     * execution once it resumes (its stored checkpoints tell when the connector first started), and one deleted
     * after its task's first start (its first checkpoint stored while DescribeStateMachine failed) but before the
     * task could check it is dropped quietly: one INFO line, no task fails, the others go on.
     */
    private static void createdWhileStoppedAndDeletedBeforeItsFirstPoll(ConnectHarness harness, ConsoleCapture log,
                                                                        String a) throws InterruptedException {
        StepFunctionsEmulator sfn = harness.emulator();
        harness.connect().stopConnector("discovery");
        harness.connect().assertions().assertConnectorIsStopped("discovery", "the connector did not stop");
        String gap = sfn.createStateMachine("disc-gap", "STANDARD", TEAM);
        Set<String> gapExecutions = Set.of(sfn.startExecution(gap, "g1", "{}"), sfn.startExecution(gap, "g2", "{}"));
        String doomed = sfn.createStateMachine("disc-doomed", "STANDARD", TEAM);
        sfn.faults().failNext("DescribeStateMachine", 1_000_000, 503, "ServiceUnavailable");

        harness.connect().resumeConnector("discovery");
        await("the resumed connector did not store the first checkpoint of " + doomed, WAIT,
                () -> checkpointKeys(harness).contains(doomed), () -> checkpointKeys(harness));
        assertThat(log.text()).contains("State machine " + gap + " is selected: created ")
                .contains("since the connector first started").contains("streamed from its first execution");
        sfn.deleteStateMachine(doomed);
        sfn.faults().failNext("DescribeStateMachine", 0, 503, "ServiceUnavailable");

        String deletedLine = "State machine " + doomed + " was deleted since it was discovered";
        await("the task did not notice the deletion", WAIT, () -> log.text().contains(deletedLine), () -> "");
        awaitExecutions(harness, gapExecutions);
        await("the deleted state machine was not dropped", WAIT,
                () -> log.text().contains("State machine " + doomed + " is no longer selected"), () -> "");
        Set<String> after = Set.of(sfn.startExecution(a, "a3", "{}"), sfn.startExecution(gap, "g3", "{}"));
        awaitExecutions(harness, after);

        assertThat(harness.connect().connectorStatus("discovery").tasks()).isNotEmpty().allSatisfy(t ->
                assertThat(t.state()).as("task %s: %s", t.id(), t.trace()).isEqualTo("RUNNING"));
        String since = log.text().substring(log.text().indexOf(deletedLine));
        assertThat(since).as("said once, no WARN every poll interval")
                .doesNotContain("Polling state machine " + doomed + " failed")
                .containsOnlyOnce(deletedLine);
    }

    private static Set<String> checkpointKeys(ConnectHarness harness) {
        return harness.readAll(ConnectHarness.CHECKPOINT_TOPIC).stream().map(r -> r.key())
                .collect(Collectors.toSet());
    }

    private static void awaitExecutions(ConnectHarness harness, Set<String> executions) throws InterruptedException {
        await("the topic did not receive " + executions, WAIT, () -> streamed(harness).containsAll(executions),
                () -> streamed(harness));
    }

    private static Set<String> streamed(ConnectHarness harness) {
        return harness.readExecutions().stream().map(ExecutionRecord::key).collect(Collectors.toSet());
    }
}
