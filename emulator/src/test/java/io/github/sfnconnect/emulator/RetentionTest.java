package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/** Closed executions are retained for 90 days after their latest stop; then they are gone and the name is free. */
class RetentionTest extends EmulatorFixture {
    private static final Duration RETENTION = StepFunctionsEmulator.RETENTION;
    private String machine;

    @BeforeEach
    void createMachine() {
        machine = emulator.createStateMachine("orders");
    }

    @Test
    void aClosedExecutionIsGoneNinetyDaysAfterItsStopAndItsNameCanBeUsedAgain() {
        String arn = start(machine, "nightly");
        clock.advance(Duration.ofHours(1));
        emulator.succeed(arn, "{}");
        Instant stopped = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

        clock.set(stopped.plus(RETENTION).minusMillis(1));
        assertThat(describe(arn).status()).as("described on its last day").isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(listedNames()).as("listed on its last day").containsExactly("nightly");
        assertThatThrownBy(() -> start(machine, "nightly")).as("its name on its last day")
                .isInstanceOf(ExecutionAlreadyExistsException.class);

        clock.advance(Duration.ofMillis(1));
        assertThat(listedNames()).as("listed once retention ran out").isEmpty();
        assertThatThrownBy(() -> describe(arn)).as("described once retention ran out")
                .isInstanceOf(ExecutionDoesNotExistException.class);

        StartExecutionResponse again = sfn.startExecution(r -> r.stateMachineArn(machine).name("nightly"));
        assertThat(again.executionArn()).as("the same ARN, a new life").isEqualTo(arn);
        assertThat(again.startDate()).as("a new startDate").isEqualTo(clock.instant().truncatedTo(
                java.time.temporal.ChronoUnit.MILLIS));
        assertThat(describe(arn).status()).as("the new execution runs").isEqualTo(ExecutionStatus.RUNNING);
        assertThat(describe(arn).stopDate()).as("nothing of the old one").isNull();
    }

    @Test
    void runningExecutionsAreNeverDropped() {
        String arn = start(machine, "long");
        clock.advance(RETENTION.multipliedBy(3));

        assertThat(describe(arn).status()).as("still running").isEqualTo(ExecutionStatus.RUNNING);
        assertThat(listedNames()).containsExactly("long");
    }

    @Test
    void aRedrivenExecutionsRetentionCountsFromItsLatestStop() {
        String arn = start(machine, "flaky");
        emulator.fail(arn, "E", null);
        clock.advance(Duration.ofDays(10));
        emulator.redrive(arn);
        clock.advance(Duration.ofDays(10));
        emulator.succeed(arn, "{}");
        Instant latestStop = describe(arn).stopDate();

        clock.set(T0.plus(RETENTION).plus(Duration.ofDays(1)));
        assertThat(describe(arn).redriveCount()).as("kept past 90 days from its first stop").isEqualTo(1);
        assertThat(emulator.retentionQueueSize()).as("the first stop's queue entry was dropped").isEqualTo(1);

        clock.set(latestStop.plus(RETENTION));
        assertThatThrownBy(() -> describe(arn)).as("gone 90 days after its latest stop")
                .isInstanceOf(ExecutionDoesNotExistException.class);
    }

    @Test
    void expiredExecutionsAreSweptOnAnyCallAndOnlyThoseExpire() {
        for (int i = 0; i < 10; i++) {
            emulator.abort(emulator.startExecution(machine, "old" + i, null), null, null);
        }
        clock.advance(Duration.ofDays(30));
        String younger = emulator.startExecution(machine, "younger", null);
        emulator.fail(younger, "E", null);
        clock.advance(Duration.ofDays(61));

        sfn.listStateMachines(r -> { }); // a call that touches no execution

        assertThat(emulator.retentionQueueSize()).as("swept from the queue").isEqualTo(1);
        assertThat(emulator.executions(machine)).extracting(ExecutionView::name).as("direct view")
                .containsExactly("younger");
        assertThat(emulator.execution(machine.replace(":stateMachine:", ":execution:") + ":old3"))
                .as("direct describe of an expired execution").isEmpty();
        assertThat(sfn.listExecutions(r -> r.stateMachineArn(machine).statusFilter("FAILED")).executions())
                .extracting(ExecutionListItem::name).as("the younger is still listed").containsExactly("younger");
    }

    private java.util.List<String> listedNames() {
        return sfn.listExecutions(r -> r.stateMachineArn(machine)).executions().stream()
                .map(ExecutionListItem::name).toList();
    }
}
