package io.github.sfnconnect.benchmark;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;

/** The connector in the benchmark's Connect worker, streaming one simulated account. */
final class ConnectorSubject implements Subject {

    static final String CONNECTOR_CLASS = "io.github.sfnconnect.StepFunctionsSourceConnector";

    private final BenchCluster cluster;
    private final String name;
    private final String topic;
    private final Map<String, String> props;
    private final int runningTasks;
    private final ThreadCpu cpu;

    /**
     * @param name      connector name; no other connector's name may start with it followed by '-', since its
     *                  threads are found by name
     * @param overrides connector properties that replace the defaults below (rate limits, poll interval, ...)
     */
    ConnectorSubject(BenchCluster cluster, String name, SimulatedAccount account, int tasks,
                     Map<String, String> overrides) {
        this.cluster = cluster;
        this.name = name;
        this.topic = name;
        List<String> machines = account.stateMachineArns();
        Map<String, String> p = new HashMap<>();
        p.put("connector.class", CONNECTOR_CLASS);
        p.put("tasks.max", Integer.toString(tasks));
        p.put("topic", topic);
        p.putAll(accountProperties(account));
        p.put("initial.position", "earliest");
        // throttling off: the connector's own limits out of the way unless a run sets them
        p.put("aws.list.executions.rate.limit", "10000");
        p.put("aws.describe.execution.rate.limit", "10000");
        p.putAll(overrides);
        this.props = Map.copyOf(p);
        this.runningTasks = Math.min(tasks, machines.size());
        this.cpu = new ThreadCpu(name + "-");
        cluster.createTopics(topic);
    }

    /** What a connector needs to reach the account: region, endpoint, credentials and its state machines. */
    static Map<String, String> accountProperties(SimulatedAccount account) {
        return Map.of("aws.region", account.emulator().region(),
                "aws.endpoint.url", account.emulator().endpoint().toString(),
                "aws.access.key.id", "test",
                "aws.secret.access.key", "test",
                "state.machine.arns", String.join(",", account.stateMachineArns()));
    }

    @Override
    public String side() {
        return "connector";
    }

    @Override
    public String topic() {
        return topic;
    }

    String name() {
        return name;
    }

    Map<String, String> props() {
        return props;
    }

    @Override
    public void start() throws InterruptedException {
        cluster.connect().configureConnector(name, new HashMap<>(props));
        cluster.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning(name, runningTasks,
                "connector " + name + " did not start its " + runningTasks + " tasks");
    }

    @Override
    public void stop() throws InterruptedException {
        cluster.connect().stopConnector(name);
        cluster.connect().assertions().assertConnectorIsStopped(name, "connector " + name + " did not stop");
    }

    @Override
    public void resume() throws InterruptedException {
        cluster.connect().resumeConnector(name);
        cluster.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning(name, runningTasks,
                "connector " + name + " did not resume its " + runningTasks + " tasks");
    }

    @Override
    public long cpuNanos() {
        return cpu.read();
    }

    @Override
    public int failures() {
        ConnectorStateInfo status = cluster.connect().connectorStatus(name);
        int failed = "FAILED".equals(status.connector().state()) ? 1 : 0;
        for (ConnectorStateInfo.TaskState task : status.tasks()) {
            if ("FAILED".equals(task.state())) {
                failed++;
            }
        }
        return failed;
    }

    /** Live source offsets of executions (their keys in the offsets topic), read through the REST API. */
    long executionOffsetKeys() {
        return cluster.connect().connectorOffsets(name).offsets().stream()
                .filter(o -> o.partition().containsKey("execution_arn"))
                .count();
    }

    /** Stops the tasks (so that none is left calling an emulator about to close), then deletes the connector. */
    @Override
    public void close() {
        try {
            if (!"STOPPED".equals(cluster.connect().connectorStatus(name).connector().state())) {
                stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            cluster.connect().deleteConnector(name);
        }
    }
}
