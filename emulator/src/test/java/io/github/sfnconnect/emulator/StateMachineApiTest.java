package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.IncludedData;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.StateMachineAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StateMachineDeletingException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/** CreateStateMachine, DescribeStateMachine and DeleteStateMachine through the SDK (ListStateMachines: ListStateMachinesTest). */
class StateMachineApiTest extends EmulatorFixture {
    private static final String ROLE = "arn:aws:iam::123456789012:role/sfn";
    private static final String DEFINITION = StepFunctionsEmulator.DEFAULT_DEFINITION;

    @Test
    void createdStateMachineIsDescribedInFull() {
        CreateStateMachineResponse created = sfn.createStateMachine(r -> r.name("billing").definition(DEFINITION)
                .roleArn(ROLE));

        DescribeStateMachineResponse d = sfn.describeStateMachine(r -> r.stateMachineArn(created.stateMachineArn()));
        assertThat(created.stateMachineArn()).as("state machine ARN format")
                .isEqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:billing");
        assertThat(created.creationDate()).as("creationDate").isEqualTo(T0);
        assertThat(d.name()).as("name").isEqualTo("billing");
        assertThat(d.typeAsString()).as("default type").isEqualTo("STANDARD");
        assertThat(d.statusAsString()).as("status").isEqualTo("ACTIVE");
        assertThat(d.definition()).as("definition").isEqualTo(DEFINITION);
        assertThat(d.roleArn()).as("roleArn").isEqualTo(ROLE);
        assertThat(d.creationDate()).as("described creationDate").isEqualTo(T0);
        assertThat(d.loggingConfiguration().levelAsString()).as("logging level").isEqualTo("OFF");
    }

    @Test
    void metadataOnlyReturnsAnEmptyDefinition() {
        String arn = emulator.createStateMachine("secretive");

        DescribeStateMachineResponse d = sfn.describeStateMachine(r -> r.stateMachineArn(arn)
                .includedData(IncludedData.METADATA_ONLY));

        assertThat(d.definition()).as("definition under METADATA_ONLY").isEqualTo("{}");
    }

    @Test
    void expressTypeIsKeptAndItsExecutionsUseTheExpressArn() {
        String arn = sfn.createStateMachine(r -> r.name("fast").definition(DEFINITION).roleArn(ROLE)
                .type("EXPRESS")).stateMachineArn();

        String execution = sfn.startExecution(r -> r.stateMachineArn(arn).name("run")).executionArn();

        assertThat(sfn.describeStateMachine(r -> r.stateMachineArn(arn)).typeAsString()).as("type")
                .isEqualTo("EXPRESS");
        assertThat(execution).as("express execution ARN")
                .isEqualTo("arn:aws:states:us-east-1:123456789012:express:fast:run");
        assertThat(emulator.execution(execution)).as("direct view of the express execution").isPresent();
    }

    @Test
    void creatingTheSameStateMachineAgainIsIdempotentButAChangedOneConflicts() {
        String first = sfn.createStateMachine(r -> r.name("same").definition(DEFINITION).roleArn(ROLE))
                .stateMachineArn();
        String again = sfn.createStateMachine(r -> r.name("same").definition(DEFINITION).roleArn(ROLE))
                .stateMachineArn();

        assertThat(again).as("identical CreateStateMachine returns the same ARN").isEqualTo(first);
        assertThatThrownBy(() -> sfn.createStateMachine(r -> r.name("same").definition("{\"StartAt\":\"X\"}")
                .roleArn(ROLE))).as("same name with another definition")
                .isInstanceOf(StateMachineAlreadyExistsException.class);
    }

    @Test
    void invalidCreateRequestsAreRejected() {
        assertThatThrownBy(() -> sfn.createStateMachine(r -> r.name("bad name").definition(DEFINITION).roleArn(ROLE)))
                .as("name with a space").isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> sfn.createStateMachine(r -> r.name("x").definition("{oops").roleArn(ROLE)))
                .as("definition that is not JSON").isInstanceOf(InvalidDefinitionException.class);
        assertThatThrownBy(() -> sfn.createStateMachine(r -> r.name("x").definition(DEFINITION).roleArn(ROLE)
                .type("TURBO"))).as("unknown type").isInstanceOf(ValidationException.class);
    }

    @Test
    void deletedStateMachineIsDeletingAndTakesNoNewExecutions() {
        String arn = emulator.createStateMachine("retiring");
        String failed = emulator.startExecution(arn, "f", null);
        emulator.fail(failed, "E", null);

        sfn.deleteStateMachine(r -> r.stateMachineArn(arn));

        assertThat(sfn.describeStateMachine(r -> r.stateMachineArn(arn)).statusAsString()).as("status after delete")
                .isEqualTo("DELETING");
        assertThatThrownBy(() -> start(arn, "late")).as("starting an execution of a deleting state machine")
                .isInstanceOf(StateMachineDeletingException.class);
        assertThat(describe(failed).redriveStatusReason()).as("redrive reason while deleting")
                .isEqualTo("State machine is in DELETING status");
    }

    @Test
    void unknownStateMachineDoesNotExist() {
        assertThatThrownBy(() -> sfn.describeStateMachine(r -> r.stateMachineArn(
                "arn:aws:states:us-east-1:123456789012:stateMachine:ghost")))
                .as("describing an unknown state machine")
                .isInstanceOf(StateMachineDoesNotExistException.class);
        assertThatThrownBy(() -> emulator.executions("arn:aws:states:us-east-1:123456789012:stateMachine:ghost"))
                .as("direct listing of an unknown state machine")
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("StateMachineDoesNotExist");
    }
}
