package io.github.sfnconnect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.github.sfnconnect.emulator.ExecutionView;
import io.github.sfnconnect.emulator.MapRunConfig;
import io.github.sfnconnect.emulator.MapRunView;
import io.github.sfnconnect.emulator.StepFunctionsEmulator;

/**
 * The child executions of Distributed Map states, in a real Connect worker with exactly-once delivery: a Map Run of
 * 10,000 STANDARD children that fails past its tolerance, is redriven with its parent and then succeeds, restarts of
 * the connector while it runs and while it is redriven, and a Map Run of EXPRESS children that fails, is redriven
 * (its failed children start again under the same ARN: a new life each) and succeeds. Every child change the test waits for is in the topic once (read_committed), with its Map Run and
 * parent; each Map Run's progress records follow its changes in order; and a Map Run that stopped is no longer
 * listed once everything of it is stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DistributedMapIT {

    private static final int CHILDREN = Integer.getInteger("distributed.map.children", 10_000);
    private static final int EXPRESS_CHILDREN = CHILDREN / 10;
    private static final String DEFINITION = """
            {"StartAt": "Standard", "States": {
              "Standard": {"Type": "Map", "Label": "std",
                "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                  "StartAt": "Work", "States": {"Work": {"Type": "Pass", "End": true}}}, "Next": "Express"},
              "Express": {"Type": "Map", "Label": "exp",
                "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                  "StartAt": "Quick", "States": {"Quick": {"Type": "Pass", "End": true}}}, "End": true}}}""";

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
    void everyChildChangeOnceThroughFailureRedriveAndRestarts() throws InterruptedException {
        StepFunctionsEmulator emulator = harness.emulator();
        String sm = emulator.createStateMachine("batch");
        emulator.updateStateMachine(sm, DEFINITION);
        Map<String, String> props = harness.connectorProps(1, List.of(sm));
        props.put("exactly.once.support", "required");
        props.put("map.run.discovery.interval.ms", "2000");
        props.put("aws.map.run.rate.limit", "20");
        props.put("map.runs", "both");
        harness.startConnector("dm", props, List.of(sm));
        Set<String> expected = new HashSet<>(); // arn|status|redriveCount that must be in the topic

        // a Map Run of STANDARD children: started in batches, with a restart of the connector half-way
        String parent = emulator.startExecution(sm, "nightly", "{}");
        int tolerated = CHILDREN / 100;
        String run = emulator.startMapRun(parent, MapRunConfig.of("std", CHILDREN, "STANDARD")
                .withToleratedFailureCount(tolerated));
        int firstPart = CHILDREN * 6 / 10;
        List<String> children = new ArrayList<>();
        for (int started = 0; started < firstPart; started += 500) {
            children.addAll(emulator.startChildren(run, Math.min(500, firstPart - started)));
            if (started == firstPart / 2 / 500 * 500) {
                harness.connect().restartConnectorAndTasks("dm", false, true, false);
            }
            Thread.sleep(100);
        }
        awaitAll("the running children", running(children));
        // all but the last tolerated + 1 succeed; those fail, and the Map Run with them
        List<String> failing = children.subList(children.size() - tolerated - 1, children.size());
        for (String child : children.subList(0, children.size() - failing.size())) {
            emulator.succeed(child, "{\"ok\":true}");
            expected.add(child + "|SUCCEEDED|0");
        }
        for (String child : failing) {
            emulator.fail(child, "Item.Failed", "bad item");
            expected.add(child + "|FAILED|0");
        }
        assertThat(emulator.mapRun(run).orElseThrow().status().name()).isEqualTo("FAILED");
        emulator.fail(parent, "States.ExceedToleratedFailureThreshold", "the Map Run failed");
        expected.add(parent + "|FAILED|0");
        awaitAll("the first part of the Map Run", expected);

        // the parent is redriven, and with it the Map Run: the failed children wait, then run again and succeed;
        // the items never started run now; the connector restarts in the middle of it
        emulator.redrive(parent);
        failing.forEach(child -> expected.add(child + "|PENDING_REDRIVE|0"));
        awaitAll("the children waiting for the redrive", expected);
        List<String> redriven = emulator.runPendingRedrive(run, failing.size());
        harness.connect().restartConnectorAndTasks("dm", false, true, false);
        List<String> rest = new ArrayList<>();
        for (int started = firstPart; started < CHILDREN; started += 500) {
            rest.addAll(emulator.startChildren(run, Math.min(500, CHILDREN - started)));
            Thread.sleep(100);
        }
        Set<String> runningAgain = running(rest);
        redriven.forEach(child -> runningAgain.add(child + "|RUNNING|1"));
        awaitAll("the redriven and the newly started children", runningAgain);
        redriven.forEach(child -> {
            emulator.succeed(child, "{\"again\":true}");
            expected.add(child + "|SUCCEEDED|1");
        });
        rest.forEach(child -> {
            emulator.succeed(child, "{\"ok\":true}");
            expected.add(child + "|SUCCEEDED|0");
        });
        assertThat(emulator.mapRun(run).orElseThrow().status().name()).isEqualTo("SUCCEEDED");

        // a Map Run of EXPRESS children in the same parent: past its tolerance it fails once its running children
        // ended (EXPRESS executions cannot be stopped); redriven, its failed children start again under the same
        // ARN with a new start date: a new life
        String expressRun = emulator.startMapRun(parent, MapRunConfig.of("exp", EXPRESS_CHILDREN, "EXPRESS")
                .withToleratedFailurePercentage(1));
        List<String> express = emulator.startChildren(expressRun, EXPRESS_CHILDREN);
        awaitAll("the running EXPRESS children", running(express));
        List<String> expressFailed = new ArrayList<>();
        for (int i = 0; i < express.size(); i++) {
            if (i % 50 == 0) {
                emulator.fail(express.get(i), "Quick.Failed", "bad item");
                expected.add(express.get(i) + "|FAILED|0");
                expressFailed.add(express.get(i));
            } else {
                emulator.succeed(express.get(i), "{}");
                expected.add(express.get(i) + "|SUCCEEDED|0");
            }
        }
        assertThat(emulator.mapRun(expressRun).orElseThrow().status().name()).isEqualTo("FAILED");
        emulator.fail(parent, "States.ExceedToleratedFailureThreshold", "the EXPRESS Map Run failed");
        expected.add(parent + "|FAILED|1");
        awaitAll("the EXPRESS Map Run's failure", expected);
        emulator.redrive(parent);
        expressFailed.forEach(child -> expected.add(child + "|PENDING_REDRIVE|0"));
        awaitAll("the EXPRESS children waiting for the redrive", expected);
        emulator.runPendingRedrive(expressRun, expressFailed.size());
        Set<String> newLives = new HashSet<>();
        for (String child : expressFailed) {
            long start = emulator.execution(child).orElseThrow().startDate().toEpochMilli();
            newLives.add(child + "@" + start + "|RUNNING|0");
        }
        ConnectHarness.await("the restarted EXPRESS children running", Duration.ofSeconds(240),
                () -> watcher.lifeCounts("arn:").keySet().containsAll(newLives), () -> newLives.size() + " lives");
        newLives.clear();
        for (String child : expressFailed) {
            emulator.succeed(child, "{\"again\":true}");
            long start = emulator.execution(child).orElseThrow().startDate().toEpochMilli();
            newLives.add(child + "@" + start + "|SUCCEEDED|0");
        }
        assertThat(emulator.mapRun(expressRun).orElseThrow().status().name()).isEqualTo("SUCCEEDED");
        emulator.succeed(parent, "{}");
        expected.add(parent + "|SUCCEEDED|2");
        awaitAll("every child's end", expected);
        ConnectHarness.await("the restarted EXPRESS children's ends", Duration.ofSeconds(240),
                () -> watcher.lifeCounts("arn:").keySet().containsAll(newLives), () -> newLives.size() + " lives");

        // nothing twice with exactly-once, and nothing that never happened
        Map<String, Long> lives = watcher.lifeCounts("arn:");
        assertThat(lives.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).limit(10).toList())
                .as("changes seen more than once by a read_committed consumer").isEmpty();
        Set<String> possible = possibleChanges(emulator, sm, List.of(run, expressRun));
        expressFailed.forEach(child -> possible.addAll(List.of(child + "|FAILED|0", child + "|PENDING_REDRIVE|0")));
        assertThat(watcher.counts("arn:").keySet().stream().filter(c -> !possible.contains(c)).limit(10).toList())
                .as("records of states that never happened").isEmpty();

        // each child record names its Map Run and its parent
        Map<String, String> runOf = new HashMap<>();
        emulator.children(run).forEach(c -> runOf.put(c.executionArn(), run));
        emulator.children(expressRun).forEach(c -> runOf.put(c.executionArn(), expressRun));
        List<ExecutionRecord> records = harness.readExecutions();
        List<String> misnamed = records.stream().filter(r -> runOf.containsKey(r.arn()))
                .filter(r -> !runOf.get(r.arn()).equals(r.value().getString("mapRunArn"))
                        || !parent.equals(r.value().getString("parentExecutionArn")))
                .map(ExecutionRecord::change).limit(5).toList();
        assertThat(misnamed).as("child records without their Map Run and parent").isEmpty();
        assertThat(records.stream().filter(r -> r.arn().equals(parent))
                .allMatch(r -> r.value().get("parentExecutionArn") == null)).isTrue();

        // progress: one record per change, in order, ending in the Map Run's final state
        for (String mapRun : List.of(run, expressRun)) {
            ConnectHarness.await("final progress of " + mapRun, Duration.ofSeconds(60),
                    () -> finalProgressSeen(emulator, mapRun), () -> progress(mapRun));
            List<Struct> progress = progress(mapRun);
            for (int i = 1; i < progress.size(); i++) {
                assertThat(progress.get(i)).as("progress record %d of %s repeats the one before", i, mapRun)
                        .isNotEqualTo(progress.get(i - 1));
            }
            assertThat(progress.get(0).getString("status")).as("first progress of %s", mapRun).isEqualTo("RUNNING");
        }
        for (String redrivenRun : List.of(run, expressRun)) {
            assertThat(progress(redrivenRun).stream().map(p -> p.getString("status") + "/" + p.getInt32("redriveCount"))
                    .distinct().toList()).as("statuses of the redriven Map Run %s, in order", redrivenRun)
                    .containsExactly("RUNNING/0", "FAILED/0", "RUNNING/1", "SUCCEEDED/1");
        }

        // both Map Runs stopped and are stored: they are no longer listed
        for (String stopped : List.of(run, expressRun)) {
            ConnectHarness.await("Map Run " + stopped + " is still listed after it stopped", Duration.ofSeconds(120),
                    () -> quiet(emulator, stopped), () -> emulator.listingsOf(stopped) + " listings");
        }
    }

    private static final String PROGRESS_TOPIC = ConnectHarness.TOPIC + ".map-runs";

    /** The Map Run's progress records, in the order of their partition. */
    private List<Struct> progress(String mapRun) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), false);
        return harness.readAll(PROGRESS_TOPIC).stream().filter(r -> mapRun.equals(r.key()))
                .map(r -> (Struct) converter.toConnectData(PROGRESS_TOPIC, r.value()).value()).toList();
    }

    private boolean finalProgressSeen(StepFunctionsEmulator emulator, String mapRun) {
        MapRunView view = emulator.mapRun(mapRun).orElseThrow();
        List<Struct> progress = progress(mapRun);
        if (progress.isEmpty()) {
            return false;
        }
        Struct last = progress.get(progress.size() - 1);
        return last.getString("status").equals(view.status().name()) && last.getInt32("redriveCount")
                == view.redriveCount() && last.getStruct("executionCounts").getInt64("succeeded")
                == view.executionCounts().succeeded();
    }

    /** Whether the Map Run was not listed for 3 s, while its state machine was listed on. */
    private static boolean quiet(StepFunctionsEmulator emulator, String mapRun) {
        long before = emulator.listingsOf(mapRun);
        try {
            Thread.sleep(3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return emulator.listingsOf(mapRun) == before;
    }

    private static Set<String> running(List<String> executions) {
        return executions.stream().map(e -> e + "|RUNNING|0").collect(Collectors.toCollection(HashSet::new));
    }

    private void awaitAll(String what, Set<String> expected) throws InterruptedException {
        ConnectHarness.await("records of " + what, Duration.ofSeconds(240),
                () -> expected.stream().allMatch(watcher::hasSeen),
                () -> {
                    List<String> missing = expected.stream().filter(c -> !watcher.hasSeen(c)).toList();
                    return missing.size() + " missing, e.g. " + missing.stream().limit(5).toList();
                });
    }

    /**
     * Every arn|status|redriveCount a record may show: each execution's current state, and the states it went
     * through (RUNNING at each redrive count, the end before each redrive, PENDING_REDRIVE for the children).
     */
    private static Set<String> possibleChanges(StepFunctionsEmulator emulator, String sm, List<String> runs) {
        List<ExecutionView> all = new ArrayList<>(emulator.executions(sm));
        runs.forEach(r -> all.addAll(emulator.children(r)));
        Set<String> possible = new HashSet<>();
        for (ExecutionView e : all) {
            for (int redrive = 0; redrive <= e.redriveCount(); redrive++) {
                for (String status : List.of("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED",
                        "PENDING_REDRIVE")) {
                    if (redrive < e.redriveCount() || status.equals("RUNNING") || status.equals(e.status().name())) {
                        possible.add(e.executionArn() + "|" + status + "|" + redrive);
                    }
                }
            }
        }
        return possible;
    }
}
