package io.github.sfnconnect.it;

import static io.github.sfnconnect.it.ConnectHarness.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.avro.Schema;
import org.apache.avro.SchemaFormatter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.sfnconnect.emulator.ExecutionStatus;
import io.github.sfnconnect.emulator.ExecutionView;
import io.github.sfnconnect.emulator.StepFunctionsEmulator;

/**
 * Avro end to end, with a real schema registry (Apicurio Registry in a child process) and Apicurio's Avro converter
 * installed on the worker's plugin.path: the connector's records reach Kafka in Confluent's wire format, their
 * schema ids resolve through the Confluent-compatible API to exactly the shipped .avsc files, the values read back
 * are what the emulator reported, and the registry judges the next schema versions as the project promises.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AvroSchemaRegistryIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SUBJECT = ConnectHarness.TOPIC + "-value";
    private static final String CHECKPOINT_SUBJECT = ConnectHarness.CHECKPOINT_TOPIC + "-value";
    /** The current version's file, which the connector registers. */
    private static final String EXECUTION_AVSC = "Execution-v2.avsc";
    private static final Path SHIPPED = Path.of(System.getProperty("sfn.avro.schemas", "../connector/src/main/avro"));

    private SchemaRegistryServer registry;
    private ConnectHarness harness;
    private AvroConverterPlugin converterPlugin;
    private AvroConverterPlugin.CloseableConverter reader;
    private ConfluentRegistryApi confluent;
    /** The emulator's view of each execution right after each change, by change (arn|status|redriveCount). */
    private final Map<String, ExecutionView> changes = new HashMap<>();

    /** The converter settings, on the worker (prefixed value.converter.) and for reading back. */
    private Map<String, String> converterConfig() {
        return Map.of(
                "apicurio.registry.url", registry.apicurioUrl(),
                "apicurio.registry.auto-register", "true",
                // Confluent's wire format: magic byte 0 and a 4-byte schema id in the payload, no id headers...
                "apicurio.registry.as-confluent", "true",
                "apicurio.registry.headers.enabled", "false",
                // ...and the id the Confluent-compatible API knows the schema by (Apicurio's default is its global id)
                "apicurio.registry.use-id", "contentId",
                // the schema registered is then exactly the shipped .avsc, without connect.* properties
                "connect.meta.data", "false");
    }

    @BeforeAll
    void streamAWorkloadAsAvro() throws Exception {
        long start = System.nanoTime();
        registry = SchemaRegistryServer.launch();
        // the worker and broker start while the registry boots
        harness = new ConnectHarness(1, Map.of("plugin.path", pluginPath()));
        long workerUp = System.nanoTime();
        Duration registryUp = registry.awaitReady();
        confluent = new ConfluentRegistryApi(registry.confluentApi());
        // one content under two subjects: from here on Apicurio's global ids and content ids differ, so a record
        // carrying the wrong one would resolve to another schema, or none
        String unrelated = "{\"type\":\"record\",\"name\":\"Unrelated\",\"fields\":[{\"name\":\"x\",\"type\":\"string\"}]}";
        confluent.register("unrelated-a-value", unrelated);
        confluent.register("unrelated-b-value", unrelated);

        converterPlugin = AvroConverterPlugin.load();
        reader = converterPlugin.valueConverter(converterConfig());

        StepFunctionsEmulator sfn = harness.emulator();
        String machine = sfn.createStateMachine("avro-orders");
        Map<String, String> props = harness.connectorProps(1, List.of(machine));
        props.put("value.converter", AvroConverterPlugin.CONVERTER_CLASS);
        converterConfig().forEach((k, v) -> props.put("value.converter." + k, v));
        harness.startConnector("avro", props, List.of(machine));

        String shipped = sfn.startExecution(machine, "shipped", "{\"order\":1}");
        String declined = sfn.startExecution(machine, "declined", "{\"order\":2,\"note\":\"caf\u00e9 \u2603\"}");
        String stuck = sfn.startExecution(machine, "stuck", "{\"order\":3}");
        observe(shipped, declined, stuck);
        sfn.succeed(shipped, "{\"tracking\":\"1Z999\"}");
        sfn.fail(declined, "PaymentDeclined", "card ending 4242 declined: insufficient funds");
        sfn.timeOut(stuck);
        observe(shipped, declined, stuck);
        sfn.redrive(declined);
        observe(declined);
        sfn.succeed(declined, "{\"tracking\":\"1Z998\",\"retried\":true}");
        observe(declined);
        System.out.printf("[avro] worker and broker up after %d ms, schema registry after %d ms, %d changes streamed "
                + "after %d ms%n", (workerUp - start) / 1_000_000, registryUp.toMillis(), changes.size(),
                (System.nanoTime() - start) / 1_000_000);
    }

    /** The connector's plugin.path, plus the directory holding the converter's plugin directory. */
    private static String pluginPath() {
        return PluginPath.resolve() + "," + AvroConverterPlugin.pluginPath();
    }

    /** Notes the executions' current state and waits until the topic has a record of it. */
    private void observe(String... arns) throws InterruptedException {
        for (String arn : arns) {
            ExecutionView view = harness.emulator().execution(arn).orElseThrow();
            changes.put(view.executionArn() + "|" + view.status() + "|" + view.redriveCount(), view);
        }
        await("the topic did not receive a record per change", WAIT,
                () -> decodedChanges().containsAll(changes.keySet()),
                () -> "have " + decodedChanges() + ", want " + changes.keySet());
    }

    private List<String> decodedChanges() {
        return harness.readAll(ConnectHarness.TOPIC).stream().map(this::decode)
                .map(v -> v.getString("executionArn") + "|" + v.getString("status") + "|" + v.getInt32("redriveCount"))
                .toList();
    }

    /** Reads a value back as a consumer with the same converter would, from the payload alone (no headers). */
    private Struct decode(ConsumerRecord<String, byte[]> record) {
        return (Struct) reader.toConnectData(record.topic(), record.value()).value();
    }

    @AfterAll
    void stop() throws Exception {
        Exception failure = null;
        for (AutoCloseable resource : new AutoCloseable[] {reader, converterPlugin, harness, registry}) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Test
    void theWorkerLoadsTheConverterFromItsPluginDirectoryNotTheClassPath() {
        assertThatThrownBy(() -> Class.forName(AvroConverterPlugin.CONVERTER_CLASS))
                .as("Apicurio's converter must not be on the test (= worker) class path")
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(harness.readAll(ConnectHarness.TOPIC)).as("records written by the converter").isNotEmpty();
    }

    @Test
    void valuesAreInConfluentWireFormatWithTheIdOfTheShippedSchema() throws IOException {
        List<ConsumerRecord<String, byte[]>> records = harness.readAll(ConnectHarness.TOPIC);
        assertThat(records).isNotEmpty();
        int expectedId = confluent.latest(SUBJECT).get("id").asInt();
        for (ConsumerRecord<String, byte[]> r : records) {
            assertThat(r.value()[0]).as("magic byte of %s", r.key()).isZero();
            assertThat(ByteBuffer.wrap(r.value(), 1, 4).getInt()).as("schema id in the payload of %s", r.key())
                    .isEqualTo(expectedId);
            assertThat(r.headers().toArray()).extracting(Header::key).as("no id headers")
                    .noneMatch(k -> k.startsWith("apicurio"));
        }
        assertSameSchema(confluent.schemaById(expectedId), EXECUTION_AVSC);

        List<ConsumerRecord<String, byte[]>> checkpoints = harness.readAll(ConnectHarness.CHECKPOINT_TOPIC).stream()
                .filter(r -> r.value() != null).toList();
        assertThat(checkpoints).isNotEmpty();
        int checkpointId = ByteBuffer.wrap(checkpoints.get(0).value(), 1, 4).getInt();
        assertThat(checkpointId).isNotEqualTo(expectedId);
        assertSameSchema(confluent.schemaById(checkpointId), "Checkpoint-v2.avsc");
    }

    @Test
    void registeredSchemasAreTheShippedFiles() throws IOException {
        assertThat(confluent.latest(SUBJECT).get("version").asInt()).as("one version registered").isEqualTo(1);
        assertSameSchema(confluent.latest(SUBJECT).get("schema").asText(), EXECUTION_AVSC);
        assertSameSchema(confluent.latest(CHECKPOINT_SUBJECT).get("schema").asText(), "Checkpoint-v2.avsc");
    }

    @Test
    void recordsCarryEveryFieldTheEmulatorReported() {
        List<Struct> values = harness.readAll(ConnectHarness.TOPIC).stream().map(this::decode).toList();
        Map<String, Struct> byChange = values.stream().collect(Collectors.toMap(
                v -> v.getString("executionArn") + "|" + v.getString("status") + "|" + v.getInt32("redriveCount"),
                v -> v));
        assertThat(byChange.keySet()).as("one record per change, none twice").isEqualTo(changes.keySet());
        assertThat(values).hasSize(changes.size());
        assertThat(changes.keySet()).as("the workload covers a failure, its redrive and its success")
                .anyMatch(c -> c.endsWith("|FAILED|0")).anyMatch(c -> c.endsWith("|RUNNING|1"))
                .anyMatch(c -> c.endsWith("|SUCCEEDED|1")).anyMatch(c -> c.endsWith("|TIMED_OUT|0"));

        byChange.forEach((change, v) -> {
            ExecutionView e = changes.get(change);
            boolean succeeded = e.status() == ExecutionStatus.SUCCEEDED;
            Map<String, Object> expected = new HashMap<>();
            expected.put("executionArn", e.executionArn());
            expected.put("stateMachineArn", e.stateMachineArn());
            expected.put("name", e.name());
            expected.put("status", e.status().name());
            expected.put("startDate", date(e.startDate()));
            expected.put("stopDate", date(e.stopDate()));
            expected.put("input", e.input());
            expected.put("output", succeeded ? e.output() : null);
            expected.put("error", e.error());
            expected.put("cause", e.cause());
            expected.put("traceHeader", e.traceHeader());
            expected.put("mapRunArn", e.mapRunArn());
            expected.put("stateMachineVersionArn", e.stateMachineVersionArn());
            expected.put("stateMachineAliasArn", e.stateMachineAliasArn());
            expected.put("redriveCount", e.redriveCount());
            expected.put("redriveDate", date(e.redriveDate()));
            expected.put("redriveStatus", e.redriveStatus());
            expected.put("redriveStatusReason", e.redriveStatusReason());
            expected.forEach((field, value) -> assertThat(v.get(field)).as("%s of %s", field, change).isEqualTo(value));

            assertThat(v.getStruct("inputDetails").getBoolean("included")).as("inputDetails of %s", change).isTrue();
            assertThat(v.getStruct("inputDetails").get("truncated")).isNull();
            if (succeeded && e.output() != null) {
                assertThat(v.getStruct("outputDetails").getBoolean("included")).as("outputDetails of %s", change)
                        .isTrue();
            } else {
                assertThat(v.get("outputDetails")).as("outputDetails of %s", change).isNull();
            }
            assertThat(v.schema().name()).isEqualTo("io.github.sfnconnect.stepfunctions.Execution");
        });
        Struct failed = byChange.entrySet().stream().filter(c -> c.getKey().endsWith("|FAILED|0")).findFirst()
                .orElseThrow().getValue();
        assertThat(failed.getString("error")).isEqualTo("PaymentDeclined");
        assertThat(failed.getString("cause")).isEqualTo("card ending 4242 declined: insufficient funds");
    }

    /**
     * With the subject at BACKWARD, the registry accepts the next version the schema's rules allow (a new optional
     * field with a null default) and rejects a new required field and a changed field type.
     */
    @Test
    void registryAcceptsTheNextCompatibleVersionAndRejectsBreakingOnes() throws IOException {
        confluent.setCompatibility(SUBJECT, "BACKWARD");
        ObjectNode current = (ObjectNode) new ObjectMapper().readTree(SHIPPED.resolve(EXECUTION_AVSC).toFile());

        ObjectNode next = current.deepCopy();
        ((ArrayNode) next.get("fields")).addObject().put("name", "executionRoleArn").put("doc", "A new optional field.")
                .putNull("default").putArray("type").add("null").add("string");
        assertThat(confluent.isCompatibleWithLatest(SUBJECT, parse(next).toString()))
                .as("the next version = the current + an optional field with null default").isTrue();

        ObjectNode requiredField = current.deepCopy();
        ((ArrayNode) requiredField.get("fields")).addObject().put("name", "accountId").put("type", "string");
        assertThat(confluent.isCompatibleWithLatest(SUBJECT, parse(requiredField).toString()))
                .as("a new field without default cannot read the old records").isFalse();

        ObjectNode changedType = current.deepCopy();
        for (var field : changedType.get("fields")) {
            if (field.get("name").asText().equals("redriveCount")) {
                ((ObjectNode) field).put("type", "string").put("default", "0");
            }
        }
        assertThat(confluent.isCompatibleWithLatest(SUBJECT, parse(changedType).toString()))
                .as("redriveCount int -> string").isFalse();
    }

    /** Same Avro schema (Schema.equals) and same docs (which equals ignores) as the shipped file. */
    private static void assertSameSchema(String registered, String shippedFile) throws IOException {
        Schema expected = new Schema.Parser().parse(SHIPPED.resolve(shippedFile).toFile());
        Schema actual = new Schema.Parser().parse(registered);
        assertThat(actual).as("registered schema vs %s", shippedFile).isEqualTo(expected);
        assertThat(SchemaFormatter.format("json/pretty", actual)).as("registered schema (with docs) vs %s", shippedFile)
                .isEqualTo(SchemaFormatter.format("json/pretty", expected));
    }

    private static Schema parse(ObjectNode schema) {
        return new Schema.Parser().parse(schema.toString());
    }

    private static Date date(Instant instant) {
        return instant == null ? null : new Date(instant.toEpochMilli());
    }
}
