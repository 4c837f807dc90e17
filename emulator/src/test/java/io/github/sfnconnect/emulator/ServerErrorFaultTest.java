package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.SfnException;

/** Random and scripted 5xx errors, with and without the SDK's retries. */
class ServerErrorFaultTest extends NoRetryFixture {
    @Test
    void randomServerErrorsAreInternalFailureOrServiceUnavailable() {
        emulator.faults().seed(7).serverErrors(1.0);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            try {
                once.listExecutions(r -> r.stateMachineArn(machine));
            } catch (SfnException e) {
                seen.add(e.statusCode() + " " + e.awsErrorDetails().errorCode());
            }
        }
        assertThat(seen).as("errors seen").containsExactlyInAnyOrder("500 InternalFailure", "503 ServiceUnavailable");
        Long internal = emulator.faults().injectedCounts().get("InternalFailure:ListExecutions");
        Long unavailable = emulator.faults().injectedCounts().get("ServiceUnavailable:ListExecutions");
        assertThat(internal + unavailable).as("every call failed and was counted").isEqualTo(20);
    }

    @Test
    void aPerActionProbabilityOverridesTheGeneralOne() {
        String execution = emulator.startExecution(machine, "e1", null);
        emulator.faults().serverErrors(1.0).serverErrors("DescribeExecution", 0.0);

        once.describeExecution(r -> r.executionArn(execution));
        assertThatThrownBy(() -> once.listExecutions(r -> r.stateMachineArn(machine)))
                .as("ListExecutions under the general probability").isInstanceOf(SfnException.class);
    }

    @Test
    void theSdkRetriesScriptedFailuresAndSucceeds() {
        emulator.startExecution(machine, "e1", null);
        emulator.faults().failNext("ListExecutions", 2, 503, "ServiceUnavailable");

        assertThat(sfn.listExecutions(r -> r.stateMachineArn(machine)).executions())
                .as("listing after two retried failures").hasSize(1);
        assertThat(emulator.callCount("ListExecutions")).as("attempts: two failures and the success").isEqualTo(3);
        assertThat(emulator.faults().injectedCounts()).as("scripted failures counted")
                .containsEntry("ServiceUnavailable:ListExecutions", 2L);
    }

    @Test
    void scriptedFailuresCarryTheGivenStatusAndTypeAndRunOut() {
        emulator.faults().failNext("ListExecutions", 1, 400, "ThrottlingException");

        assertThatThrownBy(() -> once.listExecutions(r -> r.stateMachineArn(machine)))
                .isInstanceOfSatisfying(SfnException.class, e -> {
                    assertThat(e.statusCode()).as("status").isEqualTo(400);
                    assertThat(e.isThrottlingException()).as("seen as throttling").isTrue();
                });
        once.listExecutions(r -> r.stateMachineArn(machine));
    }
}
