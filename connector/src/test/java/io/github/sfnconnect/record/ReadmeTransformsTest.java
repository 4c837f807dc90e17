package io.github.sfnconnect.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;
import org.junit.jupiter.api.Test;

import io.github.sfnconnect.tracking.Checkpoint;

/**
 * The README's transform snippet, as written, applied by Connect's own transform and predicate classes to the three
 * kinds of records the connector emits: only execution records are transformed; without the predicate, the same
 * transform fails on a tombstone of the checkpoint topic (and would fail the task).
 */
class ReadmeTransformsTest {

    private static final String SM = "arn:aws:states:eu-west-1:123456789012:stateMachine:orders";

    /** The properties block of README.md's Transforms section, with its commented alternative lines. */
    private static List<String> snippet() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("### Transforms"));
        String block = section.substring(section.indexOf("```properties") + "```properties".length());
        return block.substring(0, block.indexOf("```")).strip().lines().toList();
    }

    private static Map<String, String> config(List<String> lines) throws IOException {
        Properties props = new Properties();
        props.load(new StringReader(String.join("\n", lines)));
        Map<String, String> out = new HashMap<>();
        props.stringPropertyNames().forEach(k -> out.put(k, props.getProperty(k)));
        return out;
    }

    /** Instantiates and configures a plugin of the snippet, as Connect does, from its type and its prefixed keys. */
    private static <T> T plugin(Map<String, String> config, String prefix, Class<T> type) throws Exception {
        Class<?> cls = Class.forName(config.get(prefix + "type"));
        Object instance = cls.getDeclaredConstructor().newInstance();
        Map<String, String> own = new HashMap<>();
        config.forEach((k, v) -> {
            if (k.startsWith(prefix) && !k.equals(prefix + "type") && !k.equals(prefix + "predicate")) {
                own.put(k.substring(prefix.length()), v);
            }
        });
        ((org.apache.kafka.common.Configurable) instance).configure(own);
        return type.cast(instance);
    }

    private final RecordFactory records = new RecordFactory("stepfunctions.executions",
            "stepfunctions.executions.checkpoints", PayloadLimit.NONE);

    private List<SourceRecord> emitted() {
        SourceRecord execution = RecordReference.record(RecordReference.byStatus().get("SUCCEEDED"));
        SourceRecord checkpoint = records.checkpointRecord(SM, Checkpoint.initial(0L), 0L);
        SourceRecord tombstone = records.forgetRecord(SM.replace("stateMachine", "execution") + ":old", 0L);
        return List.of(execution, checkpoint, tombstone);
    }

    @SuppressWarnings("unchecked")
    private void assertOnlyExecutionsAreMasked(Map<String, String> config) throws Exception {
        String name = config.get("transforms");
        Transformation<SourceRecord> transform = plugin(config, "transforms." + name + ".", Transformation.class);
        String predicateName = config.get("transforms." + name + ".predicate");
        Predicate<SourceRecord> predicate = plugin(config, "predicates." + predicateName + ".", Predicate.class);
        List<SourceRecord> in = emitted();
        for (SourceRecord record : in) {
            SourceRecord out = predicate.test(record) ? transform.apply(record) : record;
            if (record.topic().equals("stepfunctions.executions")) {
                assertThat(((Struct) out.value()).getString("input")).as("masked").isEmpty();
                assertThat(((Struct) out.value()).getString("output")).as("untouched").isNotEmpty();
            } else {
                assertThat(out).as("a checkpoint record or tombstone passes unchanged").isSameAs(record);
            }
        }
        Utils.closeQuietly(transform, "transform");
        Utils.closeQuietly(predicate, "predicate");
    }

    @Test
    void theSnippetMasksExecutionRecordsAndLeavesTheConnectorsOwnRecordsAlone() throws Exception {
        assertOnlyExecutionsAreMasked(config(snippet()));
    }

    @Test
    void itsTopicNameAlternativeDoesTheSame() throws Exception {
        List<String> lines = snippet().stream()
                .filter(l -> !l.startsWith("predicates.isExecution."))
                .map(l -> l.startsWith("#predicates.") ? l.substring(1) : l)
                .toList();
        Map<String, String> config = config(lines);
        assertThat(config.get("predicates.isExecution.type")).endsWith("TopicNameMatches");
        assertOnlyExecutionsAreMasked(config);
    }

    @Test
    @SuppressWarnings("unchecked")
    void withoutThePredicateTheTransformFailsOnACheckpointTombstone() throws Exception {
        Map<String, String> config = config(snippet());
        Transformation<SourceRecord> transform = plugin(config, "transforms.maskInput.", Transformation.class);
        SourceRecord tombstone = emitted().get(2);
        assertThatThrownBy(() -> transform.apply(tombstone)).as("a tombstone of the checkpoint topic has no value")
                .isInstanceOf(RuntimeException.class);
        transform.close();
    }
}
