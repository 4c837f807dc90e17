package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/** StartExecution's validation and idempotency rules, as the API reference states them. */
class StartExecutionValidationTest extends EmulatorFixture {
    private String machine;

    @BeforeEach
    void createMachine() {
        machine = emulator.createStateMachine("orders");
    }

    @ParameterizedTest(name = "name containing [{0}]")
    @ValueSource(strings = {"a b", "a<b", "a>b", "a{b", "a}b", "a[b", "a]b", "a?b", "a*b", "a\"b", "a#b", "a%b",
        "a\\b", "a^b", "a|b", "a~b", "a`b", "a$b", "a&b", "a,b", "a;b", "a:b", "a/b", "a\u0001b", "a\u007fb",
        "a\u0085b", "a\tb", "a\u00a0b"})
    void forbiddenCharactersInNameAreInvalidName(String name) {
        assertThatThrownBy(() -> start(machine, name)).as("StartExecution with name %s", name)
                .isInstanceOf(InvalidNameException.class);
    }

    @Test
    void nameLengthIsAModelConstraint() {
        String longest = "n".repeat(80);

        assertThat(start(machine, longest)).as("an 80-character name is accepted").endsWith(":" + longest);
        assertThatThrownBy(() -> start(machine, "n".repeat(81))).as("an 81-character name")
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Member must have length less than or equal to 80");
        assertThatThrownBy(() -> start(machine, "")).as("an empty name")
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void inputMustBeJsonOfAtMost256KiB() {
        String largest = "\"" + "x".repeat(262_142) + "\"";

        assertThat(sfn.startExecution(r -> r.stateMachineArn(machine).name("big").input(largest)).executionArn())
                .as("a 262144-byte input is accepted").endsWith(":big");
        assertThatThrownBy(() -> sfn.startExecution(r -> r.stateMachineArn(machine).input(largest + " ")))
                .as("a 262145-byte input")
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("262144");
        assertThatThrownBy(() -> sfn.startExecution(r -> r.stateMachineArn(machine).input("{not json")))
                .as("an input that is not JSON")
                .isInstanceOf(InvalidExecutionInputException.class);
    }

    @Test
    void sameNameAndInputWhileRunningIsIdempotent() {
        StartExecutionResponse first = sfn.startExecution(r -> r.stateMachineArn(machine).name("dup").input("{}"));
        clock.advance(java.time.Duration.ofSeconds(1));
        StartExecutionResponse again = sfn.startExecution(r -> r.stateMachineArn(machine).name("dup").input("{}"));

        assertThat(again.executionArn()).as("repeat returns the same execution").isEqualTo(first.executionArn());
        assertThat(again.startDate()).as("repeat returns the original startDate").isEqualTo(first.startDate());
        assertThat(emulator.executions(machine)).as("no second execution was created").hasSize(1);
    }

    @Test
    void sameNameWithOtherInputOrAfterTheEndAlreadyExists() {
        String arn = sfn.startExecution(r -> r.stateMachineArn(machine).name("dup").input("{}")).executionArn();

        assertThatThrownBy(() -> sfn.startExecution(r -> r.stateMachineArn(machine).name("dup").input("{\"a\":1}")))
                .as("same name, different input")
                .isInstanceOf(ExecutionAlreadyExistsException.class);
        emulator.succeed(arn, "{}");
        assertThatThrownBy(() -> sfn.startExecution(r -> r.stateMachineArn(machine).name("dup").input("{}")))
                .as("same name and input after the execution ended")
                .isInstanceOf(ExecutionAlreadyExistsException.class);
    }

    @Test
    void unknownOrMalformedStateMachineIsRejected() {
        assertThatThrownBy(() -> start("arn:aws:states:us-east-1:123456789012:stateMachine:nope", "x"))
                .as("starting an unknown state machine")
                .isInstanceOf(StateMachineDoesNotExistException.class);
        assertThatThrownBy(() -> start("arn:aws:states:us-east-1:123456789012:activity:nope", "x"))
                .as("starting an activity ARN")
                .isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> start("garbage", "x"))
                .as("starting a malformed ARN")
                .isInstanceOf(InvalidArnException.class);
    }

    @Test
    void directStartAppliesTheSameRules() {
        assertThatThrownBy(() -> emulator.startExecution(machine, "bad name", null))
                .as("direct start with a bad name")
                .isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).errorType()).isEqualTo("InvalidName");
    }
}
