package io.github.sfnconnect.it;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * Reads the execution topic continuously (read_committed) and counts each change, identified by
 * {@code executionArn|status|redriveCount}, so that tests can wait for changes and count duplicates.
 */
final class TopicWatcher implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final JsonConverter converter = new JsonConverter();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    /** As counts, with the life of the execution: {@code executionArn@startDateMs|status|redriveCount}. */
    private final Map<String, AtomicLong> lifeCounts = new ConcurrentHashMap<>();
    /** The first value seen of each change, to check that duplicates are identical. */
    private final Map<String, byte[]> firstValue = new ConcurrentHashMap<>();
    private final Set<String> differingDuplicates = ConcurrentHashMap.newKeySet();
    private final AtomicLong total = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    TopicWatcher(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "watcher-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        converter.configure(Map.of("schemas.enable", "true"), false);
        consumer.subscribe(List.of(topic));
        thread = new Thread(this::run, "topic-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Struct v = (Struct) converter.toConnectData(r.topic(), r.value()).value();
                    String change = v.getString("executionArn") + "|" + v.getString("status") + "|"
                            + v.getInt32("redriveCount");
                    counts.computeIfAbsent(change, c -> new AtomicLong()).incrementAndGet();
                    String life = v.getString("executionArn") + "@" + ((java.util.Date) v.get("startDate")).getTime()
                            + "|" + v.getString("status") + "|" + v.getInt32("redriveCount");
                    lifeCounts.computeIfAbsent(life, c -> new AtomicLong()).incrementAndGet();
                    byte[] first = firstValue.putIfAbsent(change, r.value());
                    if (first != null && !java.util.Arrays.equals(first, r.value())) {
                        differingDuplicates.add(change);
                    }
                    total.incrementAndGet();
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    boolean hasSeen(String change) {
        return counts.containsKey(change);
    }

    /** Change -> how many records of it were read, for the executions whose ARN starts with the prefix. */
    Map<String, Long> counts(String arnPrefix) {
        Map<String, Long> out = new HashMap<>();
        counts.forEach((change, n) -> {
            if (change.startsWith(arnPrefix)) {
                out.put(change, n.get());
            }
        });
        return out;
    }

    /** Like {@link #counts(String)}, keyed {@code executionArn@startDateMs|status|redriveCount}. */
    Map<String, Long> lifeCounts(String arnPrefix) {
        Map<String, Long> out = new HashMap<>();
        lifeCounts.forEach((change, n) -> {
            if (change.startsWith(arnPrefix)) {
                out.put(change, n.get());
            }
        });
        return out;
    }

    Set<String> differingDuplicates() {
        return Set.copyOf(differingDuplicates);
    }

    long total() {
        return total.get();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
