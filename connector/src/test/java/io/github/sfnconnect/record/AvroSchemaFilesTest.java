package io.github.sfnconnect.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Avro schemas in src/main/avro are what Avro converters make of the connector's Connect schemas: the current
 * version's file equals the conversion, the conversion is a clean Avro record, and every shipped version stays
 * compatible with the current one both ways, as a schema registry set to BACKWARD and to FORWARD checks it.
 */
class AvroSchemaFilesTest {

    private static final String REGENERATE = "mvn -pl connector test -Davro.regenerate=true -Dtest=AvroSchemaFilesTest";

    static Stream<Arguments> schemas() {
        return Stream.of(Arguments.of("Execution", ExecutionSchema.VALUE_SCHEMA),
                Arguments.of("Checkpoint", CheckpointSchema.VALUE_SCHEMA),
                Arguments.of("MapRun", MapRunSchema.VALUE_SCHEMA));
    }

    /** Writes the current versions' files before any test reads them, when asked to. */
    @BeforeAll
    static void regenerateIfAsked() throws IOException {
        if (Boolean.getBoolean("avro.regenerate")) {
            for (Arguments schema : schemas().toList()) {
                org.apache.kafka.connect.data.Schema connect = (org.apache.kafka.connect.data.Schema) schema.get()[1];
                Files.createDirectories(AvroSchemaFiles.DIRECTORY);
                Files.writeString(AvroSchemaFiles.fileOf(connect),
                        AvroSchemaFiles.text(AvroSchemaFiles.toAvro(connect, AvroSchemaFiles.CLEAN)));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemas")
    void currentVersionIsShippedAsTheConvertersAvroSchema(String name, org.apache.kafka.connect.data.Schema connect) {
        Path file = AvroSchemaFiles.fileOf(connect);
        Schema generated = AvroSchemaFiles.toAvro(connect, AvroSchemaFiles.CLEAN);
        assertThat(file).as("%s is missing; if the schema's version was bumped on purpose, run: %s", file, REGENERATE)
                .exists();
        Schema shipped = AvroSchemaFiles.parse(file);
        // Schema.equals ignores docs: compare the normalized JSON too, which has them
        String diff = LineDiff.firstDifference(AvroSchemaFiles.text(shipped), AvroSchemaFiles.text(generated));
        assertThat(diff == null && shipped.equals(generated))
                .as("%s no longer matches %s version %d. A released version must not change: add optional fields and "
                        + "bump the version instead. If this version is unreleased, regenerate: %s%n%s",
                        file, connect.name(), connect.version(), REGENERATE, diff)
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemas")
    void conversionIsACleanAvroRecord(String name, org.apache.kafka.connect.data.Schema connect) {
        Schema avro = AvroSchemaFiles.toAvro(connect, AvroSchemaFiles.CLEAN);
        assertThat(avro.getNamespace()).isEqualTo("io.github.sfnconnect.stepfunctions");
        assertClean(connect, avro, avro.getFullName());
    }

    /** A converter left at its defaults adds connect.* properties and nothing that changes the data's encoding. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("schemas")
    void convertersDefaultMetadataLeavesTheWireFormatAlone(String name, org.apache.kafka.connect.data.Schema connect) {
        Schema withMetadata = AvroSchemaFiles.toAvro(connect, java.util.Map.of());
        Schema shipped = AvroSchemaFiles.parse(AvroSchemaFiles.fileOf(connect));
        assertThat(SchemaNormalization.parsingFingerprint64(withMetadata))
                .isEqualTo(SchemaNormalization.parsingFingerprint64(shipped));
        assertCompatibleBothWays(shipped, withMetadata, "the converter's default output");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemas")
    void everyShippedVersionStaysCompatibleBothWays(String name, org.apache.kafka.connect.data.Schema connect) {
        Schema current = AvroSchemaFiles.toAvro(connect, AvroSchemaFiles.CLEAN);
        List<AvroSchemaFiles.Version> versions = AvroSchemaFiles.shippedVersions(connect);
        assertThat(versions).as("shipped versions of %s", name).isNotEmpty()
                .allSatisfy(v -> assertThat(v.version()).as("%s is newer than the code's version %d", v.file(),
                        connect.version()).isLessThanOrEqualTo(connect.version()));
        for (AvroSchemaFiles.Version old : versions) {
            assertCompatibleBothWays(old.parse(), current, old.file().toString());
        }
    }

    /** No released version's file may go: consumers and registries may still hold data written with it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("schemas")
    void everyVersionUpToTheCurrentIsShipped(String name, org.apache.kafka.connect.data.Schema connect) {
        assertThat(AvroSchemaFiles.shippedVersions(connect)).extracting(AvroSchemaFiles.Version::version)
                .as("versions of %s in %s", name, AvroSchemaFiles.DIRECTORY)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, connect.version()).boxed().toList());
    }

    /** BACKWARD: the current schema reads data written with the old one; FORWARD: the old one reads current data. */
    private static void assertCompatibleBothWays(Schema old, Schema current, String oldName) {
        var backward = SchemaCompatibility.checkReaderWriterCompatibility(current, old);
        assertThat(backward.getType())
                .as("BACKWARD: current schema cannot read data written with %s: %s", oldName,
                        describe(backward))
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        var forward = SchemaCompatibility.checkReaderWriterCompatibility(old, current);
        assertThat(forward.getType())
                .as("FORWARD: %s cannot read data written with the current schema: %s", oldName,
                        describe(forward))
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    /** The incompatibilities without the two full schemas Avro's toString adds to each. */
    private static String describe(SchemaCompatibility.SchemaPairCompatibility result) {
        return result.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                .toList().toString();
    }

    /**
     * The record has the Connect schema's full name and doc and no connect.* properties; every field has its doc,
     * optional fields are unions with null first and a null default, timestamps are timestamp-millis.
     */
    private static void assertClean(org.apache.kafka.connect.data.Schema connect, Schema record, String path) {
        assertThat(record.getType()).as(path).isEqualTo(Schema.Type.RECORD);
        assertThat(record.getFullName()).as(path).isEqualTo(connect.name());
        assertThat(record.getDoc()).as("%s doc", path).isNotBlank().isEqualTo(connect.doc());
        assertThat(record.getObjectProps()).as("%s properties", path).isEmpty();
        assertThat(record.getFields()).extracting(Schema.Field::name)
                .containsExactlyElementsOf(connect.fields().stream().map(Field::name).toList());
        for (Field field : connect.fields()) {
            String at = path + "." + field.name();
            Schema.Field avroField = record.getField(field.name());
            assertThat(avroField.doc()).as("%s doc", at).isNotBlank().isEqualTo(field.schema().doc());
            Schema type = avroField.schema();
            if (field.schema().isOptional()) {
                assertThat(type.getType()).as("%s: optional, so a union", at).isEqualTo(Schema.Type.UNION);
                assertThat(type.getTypes()).as(at).hasSize(2);
                assertThat(type.getTypes().get(0).getType()).as("%s: null first", at).isEqualTo(Schema.Type.NULL);
                assertThat(avroField.defaultVal()).as("%s: null default", at).isEqualTo(JsonProperties.NULL_VALUE);
                type = type.getTypes().get(1);
            } else if (field.schema().defaultValue() != null) {
                assertThat(avroField.defaultVal()).as("%s default", at).isEqualTo(field.schema().defaultValue());
            } else {
                assertThat(avroField.hasDefaultValue()).as("%s: required, no default", at).isFalse();
            }
            if (Timestamp.LOGICAL_NAME.equals(field.schema().name())) {
                assertThat(type.getLogicalType()).as("%s logical type", at).isEqualTo(LogicalTypes.timestampMillis());
            } else if (field.schema().type() == org.apache.kafka.connect.data.Schema.Type.STRUCT) {
                assertClean(field.schema(), type, at);
            } else {
                assertThat(type.getObjectProps()).as("%s properties", at).isEmpty();
            }
        }
    }
}
