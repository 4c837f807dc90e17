package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.sfn.SfnClient;

/** Connections closed without a response, as the SDK sees them. */
class ConnectionResetFaultTest extends NoRetryFixture {
    @Test
    void aResetIsAnIoErrorAndTheRequestIsNotProcessed() {
        emulator.faults().connectionResets(1.0);

        assertThatThrownBy(() -> once.startExecution(r -> r.stateMachineArn(machine).name("lost")))
                .as("a call whose connection is closed without a response")
                .isInstanceOf(SdkClientException.class)
                .hasMessageContaining("The target server failed to respond")
                .hasRootCauseInstanceOf(IOException.class);
        assertThat(emulator.executions(machine)).as("the request was dropped unprocessed").isEmpty();
        assertThat(emulator.callCount("StartExecution")).as("the dropped request reached the server").isEqualTo(1);
        assertThat(emulator.faults().injectedCounts()).containsEntry("ConnectionReset:StartExecution", 1L);
    }

    @Test
    void theSdkRetriesResets() {
        emulator.faults().connectionResets(1.0);
        try (SfnClient standard = connect(emulator, o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy()))) {
            assertThatThrownBy(() -> standard.listExecutions(r -> r.stateMachineArn(machine)))
                    .isInstanceOf(SdkClientException.class)
                    .hasMessageContaining("SDK Attempt Count: 3");
        }
        assertThat(emulator.callCount("ListExecutions")).as("the standard strategy's three attempts").isEqualTo(3);
    }

    @Test
    void withRetriesEveryCallGetsThroughOccasionalResets() {
        emulator.startExecution(machine, "e1", null);
        emulator.faults().seed(42).connectionResets(0.3);
        try (SfnClient patient = connect(emulator, o -> o.retryStrategy(
                AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(10)
                        .backoffStrategy(BackoffStrategy.retryImmediately())
                        .build()))) {
            for (int i = 0; i < 20; i++) {
                assertThat(patient.listExecutions(r -> r.stateMachineArn(machine)).executions())
                        .as("listing %d", i).hasSize(1);
            }
        }
        long resets = emulator.faults().injectedCounts().getOrDefault("ConnectionReset:ListExecutions", 0L);
        assertThat(resets).as("resets injected").isPositive();
        assertThat(emulator.callCount("ListExecutions")).as("every attempt reached the server").isEqualTo(20 + resets);
    }
}
