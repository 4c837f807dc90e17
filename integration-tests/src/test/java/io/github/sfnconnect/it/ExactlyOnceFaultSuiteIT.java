package io.github.sfnconnect.it;

import static io.github.sfnconnect.it.FaultScenarioRunner.Disruption.REPLACE_WORKER;
import static io.github.sfnconnect.it.FaultScenarioRunner.Disruption.RESTART_BROKER;
import static io.github.sfnconnect.it.FaultScenarioRunner.Disruption.RESTART_CONNECTOR;
import static io.github.sfnconnect.it.FaultScenarioRunner.Disruption.STOP_AND_RESUME_CONNECTOR;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.github.sfnconnect.it.FaultScenarioRunner.Result;

/**
 * The mixed-fault scenario on a worker with exactly-once source support (KIP-618): records and offsets commit in
 * one transaction, so a read_committed consumer sees no duplicate across restarts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactlyOnceFaultSuiteIT {

    private ConnectHarness harness;
    private TopicWatcher watcher;

    @BeforeAll
    void start() {
        harness = new ConnectHarness(1, Map.of("exactly.once.source.support", "enabled"));
        watcher = new TopicWatcher(harness.connect().kafka().bootstrapServers(), ConnectHarness.TOPIC);
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

    @Test
    void noDuplicateAcrossRestartsUnderFaults() throws InterruptedException {
        Result r = new FaultScenarioRunner(harness, watcher).run("eos", 21, 4,
                Integer.getInteger("fault.suite.executions", 1500),
                Duration.ofSeconds(Long.getLong("fault.suite.seconds", 15)),
                Map.of("exactly.once.support", "required", "list.page.size", "25"),
                f -> f.throttle("DescribeExecution", 20, 60)
                        .serverErrors(0.03)
                        .connectionResets(0.01)
                        .listLag(Duration.ofSeconds(1))
                        .invalidTokens(0.1)
                        .vanishOnDescribe(0.01),
                List.of(RESTART_CONNECTOR, STOP_AND_RESUME_CONNECTOR, REPLACE_WORKER, RESTART_BROKER));
        r.assertComplete();
        assertThat(r.duplicates()).as("duplicates seen by a read_committed consumer with exactly-once").isZero();
    }
}
