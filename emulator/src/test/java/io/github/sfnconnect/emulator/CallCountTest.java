package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;

/** Per-action call counting, errors included, under concurrent SDK use. */
class CallCountTest extends EmulatorFixture {
    private String machine;

    @BeforeEach
    void createMachine() {
        machine = emulator.createStateMachine("orders");
    }

    @Test
    void everyRequestIsCountedUnderItsActionIncludingErrors() {
        String arn = start(machine, "counted");
        describe(arn);
        describe(arn);
        assertThatThrownBy(() -> describe(arn + "-missing")).as("describing a missing execution")
                .isInstanceOf(ExecutionDoesNotExistException.class);
        sfn.listExecutions(r -> r.stateMachineArn(machine));

        assertThat(emulator.callCount("DescribeExecution")).as("DescribeExecution calls, the failed one too")
                .isEqualTo(3);
        assertThat(emulator.callCounts()).as("all counts; direct emulator methods are not calls")
                .isEqualTo(Map.of("StartExecution", 1L, "DescribeExecution", 3L, "ListExecutions", 1L));
        assertThat(emulator.callCount("RedriveExecution")).as("an action never called").isZero();
    }

    @Test
    void resetStartsTheCountsOver() {
        start(machine, "before-reset");
        emulator.resetCallCounts();
        sfn.listExecutions(r -> r.stateMachineArn(machine));

        assertThat(emulator.callCounts()).as("counts after reset").isEqualTo(Map.of("ListExecutions", 1L));
    }

    @Test
    void concurrentCallsAreAllCountedAndAnswered() throws Exception {
        String arn = start(machine, "shared");
        int threads = 4;
        int callsPerThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    int answered = 0;
                    for (int i = 0; i < callsPerThread; i++) {
                        if (describe(arn).executionArn().equals(arn)) {
                            answered++;
                        }
                    }
                    return answered;
                }));
            }
            for (int i = 0; i < 20; i++) {
                emulator.startExecution(machine, "meanwhile" + i, null);
            }
            int answered = 0;
            for (Future<Integer> result : results) {
                answered += result.get();
            }
            assertThat(answered).as("describes answered with the right execution").isEqualTo(threads * callsPerThread);
        } finally {
            pool.shutdownNow();
        }
        assertThat(emulator.callCount("DescribeExecution")).as("DescribeExecution calls counted")
                .isEqualTo(threads * callsPerThread);
    }
}
