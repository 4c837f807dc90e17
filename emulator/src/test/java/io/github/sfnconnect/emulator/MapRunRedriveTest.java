package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.MapRunStatus;

/** Redriving a parent execution redrives its failed or aborted Map Runs and their unsuccessful children. */
class MapRunRedriveTest extends MapRunFixture {

    @Test
    void redrivingTheParentRedrivesTheFailedMapRunsUnsuccessfulStandardChildren() {
        List<String> children = startWithChildren(MapRunConfig.of("Map", 4, "STANDARD"), 4);
        emulator.succeed(children.get(0), "{}");
        emulator.fail(children.get(1), "E", "first attempt");
        assertThat(describeMapRun(mapRun).status()).as("failed, its 2 running children aborted")
                .isEqualTo(MapRunStatus.FAILED);
        emulator.fail(parent, "States.ExceedToleratedFailureThreshold", null);
        clock.advance(Duration.ofSeconds(10));

        Instant redriveDate = sfn.redriveExecution(r -> r.executionArn(parent)).redriveDate();

        DescribeMapRunResponse d = describeMapRun(mapRun);
        assertThat(d.status()).as("status").isEqualTo(MapRunStatus.RUNNING);
        assertThat(d.redriveCount()).as("redriveCount").isEqualTo(1);
        assertThat(d.redriveDate()).as("redriveDate").isEqualTo(redriveDate).isEqualTo(T0.plusSeconds(10));
        assertThat(d.stopDate()).as("stopDate cleared").isNull();
        assertThat(counts(d.itemCounts())).as("the failed and aborted children wait to be redriven")
                .isEqualTo(line(0, 0, 1, 0, 0, 0, 4, 0, 0, 3));
        List<String> waiting = children.subList(1, 4).stream().map(MapRunFixture::nameOf).toList();
        assertThat(childNames(mapRun, r -> r.statusFilter("PENDING_REDRIVE"))).as("PENDING_REDRIVE children")
                .containsExactlyInAnyOrderElementsOf(waiting);
        DescribeExecutionResponse pending = describe(children.get(1));
        assertThat(pending.statusAsString()).as("a waiting child's status").isEqualTo("PENDING_REDRIVE");
        assertThat(pending.redriveCount()).as("not counted until it runs").isZero();

        clock.advance(Duration.ofSeconds(5));
        List<String> rerun = emulator.runPendingRedrive(mapRun, 2);

        assertThat(rerun).as("the oldest waiting children, under their ARNs").containsExactly(children.get(1),
                children.get(2));
        DescribeExecutionResponse redriven = describe(children.get(1));
        assertThat(redriven.statusAsString()).as("status").isEqualTo("RUNNING");
        assertThat(redriven.redriveCount()).as("redriveCount").isEqualTo(1);
        assertThat(redriven.redriveDate()).as("redriveDate").isEqualTo(T0.plusSeconds(15));
        assertThat(redriven.startDate()).as("startDate kept").isEqualTo(T0);
        assertThat(redriven.error()).as("the first attempt's error is gone").isNull();
        assertThat(childNames(mapRun, r -> r.redriveFilter("REDRIVEN"))).as("REDRIVEN")
                .containsExactlyInAnyOrder(nameOf(children.get(1)), nameOf(children.get(2)));
        assertThat(childNames(mapRun, r -> r.redriveFilter("NOT_REDRIVEN"))).as("NOT_REDRIVEN")
                .containsExactlyInAnyOrder(nameOf(children.get(0)), nameOf(children.get(3)));

        emulator.runPendingRedrive(mapRun, 1);
        children.subList(1, 4).forEach(child -> emulator.succeed(child, "{}"));
        assertThat(describeMapRun(mapRun).status()).as("every item done").isEqualTo(MapRunStatus.SUCCEEDED);
        emulator.succeed(parent, "{}");
    }

    @Test
    void expressChildrenAreStartedAgainUnderTheSameArn() {
        List<String> children = startWithChildren(MapRunConfig.of("Fast", 2, "EXPRESS"), 2);
        emulator.succeed(children.get(0), "{}");
        emulator.fail(children.get(1), "E", null);
        emulator.fail(parent, "E", null);
        clock.advance(Duration.ofMinutes(1));
        emulator.redrive(parent);
        assertThat(describe(children.get(1)).statusAsString()).as("waiting").isEqualTo("PENDING_REDRIVE");

        clock.advance(Duration.ofMinutes(1));
        List<String> rerun = emulator.runPendingRedrive(mapRun, 1);

        assertThat(rerun).as("the same execution ARN").containsExactly(children.get(1));
        DescribeExecutionResponse d = describe(children.get(1));
        assertThat(d.statusAsString()).as("status").isEqualTo("RUNNING");
        assertThat(d.startDate()).as("a new start, by StartExecution").isEqualTo(T0.plus(Duration.ofMinutes(2)));
        assertThat(d.redriveCount()).as("individual redrives are not identified").isZero();
        assertThat(d.redriveDate()).as("no redriveDate for EXPRESS children").isNull();
        assertThat(childNames(mapRun, r -> r.redriveFilter("REDRIVEN"))).as("REDRIVEN").isEmpty();
        assertThat(sfn.listExecutions(r -> r.mapRunArn(mapRun)).executions().get(0).executionArn())
                .as("listed first, as the latest start").isEqualTo(children.get(1));
        assertThat(describeMapRun(mapRun).redriveCount()).as("the Map Run counts its redrive").isEqualTo(1);

        emulator.succeed(children.get(1), "{}");
        assertThat(describeMapRun(mapRun).status()).as("status").isEqualTo(MapRunStatus.SUCCEEDED);
    }

    @Test
    void aParentRedrivenWhileItsExpressMapRunStillEndsRedrivesItOnceEnded() {
        List<String> children = startWithChildren(MapRunConfig.of("Fast", 2, "EXPRESS"), 2);
        emulator.abort(parent, null, null);
        emulator.redrive(parent);

        assertThat(describeMapRun(mapRun).redriveCount()).as("not yet: its children still run").isZero();
        emulator.succeed(children.get(0), "{}");
        clock.advance(Duration.ofSeconds(3));
        emulator.timeOut(children.get(1));

        DescribeMapRunResponse d = describeMapRun(mapRun);
        assertThat(d.status()).as("status").isEqualTo(MapRunStatus.RUNNING);
        assertThat(d.redriveCount()).as("redriven as it ended").isEqualTo(1);
        assertThat(d.redriveDate()).as("redriveDate").isEqualTo(T0.plusSeconds(3));
        assertThat(describe(children.get(1)).statusAsString()).as("the timed-out child")
                .isEqualTo("PENDING_REDRIVE");
    }

    @Test
    void childrenPastTheirRedrivablePeriodStayAsTheyWere() {
        List<String> children = startWithChildren(
                MapRunConfig.of("Map", 3, "STANDARD").withToleratedFailureCount(1), 3);
        emulator.fail(children.get(0), "E", null);
        clock.advance(Duration.ofDays(15));
        emulator.fail(children.get(1), "E", null);
        emulator.fail(parent, "E", null);

        assertThat(counts(describeMapRun(mapRun).itemCounts())).as("counts of the failed Map Run")
                .isEqualTo(line(0, 0, 0, 2, 0, 1, 3, 0, 1, 0));
        assertThat(describe(children.get(0)).redriveStatusReason()).as("the old child's reason")
                .isEqualTo("Execution redrivable period exceeded");

        emulator.redrive(parent);

        DescribeMapRunResponse d = describeMapRun(mapRun);
        assertThat(d.status()).as("one failure left, within the tolerance").isEqualTo(MapRunStatus.RUNNING);
        assertThat(counts(d.itemCounts())).as("the old failure stays, the others wait")
                .isEqualTo(line(0, 0, 0, 1, 0, 0, 3, 0, 1, 2));
        assertThat(describe(children.get(0)).statusAsString()).as("the old child").isEqualTo("FAILED");
    }

    @Test
    void aMapRunStoppedAgainPutsItsWaitingChildrenBack() {
        List<String> children = startWithChildren(MapRunConfig.of("Map", 2, "STANDARD"), 2);
        emulator.fail(children.get(0), "E", null);
        emulator.fail(parent, "E", null);
        emulator.redrive(parent);
        emulator.runPendingRedrive(mapRun, 1);

        emulator.abort(parent, null, null);

        DescribeMapRunResponse d = describeMapRun(mapRun);
        assertThat(d.status()).as("status").isEqualTo(MapRunStatus.ABORTED);
        assertThat(counts(d.itemCounts())).as("no child waits any more")
                .isEqualTo(line(0, 0, 0, 0, 0, 2, 2, 0, 0, 0));
        assertThat(describe(children.get(0)).statusAsString()).as("the redriven child, aborted")
                .isEqualTo("ABORTED");
        assertThat(describe(children.get(1)).statusAsString()).as("the waiting child, as it was")
                .isEqualTo("ABORTED");
    }

    @Test
    void aSucceededMapRunIsNotRedriven() {
        String mapRun = startMapRun(MapRunConfig.of("Map", 1, "STANDARD"));
        emulator.succeed(emulator.startChildren(mapRun, 1).get(0), "{}");
        emulator.fail(parent, "LaterState.Failed", null);

        emulator.redrive(parent);

        DescribeMapRunResponse d = describeMapRun(mapRun);
        assertThat(d.status()).as("status").isEqualTo(MapRunStatus.SUCCEEDED);
        assertThat(d.redriveCount()).as("redriveCount").isZero();
    }

    @Test
    void aMapRunIsRedrivenAtMostAThousandTimes() {
        startWithChildren(MapRunConfig.of("Map", 1, "STANDARD"), 1);
        for (int i = 0; i < MapRun.MAX_REDRIVES; i++) {
            emulator.abort(parent, null, null);
            emulator.redrive(parent);
        }
        assertThat(describeMapRun(mapRun).redriveCount()).as("redriveCount").isEqualTo(1000);
        emulator.abort(parent, null, null);

        emulator.redrive(parent);

        DescribeExecutionResponse d = describe(parent);
        assertThat(d.statusAsString()).as("the parent fails again").isEqualTo("FAILED");
        assertThat(d.error()).as("error").isEqualTo("States.Runtime");
        assertThat(describeMapRun(mapRun).redriveCount()).as("no further redrive").isEqualTo(1000);
        assertThat(describeMapRun(mapRun).status()).as("status").isEqualTo(MapRunStatus.ABORTED);
    }

    @Test
    void pendingRedriveChildrenRunOnlyWithinTheConcurrencyLimit() {
        List<String> children = startWithChildren(MapRunConfig.of("Map", 3, "STANDARD").withMaxConcurrency(2), 2);
        emulator.fail(children.get(0), "E", null);
        emulator.fail(parent, "E", null);
        emulator.redrive(parent);
        emulator.startChildren(mapRun, 1);

        emulator.runPendingRedrive(mapRun, 1);
        assertThatThrownBy(() -> emulator.runPendingRedrive(mapRun, 1)).as("a third running child")
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> emulator.runPendingRedrive(mapRun, 5)).as("more than are waiting")
                .isInstanceOf(IllegalStateException.class);
    }
}
