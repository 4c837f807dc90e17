package io.github.sfnconnect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.github.sfnconnect.emulator.MapRunConfig;
import io.github.sfnconnect.emulator.ScaledClock;
import io.github.sfnconnect.emulator.StepFunctionsEmulator;

/**
 * A Map Run over months, on the emulator's clock moved by the test, in a real Connect worker with exactly-once: it
 * fails, is dropped once everything of it is stored, the connector stops for 13 days, and the parent is redriven on
 * the last days of its redrive period. The Map Run is found again, resumed from its stored checkpoint: the failed
 * children's wait and redrive are streamed, the children that succeeded the first time are not streamed again.
 * Then 91 days of retention take the executions and the Map Run away; nothing fails and no offset is left.
 */
@Tag(LongHorizonIT.LONG_HORIZON)
class DistributedMapLongHorizonIT {

    private static final String CONNECTOR = "map-months";
    private static final int CHILDREN = 200;
    private static final int FAILING = 20;
    private static final String DEFINITION = """
            {"StartAt": "Items", "States": {"Items": {"Type": "Map", "Label": "items",
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "Work", "States": {"Work": {"Type": "Pass", "End": true}}}, "End": true}}}""";

    @Test
    void aMapRunRedrivenThirteenDaysLaterIsResumedNotStreamedAgain() throws Exception {
        // the simulated months end before the wall clock: Kafka 4 refuses timestamps an hour ahead (KIP-1030)
        ScaledClock clock = new ScaledClock(Instant.now().minus(120, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS),
                1);
        clock.pause(); // moved by the test only
        try (ConnectHarness harness = new ConnectHarness(1, Map.of("exactly.once.source.support", "enabled"), clock);
             TopicWatcher watcher = new TopicWatcher(harness.connect().kafka().bootstrapServers(),
                     ConnectHarness.TOPIC)) {
            run(harness, clock, watcher);
        }
    }

    private void run(ConnectHarness harness, ScaledClock clock, TopicWatcher watcher) throws Exception {
        StepFunctionsEmulator emulator = harness.emulator();
        EmbeddedConnectCluster connect = harness.connect();
        String sm = emulator.createStateMachine("nightly");
        emulator.updateStateMachine(sm, DEFINITION);
        Map<String, String> props = harness.connectorProps(1, List.of(sm));
        props.put("exactly.once.support", "required");
        props.put("poll.interval.ms", "200");
        props.put("consistency.window.ms", Long.toString(Duration.ofMinutes(10).toMillis()));
        props.put("map.run.discovery.interval.ms", "1000");
        props.put("aws.map.run.rate.limit", "50");
        props.put("topic.creation.default.retention.ms", "-1"); // the records carry months-old change times
        harness.startConnector(CONNECTOR, props, List.of(sm));
        Set<String> expected = new HashSet<>();

        clock.advance(Duration.ofMinutes(1)); // past the initial position (latest) the first checkpoint fixed
        String parent = emulator.startExecution(sm, "batch-1", "{}");
        clock.advance(Duration.ofMinutes(1));
        String run = emulator.startMapRun(parent, MapRunConfig.of("items", CHILDREN, "STANDARD")
                .withToleratedFailureCount(FAILING - 1));
        List<String> children = emulator.startChildren(run, CHILDREN);
        children.forEach(c -> expected.add(c + "|RUNNING|0"));
        expected.add(parent + "|RUNNING|0");
        awaitAll(watcher, "the running children", expected);
        clock.advance(Duration.ofMinutes(30));
        List<String> failing = children.subList(0, FAILING);
        for (String child : children.subList(FAILING, CHILDREN)) {
            emulator.succeed(child, "{}");
            expected.add(child + "|SUCCEEDED|0");
        }
        failing.forEach(child -> {
            emulator.fail(child, "Item.Failed", "bad item");
            expected.add(child + "|FAILED|0");
        });
        emulator.fail(parent, "States.ExceedToleratedFailureThreshold", "the Map Run failed");
        expected.add(parent + "|FAILED|0");
        awaitAll(watcher, "the Map Run's failure", expected);

        // a window later the Map Run is sealed, its children's offsets go and it is no longer listed
        clock.advance(Duration.ofMinutes(20));
        awaitQuiet(emulator, run);
        ConnectHarness.await("the children's offsets deleted", Duration.ofSeconds(60),
                () -> childOffsets(connect) == 0, () -> childOffsets(connect) + " child offsets");

        // the connector is stopped for 13 days; then the parent is redriven, on the last days it may be
        connect.stopConnector(CONNECTOR);
        connect.assertions().assertConnectorIsStopped(CONNECTOR, "connector did not stop");
        clock.advance(Duration.ofDays(13));
        connect.resumeConnector(CONNECTOR);
        emulator.redrive(parent);
        expected.add(parent + "|RUNNING|1");
        failing.forEach(child -> expected.add(child + "|PENDING_REDRIVE|0"));
        awaitAll(watcher, "the redriven Map Run's waiting children", expected);
        clock.advance(Duration.ofMinutes(1));
        emulator.runPendingRedrive(run, FAILING);
        failing.forEach(child -> expected.add(child + "|RUNNING|1"));
        awaitAll(watcher, "the redriven children running", expected);
        clock.advance(Duration.ofMinutes(5));
        failing.forEach(child -> {
            emulator.succeed(child, "{\"again\":true}");
            expected.add(child + "|SUCCEEDED|1");
        });
        emulator.succeed(parent, "{}");
        expected.add(parent + "|SUCCEEDED|1");
        awaitAll(watcher, "the redriven children's ends", expected);

        Map<String, Long> counts = watcher.counts("arn:");
        assertThat(counts.keySet()).as("exactly the changes the account went through").isEqualTo(expected);
        assertThat(counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
                .as("streamed twice (the children that succeeded the first time above all)").isEmpty();

        // retention: 90 days after they stopped, the executions and their Map Run are gone
        clock.advance(Duration.ofMinutes(20));
        awaitQuiet(emulator, run);
        for (int day = 0; day < 91; day++) {
            clock.advance(Duration.ofDays(1));
        }
        clock.advance(Duration.ofMinutes(20));
        harness.awaitListings(List.of(sm), 10);
        assertThat(emulator.mapRun(run)).as("deleted with its execution").isEmpty();
        assertThat(connect.connectorStatus(CONNECTOR).tasks().stream().filter(t -> "FAILED".equals(t.state()))
                .map(t -> t.trace()).toList()).as("failed tasks").isEmpty();
        assertThat(childOffsets(connect)).as("child offsets left").isZero();
        assertThat(watcher.counts("arn:")).as("nothing more streamed").isEqualTo(counts);
        connect.deleteConnector(CONNECTOR);
    }

    private static void awaitAll(TopicWatcher watcher, String what, Set<String> expected)
            throws InterruptedException {
        ConnectHarness.await("records of " + what, Duration.ofSeconds(120),
                () -> expected.stream().allMatch(watcher::hasSeen),
                () -> expected.stream().filter(c -> !watcher.hasSeen(c)).limit(5).toList());
    }

    /** Waits until the Map Run is not listed for 3 s while the connector runs. */
    private static void awaitQuiet(StepFunctionsEmulator emulator, String run) throws InterruptedException {
        ConnectHarness.await("Map Run " + run + " is still listed", Duration.ofSeconds(120), () -> {
            long before = emulator.listingsOf(run);
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return emulator.listingsOf(run) == before;
        }, () -> emulator.listingsOf(run) + " listings");
    }

    private static long childOffsets(EmbeddedConnectCluster connect) {
        return ConnectHarness.offsets(connect, CONNECTOR).stream()
                .filter(o -> String.valueOf(o.partition().get("execution_arn")).contains(":execution:nightly/"))
                .count();
    }
}
