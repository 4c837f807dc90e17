package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.services.sfn.SfnClient;

/** Responses held back beyond the SDK's attempt timeout. */
class SlowResponseFaultTest extends EmulatorFixture {
    private SfnClient impatient;
    private String machine;

    @BeforeEach
    void setUp() {
        impatient = connect(emulator, o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallAttemptTimeout(Duration.ofMillis(300)));
        machine = emulator.createStateMachine("orders");
    }

    @AfterEach
    void closeClient() {
        impatient.close();
    }

    @Test
    void aSlowResponseExceedsTheAttemptTimeoutAfterTheActionTookEffect() {
        emulator.faults().slowResponses("StartExecution", 1.0, Duration.ofSeconds(3));

        long started = System.nanoTime();
        assertThatThrownBy(() -> impatient.startExecution(r -> r.stateMachineArn(machine).name("late-answer")))
                .as("a start whose answer comes after the attempt timeout")
                .isInstanceOf(ApiCallAttemptTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the client gave up at its timeout")
                .isLessThan(Duration.ofSeconds(2));

        assertThat(emulator.executions(machine)).as("the start was processed although its answer was late")
                .extracting(ExecutionView::name).containsExactly("late-answer");
        assertThat(emulator.faults().injectedCounts()).containsEntry("SlowResponse:StartExecution", 1L);
    }

    @Test
    void otherActionsAnswerPromptly() {
        emulator.faults().slowResponses("StartExecution", 1.0, Duration.ofSeconds(3));
        assertThat(impatient.listExecutions(r -> r.stateMachineArn(machine)).executions()).isEmpty();
    }

    @Test
    void aShortDelayStaysWithinTheTimeout() {
        emulator.faults().slowResponses(1.0, Duration.ofMillis(50));
        long started = System.nanoTime();
        impatient.listExecutions(r -> r.stateMachineArn(machine));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered after the delay")
                .isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }
}
