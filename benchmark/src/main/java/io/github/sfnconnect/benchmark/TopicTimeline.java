package io.github.sfnconnect.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from its beginning as records arrive, keeping only counts: when each batch became readable and how
 * many records had been read by then (a few thousand points for a million records, where {@link TopicReader} keeps
 * every record). Values stay bytes unless the hook looks at them.
 */
final class TopicTimeline implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Thread thread;
    private final Consumer<ConsumerRecord<String, byte[]>> hook;
    /** Pairs (read time in ms, records read by then), one per non-empty batch. */
    private final List<long[]> points = new ArrayList<>();
    private volatile long count;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    /** @param hook sees each record on the reading thread (null for none) */
    TopicTimeline(String bootstrapServers, String topic, Consumer<ConsumerRecord<String, byte[]>> hook) {
        this(bootstrapServers, topic, false, hook);
    }

    /** @param readCommitted whether to skip what aborted transactions wrote */
    TopicTimeline(String bootstrapServers, String topic, boolean readCommitted,
                  Consumer<ConsumerRecord<String, byte[]>> hook) {
        this.hook = hook;
        Properties props = new Properties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        thread = new Thread(this::run, "bench-timeline-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            if (!TopicAssignment.fromBeginningWhenCreated(consumer, topic, () -> running)) {
                return;
            }
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                long readMs = System.currentTimeMillis();
                if (hook != null) {
                    for (ConsumerRecord<String, byte[]> r : records) {
                        hook.accept(r);
                    }
                }
                synchronized (points) {
                    count += records.count();
                    points.add(new long[] {readMs, count});
                }
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

    private void check() {
        if (failure != null) {
            throw new IllegalStateException("Reading the topic failed", failure);
        }
    }

    long count() {
        check();
        return count;
    }

    /** When the first record became readable, or -1. */
    long firstReadMs() {
        synchronized (points) {
            return points.isEmpty() ? -1 : points.get(0)[0];
        }
    }

    /** When the last record read so far became readable, or -1. */
    long lastReadMs() {
        synchronized (points) {
            return points.isEmpty() ? -1 : points.get(points.size() - 1)[0];
        }
    }

    /** Records readable by {@code ms}. */
    long countBy(long ms) {
        synchronized (points) {
            long c = 0;
            for (long[] p : points) {
                if (p[0] > ms) {
                    break;
                }
                c = p[1];
            }
            return c;
        }
    }

    /** When the n-th record (1-based) became readable, or -1. */
    long readTimeOf(long n) {
        synchronized (points) {
            for (long[] p : points) {
                if (p[1] >= n) {
                    return p[0];
                }
            }
            return -1;
        }
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
