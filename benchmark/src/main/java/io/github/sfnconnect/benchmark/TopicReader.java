package io.github.sfnconnect.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads an execution topic from its beginning as records arrive, noting when each became readable. Understands the
 * connector's values (JsonConverter, bare or in its envelope {@code {"schema":..., "payload":{...}}}) and the
 * baseline's (the same fields, bare).
 */
final class TopicReader implements AutoCloseable {

    /** One execution record: its state, when the change happened in Step Functions, and when Kafka had it for us. */
    record Observed(String executionArn, String status, int redriveCount, long changeMs, long readMs) {
        String key() {
            return executionArn + "|" + status + "|" + redriveCount;
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final KafkaConsumer<String, String> consumer;
    private final String topic;
    private final Thread thread;
    private final List<Observed> observed = new ArrayList<>();
    private final Set<String> keys = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    TopicReader(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, false);
    }

    /** @param readCommitted read as a consumer of exactly-once output does: only committed transactions */
    TopicReader(String bootstrapServers, String topic, boolean readCommitted) {
        Properties props = new Properties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20"); // the broker answers as soon as anything is there
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        this.topic = topic;
        thread = new Thread(this::run, "bench-reader-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            if (!TopicAssignment.fromBeginningWhenCreated(consumer, topic, () -> running)) {
                return;
            }
            while (running) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                long readMs = System.currentTimeMillis();
                List<Observed> batch = new ArrayList<>(records.count());
                for (ConsumerRecord<String, String> r : records) {
                    if (r.value() != null) {
                        batch.add(parse(r.value(), readMs));
                    }
                }
                synchronized (observed) {
                    observed.addAll(batch);
                }
                batch.forEach(o -> keys.add(o.key()));
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private Observed parse(String value, long readMs) {
        try {
            JsonNode root = json.readTree(value);
            JsonNode v = root.has("payload") ? root.get("payload") : root;
            String status = v.get("status").asText();
            int redriveCount = v.path("redriveCount").asInt(0);
            long start = v.get("startDate").asLong();
            boolean open = status.equals("RUNNING") || status.equals("PENDING_REDRIVE");
            long change = !open && v.hasNonNull("stopDate") ? v.get("stopDate").asLong()
                    : redriveCount > 0 && v.hasNonNull("redriveDate") ? v.get("redriveDate").asLong() : start;
            return new Observed(v.get("executionArn").asText(), status, redriveCount, change, readMs);
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("Not an execution record: " + value, e);
        }
    }

    private void check() {
        if (failure != null) {
            throw new IllegalStateException("Reading the topic failed", failure);
        }
    }

    int count() {
        check();
        synchronized (observed) {
            return observed.size();
        }
    }

    boolean contains(String key) {
        check();
        return keys.contains(key);
    }

    int missing(Set<String> expected) {
        check();
        int missing = 0;
        for (String key : expected) {
            if (!keys.contains(key)) {
                missing++;
            }
        }
        return missing;
    }

    /** Up to {@code limit} of the expected keys not read (yet), sorted. */
    List<String> missingKeys(Set<String> expected, int limit) {
        check();
        return expected.stream().filter(k -> !keys.contains(k)).sorted().limit(limit).toList();
    }

    /** The records whose readable time passes the test, e.g. those read within a phase. */
    List<Observed> readWhere(LongPredicate readMs) {
        check();
        synchronized (observed) {
            return observed.stream().filter(o -> readMs.test(o.readMs())).toList();
        }
    }

    /** The time the n-th record (1-based) became readable, or -1. */
    long readTimeOf(int n) {
        synchronized (observed) {
            return observed.size() >= n ? observed.get(n - 1).readMs() : -1;
        }
    }

    Map<String, Integer> countsByStatus() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        synchronized (observed) {
            observed.forEach(o -> counts.merge(o.status(), 1, Integer::sum));
        }
        return counts;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
