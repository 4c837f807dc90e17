package io.github.sfnconnect.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The worker's {@code plugin.path}: the directory the build unpacks the connector's Confluent Hub archive into
 * ({@code target/plugins}, set by the pom as system property {@value #PROPERTY}).
 */
final class PluginPath {

    static final String PROPERTY = "sfn.plugin.path";

    private PluginPath() {
    }

    /** The plugin.path directory, checked to hold exactly one unpacked connector archive. */
    static Path resolve() {
        Path path = Path.of(System.getProperty(PROPERTY, "target/plugins")).toAbsolutePath().normalize();
        List<Path> plugins = unpackedArchives(path);
        if (plugins.size() != 1) {
            throw new IllegalStateException("Expected exactly one unpacked connector archive (<dir>/lib/"
                    + "kafka-connect-stepfunctions-*.jar) under the worker's plugin.path " + path + ", found " + plugins
                    + ". Build it with `mvn -B verify` (or `mvn -Pdemo verify -DskipTests`) from the project root, which"
                    + " packages the connector and unpacks its Hub archive there; or set -D" + PROPERTY + "=<dir>.");
        }
        return path;
    }

    /** The plugin directories under the path whose lib/ holds the connector jar. */
    static List<Path> unpackedArchives(Path path) {
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(path)) {
            return dirs.filter(dir -> hasConnectorJar(dir.resolve("lib"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list plugin.path " + path, e);
        }
    }

    private static boolean hasConnectorJar(Path lib) {
        if (!Files.isDirectory(lib)) {
            return false;
        }
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.map(j -> j.getFileName().toString())
                    .anyMatch(n -> n.startsWith("kafka-connect-stepfunctions-") && n.endsWith(".jar"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + lib, e);
        }
    }
}
