package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.Tag;

/** Token-bucket throttling per action, on the emulator's clock, as the SDK sees it. */
class ThrottlingFaultTest extends NoRetryFixture {
    private String execution;

    @BeforeEach
    void startExecution() {
        execution = emulator.startExecution(machine, "e1", null);
    }

    @Test
    void aBurstBeyondTheBucketIsThrottledAndTheBucketRefillsAtItsRate() {
        emulator.faults().throttle("DescribeExecution", 3, 2.0);

        for (int i = 0; i < 3; i++) {
            describeOnce();
        }
        assertThatThrownBy(this::describeOnce).as("the fourth call of a burst on a bucket of 3")
                .isInstanceOfSatisfying(SfnException.class, e -> {
                    assertThat(e.isThrottlingException()).as("classified as throttling by the SDK").isTrue();
                    assertThat(e.statusCode()).as("HTTP status").isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).as("error code").isEqualTo("ThrottlingException");
                    assertThat(e.awsErrorDetails().errorMessage()).as("message").isEqualTo("Rate exceeded");
                });

        clock.advance(Duration.ofMillis(500));
        describeOnce();
        assertThatThrownBy(this::describeOnce).as("half a second at 2 tokens/s refills one token only")
                .isInstanceOf(SfnException.class);

        clock.advance(Duration.ofMinutes(1));
        for (int i = 0; i < 3; i++) {
            describeOnce();
        }
        assertThatThrownBy(this::describeOnce).as("a long pause refills no more than the bucket holds")
                .isInstanceOf(SfnException.class);

        assertThat(emulator.faults().injectedCounts()).as("throttles counted")
                .containsEntry("ThrottlingException:DescribeExecution", 3L);
        assertThat(emulator.callCount("DescribeExecution")).as("throttled calls are calls too").isEqualTo(10);
    }

    @Test
    void otherActionsAndDirectMethodsAreNotThrottled() {
        emulator.faults().throttle("DescribeExecution", 1, 0);
        describeOnce();
        assertThatThrownBy(this::describeOnce).as("empty bucket, no refill").isInstanceOf(SfnException.class);

        for (int i = 0; i < 5; i++) {
            once.listExecutions(r -> r.stateMachineArn(machine));
            assertThat(emulator.execution(execution)).as("direct read").isPresent();
        }
    }

    @Test
    void scaledStandardQuotasBiteWithSmallWorkloads() {
        // ListExecutions 200 / 5 per s scaled by 0.01: a bucket of 2 regaining a token every 20 s
        emulator.faults().throttleStandardQuotas(0.01);

        once.listExecutions(r -> r.stateMachineArn(machine));
        once.listExecutions(r -> r.stateMachineArn(machine));
        assertThatThrownBy(() -> once.listExecutions(r -> r.stateMachineArn(machine)))
                .as("third ListExecutions").isInstanceOfSatisfying(SfnException.class,
                        e -> assertThat(e.isThrottlingException()).isTrue());
        clock.advance(Duration.ofSeconds(20));
        once.listExecutions(r -> r.stateMachineArn(machine));

        // DescribeExecution 300 / 15 scaled: a bucket of 3
        for (int i = 0; i < 3; i++) {
            describeOnce();
        }
        assertThatThrownBy(this::describeOnce).as("fourth DescribeExecution").isInstanceOf(SfnException.class);
    }

    @Test
    void standardQuotasLetAnOrdinaryWorkloadThrough() {
        emulator.faults().throttleStandardQuotas();
        for (int i = 0; i < 300; i++) {
            describeOnce();
        }
        assertThatThrownBy(this::describeOnce).as("DescribeExecution beyond its bucket of 300")
                .isInstanceOf(SfnException.class);
    }

    @Test
    void mapRunActionsHaveTheirPublishedQuotas() {
        String mapRun = emulator.startMapRun(execution, MapRunConfig.of("Map", 1, "STANDARD"));
        emulator.faults().throttleStandardQuotas();

        for (int i = 0; i < 200; i++) {
            once.describeMapRun(r -> r.mapRunArn(mapRun));
        }
        assertThatThrownBy(() -> once.describeMapRun(r -> r.mapRunArn(mapRun)))
                .as("DescribeMapRun beyond its bucket of 200").isInstanceOfSatisfying(SfnException.class,
                        e -> assertThat(e.isThrottlingException()).isTrue());
        for (int i = 0; i < 100; i++) {
            once.listMapRuns(r -> r.executionArn(execution));
        }
        assertThatThrownBy(() -> once.listMapRuns(r -> r.executionArn(execution)))
                .as("ListMapRuns beyond its bucket of 100").isInstanceOf(SfnException.class);

        clock.advance(Duration.ofSeconds(1));
        once.describeMapRun(r -> r.mapRunArn(mapRun));
        once.listMapRuns(r -> r.executionArn(execution));
        assertThatThrownBy(() -> once.describeMapRun(r -> r.mapRunArn(mapRun)))
                .as("DescribeMapRun regains one token a second").isInstanceOf(SfnException.class);
        assertThat(emulator.faults().injectedCounts()).as("throttles counted")
                .containsEntry("ThrottlingException:DescribeMapRun", 2L)
                .containsEntry("ThrottlingException:ListMapRuns", 1L);
    }

    @Test
    void taggingActionsHaveTheirPublishedQuotas() {
        emulator.faults().throttleStandardQuotas();

        for (int i = 0; i < 200; i++) {
            String key = "k" + (i % 50);
            once.tagResource(r -> r.resourceArn(machine).tags(Tag.builder().key(key).value("v").build()));
        }
        assertThatThrownBy(() -> once.tagResource(r -> r.resourceArn(machine).tags(Tag.builder().key("k").value("v").build())))
                .as("TagResource beyond its bucket of 200").isInstanceOfSatisfying(SfnException.class,
                        e -> assertThat(e.isThrottlingException()).isTrue());
        for (int i = 0; i < 200; i++) {
            once.untagResource(r -> r.resourceArn(machine).tagKeys("k0"));
        }
        assertThatThrownBy(() -> once.untagResource(r -> r.resourceArn(machine).tagKeys("k0")))
                .as("UntagResource beyond its bucket of 200").isInstanceOf(SfnException.class);
        for (int i = 0; i < 100; i++) {
            once.listTagsForResource(r -> r.resourceArn(machine));
        }
        assertThatThrownBy(() -> once.listTagsForResource(r -> r.resourceArn(machine)))
                .as("ListTagsForResource beyond its bucket of 100").isInstanceOf(SfnException.class);

        clock.advance(Duration.ofSeconds(1));
        once.tagResource(r -> r.resourceArn(machine).tags(Tag.builder().key("k").value("v").build()));
        once.untagResource(r -> r.resourceArn(machine).tagKeys("k"));
        once.listTagsForResource(r -> r.resourceArn(machine));
        assertThatThrownBy(() -> once.listTagsForResource(r -> r.resourceArn(machine)))
                .as("each regains one token a second").isInstanceOf(SfnException.class);
    }

    @Test
    void clearTurnsThrottlingOffAndKeepsTheCounts() {
        emulator.faults().throttle("DescribeExecution", 1, 0);
        describeOnce();
        assertThatThrownBy(this::describeOnce).isInstanceOf(SfnException.class);

        emulator.faults().clear();
        describeOnce();
        describeOnce();
        assertThat(emulator.faults().injectedCounts()).as("counts survive clear()")
                .containsEntry("ThrottlingException:DescribeExecution", 1L);
    }

    private void describeOnce() {
        once.describeExecution(r -> r.executionArn(execution));
    }
}
