package io.github.sfnconnect.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaFormatter;

import io.apicurio.registry.utils.converter.avro.AvroData;
import io.apicurio.registry.utils.converter.avro.AvroDataConfig;

/**
 * The Avro schemas shipped in {@code src/main/avro} as {@code <Name>-v<version>.avsc}, and the Connect-to-Avro
 * mapping that produces them: the one Avro converters use, with {@code connect.meta.data=false} (no
 * {@code connect.*} properties), which is what a converter so configured registers.
 */
final class AvroSchemaFiles {

    static final Path DIRECTORY = Path.of("src", "main", "avro");

    /** Converter settings under which the registered schema is exactly the shipped file. */
    static final Map<String, Object> CLEAN = Map.of(AvroDataConfig.CONNECT_META_DATA_CONFIG, false);

    /** A versioned schema file. */
    record Version(Path file, int version) {
        Schema parse() {
            return AvroSchemaFiles.parse(file);
        }
    }

    static Schema toAvro(org.apache.kafka.connect.data.Schema connectSchema, Map<String, Object> converterConfig) {
        return new AvroData(new AvroDataConfig(converterConfig)).fromConnectSchema(connectSchema);
    }

    /** The file the Connect schema's current version is shipped in. */
    static Path fileOf(org.apache.kafka.connect.data.Schema connectSchema) {
        return DIRECTORY.resolve(simpleName(connectSchema) + "-v" + connectSchema.version() + ".avsc");
    }

    /** Every shipped version of the Connect schema's record, oldest first. */
    static List<Version> shippedVersions(org.apache.kafka.connect.data.Schema connectSchema) {
        Pattern name = Pattern.compile(Pattern.quote(simpleName(connectSchema)) + "-v(\\d+)\\.avsc");
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.map(f -> {
                        Matcher m = name.matcher(f.getFileName().toString());
                        return m.matches() ? new Version(f, Integer.parseInt(m.group(1))) : null;
                    })
                    .filter(v -> v != null)
                    .sorted((a, b) -> Integer.compare(a.version(), b.version()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + DIRECTORY.toAbsolutePath(), e);
        }
    }

    static Schema parse(Path file) {
        try {
            return new Schema.Parser().parse(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file.toAbsolutePath(), e);
        }
    }

    /** The text a schema is shipped as: Avro's pretty-printed JSON. */
    static String text(Schema schema) {
        return SchemaFormatter.format("json/pretty", schema) + "\n";
    }

    private static String simpleName(org.apache.kafka.connect.data.Schema connectSchema) {
        String name = connectSchema.name();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private AvroSchemaFiles() {
    }
}
