package io.github.sfnconnect.it;

import static io.github.sfnconnect.it.ConnectHarness.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.github.sfnconnect.emulator.ExecutionView;
import io.github.sfnconnect.emulator.StepFunctionsEmulator;

/** The connector in a real Connect worker and broker, against the emulator over HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StepFunctionsConnectorIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private ConnectHarness harness;
    private StepFunctionsEmulator sfn;

    @BeforeAll
    void startCluster() {
        harness = new ConnectHarness();
        sfn = harness.emulator();
    }

    @AfterAll
    void stopCluster() {
        if (harness != null) {
            harness.close();
        }
    }

    /** Records of the given state machines only: each test uses its own. */
    private List<ExecutionRecord> records(List<String> stateMachines) {
        return harness.readExecutions().stream()
                .filter(r -> stateMachines.contains(r.value().getString("stateMachineArn")))
                .toList();
    }

    private static Set<String> changes(List<ExecutionRecord> records) {
        return records.stream().map(ExecutionRecord::change).collect(Collectors.toSet());
    }

    private void awaitChanges(String what, List<String> stateMachines, Set<String> expected) throws InterruptedException {
        await("the topic did not receive " + what, WAIT,
                () -> changes(records(stateMachines)).containsAll(expected),
                () -> "missing " + difference(expected, changes(records(stateMachines))));
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new HashSet<>(a);
        d.removeAll(b);
        return d;
    }

    private static String change(String arn, String status, int redriveCount) {
        return arn + "|" + status + "|" + redriveCount;
    }

    private void startConnector(String name, int tasks, List<String> stateMachines) throws InterruptedException {
        startConnector(name, harness.connectorProps(tasks, stateMachines), stateMachines);
    }

    private void startConnector(String name, Map<String, String> props, List<String> stateMachines)
            throws InterruptedException {
        harness.startConnector(name, props, stateMachines);
    }

    @Test
    void streamsEveryLifecycleChangeExactlyOnceAcrossTwoTasks() throws InterruptedException {
        List<String> machines = List.of(sfn.createStateMachine("orders"), sfn.createStateMachine("payments"),
                sfn.createStateMachine("shipping"));
        startConnector("lifecycle", 2, machines);
        sfn.resetCallCounts();

        // 1: 24 executions start
        List<String> arns = new ArrayList<>();
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 24; i++) {
            String arn = sfn.startExecution(machines.get(i % 3), "exec-" + i,
                    "{\"order\":" + i + ",\"note\":\"caf\u00e9 \u2603\"}");
            arns.add(arn);
            expected.add(change(arn, "RUNNING", 0));
        }
        awaitChanges("a RUNNING record per started execution", machines, expected);

        // 2: each reaches a terminal status, a quarter of each kind
        for (int i = 0; i < arns.size(); i++) {
            String arn = arns.get(i);
            switch (i % 4) {
                case 0 -> { sfn.succeed(arn, "{\"ok\":" + i + "}"); expected.add(change(arn, "SUCCEEDED", 0)); }
                case 1 -> { sfn.fail(arn, "PaymentDeclined", "card " + i + " declined"); expected.add(change(arn, "FAILED", 0)); }
                case 2 -> { sfn.timeOut(arn); expected.add(change(arn, "TIMED_OUT", 0)); }
                default -> { sfn.abort(arn, "Cancelled", "by operator"); expected.add(change(arn, "ABORTED", 0)); }
            }
        }
        awaitChanges("a terminal record per execution", machines, expected);

        // 3: failed and timed-out executions are redriven, then succeed
        List<String> redriven = new ArrayList<>();
        for (int i = 0; i < arns.size(); i++) {
            if (i % 4 == 1 || i % 4 == 2) {
                sfn.redrive(arns.get(i));
                redriven.add(arns.get(i));
                expected.add(change(arns.get(i), "RUNNING", 1));
            }
        }
        awaitChanges("a RUNNING record per redrive", machines, expected);
        for (String arn : redriven) {
            sfn.succeed(arn, "{\"retried\":true}");
            expected.add(change(arn, "SUCCEEDED", 1));
        }
        awaitChanges("a SUCCEEDED record per redriven execution", machines, expected);

        // let two more full poll cycles run: nothing may be added
        harness.awaitListings(machines, 7);
        List<ExecutionRecord> records = records(machines);
        long describes = sfn.callCount("DescribeExecution");
        long lists = sfn.callCount("ListExecutions");
        System.out.printf("[lifecycle] executions=%d expected changes=%d records=%d DescribeExecution=%d "
                + "ListExecutions=%d all calls=%s%n", arns.size(), expected.size(), records.size(), describes, lists,
                sfn.callCounts());

        assertThat(changes(records)).as("exactly the expected changes").isEqualTo(expected);
        assertThat(records).as("no change twice").hasSize(expected.size());
        assertThat(describes).as("DescribeExecution only for changed executions: one per record")
                .isEqualTo(records.size());

        Map<String, ExecutionView> truth = arns.stream().collect(Collectors.toMap(Function.identity(),
                a -> sfn.execution(a).orElseThrow()));
        for (ExecutionRecord r : records) {
            ExecutionView v = truth.get(r.arn());
            assertThat(r.key()).as("key is the execution ARN").isEqualTo(v.executionArn());
            assertThat(r.value().getString("stateMachineArn")).isEqualTo(v.stateMachineArn());
            assertThat(r.value().getString("name")).isEqualTo(v.name());
            assertThat(r.value().getString("input")).as("input of %s", r.arn()).isEqualTo(v.input());
            assertThat(r.date("startDate").toInstant()).isEqualTo(v.startDate());
            assertThat(r.headers().lastHeader("sfn.status").value())
                    .isEqualTo(r.status().getBytes(StandardCharsets.UTF_8));
            Struct details = r.value().getStruct("inputDetails");
            assertThat(details.getBoolean("included")).as("inputDetails.included").isTrue();
            switch (r.status()) {
                case "RUNNING" -> {
                    assertThat(r.value().get("stopDate")).as("no stop date while running").isNull();
                    long expectedTs = r.redriveCount() > 0 ? r.date("redriveDate").getTime() : r.date("startDate").getTime();
                    assertThat(r.timestamp()).as("record time = start, or redrive date").isEqualTo(expectedTs);
                }
                case "SUCCEEDED" -> {
                    if (r.redriveCount() == 0 || v.redriveCount() == r.redriveCount()) {
                        assertThat(r.value().getString("output")).as("output of %s", r.arn()).isEqualTo(v.output());
                    }
                    assertThat(r.timestamp()).as("record time = stop date").isEqualTo(r.date("stopDate").getTime());
                }
                case "FAILED" -> {
                    assertThat(r.value().getString("error")).isEqualTo("PaymentDeclined");
                    assertThat(r.value().getString("cause")).startsWith("card ");
                    assertThat(r.value().get("output")).as("no output on failure").isNull();
                    assertThat(r.value().getString("redriveStatus")).isEqualTo("REDRIVABLE");
                }
                case "TIMED_OUT" -> assertThat(r.value().getString("error")).isEqualTo("States.Timeout");
                case "ABORTED" -> assertThat(r.value().getString("cause")).isEqualTo("by operator");
                default -> throw new AssertionError("unexpected status " + r.status());
            }
        }
        harness.connect().deleteConnector("lifecycle");
    }

    /**
     * Past about 200 state machines a task's ARN list is stored packed: Connect keeps each task configuration in one
     * config topic record (1 MiB by default), which 10,000 plain ARNs outgrew. The worker must store it and hand it to
     * the task, which streams the first and the last of its state machines.
     */
    @Test
    void aTaskOfHundredsOfStateMachinesGetsItsPackedShareThroughTheConfigTopic() throws Exception {
        List<String> machines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            machines.add(sfn.createStateMachine(String.format("fleet-%03d", i)));
        }
        startConnector("fleet", 1, machines);

        String url = harness.connect().endpointForResource("connectors/fleet/tasks");
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode task = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(response.body()).get(0).get("config");
        assertThat(task.get("task.state.machine.arns").asText()).as("the share, packed").startsWith("gzip+base64:");
        assertThat(task.has("state.machine.arns")).as("the connector's list is not copied to its tasks").isFalse();

        String first = sfn.startExecution(machines.get(0), "first", "{}");
        String last = sfn.startExecution(machines.get(299), "last", "{}");
        awaitChanges("RUNNING records of the first and the last state machine", machines,
                Set.of(change(first, "RUNNING", 0), change(last, "RUNNING", 0)));
        harness.connect().deleteConnector("fleet");
    }

    @Test
    void restartMidStreamNeitherLosesNorRepeatsAChange() throws InterruptedException {
        List<String> machines = List.of(sfn.createStateMachine("restart-a"), sfn.createStateMachine("restart-b"));
        startConnector("restart", 2, machines);

        List<String> arns = new ArrayList<>();
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            String arn = sfn.startExecution(machines.get(i % 2), "r-" + i, "{\"i\":" + i + "}");
            arns.add(arn);
            expected.add(change(arn, "RUNNING", 0));
        }
        awaitChanges("RUNNING records before the restart", machines, expected);
        for (int i = 0; i < 5; i++) {
            sfn.succeed(arns.get(i), "{}");
            expected.add(change(arns.get(i), "SUCCEEDED", 0));
        }
        awaitChanges("SUCCEEDED records before the restart", machines, expected);
        int before = records(machines).size();

        harness.connect().stopConnector("restart");
        harness.connect().assertions().assertConnectorIsStopped("restart", "connector did not stop");

        // while it is stopped: some fail, some new ones start, some of those finish before it comes back
        Set<String> duringDowntime = new HashSet<>();
        for (int i = 5; i < 10; i++) {
            sfn.fail(arns.get(i), "Boom", "while stopped");
            duringDowntime.add(change(arns.get(i), "FAILED", 0));
        }
        for (int i = 0; i < 10; i++) {
            String arn = sfn.startExecution(machines.get(i % 2), "late-" + i, "{}");
            if (i < 5) {
                sfn.succeed(arn, "{\"fast\":true}");
                duringDowntime.add(change(arn, "SUCCEEDED", 0)); // its RUNNING was never observed
            } else {
                duringDowntime.add(change(arn, "RUNNING", 0));
            }
        }
        expected.addAll(duringDowntime);
        sfn.resetCallCounts();

        harness.connect().resumeConnector("restart");
        harness.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning("restart", 2,
                "connector did not resume");
        awaitChanges("the changes made while the connector was stopped", machines, expected);
        harness.awaitListings(machines, 7);

        List<ExecutionRecord> records = records(machines);
        long describes = sfn.callCount("DescribeExecution");
        System.out.printf("[restart] records before stop=%d, after resume=%d (expected %d new); "
                + "DescribeExecution after resume=%d; calls after resume=%s%n", before, records.size() - before,
                duringDowntime.size(), describes, sfn.callCounts());
        assertThat(changes(records)).as("every change, none invented").isEqualTo(expected);
        assertThat(records).as("no change emitted twice across the restart").hasSize(expected.size());
        assertThat(describes).as("after the restart only the changed executions are described")
                .isEqualTo(duringDowntime.size());
        harness.connect().deleteConnector("restart");
    }

    @Test
    void metadataOnlyKeepsPayloadsOutOfKafkaAndFilteredStatusesCostNoDescribe() throws InterruptedException {
        String machine = sfn.createStateMachine("sensitive");
        Map<String, String> props = harness.connectorProps(1, List.of(machine));
        props.put("execution.detail", "metadata");
        props.put("execution.statuses", "SUCCEEDED,FAILED");
        startConnector("metadata-only", props, List.of(machine));
        sfn.resetCallCounts();

        String arn = sfn.startExecution(machine, "pii", "{\"ssn\":\"078-05-1120\"}");
        await("the connector did not list the running execution", WAIT,
                () -> sfn.callCount("ListExecutions") >= 6, sfn::callCounts); // three polls at least
        sfn.succeed(arn, "{\"card\":\"4111111111111111\"}");
        awaitChanges("the SUCCEEDED record", List.of(machine), Set.of(change(arn, "SUCCEEDED", 0)));

        List<ExecutionRecord> records = records(List.of(machine));
        assertThat(records).as("RUNNING is not in execution.statuses").hasSize(1);
        Struct value = records.get(0).value();
        assertThat(value.get("input")).as("input left out").isNull();
        assertThat(value.get("output")).as("output left out").isNull();
        assertThat(value.getStruct("inputDetails").getBoolean("included")).isFalse();
        assertThat(harness.readAll(ConnectHarness.TOPIC).stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)))
                .as("no payload anywhere in the topic").noneMatch(v -> v.contains("078-05-1120") || v.contains("4111"));
        assertThat(sfn.callCount("DescribeExecution")).as("the filtered RUNNING state was not described").isEqualTo(1);
        harness.connect().deleteConnector("metadata-only");
    }

    /**
     * execution.detail=summary: every change is a record built from its ListExecutions item, without
     * DescribeExecution, except an execution that ends after falling behind the consistency window (the running list
     * shows only that it ended): one describe for it.
     */
    @Test
    void summaryDetailRecordsEveryChangeFromTheListWithoutDescribeExecution() throws InterruptedException {
        String machine = sfn.createStateMachine("listed-only");
        Map<String, String> props = harness.connectorProps(1, List.of(machine));
        props.put("execution.detail", "summary");
        props.put("consistency.window.ms", "1000");
        startConnector("summary", props, List.of(machine));
        sfn.resetCallCounts();

        // every kind of change, all inside the window of the newest execution: the list shows each one
        List<String> arns = new ArrayList<>();
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            String arn = sfn.startExecution(machine, "listed-" + i, "{\"secret\":\"s-" + i + "\"}");
            arns.add(arn);
            expected.add(change(arn, "RUNNING", 0));
        }
        awaitChanges("a RUNNING record per execution", List.of(machine), expected);
        String longRunning = arns.get(7);
        for (int i = 0; i < 7; i++) {
            String arn = arns.get(i);
            switch (i % 4) {
                case 0 -> { sfn.succeed(arn, "{\"secret\":\"out\"}"); expected.add(change(arn, "SUCCEEDED", 0)); }
                case 1 -> { sfn.fail(arn, "Boom", "secret cause"); expected.add(change(arn, "FAILED", 0)); }
                case 2 -> { sfn.timeOut(arn); expected.add(change(arn, "TIMED_OUT", 0)); }
                default -> { sfn.abort(arn, "Stopped", "by operator"); expected.add(change(arn, "ABORTED", 0)); }
            }
        }
        awaitChanges("a terminal record per execution", List.of(machine), expected);
        String redriven = arns.get(1);
        sfn.redrive(redriven);
        expected.add(change(redriven, "RUNNING", 1));
        awaitChanges("the redrive", List.of(machine), expected);
        sfn.succeed(redriven, "{}");
        expected.add(change(redriven, "SUCCEEDED", 1));
        awaitChanges("the redriven execution's success", List.of(machine), expected);
        harness.awaitListings(List.of(machine), 7);

        List<ExecutionRecord> records = records(List.of(machine));
        System.out.printf("[summary] records=%d calls=%s%n", records.size(), sfn.callCounts());
        assertThat(changes(records)).as("every change, none invented").isEqualTo(expected);
        assertThat(records).as("no change twice").hasSize(expected.size());
        assertThat(sfn.callCount("DescribeExecution")).as("no DescribeExecution").isZero();
        for (ExecutionRecord r : records) {
            ExecutionView v = sfn.execution(r.arn()).orElseThrow();
            assertThat(r.value().getString("name")).isEqualTo(v.name());
            assertThat(r.value().getString("stateMachineArn")).isEqualTo(v.stateMachineArn());
            assertThat(r.date("startDate").toInstant()).isEqualTo(v.startDate());
            assertThat(r.value().get("stopDate") == null).as("stop date of %s", r.change())
                    .isEqualTo("RUNNING".equals(r.status()));
            assertThat(r.value().get("redriveDate") == null).as("redrive date of %s", r.change())
                    .isEqualTo(r.redriveCount() == 0);
            for (String onlyDescribed : List.of("input", "inputDetails", "output", "outputDetails", "error", "cause",
                    "redriveStatus")) {
                assertThat(r.value().get(onlyDescribed)).as("%s of %s", onlyDescribed, r.change()).isNull();
            }
        }
        assertThat(harness.readAll(ConnectHarness.TOPIC).stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)))
                .as("no payload or cause anywhere in the topic").noneMatch(v -> v.contains("secret"));

        // a newer execution leaves the running one behind the window; its end shows only by its absence
        String newer = sfn.startExecution(machine, "newer", "{}");
        expected.add(change(newer, "RUNNING", 0));
        awaitChanges("the newer execution", List.of(machine), expected);
        sfn.fail(longRunning, "Boom", "secret cause");
        expected.add(change(longRunning, "FAILED", 0));
        awaitChanges("the end of the execution behind the window", List.of(machine), expected);
        harness.awaitListings(List.of(machine), 7);
        records = records(List.of(machine));
        assertThat(changes(records)).isEqualTo(expected);
        assertThat(records).hasSize(expected.size());
        assertThat(sfn.callCount("DescribeExecution")).as("one describe, for the execution that ended behind the window")
                .isEqualTo(1);
        ExecutionRecord failed = records.stream().filter(r -> r.change().equals(change(longRunning, "FAILED", 0)))
                .findFirst().orElseThrow();
        assertThat(failed.value().get("error")).as("cut to the list's fields like every summary record").isNull();
        assertThat(failed.date("stopDate").toInstant()).isEqualTo(sfn.execution(longRunning).orElseThrow().stopDate());
        harness.connect().deleteConnector("summary");
    }

    @Test
    void initialPositionLatestSkipsHistoryAndEarliestBackfillsIt() throws InterruptedException {
        String forLatest = sfn.createStateMachine("history-latest");
        String forEarliest = sfn.createStateMachine("history-earliest");
        Set<String> history = new HashSet<>();
        for (String machine : List.of(forLatest, forEarliest)) {
            for (int i = 0; i < 5; i++) {
                String arn = sfn.startExecution(machine, "old-" + i, "{}");
                if (i < 3) {
                    sfn.succeed(arn, "{}");
                }
                if (machine.equals(forEarliest)) {
                    history.add(change(arn, i < 3 ? "SUCCEEDED" : "RUNNING", 0));
                }
            }
        }

        startConnector("from-latest", harness.connectorProps(1, List.of(forLatest)), List.of(forLatest));
        Map<String, String> earliest = harness.connectorProps(1, List.of(forEarliest));
        earliest.put("initial.position", "earliest");
        startConnector("from-earliest", earliest, List.of(forEarliest));

        String fresh = sfn.startExecution(forLatest, "new", "{}");
        awaitChanges("the backfill of retained history", List.of(forEarliest), history);
        awaitChanges("the execution started after the connector", List.of(forLatest),
                Set.of(change(fresh, "RUNNING", 0)));
        harness.awaitListings(List.of(forEarliest, forLatest), 7);

        assertThat(changes(records(List.of(forEarliest)))).as("earliest: every retained execution").isEqualTo(history);
        assertThat(changes(records(List.of(forLatest)))).as("latest: only what started after the first start")
                .containsExactly(change(fresh, "RUNNING", 0));
        harness.connect().deleteConnector("from-latest");
        harness.connect().deleteConnector("from-earliest");
    }

    @Test
    void invalidConfigurationIsReportedByTheRestValidateEndpoint() {
        Map<String, String> props = harness.connectorProps(1, List.of("arn:aws:states:us-east-1:123:stateMachine:x"));
        props.put("name", "invalid");
        props.put("list.page.size", "5000");
        ConfigInfos result = harness.connect().validateConnectorConfig("StepFunctionsSourceConnector", props);
        Map<String, List<String>> errors = result.values().stream()
                .filter(c -> c.configValue() != null && !c.configValue().errors().isEmpty())
                .collect(Collectors.toMap(c -> c.configValue().name(), c -> c.configValue().errors()));
        assertThat(result.errorCount()).as("errors reported: %s", errors).isEqualTo(2);
        assertThat(errors.get("state.machine.arns")).as("bad ARN").anySatisfy(m -> assertThat(m)
                .contains("is not a state machine ARN"));
        assertThat(errors).containsKey("list.page.size");
        assertThat(result.values().stream().map(c -> c.configKey().group()).toList())
                .as("keys are grouped").contains("AWS connection", "State machines", "Records");
    }

    @Test
    void executionsStartedThroughAVersionOrAnAliasCarryTheirArnsAndAnAliasArnStreamsOnlyItsOwn()
            throws InterruptedException {
        String whole = sfn.createStateMachine("versioned-whole");
        String wholeVersion = sfn.publishVersion(whole);
        String wholeAlias = sfn.createAlias(whole, "PROD", wholeVersion);
        String partial = sfn.createStateMachine("versioned-partial");
        String partialAlias = sfn.createAlias(partial, "LIVE", sfn.publishVersion(partial));
        startConnector("by-whole", 1, List.of(whole));
        Map<String, String> aliasOnly = harness.connectorProps(1, List.of(partialAlias));
        startConnector("by-alias", aliasOnly, List.of(partialAlias));

        String plain = sfn.startExecution(whole, "plain", "{}");
        String viaVersion = sfn.startExecution(wholeVersion, "via-version", "{}");
        String viaAlias = sfn.startExecution(wholeAlias, "via-alias", "{}");
        String partialPlain = sfn.startExecution(partial, "not-through-the-alias", "{}");
        String partialViaAlias = sfn.startExecution(partialAlias, "through-the-alias", "{}");
        awaitChanges("the executions of the whole state machine", List.of(whole), Set.of(change(plain, "RUNNING", 0),
                change(viaVersion, "RUNNING", 0), change(viaAlias, "RUNNING", 0)));
        awaitChanges("the alias's execution", List.of(partial), Set.of(change(partialViaAlias, "RUNNING", 0)));
        harness.awaitListings(List.of(whole, partialAlias), 7); // each as its connector lists it

        Map<String, Struct> byArn = records(List.of(whole, partial)).stream()
                .collect(Collectors.toMap(ExecutionRecord::arn, ExecutionRecord::value, (a, b) -> b));
        assertThat(byArn.get(plain).getString("stateMachineVersionArn")).isNull();
        assertThat(byArn.get(viaVersion).getString("stateMachineVersionArn")).isEqualTo(wholeVersion);
        assertThat(byArn.get(viaVersion).getString("stateMachineAliasArn")).isNull();
        assertThat(byArn.get(viaAlias).getString("stateMachineVersionArn")).isEqualTo(wholeVersion);
        assertThat(byArn.get(viaAlias).getString("stateMachineAliasArn")).isEqualTo(wholeAlias);
        assertThat(byArn.get(partialViaAlias).getString("stateMachineAliasArn")).isEqualTo(partialAlias);
        assertThat(byArn).as("an alias ARN streams only the executions started through it")
                .doesNotContainKey(partialPlain);
        harness.connect().deleteConnector("by-whole");
        harness.connect().deleteConnector("by-alias");
    }

    @Test
    void expressOrMissingStateMachineIsRefusedAtCreationWithTheFix() {
        String express = sfn.createStateMachine("fast-lane", "EXPRESS");
        assertRefused("express", express, "is an EXPRESS state machine");
        String missing = "arn:aws:states:us-east-1:" + sfn.accountId() + ":stateMachine:never-created";
        assertRefused("missing", missing, "create the state machine before the connector, or remove it");
    }

    private void assertRefused(String connector, String arn, String message) {
        assertThatThrownBy(() -> harness.connect().configureConnector(connector,
                harness.connectorProps(1, List.of(arn))))
                .as("validate() refuses %s", arn).isInstanceOf(ConnectRestException.class)
                .hasMessageContaining(arn).hasMessageContaining(message);
        assertThat(harness.connect().connectors()).as("nothing created").doesNotContain(connector);
    }
}
