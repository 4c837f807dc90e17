package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.MapRunStatus;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;

/** A Map Run's status following its children and its parent, and its retention. */
class MapRunLifecycleTest extends MapRunFixture {

    @Test
    void succeedsOnceEveryItemEndedWithinTheTolerance() {
        List<String> children = startWithChildren(
                MapRunConfig.of("Map", 4, "STANDARD").withToleratedFailureCount(1), 3);
        emulator.fail(children.get(0), "E", null);
        emulator.succeed(children.get(1), "{}");
        emulator.succeed(children.get(2), "{}");
        assertThat(describeMapRun(mapRun).status()).as("an item is still pending").isEqualTo(MapRunStatus.RUNNING);

        clock.advance(Duration.ofSeconds(5));
        emulator.succeed(emulator.startChildren(mapRun, 1).get(0), "{}");

        DescribeMapRunResponse d = describeMapRun(mapRun);
        assertThat(d.status()).as("status").isEqualTo(MapRunStatus.SUCCEEDED);
        assertThat(d.stopDate()).as("stopDate: when the last child ended").isEqualTo(T0.plusSeconds(5));
        assertThat(counts(d.itemCounts())).as("counts").isEqualTo(line(0, 0, 3, 1, 0, 0, 4, 0, 0, 0));
        emulator.succeed(parent, "{}");
        assertThat(describe(parent).statusAsString()).as("the parent may succeed now").isEqualTo("SUCCEEDED");
    }

    @Test
    void exceedingTheFailureCountFailsItAndAbortsTheRunningChildren() {
        List<String> children = startWithChildren(
                MapRunConfig.of("Map", 5, "STANDARD").withToleratedFailureCount(1), 4);
        emulator.fail(children.get(0), "E", null);
        assertThat(describeMapRun(mapRun).status()).as("one failure is tolerated").isEqualTo(MapRunStatus.RUNNING);

        clock.advance(Duration.ofSeconds(3));
        emulator.timeOut(children.get(1));

        DescribeMapRunResponse d = describeMapRun(mapRun);
        assertThat(d.status()).as("status after the second failure").isEqualTo(MapRunStatus.FAILED);
        assertThat(d.stopDate()).as("stopDate").isEqualTo(T0.plusSeconds(3));
        assertThat(counts(d.itemCounts())).as("the running children aborted, the unstarted item still pending")
                .isEqualTo(line(1, 0, 0, 1, 1, 2, 5, 0, 0, 0));
        for (String aborted : children.subList(2, 4)) {
            assertThat(describe(aborted).statusAsString()).as("running child %s", aborted).isEqualTo("ABORTED");
            assertThat(describe(aborted).stopDate()).as("its stopDate").isEqualTo(T0.plusSeconds(3));
        }
        assertThatThrownBy(() -> emulator.startChildren(mapRun, 1)).as("starting a child of a failed Map Run")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void thePercentageThresholdCountsFailuresAmongAllItems() {
        List<String> children = startWithChildren(
                MapRunConfig.of("Map", 10, "STANDARD").withToleratedFailurePercentage(20), 4);
        emulator.fail(children.get(0), "E", null);
        emulator.fail(children.get(1), "E", null);
        assertThat(describeMapRun(mapRun).status()).as("2 of 10 items failed: 20 %, not above it")
                .isEqualTo(MapRunStatus.RUNNING);

        emulator.fail(children.get(2), "E", null);
        assertThat(describeMapRun(mapRun).status()).as("3 of 10 failed").isEqualTo(MapRunStatus.FAILED);
    }

    @Test
    void withoutThresholdsAnyFailureFailsIt() {
        List<String> children = startWithChildren(MapRunConfig.of("Map", 3, "STANDARD"), 2);
        emulator.succeed(children.get(0), "{}");
        emulator.fail(children.get(1), "E", null);

        assertThat(describeMapRun(mapRun).status()).as("status").isEqualTo(MapRunStatus.FAILED);
    }

    @Test
    void aChildStoppedByTheUserCountsAsAFailure() {
        List<String> children = startWithChildren(MapRunConfig.of("Map", 2, "STANDARD"), 2);

        sfn.stopExecution(r -> r.executionArn(children.get(0)).error("Manual"));

        DescribeMapRunResponse d = describeMapRun(mapRun);
        assertThat(d.status()).as("status").isEqualTo(MapRunStatus.FAILED);
        assertThat(counts(d.itemCounts())).as("both children aborted").isEqualTo(line(0, 0, 0, 0, 0, 2, 2, 0, 0, 0));
        assertThat(describe(children.get(0)).error()).as("the user's error").isEqualTo("Manual");
    }

    @Test
    void abortingTheParentAbortsTheMapRunAndItsRunningChildren() {
        List<String> children = startWithChildren(MapRunConfig.of("Map", 3, "STANDARD"), 2);
        emulator.succeed(children.get(0), "{}");
        clock.advance(Duration.ofSeconds(1));

        sfn.stopExecution(r -> r.executionArn(parent));

        DescribeMapRunResponse d = describeMapRun(mapRun);
        assertThat(d.status()).as("status").isEqualTo(MapRunStatus.ABORTED);
        assertThat(d.stopDate()).as("stopDate").isEqualTo(T0.plusSeconds(1));
        assertThat(describe(children.get(0)).statusAsString()).as("the succeeded child").isEqualTo("SUCCEEDED");
        assertThat(describe(children.get(1)).statusAsString()).as("the running child").isEqualTo("ABORTED");
        assertThat(counts(d.itemCounts())).as("counts").isEqualTo(line(1, 0, 1, 0, 0, 1, 3, 0, 0, 0));
    }

    @Test
    void aParentThatFailsAbortsItsMapRun() {
        startWithChildren(MapRunConfig.of("Map", 1, "STANDARD"), 1);

        emulator.fail(parent, "States.Timeout", null);

        assertThat(describeMapRun(mapRun).status()).as("status").isEqualTo(MapRunStatus.ABORTED);
    }

    @Test
    void deletingTheStateMachineAbortsTheMapRun() {
        String mapRun = startMapRun(MapRunConfig.of("Map", 1, "STANDARD"));
        String child = emulator.startChildren(mapRun, 1).get(0);

        sfn.deleteStateMachine(r -> r.stateMachineArn(machine));

        assertThat(describeMapRun(mapRun).status()).as("status").isEqualTo(MapRunStatus.ABORTED);
        assertThat(describe(child).statusAsString()).as("the child").isEqualTo("ABORTED");
        clock.advance(Duration.ofMinutes(1));
        assertThatThrownBy(() -> describeMapRun(mapRun)).as("gone with the state machine")
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> describe(child)).as("its child too")
                .isInstanceOf(ExecutionDoesNotExistException.class);
    }

    @Test
    void theParentCannotSucceedWhileItsMapRunRuns() {
        startMapRun(MapRunConfig.of("Map", 1, "STANDARD"));

        assertThatThrownBy(() -> emulator.succeed(parent, "{}")).as("succeeding the parent")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Map Run");
        assertThat(describe(parent).statusAsString()).as("the parent still runs").isEqualTo("RUNNING");
    }

    @Test
    void aMapRunOfExpressChildrenWaitsForThemBeforeItFails() {
        List<String> children = startWithChildren(MapRunConfig.of("Fast", 3, "EXPRESS"), 2);
        emulator.fail(children.get(0), "E", null);

        assertThat(describeMapRun(mapRun).status()).as("while an EXPRESS child still runs")
                .isEqualTo(MapRunStatus.RUNNING);
        assertThat(describe(children.get(1)).statusAsString()).as("the running child is not stopped")
                .isEqualTo("RUNNING");
        assertThatThrownBy(() -> emulator.startChildren(mapRun, 1)).as("no more children once failing")
                .isInstanceOf(IllegalStateException.class);

        clock.advance(Duration.ofSeconds(7));
        emulator.succeed(children.get(1), "{}");

        DescribeMapRunResponse d = describeMapRun(mapRun);
        assertThat(d.status()).as("status once it ended").isEqualTo(MapRunStatus.FAILED);
        assertThat(d.stopDate()).as("stopDate").isEqualTo(T0.plusSeconds(7));
        assertThat(counts(d.itemCounts())).as("counts").isEqualTo(line(1, 0, 1, 1, 0, 0, 3, 0, 0, 0));
    }

    @Test
    void maxConcurrencyBoundsTheRunningChildren() {
        List<String> first = startWithChildren(MapRunConfig.of("Map", 5, "STANDARD").withMaxConcurrency(2), 2);

        assertThatThrownBy(() -> emulator.startChildren(mapRun, 1)).as("a third child at once")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("maxConcurrency 2");
        emulator.succeed(first.get(0), "{}");
        assertThat(emulator.startChildren(mapRun, 1)).as("once one ended").hasSize(1);
        assertThatThrownBy(() -> emulator.startChildren(mapRun, 5)).as("more than the pending items")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMapRunWithoutItemsSucceedsAtOnce() {
        String mapRun = startMapRun(MapRunConfig.of("Empty", 0, "STANDARD"));

        DescribeMapRunResponse d = describeMapRun(mapRun);
        assertThat(d.status()).as("status").isEqualTo(MapRunStatus.SUCCEEDED);
        assertThat(d.stopDate()).as("stopDate").isEqualTo(T0);
    }

    @Test
    void onlyARunningStandardExecutionStartsAMapRun() {
        String express = emulator.createStateMachine("fast", "EXPRESS");
        String expressParent = emulator.startExecution(express, "x", null);
        emulator.succeed(parent, "{}");

        assertThatThrownBy(() -> startMapRun(MapRunConfig.of("Map", 1, "STANDARD"))).as("an ended parent")
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> emulator.startMapRun(expressParent, MapRunConfig.of("Map", 1, "STANDARD")))
                .as("an EXPRESS parent").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MapRunConfig.of("a:b", 1, "STANDARD")).as("a label with a colon")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MapRunConfig.of("x".repeat(41), 1, "STANDARD")).as("a label of 41 characters")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void childrenAgeOutNinetyDaysAfterTheirOwnStopAndTheMapRunAfterItsStop() {
        List<String> children = startWithChildren(MapRunConfig.of("Map", 2, "STANDARD"), 2);
        emulator.succeed(children.get(0), "{}");
        clock.advance(Duration.ofDays(10));
        emulator.succeed(children.get(1), "{}");

        clock.set(T0.plus(StepFunctionsEmulator.RETENTION));
        assertThatThrownBy(() -> describe(children.get(0))).as("the child closed first, 90 days later")
                .isInstanceOf(ExecutionDoesNotExistException.class);
        assertThat(describe(children.get(1)).statusAsString()).as("the child closed later").isEqualTo("SUCCEEDED");
        assertThat(sfn.listExecutions(r -> r.mapRunArn(mapRun)).executions()).as("listed children").hasSize(1);
        assertThat(counts(describeMapRun(mapRun).itemCounts())).as("the Map Run's counts keep the aged-out child")
                .isEqualTo(line(0, 0, 2, 0, 0, 0, 2, 0, 0, 0));

        clock.set(T0.plus(Duration.ofDays(10)).plus(StepFunctionsEmulator.RETENTION).minusMillis(1));
        assertThat(describeMapRun(mapRun).status()).as("the Map Run on its last day")
                .isEqualTo(MapRunStatus.SUCCEEDED);
        clock.advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> describeMapRun(mapRun)).as("the Map Run 90 days after its stop")
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> sfn.listExecutions(r -> r.mapRunArn(mapRun))).as("listing its children")
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(sfn.listMapRuns(r -> r.executionArn(parent)).mapRuns()).as("ListMapRuns of the running parent")
                .isEmpty();
        assertThat(emulator.mapRun(mapRun)).as("direct view").isEmpty();
    }
}
