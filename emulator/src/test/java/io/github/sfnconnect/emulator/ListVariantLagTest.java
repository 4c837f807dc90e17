package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** The unfiltered, status-filtered and redrive-filtered lists lag independently. */
class ListVariantLagTest extends EmulatorFixture {
    private String machine;

    @BeforeEach
    void createMachine() {
        machine = emulator.createStateMachine("orders");
    }

    @Test
    void theStatusFilteredListCanTrailTheUnfilteredOne() {
        emulator.faults().listLag(ListVariant.STATUS_FILTER, Duration.ofSeconds(30));
        String arn = emulator.startExecution(machine, "e", null);
        clock.advance(Duration.ofMinutes(1));
        emulator.fail(arn, "E", null);

        assertThat(all()).extracting(ExecutionListItem::status).as("the unfiltered list is current")
                .containsExactly(ExecutionStatus.FAILED);
        assertThat(byStatus("FAILED")).as("the FAILED list has not caught up").isEmpty();
        assertThat(byStatus("RUNNING")).as("the RUNNING list still shows it").hasSize(1);
        assertThat(byRedrive("NOT_REDRIVEN")).extracting(ExecutionListItem::status)
                .as("the redrive-filtered list is current").containsExactly(ExecutionStatus.FAILED);
        assertThat(emulator.faults().injectedCounts()).as("which variant answered stale")
                .containsEntry("ListLag.STATUS_FILTER:ListExecutions", 2L)
                .containsEntry("ListLag:ListExecutions", 2L)
                .doesNotContainKey("ListLag.UNFILTERED:ListExecutions")
                .doesNotContainKey("ListLag.REDRIVE_FILTER:ListExecutions");

        clock.advance(Duration.ofSeconds(30));
        assertThat(byStatus("FAILED")).as("caught up after its lag").hasSize(1);
    }

    @Test
    void eachVariantKeepsItsOwnLagAndTheOldSetterSetsThemAll() {
        emulator.faults().listLag(Duration.ofSeconds(10)).listLag(ListVariant.REDRIVE_FILTER, Duration.ofSeconds(40));
        emulator.startExecution(machine, "e", null);
        clock.advance(Duration.ofSeconds(20));

        assertThat(all()).as("unfiltered, 10 s behind").hasSize(1);
        assertThat(byStatus("RUNNING")).as("by status, 10 s behind").hasSize(1);
        assertThat(byRedrive("NOT_REDRIVEN")).as("by redrive, 40 s behind").isEmpty();
        assertThat(emulator.faults().injectedCounts()).containsEntry("ListLag.REDRIVE_FILTER:ListExecutions", 1L);

        emulator.faults().clear();
        assertThat(byRedrive("NOT_REDRIVEN")).as("clear() resets every variant").hasSize(1);
    }

    private List<ExecutionListItem> all() {
        return sfn.listExecutions(r -> r.stateMachineArn(machine)).executions();
    }

    private List<ExecutionListItem> byStatus(String status) {
        return sfn.listExecutions(r -> r.stateMachineArn(machine).statusFilter(status)).executions();
    }

    private List<ExecutionListItem> byRedrive(String filter) {
        return sfn.listExecutions(r -> r.stateMachineArn(machine).redriveFilter(filter)).executions();
    }
}
