package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;

/**
 * A million retained executions in one state machine: the heap each one costs, and that listing, describing and
 * expiring them stay cheap. Prints the measured bytes per execution.
 */
class RetentionScaleTest extends EmulatorFixture {
    private static final int EXECUTIONS = 1_000_000;
    /** The bound the emulator is designed to stay under (measured: see the printed figure). */
    private static final long MAX_BYTES_PER_EXECUTION = 400;

    @Test
    void aMillionClosedExecutionsFitAndAgeOutCheaply() {
        String machine = emulator.createStateMachine("busy");
        long before = usedHeap();
        for (int i = 0; i < EXECUTIONS; i++) {
            if (i % 1000 == 0) {
                clock.advance(Duration.ofMillis(1));
            }
            String arn = emulator.startExecution(machine, "e" + i, null);
            emulator.succeed(arn, "{}");
        }
        long bytesPerExecution = (usedHeap() - before) / EXECUTIONS;
        System.out.printf("RetentionScaleTest: %d closed executions retained, %d bytes of heap each%n",
                EXECUTIONS, bytesPerExecution);

        ListExecutionsResponse newest = sfn.listExecutions(r -> r.stateMachineArn(machine).maxResults(1000));
        assertThat(newest.executions()).as("a full page of the newest").hasSize(1000);
        assertThat(newest.executions().get(0).name()).isEqualTo("e" + (EXECUTIONS - 1));
        assertThat(bytesPerExecution).as("heap per retained execution").isLessThan(MAX_BYTES_PER_EXECUTION);

        clock.advance(StepFunctionsEmulator.RETENTION);
        long started = System.nanoTime();
        assertThat(sfn.listExecutions(r -> r.stateMachineArn(machine)).executions()).as("all aged out").isEmpty();
        long sweepMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("RetentionScaleTest: %d executions expired in one call of %d ms%n", EXECUTIONS, sweepMillis);
        assertThat(emulator.retentionQueueSize()).as("queue emptied").isZero();
        assertThat(emulator.executions(machine)).as("store emptied").isEmpty();
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
