package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.SfnException;

/** Seeded decisions repeat exactly; concurrent calls under faults are all answered and counted. */
class FaultDeterminismTest {
    private static final int CALLS = 60;

    @Test
    void theSameSeedGivesTheSameDecisions() {
        Consumer<Faults> plan = f -> f.serverErrors(0.3).vanishOnDescribe(0.1).connectionResets(0.1);
        List<String> first = outcomes(11, plan);
        List<String> second = outcomes(11, plan);
        List<String> other = outcomes(12, plan);

        assertThat(first).as("outcomes with the same seed").isEqualTo(second);
        assertThat(first).as("outcomes with another seed").isNotEqualTo(other);
        assertThat(first).as("a mix of outcomes").contains("ok", "ExecutionDoesNotExist", "InternalFailure");
    }

    @Test
    void aFaultSwitchedOnForOtherCallsDoesNotShiftTheDraws() {
        List<String> alone = outcomes(5, f -> f.serverErrors(0.3));
        List<String> withListFaults = outcomes(5, f -> f.serverErrors(0.3).invalidTokens(0.5)
                .slowResponses("ListExecutions", 0.5, Duration.ofMillis(1)));
        assertThat(withListFaults).isEqualTo(alone);
    }

    @Test
    void concurrentCallsUnderFaultsAreAllAnsweredAndCounted() throws Exception {
        try (StepFunctionsEmulator emulator = StepFunctionsEmulator.start();
                SfnClient sfn = EmulatorFixture.connectWithoutRetries(emulator)) {
            String machine = emulator.createStateMachine("orders");
            String arn = emulator.startExecution(machine, "shared", null);
            emulator.faults().throttle("DescribeExecution", 50, 0).serverErrors(0.2).connectionResets(0.05);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Integer>> answered = new ArrayList<>();
            try {
                for (int t = 0; t < 4; t++) {
                    answered.add(pool.submit(() -> {
                        int n = 0;
                        for (int i = 0; i < 40; i++) {
                            try {
                                sfn.describeExecution(r -> r.executionArn(arn));
                            } catch (SdkException e) {
                                // an injected fault: counted below
                            }
                            n++;
                        }
                        return n;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : answered) {
                    total += f.get();
                }
                assertThat(total).isEqualTo(160);
            } finally {
                pool.shutdownNow();
            }
            long faults = emulator.faults().injectedCounts().values().stream().mapToLong(Long::longValue).sum();
            assertThat(emulator.callCount("DescribeExecution")).as("calls").isEqualTo(160);
            assertThat(faults).as("faults injected").isBetween(110L, 160L);
            assertThat(emulator.faults().injectedCounts().get("ThrottlingException:DescribeExecution"))
                    .as("calls throttled once the 50 tokens were taken")
                    .isPositive();
        }
    }

    /** The outcome of each of a fixed sequence of describes, on a fresh emulator with the given seed and faults. */
    private static List<String> outcomes(long seed, Consumer<Faults> plan) {
        try (StepFunctionsEmulator emulator = StepFunctionsEmulator.start(new MutableClock(EmulatorFixture.T0));
                SfnClient sfn = EmulatorFixture.connectWithoutRetries(emulator)) {
            String machine = emulator.createStateMachine("orders");
            List<String> arns = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                arns.add(emulator.startExecution(machine, "e" + i, null));
            }
            plan.accept(emulator.faults().seed(seed));
            List<String> outcomes = new ArrayList<>();
            for (String arn : arns) {
                try {
                    sfn.describeExecution(r -> r.executionArn(arn));
                    outcomes.add("ok");
                } catch (SfnException e) {
                    outcomes.add(e.awsErrorDetails().errorCode());
                } catch (SdkException e) {
                    outcomes.add("reset");
                }
            }
            return outcomes;
        }
    }
}
