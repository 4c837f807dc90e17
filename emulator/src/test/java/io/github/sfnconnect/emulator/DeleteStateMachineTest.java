package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.StateMachineDeletingException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/** DeleteStateMachine: DELETING, running executions terminated, versions and aliases gone, removal after a delay. */
class DeleteStateMachineTest extends EmulatorFixture {
    private static final String ROLE = "arn:aws:iam::123456789012:role/sfn";
    private String machine;

    @BeforeEach
    void createMachine() {
        machine = emulator.createStateMachine("orders");
    }

    @Test
    void runningExecutionsAreTerminatedAndEverythingGoesAfterTheDelay() {
        String version = emulator.publishVersion(machine);
        String alias = emulator.createAlias(machine, "PROD", version);
        String running = start(alias, "running");
        String done = start(machine, "done");
        emulator.succeed(done, "{}");
        clock.advance(Duration.ofSeconds(5));

        sfn.deleteStateMachine(r -> r.stateMachineArn(machine));

        assertThat(sfn.describeStateMachine(r -> r.stateMachineArn(machine)).statusAsString()).isEqualTo("DELETING");
        assertThat(describe(running).status()).as("a running execution is terminated").isEqualTo(ExecutionStatus.ABORTED);
        assertThat(describe(running).stopDate()).as("at the delete").isEqualTo(T0.plusSeconds(5));
        assertThat(describe(done).status()).as("a closed one is left as it was").isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(sfn.listExecutions(r -> r.stateMachineArn(machine)).executions()).as("still listed while deleting")
                .extracting(ExecutionListItem::name).containsExactly("done", "running");
        assertThatThrownBy(() -> sfn.describeStateMachineAlias(r -> r.stateMachineAliasArn(alias)))
                .as("aliases are deleted with it").isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> sfn.describeStateMachine(r -> r.stateMachineArn(version)))
                .as("versions are deleted with it").isInstanceOf(StateMachineDoesNotExistException.class);

        clock.advance(Duration.ofMinutes(1).minusMillis(1));
        assertThat(sfn.describeStateMachine(r -> r.stateMachineArn(machine)).statusAsString())
                .as("just before the deletion completes").isEqualTo("DELETING");

        clock.advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> sfn.describeStateMachine(r -> r.stateMachineArn(machine)))
                .as("the state machine once deleted").isInstanceOf(StateMachineDoesNotExistException.class);
        assertThatThrownBy(() -> sfn.listExecutions(r -> r.stateMachineArn(machine)))
                .as("its executions' list").isInstanceOf(StateMachineDoesNotExistException.class);
        assertThatThrownBy(() -> describe(done)).as("its executions")
                .isInstanceOf(ExecutionDoesNotExistException.class);
        assertThat(sfn.listStateMachines(r -> { }).stateMachines()).as("no longer listed").isEmpty();
        assertThat(emulator.retentionQueueSize()).as("nothing of it kept for retention").isZero();
    }

    @Test
    void theNameCanBeUsedAgainOnceTheDeletionCompleted() {
        String old = start(machine, "nightly");
        emulator.deletionDelay(Duration.ofSeconds(30));
        emulator.deleteStateMachine(machine);

        assertThatThrownBy(() -> sfn.createStateMachine(r -> r.name("orders")
                .definition(StepFunctionsEmulator.DEFAULT_DEFINITION).roleArn(ROLE)))
                .as("re-creating while deleting").isInstanceOf(StateMachineDeletingException.class);
        assertThatThrownBy(() -> start(machine, "late")).as("starting while deleting")
                .isInstanceOf(StateMachineDeletingException.class);

        clock.advance(Duration.ofSeconds(30));
        String recreated = sfn.createStateMachine(r -> r.name("orders")
                .definition(StepFunctionsEmulator.DEFAULT_DEFINITION).roleArn(ROLE)).stateMachineArn();

        assertThat(recreated).as("the same ARN").isEqualTo(machine);
        assertThat(sfn.describeStateMachine(r -> r.stateMachineArn(machine)).creationDate()).as("a new creation date")
                .isEqualTo(T0.plusSeconds(30));
        assertThat(sfn.listExecutions(r -> r.stateMachineArn(machine)).executions()).as("no executions").isEmpty();
        String again = start(machine, "nightly");
        assertThat(again).as("an old execution name, free again, gives the old ARN").isEqualTo(old);
        assertThat(describe(again).status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(describe(again).startDate()).isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void onlyUnqualifiedArnsAreDeletedAndUnknownOnesAreNoOps() {
        String version = emulator.publishVersion(machine);

        assertThatThrownBy(() -> sfn.deleteStateMachine(r -> r.stateMachineArn(version)))
                .as("a version ARN").isInstanceOf(ValidationException.class);
        sfn.deleteStateMachine(r -> r.stateMachineArn("arn:aws:states:us-east-1:123456789012:stateMachine:ghost"));
        assertThat(sfn.describeStateMachine(r -> r.stateMachineArn(machine)).statusAsString()).isEqualTo("ACTIVE");
    }

    @Test
    void aZeroDelayRemovesAtTheNextCall() {
        emulator.deletionDelay(Duration.ZERO).deleteStateMachine(machine);

        assertThatThrownBy(() -> sfn.describeStateMachine(r -> r.stateMachineArn(machine)))
                .isInstanceOf(StateMachineDoesNotExistException.class);
    }
}
