package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionNotRedrivableException;
import software.amazon.awssdk.services.sfn.model.IncludedData;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/** Executions moving through every status, observed with DescribeExecution through the real SDK client. */
class ExecutionLifecycleTest extends EmulatorFixture {
    private String machine;

    @BeforeEach
    void createMachine() {
        machine = emulator.createStateMachine("orders");
    }

    @Test
    void runningExecutionReportsInputAndIsNotRedrivable() {
        StartExecutionResponse started = sfn.startExecution(r -> r.stateMachineArn(machine).name("order-1")
                .input("{\"id\":1}").traceHeader("Root=1-abc"));

        assertThat(started.executionArn()).as("execution ARN format")
                .isEqualTo("arn:aws:states:us-east-1:123456789012:execution:orders:order-1");
        assertThat(started.startDate()).as("startDate returned by StartExecution, to the millisecond").isEqualTo(T0);

        DescribeExecutionResponse d = describe(started.executionArn());
        assertThat(d.executionArn()).as("executionArn").isEqualTo(started.executionArn());
        assertThat(d.stateMachineArn()).as("stateMachineArn").isEqualTo(machine);
        assertThat(d.name()).as("name").isEqualTo("order-1");
        assertThat(d.statusAsString()).as("status").isEqualTo("RUNNING");
        assertThat(d.startDate()).as("startDate").isEqualTo(T0);
        assertThat(d.stopDate()).as("a running execution has no stopDate").isNull();
        assertThat(d.input()).as("input").isEqualTo("{\"id\":1}");
        assertThat(d.inputDetails().included()).as("inputDetails.included").isTrue();
        assertThat(d.output()).as("a running execution has no output").isNull();
        assertThat(d.outputDetails()).as("a running execution has no outputDetails").isNull();
        assertThat(d.traceHeader()).as("traceHeader").isEqualTo("Root=1-abc");
        assertThat(d.redriveCount()).as("redriveCount of a never redriven execution").isZero();
        assertThat(d.redriveDate()).as("redriveDate of a never redriven execution").isNull();
        assertThat(d.redriveStatusAsString()).as("redriveStatus").isEqualTo("NOT_REDRIVABLE");
        assertThat(d.redriveStatusReason()).as("redriveStatusReason")
                .isEqualTo("Execution is RUNNING and cannot be redriven");
    }

    @Test
    void omittedNameAndInputBecomeUuidAndEmptyObject() {
        String arn = sfn.startExecution(r -> r.stateMachineArn(machine)).executionArn();

        DescribeExecutionResponse d = describe(arn);
        assertThat(d.name()).as("generated execution name").matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(d.input()).as("default input").isEqualTo("{}");
    }

    @Test
    void succeededExecutionReportsOutputAndStopDate() {
        String arn = start(machine, "ok");
        clock.advance(Duration.ofMillis(1500));
        emulator.succeed(arn, "{\"done\":true}");

        DescribeExecutionResponse d = describe(arn);
        assertThat(d.statusAsString()).as("status").isEqualTo("SUCCEEDED");
        assertThat(d.stopDate()).as("stopDate comes from the clock").isEqualTo(T0.plusMillis(1500));
        assertThat(d.output()).as("output").isEqualTo("{\"done\":true}");
        assertThat(d.outputDetails().included()).as("outputDetails.included").isTrue();
        assertThat(d.error()).as("no error on success").isNull();
        assertThat(d.redriveStatusAsString()).as("redriveStatus").isEqualTo("NOT_REDRIVABLE");
        assertThat(d.redriveStatusReason()).as("redriveStatusReason")
                .isEqualTo("Execution is SUCCEEDED and cannot be redriven");
    }

    @Test
    void failedExecutionReportsErrorAndCauseAndIsRedrivable() {
        String arn = start(machine, "bad");
        clock.advance(Duration.ofSeconds(2));
        emulator.fail(arn, "Lambda.Unknown", "boom");

        DescribeExecutionResponse d = describe(arn);
        assertThat(d.statusAsString()).as("status").isEqualTo("FAILED");
        assertThat(d.stopDate()).as("stopDate").isEqualTo(T0.plusSeconds(2));
        assertThat(d.error()).as("error").isEqualTo("Lambda.Unknown");
        assertThat(d.cause()).as("cause").isEqualTo("boom");
        assertThat(d.output()).as("output is set only if the execution succeeds").isNull();
        assertThat(d.redriveStatusAsString()).as("redriveStatus").isEqualTo("REDRIVABLE");
        assertThat(d.redriveStatusReason()).as("no reason when redrivable").isNull();
    }

    @Test
    void timedOutExecutionCarriesStatesTimeout() {
        String arn = start(machine, "slow");
        clock.advance(Duration.ofMinutes(5));
        emulator.timeOut(arn);

        DescribeExecutionResponse d = describe(arn);
        assertThat(d.statusAsString()).as("status").isEqualTo("TIMED_OUT");
        assertThat(d.error()).as("error").isEqualTo("States.Timeout");
        assertThat(d.cause()).as("a timeout has no cause").isNull();
        assertThat(d.stopDate()).as("stopDate").isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(d.redriveStatusAsString()).as("redriveStatus").isEqualTo("REDRIVABLE");
    }

    @Test
    void stopExecutionAbortsWithErrorAndCause() {
        String arn = start(machine, "stopme");
        clock.advance(Duration.ofMillis(42));

        Instant stopDate = sfn.stopExecution(r -> r.executionArn(arn).error("Manual").cause("operator")).stopDate();

        DescribeExecutionResponse d = describe(arn);
        assertThat(stopDate).as("stopDate returned by StopExecution").isEqualTo(T0.plusMillis(42));
        assertThat(d.statusAsString()).as("status").isEqualTo("ABORTED");
        assertThat(d.stopDate()).as("described stopDate").isEqualTo(stopDate);
        assertThat(d.error()).as("error").isEqualTo("Manual");
        assertThat(d.cause()).as("cause").isEqualTo("operator");
    }

    @Test
    void stopExecutionOnAnEndedExecutionChangesNothing() {
        String arn = start(machine, "finished");
        clock.advance(Duration.ofSeconds(1));
        emulator.succeed(arn, "{}");
        clock.advance(Duration.ofSeconds(1));

        Instant stopDate = sfn.stopExecution(r -> r.executionArn(arn)).stopDate();

        assertThat(stopDate).as("StopExecution on an ended execution returns its original stopDate")
                .isEqualTo(T0.plusSeconds(1));
        assertThat(describe(arn).statusAsString()).as("status stays SUCCEEDED").isEqualTo("SUCCEEDED");
    }

    @Test
    void abortWithoutErrorOrCauseOmitsThem() {
        String arn = start(machine, "quiet");
        emulator.abort(arn, null, null);

        DescribeExecutionResponse d = describe(arn);
        assertThat(d.statusAsString()).as("status").isEqualTo("ABORTED");
        assertThat(d.error()).as("error").isNull();
        assertThat(d.cause()).as("cause").isNull();
    }

    @Test
    void redriveReturnsToRunningAndCountsTheRedrive() {
        String arn = start(machine, "retry");
        clock.advance(Duration.ofSeconds(10));
        emulator.fail(arn, "Err", "first attempt");
        clock.advance(Duration.ofSeconds(10));

        Instant redriveDate = sfn.redriveExecution(r -> r.executionArn(arn)).redriveDate();

        DescribeExecutionResponse d = describe(arn);
        assertThat(redriveDate).as("redriveDate returned by RedriveExecution").isEqualTo(T0.plusSeconds(20));
        assertThat(d.statusAsString()).as("status after redrive").isEqualTo("RUNNING");
        assertThat(d.redriveCount()).as("redriveCount").isEqualTo(1);
        assertThat(d.redriveDate()).as("redriveDate").isEqualTo(redriveDate);
        assertThat(d.stopDate()).as("stopDate is cleared").isNull();
        assertThat(d.startDate()).as("startDate is kept").isEqualTo(T0);
        assertThat(d.executionArn()).as("a redrive keeps the execution ARN").isEqualTo(arn);

        clock.advance(Duration.ofSeconds(5));
        emulator.succeed(arn, "{\"second\":true}");
        DescribeExecutionResponse after = describe(arn);
        assertThat(after.statusAsString()).as("status after the redriven attempt succeeds").isEqualTo("SUCCEEDED");
        assertThat(after.redriveCount()).as("redriveCount survives the end of the attempt").isEqualTo(1);
        assertThat(after.error()).as("the first attempt's error is gone").isNull();
    }

    @Test
    void redriveWithTheSameClientTokenIsIdempotent() {
        String arn = start(machine, "twice");
        emulator.fail(arn, "Err", null);
        clock.advance(Duration.ofSeconds(1));

        Instant first = sfn.redriveExecution(r -> r.executionArn(arn).clientToken("token-1")).redriveDate();
        clock.advance(Duration.ofSeconds(1));
        Instant repeat = sfn.redriveExecution(r -> r.executionArn(arn).clientToken("token-1")).redriveDate();

        assertThat(repeat).as("the repeated request returns the first redrive's date").isEqualTo(first);
        assertThat(describe(arn).redriveCount()).as("only one redrive happened").isEqualTo(1);
    }

    @Test
    void redriveOfRunningOrSucceededExecutionIsRejected() {
        String running = start(machine, "running");
        String succeeded = start(machine, "succeeded");
        emulator.succeed(succeeded, "{}");

        assertThatThrownBy(() -> sfn.redriveExecution(r -> r.executionArn(running)))
                .as("redriving a RUNNING execution")
                .isInstanceOf(ExecutionNotRedrivableException.class)
                .hasMessageContaining("Execution is RUNNING and cannot be redriven");
        assertThatThrownBy(() -> sfn.redriveExecution(r -> r.executionArn(succeeded)))
                .as("redriving a SUCCEEDED execution")
                .isInstanceOf(ExecutionNotRedrivableException.class)
                .hasMessageContaining("Execution is SUCCEEDED and cannot be redriven");
    }

    @Test
    void redrivablePeriodEndsFourteenDaysAfterTheStop() {
        String arn = start(machine, "old");
        emulator.abort(arn, "Stop", null);

        clock.advance(Duration.ofDays(14));
        assertThat(describe(arn).redriveStatusAsString()).as("redriveStatus exactly 14 days after the stop")
                .isEqualTo("REDRIVABLE");

        clock.advance(Duration.ofMillis(1));
        DescribeExecutionResponse d = describe(arn);
        assertThat(d.redriveStatusAsString()).as("redriveStatus after 14 days").isEqualTo("NOT_REDRIVABLE");
        assertThat(d.redriveStatusReason()).as("redriveStatusReason after 14 days")
                .isEqualTo("Execution redrivable period exceeded");
        assertThatThrownBy(() -> sfn.redriveExecution(r -> r.executionArn(arn)))
                .as("redriving after the redrivable period")
                .isInstanceOf(ExecutionNotRedrivableException.class);
    }

    @Test
    void metadataOnlyLeavesOutInputAndOutput() {
        String arn = start(machine, "secret");
        emulator.succeed(arn, "{\"pii\":true}");

        DescribeExecutionResponse d = sfn.describeExecution(r -> r.executionArn(arn)
                .includedData(IncludedData.METADATA_ONLY));

        assertThat(d.input()).as("input under METADATA_ONLY").isNull();
        assertThat(d.inputDetails().included()).as("inputDetails.included under METADATA_ONLY").isFalse();
        assertThat(d.output()).as("output under METADATA_ONLY").isNull();
        assertThat(d.outputDetails().included()).as("outputDetails.included under METADATA_ONLY").isFalse();
        assertThat(d.statusAsString()).as("metadata is still returned").isEqualTo("SUCCEEDED");
        assertThat(d.stopDate()).as("stopDate is still returned").isEqualTo(T0);
    }

    @Test
    void unknownAndMalformedExecutionArnsAreRejected() {
        String unknown = "arn:aws:states:us-east-1:123456789012:execution:orders:nope";

        assertThatThrownBy(() -> describe(unknown)).as("describing an unknown execution")
                .isInstanceOf(ExecutionDoesNotExistException.class)
                .hasMessageContaining(unknown);
        assertThatThrownBy(() -> describe("not-an-arn")).as("describing a malformed ARN")
                .isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> describe(machine)).as("describing a state machine ARN as an execution")
                .isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> sfn.stopExecution(r -> r.executionArn(unknown))).as("stopping an unknown execution")
                .isInstanceOf(ExecutionDoesNotExistException.class);
    }

    @Test
    void deletedExecutionVanishesFromDescribe() {
        String arn = start(machine, "gone");
        emulator.deleteExecution(arn);

        assertThatThrownBy(() -> describe(arn)).as("describing a deleted execution")
                .isInstanceOf(ExecutionDoesNotExistException.class);
        assertThat(emulator.execution(arn)).as("direct view of a deleted execution").isEmpty();
    }

    @Test
    void directSnapshotMatchesTheWire() {
        String arn = emulator.startExecution(machine, "direct", "[1,2]");
        emulator.fail(arn, "E", "C");

        ExecutionView view = emulator.execution(arn).orElseThrow();
        assertThat(view.status()).as("snapshot status").isEqualTo(ExecutionStatus.FAILED);
        assertThat(view.input()).as("snapshot input").isEqualTo("[1,2]");
        assertThat(view.error()).as("snapshot error").isEqualTo("E");
        assertThat(view.redriveStatus()).as("snapshot redriveStatus").isEqualTo("REDRIVABLE");
        assertThat(view.startDate()).as("snapshot startDate equals the described one")
                .isEqualTo(describe(arn).startDate());

        assertThat(emulator.redrive(arn)).as("direct redrive returns the unchanged ARN").isEqualTo(arn);
        assertThat(emulator.execution(arn).orElseThrow().redriveCount()).as("redriveCount after direct redrive")
                .isEqualTo(1);
    }

    @Test
    void endingAnExecutionThatIsNotRunningIsAMisuse() {
        String arn = start(machine, "once");
        emulator.succeed(arn, "{}");

        assertThatThrownBy(() -> emulator.fail(arn, "E", "C")).as("failing a SUCCEEDED execution")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SUCCEEDED");
    }
}
