package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesResponse;

/** The Date header is the emulator's clock, on successes and errors alike, and no Server header is sent. */
class DateHeaderTest extends EmulatorFixture {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aSuccessCarriesTheEmulatorClocksDate() {
        clock.advance(Duration.ofDays(400)); // far from the machine's time

        ListStateMachinesResponse response = sfn.listStateMachines(r -> { });

        assertThat(response.sdkHttpResponse().firstMatchingHeader("Date")).as("Date header")
                .hasValueSatisfying(date -> assertThat(parse(date)).isEqualTo(clock.instant().truncatedTo(
                        java.time.temporal.ChronoUnit.SECONDS)));
    }

    @Test
    void anApiErrorCarriesTheEmulatorClocksDate() {
        clock.advance(Duration.ofHours(-30));
        String machine = emulator.createStateMachine("orders");

        ExecutionDoesNotExistException error = catchThrowableOfType(ExecutionDoesNotExistException.class,
                () -> describe(machine.replace(":stateMachine:", ":execution:") + ":ghost"));

        assertThat(error.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Date")).as("Date of an error")
                .hasValueSatisfying(date -> assertThat(parse(date)).isEqualTo(T0.minus(Duration.ofHours(30))
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
    }

    @Test
    void theWireFormIsImfFixdateWithoutAServerHeader() throws Exception {
        clock.set(Instant.parse("2024-05-01T09:08:07Z"));

        HttpResponse<String> rejected = http.send(HttpRequest.newBuilder(URI.create(emulator.endpoint() + "/nope"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(emulator.endpoint())
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "AWSStepFunctions.ListStateMachines")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(ok.headers().allValues("Date")).as("one Date header, day of month zero-padded")
                .containsExactly("Wed, 01 May 2024 09:08:07 GMT");
        assertThat(rejected.statusCode()).as("a GET is rejected").isEqualTo(400);
        assertThat(rejected.headers().allValues("Date")).as("Date of a rejected request")
                .containsExactly("Wed, 01 May 2024 09:08:07 GMT");
        assertThat(ok.headers().firstValue("Server")).as("no Server header").isEmpty();
        assertThat(ok.headers().firstValue("x-amzn-RequestId")).as("request id").isPresent();
    }

    private static Instant parse(String date) {
        return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }
}
