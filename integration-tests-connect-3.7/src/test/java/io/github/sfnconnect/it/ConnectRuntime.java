package io.github.sfnconnect.it;

import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/**
 * The one place where the shared integration tests touch an embedded-cluster API that differs between the Connect
 * runtimes they run on. This copy is for Kafka 3.7 (ZooKeeper broker); integration-tests/src/connect-4/java has the
 * 4.x one, with the same name and methods.
 */
final class ConnectRuntime {

    /** The runtime line, for test output. */
    static final String LINE = "3.7";

    private ConnectRuntime() {
    }

    /** Stops the brokers and starts them again on the same ports (3.7 has no restartOnlyBrokers()). */
    static void restartBrokers(EmbeddedKafkaCluster kafka) {
        kafka.stopOnlyKafka();
        kafka.startOnlyKafkaOnSamePorts();
    }
}
