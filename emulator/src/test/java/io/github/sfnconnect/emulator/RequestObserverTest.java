package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.SfnException;

/** Every answered request reaches the observers, as it went over the wire, before the client sees the answer. */
class RequestObserverTest extends NoRetryFixture {
    private final List<ObservedRequest> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void observe() {
        emulator.observe(seen::add);
    }

    @Test
    void aListingIsObservedWithItsRequestAnswerAndTheEmulatorsTime() {
        String arn = emulator.startExecution(machine, "first", null);
        clock.advance(Duration.ofSeconds(90));

        var page = once.listExecutions(r -> r.stateMachineArn(machine).maxResults(10));

        assertThat(seen).as("one request observed, by the time the client has its answer").hasSize(1);
        ObservedRequest request = seen.get(0);
        assertThat(request.action()).isEqualTo("ListExecutions");
        assertThat(request.requestBody()).as("the request as the SDK sent it")
                .contains("\"stateMachineArn\":\"" + machine + "\"").contains("\"maxResults\":10");
        assertThat(request.succeeded()).isTrue();
        assertThat(request.statusCode()).isEqualTo(200);
        assertThat(request.errorType()).isEmpty();
        assertThat(request.responseBody()).as("the page the client got").contains(arn).contains("\"RUNNING\"");
        assertThat(page.executions()).as("the SDK read the same page").hasSize(1);
        assertThat(request.receivedAt()).as("received on the emulator's clock").isEqualTo(T0.plusSeconds(90));
        assertThat(request.answeredAt()).as("answered on the emulator's clock").isEqualTo(T0.plusSeconds(90));
        assertThat(page.sdkHttpResponse().firstMatchingHeader("Date")).as("the Date header is the answer's time")
                .hasValue(HttpDates.format(request.answeredAt()));
    }

    @Test
    void errorsAndInjectedThrottlesAreObservedWithTheirType() {
        assertThatThrownBy(() -> once.describeExecution(r -> r.executionArn(machine.replace(":stateMachine:",
                ":execution:") + ":missing"))).isInstanceOf(ExecutionDoesNotExistException.class);
        emulator.faults().throttle("ListExecutions", 1, 0);
        once.listExecutions(r -> r.stateMachineArn(machine));
        assertThatThrownBy(() -> once.listExecutions(r -> r.stateMachineArn(machine)))
                .isInstanceOf(SfnException.class);

        assertThat(seen).extracting(ObservedRequest::action)
                .containsExactly("DescribeExecution", "ListExecutions", "ListExecutions");
        assertThat(seen.get(0).statusCode()).isEqualTo(400);
        assertThat(seen.get(0).errorType()).hasValue("ExecutionDoesNotExist");
        assertThat(seen.get(0).succeeded()).isFalse();
        assertThat(seen.get(1).succeeded()).as("the bucket's one token").isTrue();
        assertThat(seen.get(2).errorType()).as("the throttled call").hasValue("ThrottlingException");
        assertThat(seen.get(2).responseBody()).contains("Rate exceeded");
    }

    @Test
    void answeredAtComesAfterAnInjectedDelayAndReceivedAtBeforeIt() {
        try (StepFunctionsEmulator real = StepFunctionsEmulator.start(Clock.systemUTC());
             SfnClient client = connectWithoutRetries(real)) {
            List<ObservedRequest> timed = new CopyOnWriteArrayList<>();
            real.observe(timed::add);
            String sm = real.createStateMachine("slow");
            real.faults().slowResponses("ListExecutions", 1.0, Duration.ofMillis(300));
            Instant before = Instant.now();

            client.listExecutions(r -> r.stateMachineArn(sm));

            ObservedRequest request = timed.get(0);
            assertThat(request.receivedAt()).isAfterOrEqualTo(before);
            assertThat(Duration.between(request.receivedAt(), request.answeredAt()))
                    .as("the answer left after the injected delay").isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void aFailingObserverChangesNoAnswerAndAStoppedOneHearsNoMore() {
        RequestObserver failing = r -> {
            throw new IllegalStateException("observer bug");
        };
        emulator.observe(failing);
        emulator.startExecution(machine, "e", null);

        assertThat(once.listExecutions(r -> r.stateMachineArn(machine)).executions())
                .as("the answer despite the failing observer").hasSize(1);
        assertThat(seen).as("the other observer still told").hasSize(1);

        emulator.stopObserving(failing);
        emulator.stopObserving(seen::add); // a different method reference: not registered, nothing happens
        List<ObservedRequest> later = new CopyOnWriteArrayList<>();
        RequestObserver laterObserver = later::add;
        emulator.observe(laterObserver);
        once.listExecutions(r -> r.stateMachineArn(machine));
        emulator.stopObserving(laterObserver);
        once.listExecutions(r -> r.stateMachineArn(machine));

        assertThat(later).as("observed only while registered").hasSize(1);
        assertThat(seen).as("the first observer was never removed").hasSize(3);
    }
}
