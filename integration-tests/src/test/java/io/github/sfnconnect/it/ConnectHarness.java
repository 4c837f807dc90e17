package io.github.sfnconnect.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import io.github.sfnconnect.emulator.StepFunctionsEmulator;

/**
 * A real Kafka broker (KRaft) and distributed Connect worker in-process, plus the Step Functions emulator on
 * loopback; the connector reaches the emulator over HTTP through the AWS SDK.
 */
public final class ConnectHarness implements AutoCloseable {

    public static final String TOPIC = "sfn-executions";
    public static final String CHECKPOINT_TOPIC = TOPIC + ".checkpoints";
    /** By name only: the worker loads the class from the unpacked Hub archive on plugin.path, not the class path. */
    public static final String CONNECTOR_CLASS = "io.github.sfnconnect.StepFunctionsSourceConnector";

    private final StepFunctionsEmulator emulator;
    private final EmbeddedConnectCluster connect;
    private final JsonConverter converter = new JsonConverter();

    public ConnectHarness() {
        this(1);
    }

    public ConnectHarness(int workers) {
        this(workers, Map.of());
    }

    /** With extra worker properties, e.g. exactly.once.source.support=enabled. */
    public ConnectHarness(int workers, Map<String, String> extraWorkerProps) {
        this(workers, extraWorkerProps, java.time.Clock.systemUTC());
    }

    /** With the emulator on its own clock, e.g. a compressed one for a test of months. */
    @SuppressWarnings("cast") // build() needs the cast on 4.x (generic base builder not public), not on 3.7
    public ConnectHarness(int workers, Map<String, String> extraWorkerProps, java.time.Clock emulatorClock) {
        String pluginPath = PluginPath.resolve().toString(); // before anything starts: fails with the fix to apply
        emulator = StepFunctionsEmulator.start(emulatorClock);
        Map<String, String> workerProps = new HashMap<>();
        workerProps.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        workerProps.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        workerProps.put("value.converter.schemas.enable", "true");
        workerProps.put("offset.flush.interval.ms", "1000");
        workerProps.put("plugin.discovery", "service_load");
        // the connector as users install it: isolated in its own PluginClassLoader
        workerProps.put("plugin.path", pluginPath);
        // lets a test give the connector a smaller producer max.request.size
        workerProps.put("connector.client.config.override.policy", "All");
        workerProps.putAll(extraWorkerProps);
        Properties brokerProps = new Properties();
        // one broker: transactions (exactly-once source) need their internal topic to fit on it
        brokerProps.put("transaction.state.log.replication.factor", "1");
        brokerProps.put("transaction.state.log.min.isr", "1");
        // as on Amazon MSK, Confluent Cloud and hardened clusters: the connector's config creates its topics (KIP-158)
        brokerProps.put("auto.create.topics.enable", "false");
        connect = (EmbeddedConnectCluster) new EmbeddedConnectCluster.Builder()
                .name("sfn-connect")
                .numWorkers(workers)
                .numBrokers(1)
                .workerProps(workerProps)
                .brokerProps(brokerProps)
                .build();
        connect.start();
        converter.configure(Map.of("schemas.enable", "true"), false);
    }

    public StepFunctionsEmulator emulator() {
        return emulator;
    }

    public EmbeddedConnectCluster connect() {
        return connect;
    }

    /** Connector properties pointing at the emulator, with short intervals for tests. */
    public Map<String, String> connectorProps(int tasks, List<String> stateMachineArns) {
        Map<String, String> props = new HashMap<>();
        props.put("connector.class", CONNECTOR_CLASS);
        props.put("tasks.max", Integer.toString(tasks));
        props.put("topic", TOPIC);
        props.put("aws.region", emulator.region());
        props.put("aws.endpoint.url", emulator.endpoint().toString());
        props.put("aws.access.key.id", "test");
        props.put("aws.secret.access.key", "test");
        props.put("state.machine.arns", String.join(",", stateMachineArns));
        props.put("poll.interval.ms", "300");
        // quiet state machines back off (the schedule) to 8 poll intervals, not the default minute: tests that wait for
        // a few more checks to prove nothing else comes stay short
        props.put("poll.interval.max.ms", "2400");
        props.put("consistency.window.ms", "5000");
        props.put("aws.list.executions.rate.limit", "200");
        props.put("aws.describe.execution.rate.limit", "200");
        // the README's topic creation: nothing in these tests creates a topic the user would not
        props.put("topic.creation.default.partitions", "3");
        props.put("topic.creation.default.replication.factor", "-1");
        props.put("topic.creation.groups", "checkpoints");
        props.put("topic.creation.checkpoints.include", CHECKPOINT_TOPIC.replace(".", "[.]"));
        props.put("topic.creation.checkpoints.partitions", "1");
        props.put("topic.creation.checkpoints.replication.factor", "-1");
        props.put("topic.creation.checkpoints.cleanup.policy", "compact");
        return props;
    }

    /**
     * Creates the connector and waits until its tasks run and every state machine has its first checkpoint, which
     * anchors the initial position, so that a workload started afterwards is streamed in full.
     */
    public void startConnector(String name, Map<String, String> props, List<String> stateMachines)
            throws InterruptedException {
        int tasks = Math.min(Integer.parseInt(props.get("tasks.max")), stateMachines.size());
        connect.configureConnector(name, props);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, tasks,
                "connector " + name + " did not start its tasks");
        await("connector " + name + " did not write its first checkpoints", Duration.ofSeconds(60),
                () -> checkpointKeys().containsAll(stateMachines), () -> "checkpoint keys " + checkpointKeys());
    }

    private java.util.Set<String> checkpointKeys() {
        return readAll(CHECKPOINT_TOPIC).stream().map(ConsumerRecord::key).collect(java.util.stream.Collectors.toSet());
    }

    /** Every execution record in the topic so far, in each partition's order, values as Connect structs. */
    public List<ExecutionRecord> readExecutions() {
        List<ExecutionRecord> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : readAll(TOPIC)) {
            SchemaAndValue value = converter.toConnectData(TOPIC, r.value());
            out.add(new ExecutionRecord(r.key(), (Struct) value.value(), r.timestamp(), r.headers()));
        }
        return out;
    }

    /** Reads a topic from the beginning to its current end. */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.kafka().bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 30_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("Could not read " + topic + " to its end " + end + " within 30 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /**
     * The connector's offsets through Connect's REST API, read while its tasks run. Connect copies its map of the
     * connector's partitions while the offsets topic's reader thread may add to it, and answers 500
     * (ConcurrentModificationException in ConnectorOffsetBackingStore.connectorPartitions) when the two meet: a read
     * that lost the race is tried again.
     */
    public static List<org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset> offsets(
            EmbeddedConnectCluster connect, String connector) {
        for (int attempt = 1; ; attempt++) {
            try {
                return connect.connectorOffsets(connector).offsets();
            } catch (org.apache.kafka.connect.runtime.rest.errors.ConnectRestException e) {
                if (attempt == 5 || !String.valueOf(e.getMessage()).contains("Failed to retrieve offsets")) {
                    throw e;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Waits until the condition holds, failing with the message (and the last state it describes) if it does not. */
    public static void await(String message, Duration timeout, Supplier<Boolean> condition, Supplier<?> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(message + " within " + timeout + "; last state: " + state.get());
            }
            Thread.sleep(200);
        }
    }

    /**
     * Waits until the connector listed each state machine {@code listings} more times: at least
     * {@code (listings - 1) / 3} complete poll cycles (a cycle lists a state machine one to three times). This, not
     * a fixed sleep, is how a test lets polls run before it checks that nothing more arrived.
     */
    public void awaitListings(Collection<String> stateMachineArns, int listings) throws InterruptedException {
        awaitListings(emulator, stateMachineArns, listings);
    }

    /** As {@link #awaitListings(Collection, int)}, for a test that runs its own emulator. */
    public static void awaitListings(StepFunctionsEmulator emulator, Collection<String> stateMachineArns, int listings)
            throws InterruptedException {
        Map<String, Long> target = new HashMap<>();
        stateMachineArns.forEach(arn -> target.put(arn, emulator.listingsOf(arn) + listings));
        await(listings + " more ListExecutions calls for each of " + stateMachineArns, Duration.ofSeconds(60),
                () -> target.entrySet().stream().allMatch(e -> emulator.listingsOf(e.getKey()) >= e.getValue()),
                () -> target.keySet().stream().map(arn -> arn + "=" + emulator.listingsOf(arn)).toList());
    }

    @Override
    public void close() {
        try {
            connect.stop();
        } finally {
            emulator.close();
        }
    }
}
