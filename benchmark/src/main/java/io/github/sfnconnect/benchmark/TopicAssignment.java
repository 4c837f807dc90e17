package io.github.sfnconnect.benchmark;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Assigns a reader every partition of a topic that may not exist yet. The connector's topic.creation makes the topic
 * with its first record and the broker does not create topics on a read; until then the partition list is empty, and
 * a consumer assigned nothing refuses to poll ("not subscribed to any topics or assigned any partitions").
 */
final class TopicAssignment {

    private TopicAssignment() {
    }

    /** Waits for the topic, then assigns all its partitions from the beginning; false if stopped first. */
    static boolean fromBeginningWhenCreated(Consumer<?, ?> consumer, String topic, BooleanSupplier running)
            throws InterruptedException {
        while (running.getAsBoolean()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (!partitions.isEmpty()) {
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
