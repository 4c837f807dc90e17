package io.github.sfnconnect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A stall and a dropped record are never silent: the watch's rules, on a clock the test moves. */
class DeliveryWatchTest {

    private static final long THRESHOLD = 120_000;

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final DeliveryWatch watch = new DeliveryWatch("Task 0 of connector c", THRESHOLD, now::get);
    private final List<LogRecord> logged = new ArrayList<>();
    private final Logger logger = Logger.getLogger(DeliveryWatch.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    DeliveryWatchTest() {
        logger.addHandler(capture);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void detach() {
        logger.removeHandler(capture);
    }

    private static SourceRecord record(String topic, String key) {
        return new SourceRecord(Map.of("p", 1), Map.of("o", 1), topic, null, key, null, null);
    }

    private List<String> lines(Level level) {
        return logged.stream().filter(r -> r.getLevel().equals(level)).map(LogRecord::getMessage).toList();
    }

    @Test
    void aRecordWaitingLongerThanTheThresholdIsAnErrorNamingItsTopicsAndTheFix() {
        SourceRecord execution = record("sfn", "arn:1");
        SourceRecord checkpoint = record("sfn.checkpoints", "sm");
        watch.handedOver(List.of(execution, checkpoint));
        now.addAndGet(THRESHOLD - 1);
        watch.check(now.get());
        assertThat(watch.stalled(now.get())).isFalse();
        assertThat(lines(Level.SEVERE)).isEmpty();

        watch.acknowledged(execution, true);
        now.addAndGet(1);
        watch.check(now.get());
        assertThat(watch.stalled(now.get())).as("the checkpoint still waits").isTrue();
        assertThat(watch.awaitingAcknowledgement()).isEqualTo(1);
        assertThat(watch.oldestUnacknowledgedAgeMs(now.get())).isEqualTo(THRESHOLD);
        assertThat(lines(Level.SEVERE)).singleElement().asString()
                .contains("1 records", "[sfn.checkpoints]", "auto.create.topics.enable=false", "topic.creation",
                        "Write ACL", "stall.threshold.ms=120000", "last acknowledgement 0 s ago");

        now.addAndGet(DeliveryWatch.STALL_REPEAT_MS - 1);
        watch.check(now.get());
        assertThat(lines(Level.SEVERE)).as("not repeated at every check").hasSize(1);
        now.addAndGet(1);
        watch.check(now.get());
        assertThat(lines(Level.SEVERE)).as("repeated while it lasts").hasSize(2);

        watch.acknowledged(checkpoint, true);
        watch.check(now.get());
        assertThat(watch.stalled(now.get())).isFalse();
        assertThat(watch.oldestUnacknowledgedAgeMs(now.get())).isZero();
        assertThat(lines(Level.INFO)).singleElement().asString().contains("acknowledges records again");
    }

    @Test
    void theOldestWaitingRecordCountsNotTheLastAcknowledgement() {
        SourceRecord first = record("sfn", "arn:1");
        watch.handedOver(List.of(first));
        for (int i = 0; i < 5; i++) { // later records flow while the first one is stuck
            now.addAndGet(THRESHOLD / 4);
            SourceRecord later = record("sfn", "arn:later");
            watch.handedOver(List.of(later));
            watch.acknowledged(later, true);
        }
        watch.check(now.get());
        assertThat(watch.stalled(now.get())).isTrue();
        assertThat(lines(Level.SEVERE)).singleElement().asString().contains("[sfn]");
    }

    @Test
    void aStallFromTheStartSaysNothingWasEverAcknowledged() {
        now.addAndGet(10_000);
        watch.handedOver(List.of(record("sfn.checkpoints", "sm")));
        now.addAndGet(THRESHOLD);
        watch.check(now.get());
        assertThat(lines(Level.SEVERE)).singleElement().asString()
                .contains("none acknowledged since the task started 130 s ago");
    }

    @Test
    void equalRecordsAreTrackedApart() {
        SourceRecord a = record("sfn", "arn:1");
        SourceRecord b = record("sfn", "arn:1");
        assertThat(a).isEqualTo(b);
        watch.handedOver(List.of(a, b));
        watch.acknowledged(a, true);
        assertThat(watch.awaitingAcknowledgement()).isEqualTo(1);
    }

    @Test
    void droppedRecordsAreLoggedAtMostOncePerIntervalWithACount() {
        List<SourceRecord> records = List.of(record("sfn", "arn:1"), record("sfn", "arn:2"), record("sfn", "arn:3"));
        watch.handedOver(records);
        watch.acknowledged(records.get(0), false);
        assertThat(lines(Level.WARNING)).singleElement().asString()
                .contains("record of arn:1 for topic sfn without writing it", "errors.tolerance=all",
                        "records-dropped-total");

        watch.acknowledged(records.get(1), false);
        assertThat(lines(Level.WARNING)).as("within the interval: counted, not logged").hasSize(1);

        now.addAndGet(DeliveryWatch.DROP_LOG_INTERVAL_MS);
        watch.acknowledged(records.get(2), false);
        assertThat(lines(Level.WARNING)).hasSize(2);
        assertThat(lines(Level.WARNING).get(1)).contains("record of arn:3", "(and 1 more since the last such line)");
        assertThat(watch.awaitingAcknowledgement()).isZero();
    }
}
