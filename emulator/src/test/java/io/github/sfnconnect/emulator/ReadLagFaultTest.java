package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** Eventually consistent reads: list and describe lags, and executions that appear late in the list. */
class ReadLagFaultTest extends EmulatorFixture {
    private String machine;

    @BeforeEach
    void createMachine() {
        machine = emulator.createStateMachine("orders");
    }

    @Test
    void anExecutionStartedWithinTheListLagIsNotListedUntilTheLagPasses() {
        emulator.faults().listLag(Duration.ofSeconds(10));
        String arn = emulator.startExecution(machine, "fresh", null);

        assertThat(listed()).as("listed right after the start").isEmpty();
        clock.advance(Duration.ofMillis(9_999));
        assertThat(listed()).as("listed just before the lag passes").isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(listed()).as("listed once the lag passed").extracting(ExecutionListItem::executionArn)
                .containsExactly(arn);

        assertThat(describe(arn).status()).as("DescribeExecution has no lag of its own")
                .isEqualTo(ExecutionStatus.RUNNING);
        assertThat(emulator.executions(machine)).as("direct reads see the truth").hasSize(1);
        assertThat(emulator.faults().injectedCounts().get("ListLag:ListExecutions"))
                .as("stale listings counted").isEqualTo(2L);
    }

    @Test
    void aStatusChangeIsNotListedUntilTheLagPasses() {
        emulator.faults().listLag(Duration.ofSeconds(10));
        String arn = emulator.startExecution(machine, "changing", null);
        clock.advance(Duration.ofSeconds(30));
        emulator.succeed(arn, "{\"ok\":true}");

        assertThat(listed()).as("listed right after the change").extracting(ExecutionListItem::status)
                .containsExactly(ExecutionStatus.RUNNING);
        assertThat(sfnList("SUCCEEDED")).as("the status filter applies to the lagged state").isEmpty();
        assertThat(describe(arn).status()).as("described right after the change").isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(emulator.execution(arn).orElseThrow().status()).as("ground truth")
                .isEqualTo(io.github.sfnconnect.emulator.ExecutionStatus.SUCCEEDED);

        clock.advance(Duration.ofSeconds(10));
        ExecutionListItem item = listed().get(0);
        assertThat(item.status()).as("listed status once the lag passed").isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(item.stopDate()).as("stop date").isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void describeLagIsIndependentOfListLag() {
        emulator.faults().describeLag(Duration.ofSeconds(5));
        String arn = emulator.startExecution(machine, "fresh", null);

        assertThat(listed()).as("the list is ahead of describe").hasSize(1);
        assertThatThrownBy(() -> describe(arn)).as("describing an execution started within the describe lag")
                .isInstanceOf(ExecutionDoesNotExistException.class);

        clock.advance(Duration.ofSeconds(5));
        assertThat(describe(arn).status()).as("described once the lag passed").isEqualTo(ExecutionStatus.RUNNING);
        emulator.fail(arn, "Boom", "it broke");
        assertThat(describe(arn).status()).as("described right after failing").isEqualTo(ExecutionStatus.RUNNING);
        assertThat(describe(arn).error()).as("error of the lagged state").isNull();
        clock.advance(Duration.ofSeconds(5));
        assertThat(describe(arn).error()).as("error once the lag passed").isEqualTo("Boom");

        assertThat(emulator.faults().injectedCounts()).as("stale describes counted")
                .containsEntry("DescribeLag:DescribeExecution", 3L);
    }

    @Test
    void theListCanLagBehindDescribe() {
        emulator.faults().listLag(Duration.ofSeconds(20)).describeLag(Duration.ofSeconds(2));
        String arn = emulator.startExecution(machine, "e", null);
        clock.advance(Duration.ofSeconds(3));

        assertThat(describe(arn).executionArn()).as("describe has caught up").isEqualTo(arn);
        assertThat(listed()).as("the list has not").isEmpty();
    }

    @Test
    void aRedriveWithinTheLagIsNotVisibleYet() {
        emulator.faults().listLag(Duration.ofSeconds(10)).describeLag(Duration.ofSeconds(10));
        String arn = emulator.startExecution(machine, "redriven", null);
        clock.advance(Duration.ofSeconds(20));
        emulator.fail(arn, "E", null);
        clock.advance(Duration.ofSeconds(20));
        emulator.redrive(arn);

        assertThat(listed().get(0).redriveCount()).as("listed redrive count").isZero();
        assertThat(describe(arn).status()).as("described status").isEqualTo(ExecutionStatus.FAILED);
        clock.advance(Duration.ofSeconds(10));
        assertThat(listed().get(0).redriveCount()).as("listed redrive count after the lag").isEqualTo(1);
        assertThat(describe(arn).status()).as("described status after the lag").isEqualTo(ExecutionStatus.RUNNING);
    }

    @Test
    void clearingTheLagShowsTheCurrentStateAtOnce() {
        emulator.faults().listLag(Duration.ofMinutes(1)).describeLag(Duration.ofMinutes(1));
        String arn = emulator.startExecution(machine, "e", null);
        emulator.faults().clear();

        assertThat(listed()).hasSize(1);
        assertThat(describe(arn).executionArn()).isEqualTo(arn);
    }

    @Test
    void lateExecutionsAppearAfterYoungerOnes() {
        emulator.faults().seed(3).lateAppearance(0.5, Duration.ofSeconds(30));
        Map<String, Instant> startDates = new java.util.HashMap<>();
        for (int i = 0; i < 20; i++) {
            String arn = emulator.startExecution(machine, "e" + i, null);
            startDates.put(arn, emulator.execution(arn).orElseThrow().startDate());
            clock.advance(Duration.ofSeconds(1));
        }

        Set<String> early = arns(listed());
        long late = emulator.faults().injectedCounts().getOrDefault("LateAppearance:ListExecutions", 0L);
        assertThat(late).as("executions chosen to appear late").isBetween(1L, 19L);
        assertThat(early).as("listed at first").hasSize(20 - (int) late);
        assertThat(emulator.executions(machine)).as("direct reads see them all").hasSize(20);

        clock.advance(Duration.ofSeconds(30));
        List<ExecutionListItem> all = listed();
        assertThat(all).as("listed once the extra delay passed").hasSize(20);
        Instant youngestEarly = early.stream().map(startDates::get).max(Instant::compareTo).orElseThrow();
        assertThat(all).as("some late execution is older than one listed before it")
                .anyMatch(item -> !early.contains(item.executionArn()) && item.startDate().isBefore(youngestEarly));
    }

    @Test
    void onlyExecutionsStartedAfterTheSwitchAppearLate() {
        String before = emulator.startExecution(machine, "before", null);
        emulator.faults().lateAppearance(1.0, Duration.ofSeconds(30));
        clock.advance(Duration.ofMillis(1));
        emulator.startExecution(machine, "after", null);

        assertThat(arns(listed())).as("listed").containsExactly(before);
    }

    private List<ExecutionListItem> listed() {
        List<ExecutionListItem> items = new ArrayList<>();
        sfn.listExecutionsPaginator(r -> r.stateMachineArn(machine).maxResults(7)).executions().forEach(items::add);
        return items;
    }

    private List<ExecutionListItem> sfnList(String status) {
        return sfn.listExecutions(r -> r.stateMachineArn(machine).statusFilter(status)).executions();
    }

    private static Set<String> arns(List<ExecutionListItem> items) {
        Set<String> arns = new HashSet<>();
        items.forEach(i -> arns.add(i.executionArn()));
        return arns;
    }
}
