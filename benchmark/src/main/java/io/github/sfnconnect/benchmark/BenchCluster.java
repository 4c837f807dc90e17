package io.github.sfnconnect.benchmark;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * One KRaft broker and one distributed Connect worker in-process, shared by every run of the benchmark. The
 * connector is on the class path and found by the worker's service loader.
 */
final class BenchCluster implements AutoCloseable {

    private final EmbeddedConnectCluster connect;

    /** @param workerOverrides worker properties on top of those below (e.g. the source tasks' producer settings) */
    BenchCluster(Map<String, String> workerOverrides) {
        Map<String, String> workerProps = new HashMap<>(); // the builder mutates it
        workerProps.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        workerProps.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        // no schema envelope: records of about Avro's size and the baseline's shape. With it (about 3 KiB a record)
        // Connect's default producer (16 KiB batches, one request in flight) caps a partition at a few records per
        // round trip to the broker, a limit of the worker's settings rather than of the connector
        workerProps.put("value.converter.schemas.enable", "false");
        workerProps.put("offset.flush.interval.ms", "1000");
        workerProps.put("plugin.discovery", "service_load");
        workerProps.putAll(workerOverrides);
        Properties brokerProps = new Properties();
        brokerProps.put("auto.create.topics.enable", "false");
        // one broker: transactions (the crash run's exactly-once worker) need their internal topic to fit on it
        brokerProps.put("transaction.state.log.replication.factor", "1");
        brokerProps.put("transaction.state.log.min.isr", "1");
        connect = new EmbeddedConnectCluster.Builder()
                .name("sfn-benchmark")
                .numWorkers(1)
                .numBrokers(1)
                .workerProps(workerProps)
                .brokerProps(brokerProps)
                .build();
        connect.start();
    }

    EmbeddedConnectCluster connect() {
        return connect;
    }

    String bootstrapServers() {
        return connect.kafka().bootstrapServers();
    }

    /** An execution topic and its checkpoint topic, one partition each (so read order is write order). */
    void createTopics(String topic) {
        connect.kafka().createTopic(topic, 1);
        connect.kafka().createTopic(topic + ".checkpoints", 1);
    }

    @Override
    public void close() {
        connect.stop();
    }
}
