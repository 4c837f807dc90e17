package io.github.sfnconnect.it;

import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/**
 * The one place where the shared integration tests touch an embedded-cluster API that differs between the Connect
 * runtimes they run on. This copy is for Kafka 4.x (KRaft broker); integration-tests-connect-3.7/src/test/java has
 * the 3.7 one, with the same name and methods. It lives outside src/test/java because the 3.7 module compiles that
 * directory too.
 */
final class ConnectRuntime {

    /** The runtime line, for test output. */
    static final String LINE = "4.x";

    private ConnectRuntime() {
    }

    /** Stops the brokers and starts them again on the same ports. */
    static void restartBrokers(EmbeddedKafkaCluster kafka) {
        kafka.restartOnlyBrokers();
    }
}
