package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * The emulator's clock is the service's clock: with one three hours behind the caller's, start and stop dates
 * and the Date header all follow it. A ScaledClock drives it over days in moments.
 */
class ClockOffsetTest {
    private static final Duration BEHIND = Duration.ofHours(-3);

    @Test
    void datesAndTheDateHeaderFollowAnOffsetClock() {
        Clock serviceClock = Clock.offset(Clock.systemUTC(), BEHIND);
        try (StepFunctionsEmulator emulator = StepFunctionsEmulator.start(serviceClock);
                SfnClient sfn = EmulatorFixture.connect(emulator)) {
            String machine = emulator.createStateMachine("orders");

            Instant before = Instant.now().plus(BEHIND).truncatedTo(ChronoUnit.MILLIS);
            StartExecutionResponse started = sfn.startExecution(r -> r.stateMachineArn(machine).name("e"));
            emulator.succeed(started.executionArn(), "{}");
            DescribeExecutionResponse described = sfn.describeExecution(r -> r.executionArn(started.executionArn()));
            Instant after = Instant.now().plus(BEHIND);

            assertThat(started.startDate()).as("startDate, three hours behind the caller").isBetween(before, after);
            assertThat(described.stopDate()).as("stopDate").isBetween(started.startDate(), after);
            Instant date = ZonedDateTime.parse(described.sdkHttpResponse().firstMatchingHeader("Date").orElseThrow(),
                    DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            assertThat(date).as("Date header").isBetween(before.truncatedTo(ChronoUnit.SECONDS), after);
        }
    }

    @Test
    void aScaledClockCoversDaysInMoments() {
        Instant start = Instant.parse("2024-05-01T00:00:00Z");
        ScaledClock clock = new ScaledClock(start, 1000);
        try (StepFunctionsEmulator emulator = StepFunctionsEmulator.start(clock);
                SfnClient sfn = EmulatorFixture.connect(emulator)) {
            String machine = emulator.createStateMachine("orders");
            String arn = sfn.startExecution(r -> r.stateMachineArn(machine).name("long")).executionArn();

            clock.advance(Duration.ofDays(3)); // an outage
            emulator.fail(arn, "E", null);

            DescribeExecutionResponse d = sfn.describeExecution(r -> r.executionArn(arn));
            assertThat(Duration.between(d.startDate(), d.stopDate())).as("ran across the outage")
                    .isGreaterThanOrEqualTo(Duration.ofDays(3));
            assertThat(d.startDate()).as("started on the scaled clock").isBetween(start, start.plus(Duration.ofDays(1)));
        }
    }
}
