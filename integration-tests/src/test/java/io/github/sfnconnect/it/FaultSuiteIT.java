package io.github.sfnconnect.it;

import static io.github.sfnconnect.it.FaultScenarioRunner.Disruption.REPLACE_WORKER;
import static io.github.sfnconnect.it.FaultScenarioRunner.Disruption.RESTART_BROKER;
import static io.github.sfnconnect.it.FaultScenarioRunner.Disruption.RESTART_CONNECTOR;
import static io.github.sfnconnect.it.FaultScenarioRunner.Disruption.STOP_AND_RESUME_CONNECTOR;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.github.sfnconnect.emulator.Faults;
import io.github.sfnconnect.it.FaultScenarioRunner.Disruption;
import io.github.sfnconnect.it.FaultScenarioRunner.Result;

/**
 * The fault-injection suite, at-least-once (exactly-once is off on this worker): a seeded workload runs under each
 * fault, and under a mix of them while the connector, a worker and the broker restart. No change may be missing or
 * invented; graceful restarts commit offsets, so no duplicate is expected either.
 * <p>
 * Scenarios tagged {@value #SERVICE_FAULTS} disturb only the Step Functions API, which the connector handles in its
 * own code whatever the Connect runtime; the others (baseline: offset commits and forgetting final executions through
 * null offsets; mix: connector, worker and broker restarts) exercise the runtime, and are all that
 * integration-tests-connect-3.7 runs of this suite.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultSuiteIT {

    /** Seconds of workload per scenario; -Dfault.suite.seconds=300 makes a soak of it. */
    private static final Duration WORKLOAD = Duration.ofSeconds(Long.getLong("fault.suite.seconds", 15));
    private static final int EXECUTIONS = Integer.getInteger("fault.suite.executions", 1500);
    /** JUnit tag of the scenarios whose faults are all on the Step Functions side. */
    static final String SERVICE_FAULTS = "service-faults";

    private ConnectHarness harness;
    private TopicWatcher watcher;
    private FaultScenarioRunner runner;

    @BeforeAll
    void start() {
        harness = new ConnectHarness();
        watcher = new TopicWatcher(harness.connect().kafka().bootstrapServers(), ConnectHarness.TOPIC);
        runner = new FaultScenarioRunner(harness, watcher);
    }

    @AfterAll
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    private Result scenario(String name, long seed, Map<String, String> overrides, Consumer<Faults> faults,
                            List<Disruption> disruptions) throws InterruptedException {
        Result r = runner.run(name, seed, 4, EXECUTIONS, WORKLOAD, overrides, faults, disruptions);
        r.assertComplete();
        return r;
    }

    private static void assertNoDuplicates(Result r) {
        assertThat(r.duplicates()).as("%s: duplicate records (graceful restarts commit their offsets)", r.name())
                .isZero();
    }

    @Test
    void noFaults() throws InterruptedException {
        Result r = scenario("baseline", 1, Map.of(), f -> { }, List.of());
        assertNoDuplicates(r);
        assertThat(r.apiCalls().get("DescribeExecution")).as("one describe per record without faults")
                .isEqualTo(r.recordsSeen());
    }

    @Test
    @Tag(SERVICE_FAULTS)
    void throttlingStorm() throws InterruptedException {
        Result r = scenario("throttled", 2, Map.of(), f -> f
                .throttle("DescribeExecution", 10, 40)
                .throttle("ListExecutions", 5, 10), List.of());
        assertNoDuplicates(r);
        assertThat(r.faultsInjected()).as("throttling happened").containsKey("ThrottlingException:DescribeExecution");
    }

    @Test
    @Tag(SERVICE_FAULTS)
    void rateLimitKeepsTheConnectorUnderTheQuota() throws InterruptedException {
        // the workload's ~2,000 changes arrive over about 20 s (~100 describes/s), above the bucket's refill: only the
        // limit keeps the connector from being throttled
        Result r = scenario("under-quota", 3, Map.of("aws.describe.execution.rate.limit", "60",
                "aws.list.executions.rate.limit", "16"), f -> f
                .throttle("DescribeExecution", 10, 80)
                .throttle("ListExecutions", 5, 20), List.of());
        assertNoDuplicates(r);
        assertThat(r.faultsInjected()).as("a connector limited below the quota is never throttled")
                .doesNotContainKeys("ThrottlingException:DescribeExecution", "ThrottlingException:ListExecutions");
    }

    @Test
    @Tag(SERVICE_FAULTS)
    void serverErrors() throws InterruptedException {
        Result r = scenario("server-errors", 4, Map.of(), f -> f.serverErrors(0.1), List.of());
        assertNoDuplicates(r);
        assertThat(r.faultsInjected()).isNotEmpty();
    }

    @Test
    @Tag(SERVICE_FAULTS)
    void slowResponsesPastTheAttemptTimeout() throws InterruptedException {
        Result r = scenario("slow", 5, Map.of(), f -> f.slowResponses(0.03, Duration.ofMillis(1_500)), List.of());
        assertNoDuplicates(r);
        assertThat(r.faultsInjected()).isNotEmpty();
    }

    @Test
    @Tag(SERVICE_FAULTS)
    void connectionResets() throws InterruptedException {
        Result r = scenario("resets", 6, Map.of(), f -> f.connectionResets(0.05), List.of());
        assertNoDuplicates(r);
        assertThat(r.faultsInjected()).isNotEmpty();
    }

    @Test
    @Tag(SERVICE_FAULTS)
    void listLagsBehindDescribe() throws InterruptedException {
        assertNoDuplicates(scenario("list-lag", 7, Map.of(), f -> f
                .listLag(Duration.ofSeconds(2))
                .lateAppearance(0.1, Duration.ofSeconds(3)), List.of()));
    }

    /**
     * The window listing shrinks while nothing is late (towards consistency.window.min.ms, 2 s under a 20 s bound;
     * in summary mode it also covers the runs it sees end, about 4 s here; pages of 25, so that no page reaches far
     * below it), then halfway through the whole list suddenly trails by 8 s, twice the depth and more, and one
     * execution in ten appears 1.5 s after younger ones: nothing may be lost or repeated. Summary mode, where records
     * come from the list alone.
     */
    @Test
    @Tag(SERVICE_FAULTS)
    void listLagGrowsSuddenlyAfterTheWindowShrank() throws InterruptedException {
        Result r = runner.run("lag-jump", 13, 4, EXECUTIONS, WORKLOAD, Map.of("execution.detail", "summary",
                        "consistency.window.ms", "20000", "consistency.window.min.ms", "2000", "list.page.size", "25"),
                f -> { }, f -> f.listLag(Duration.ofSeconds(8)).lateAppearance(0.1, Duration.ofMillis(1_500)),
                List.of());
        r.assertComplete();
        assertNoDuplicates(r);
        assertThat(r.windowDepthsBeforeChange()).as("one depth per state machine").hasSize(4);
        assertThat(r.windowDepthsBeforeChange().values()).as("the window had shrunk below the lag to come")
                .allMatch(depth -> depth > 0 && depth < 8_000);
        assertThat(r.faultsInjected()).as("executions appeared late").containsKey("LateAppearance:ListExecutions");
    }

    @Test
    @Tag(SERVICE_FAULTS)
    void describeLagsBehindList() throws InterruptedException {
        assertNoDuplicates(scenario("describe-lag", 8, Map.of(), f -> f.describeLag(Duration.ofMillis(1_500)),
                List.of()));
    }

    @Test
    @Tag(SERVICE_FAULTS)
    void expiredPageTokens() throws InterruptedException {
        Result r = scenario("tokens", 9, Map.of("list.page.size", "10"), f -> f.invalidTokens(0.3), List.of());
        assertNoDuplicates(r);
        assertThat(r.faultsInjected()).isNotEmpty();
    }

    @Test
    @Tag(SERVICE_FAULTS)
    void executionsDeletedBetweenListAndDescribe() throws InterruptedException {
        Result r = scenario("vanishing", 10, Map.of(), f -> f.vanishOnDescribe(0.02), List.of());
        assertNoDuplicates(r);
        assertThat(r.faultsInjected()).isNotEmpty();
    }

    /**
     * execution.detail=summary: records come from the list alone, so the list's own faults (lag, late appearance,
     * throttling, errors) are what could lose or invent a change. DescribeExecution is left only for executions that
     * ended after falling behind the window and were not in the redriven list of the same poll.
     */
    @Test
    @Tag(SERVICE_FAULTS)
    void summaryDetailUnderListFaults() throws InterruptedException {
        Result r = scenario("summary", 12, Map.of("execution.detail", "summary"), f -> f
                .throttle("ListExecutions", 5, 10)
                .serverErrors(0.03)
                .listLag(Duration.ofSeconds(2))
                .lateAppearance(0.1, Duration.ofSeconds(3)), List.of());
        assertNoDuplicates(r);
        assertThat(r.apiCalls().getOrDefault("DescribeExecution", 0L))
                .as("summary: DescribeExecution only for the few executions that ended behind the window")
                .isLessThanOrEqualTo(r.recordsSeen() / 100);
    }

    @Test
    void mixOfFaultsWhileTheConnectorAWorkerAndTheBrokerRestart() throws InterruptedException {
        Result r = scenario("mix", 11, Map.of("list.page.size", "25"), f -> f
                        .throttle("DescribeExecution", 20, 60)
                        .throttle("ListExecutions", 10, 20)
                        .serverErrors(0.03)
                        .slowResponses(0.01, Duration.ofMillis(1_500))
                        .connectionResets(0.01)
                        .listLag(Duration.ofSeconds(1))
                        .describeLag(Duration.ofMillis(500))
                        .lateAppearance(0.05, Duration.ofSeconds(2))
                        .invalidTokens(0.1)
                        .vanishOnDescribe(0.01),
                List.of(RESTART_CONNECTOR, STOP_AND_RESUME_CONNECTOR, REPLACE_WORKER, RESTART_BROKER));
        assertThat(r.duplicates()).as("duplicates are bounded by what was sent but not committed at a restart")
                .isLessThanOrEqualTo(r.recordsSeen() / 10);
    }
}
