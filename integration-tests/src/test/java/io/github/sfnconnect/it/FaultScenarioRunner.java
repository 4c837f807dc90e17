package io.github.sfnconnect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;

import io.github.sfnconnect.emulator.Faults;
import io.github.sfnconnect.emulator.StepFunctionsEmulator;

/**
 * Runs a seeded workload against the connector in a real Connect worker while faults are injected and the
 * connector, a worker or the broker restart; then compares the topic with the workload's ground truth.
 */
final class FaultScenarioRunner {

    /** A disruption of the Connect cluster in the middle of a scenario. */
    enum Disruption { RESTART_CONNECTOR, STOP_AND_RESUME_CONNECTOR, REPLACE_WORKER, RESTART_BROKER }

    /** What a scenario measured. */
    record Result(String name, int executions, int redrives, int required, long recordsSeen, int distinctChanges,
                  Set<String> missing, Set<String> invented, long duplicates, Set<String> differingDuplicates,
                  Map<String, Long> apiCalls, Map<String, Long> faultsInjected, OffsetFootprint offsets,
                  long seconds, Map<String, Long> windowDepthsBeforeChange) {

        /** Prints the figures and checks what every scenario must show: nothing lost, invented or altered. */
        void assertComplete() {
            System.out.println(figures());
            assertThat(missing).as("%s: changes missing from the topic", name).isEmpty();
            assertThat(invented).as("%s: records of states that never happened", name).isEmpty();
            assertThat(differingDuplicates).as("%s: duplicates that differ from their first copy", name).isEmpty();
            assertThat(offsets.executionKeys()).as("%s: live offset keys are bounded by the open executions and those "
                    + "inside the consistency window", name).isLessThanOrEqualTo(offsets.bound());
        }

        String figures() {
            return String.format("[%s] executions=%d redrives=%d changes expected=%d records seen=%d distinct=%d "
                            + "missing=%d invented=%d duplicates=%d (differing=%d) seconds=%d%n    API calls=%s%n"
                            + "    faults injected=%s%n    offsets after the run: %d execution keys (bound: %d "
                            + "open executions + %d closed ones inside the consistency window), "
                            + "%d state machine keys, %.0f bytes per key",
                    name + " on Connect " + ConnectRuntime.LINE, executions, redrives, required, recordsSeen,
                    distinctChanges, missing.size(), invented.size(), duplicates, differingDuplicates.size(), seconds,
                    new TreeMap<>(apiCalls),
                    new TreeMap<>(faultsInjected), offsets.executionKeys(), offsets.redrivable(), offsets.inWindow(),
                    offsets.stateMachineKeys(), offsets.bytesPerKey());
        }
    }

    private final ConnectHarness harness;
    private final TopicWatcher watcher;

    FaultScenarioRunner(ConnectHarness harness, TopicWatcher watcher) {
        this.harness = harness;
        this.watcher = watcher;
    }

    Result run(String name, long seed, int machines, int maxExecutions, Duration duration,
               Map<String, String> connectorOverrides, Consumer<Faults> faults, List<Disruption> disruptions)
            throws InterruptedException {
        return run(name, seed, machines, maxExecutions, duration, connectorOverrides, faults, null, disruptions);
    }

    /**
     * As {@link #run(String, long, int, int, Duration, Map, Consumer, List)}, with {@code later} (if not null)
     * changing the faults halfway through the workload, once the depth of each state machine's window listing was
     * read ({@link Result#windowDepthsBeforeChange()}).
     */
    Result run(String name, long seed, int machines, int maxExecutions, Duration duration,
               Map<String, String> connectorOverrides, Consumer<Faults> faults, Consumer<Faults> later,
               List<Disruption> disruptions) throws InterruptedException {
        long started = System.currentTimeMillis();
        StepFunctionsEmulator sfn = harness.emulator();
        EmbeddedConnectCluster connect = harness.connect();
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < machines; i++) {
            arns.add(sfn.createStateMachine(name + "-" + i));
        }
        Map<String, String> props = harness.connectorProps(2, arns);
        props.put("consistency.window.ms", "8000");
        props.put("poll.interval.ms", "500");
        props.put("aws.max.attempts", "4");
        props.put("aws.api.attempt.timeout.ms", "1000");
        props.put("aws.api.call.timeout.ms", "5000");
        props.putAll(connectorOverrides);
        harness.startConnector(name, props, arns);

        sfn.resetCallCounts();
        Faults f = sfn.faults().clear().seed(seed);
        Map<String, Long> injectedBefore = Map.copyOf(f.injectedCounts());
        faults.accept(f);
        RandomWorkload workload = new RandomWorkload(sfn, arns, seed, maxExecutions, watcher::hasSeen);
        long end = System.currentTimeMillis() + duration.toMillis();
        int nextDisruption = 0;
        long disruptionEvery = duration.toMillis() / (disruptions.size() + 1);
        long nextDisruptionAt = System.currentTimeMillis() + disruptionEvery;
        long changeAt = System.currentTimeMillis() + duration.toMillis() / 2;
        Map<String, Long> depthsBefore = Map.of();
        while (System.currentTimeMillis() < end || nextDisruption < disruptions.size()) {
            workload.step();
            if (later != null && depthsBefore.isEmpty() && System.currentTimeMillis() >= changeAt) {
                depthsBefore = windowDepths(name);
                System.out.printf("[%s] faults change; window depths before: %s%n", name, depthsBefore);
                later.accept(f);
            }
            if (nextDisruption < disruptions.size() && System.currentTimeMillis() >= nextDisruptionAt) {
                disrupt(name, disruptions.get(nextDisruption++));
                nextDisruptionAt += disruptionEvery;
            }
            Thread.sleep(50);
        }
        workload.drain();
        // a long outage ends: the faults stop and the connector must catch up with everything
        Map<String, Long> injected = difference(f.injectedCounts(), injectedBefore);
        Set<String> vanished = f.vanishedExecutions();
        f.clear();
        String prefix = "arn:aws:states:" + sfn.region() + ":" + sfn.accountId() + ":execution:" + name + "-";
        Set<String> required = workload.requiredChanges(vanished);
        ConnectHarness.await("scenario " + name + " did not deliver every change", Duration.ofSeconds(180),
                () -> watcher.counts(prefix).keySet().containsAll(required),
                () -> missing(required, watcher.counts(prefix).keySet()).size() + " missing, e.g. "
                        + missing(required, watcher.counts(prefix).keySet()).stream().limit(5).toList());
        harness.awaitListings(arns, 7); // two more full poll cycles: anything that would be a duplicate arrives
        OffsetFootprint footprint = footprint(name, arns, Long.parseLong(props.get("consistency.window.ms")));
        connect.deleteConnector(name);

        Map<String, Long> counts = watcher.counts(prefix);
        long seen = counts.values().stream().mapToLong(Long::longValue).sum();
        Set<String> invented = new HashSet<>(counts.keySet());
        invented.removeAll(workload.possibleChanges());
        counts.entrySet().stream().filter(e -> e.getValue() > 1).limit(5)
                .forEach(e -> System.out.printf("[%s] duplicated %s x%d; history %s%n", name, e.getKey(), e.getValue(),
                        workload.history(e.getKey().substring(0, e.getKey().indexOf('|')))));
        Set<String> differing = new HashSet<>(watcher.differingDuplicates());
        differing.removeIf(c -> !c.startsWith(prefix));
        return new Result(name, workload.executions(), workload.redrives(), required.size(), seen, counts.size(),
                missing(required, counts.keySet()), invented, seen - counts.size(), differing,
                Map.copyOf(sfn.callCounts()), injected, footprint, (System.currentTimeMillis() - started) / 1000,
                depthsBefore);
    }

    /** Each state machine's {@code window-depth-ms} (the worker runs in this JVM), by state machine. */
    private static Map<String, Long> windowDepths(String connector) {
        Map<String, Long> depths = new TreeMap<>();
        try {
            javax.management.MBeanServer jmx = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            for (javax.management.ObjectName n : jmx.queryNames(new javax.management.ObjectName(
                    "kafka.connect.stepfunctions:type=state-machine-metrics,*"), null)) {
                String c = n.getKeyProperty("connector");
                if (connector.equals(c) || ("\"" + connector + "\"").equals(c)) {
                    Object v = jmx.getAttribute(n, "window-depth-ms");
                    depths.put(n.getKeyProperty("state-machine"), ((Number) v).longValue());
                }
            }
        } catch (javax.management.JMException e) {
            throw new IllegalStateException("Reading the window depths of " + connector, e);
        }
        return depths;
    }

    /** Live offset keys once every execution ended and left the consistency window, and their average size. */
    record OffsetFootprint(int executionKeys, int stateMachineKeys, int redrivable, int inWindow,
                           double bytesPerKey) {

        /**
         * What the offsets must remember: open executions, and closed ones a restart lists again (inside the
         * window). Closed executions behind the window need none, redrivable or not: a redrive raises the redrive
         * count, which the redriven listing shows.
         */
        int bound() {
            return redrivable + inWindow;
        }
    }

    private OffsetFootprint footprint(String connector, List<String> machines, long windowMs)
            throws InterruptedException {
        // final executions are forgotten once behind the watermark, out of the window and committed: give the
        // window time to pass, then a little more for offset commits before judging
        Thread.sleep(windowMs);
        OffsetFootprint footprint = measure(connector, machines, windowMs);
        for (int i = 0; i < 20 && footprint.executionKeys() > footprint.bound(); i++) {
            Thread.sleep(1_000);
            footprint = measure(connector, machines, windowMs);
        }
        return footprint;
    }

    private OffsetFootprint measure(String connector, List<String> machines, long windowMs) {
        StepFunctionsEmulator sfn = harness.emulator();
        var offsets = ConnectHarness.offsets(harness.connect(), connector);
        int executions = 0;
        int machineKeys = 0;
        long bytes = 0;
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (var offset : offsets) {
            if (offset.partition().containsKey("execution_arn")) {
                executions++;
            } else {
                machineKeys++;
            }
            try {
                bytes += json.writeValueAsString(List.of(connector, offset.partition())).length()
                        + json.writeValueAsString(offset.offset()).length();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        int redrivable = 0;
        int inWindow = 0;
        java.util.Set<String> expected = new java.util.HashSet<>();
        for (String machine : machines) {
            var views = sfn.executions(machine);
            long newest = views.stream().mapToLong(v -> v.startDate().toEpochMilli()).max().orElse(0);
            for (var v : views) {
                if ("RUNNING".equals(v.status().name())) {
                    redrivable++;
                    expected.add(v.executionArn());
                } else if (v.startDate().toEpochMilli() >= newest - windowMs) {
                    inWindow++;
                    expected.add(v.executionArn());
                }
            }
        }
        if (executions > redrivable + inWindow) {
            offsets.stream().filter(o -> o.partition().containsKey("execution_arn"))
                    .filter(o -> !expected.contains((String) o.partition().get("execution_arn"))).limit(5)
                    .forEach(o -> System.out.printf("[%s] offset beyond the bound: %s %s (now %s)%n", connector,
                            o.partition(), o.offset(), sfn.execution((String) o.partition().get("execution_arn"))));
        }
        return new OffsetFootprint(executions, machineKeys, redrivable, inWindow,
                offsets.isEmpty() ? 0 : (double) bytes / offsets.size());
    }

    private void disrupt(String connector, Disruption disruption) throws InterruptedException {
        EmbeddedConnectCluster connect = harness.connect();
        System.out.printf("[%s] disruption: %s%n", connector, disruption);
        switch (disruption) {
            case RESTART_CONNECTOR -> connect.restartConnectorAndTasks(connector, false, true, false);
            case STOP_AND_RESUME_CONNECTOR -> {
                connect.stopConnector(connector);
                connect.assertions().assertConnectorIsStopped(connector, "connector did not stop");
                Thread.sleep(1_000);
                connect.resumeConnector(connector);
            }
            case REPLACE_WORKER -> {
                Set<WorkerHandle> before = Set.copyOf(connect.workers());
                connect.addWorker();
                connect.assertions().assertAtLeastNumWorkersAreUp(before.size() + 1, "new worker did not join");
                connect.removeWorker(before.iterator().next());
            }
            case RESTART_BROKER -> ConnectRuntime.restartBrokers(connect.kafka());
        }
    }

    private static Set<String> missing(Set<String> required, Set<String> seen) {
        Set<String> missing = new HashSet<>(required);
        missing.removeAll(seen);
        return missing;
    }

    private static Map<String, Long> difference(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> d = new TreeMap<>();
        after.forEach((k, v) -> {
            long n = v - before.getOrDefault(k, 0L);
            if (n > 0) {
                d.put(k, n);
            }
        });
        return d;
    }
}
