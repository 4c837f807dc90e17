package io.github.sfnconnect.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/** Read access to one of the connector's plugin archives (a zip of jars and documents), for layout checks. */
final class PluginArchive implements AutoCloseable {

    private final Path path;
    private final ZipFile zip;

    private PluginArchive(Path path) throws IOException {
        this.path = path;
        this.zip = new ZipFile(path.toFile());
    }

    /** Opens the archive whose path the build passes in the given system property. */
    static PluginArchive fromSystemProperty(String property) throws IOException {
        String value = System.getProperty(property);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException("System property " + property + " (the archive's path) is not set: run the"
                    + " tests through Maven (`mvn -B verify` from the project root), whose failsafe configuration in"
                    + " integration-tests/pom.xml sets it from the connector's attached zip.");
        }
        return new PluginArchive(Path.of(value));
    }

    Path path() {
        return path;
    }

    /** Every file (not directory) in the archive, by its full name. */
    TreeSet<String> files() {
        TreeSet<String> out = new TreeSet<>();
        zip.stream().filter(e -> !e.isDirectory()).forEach(e -> out.add(e.getName()));
        return out;
    }

    /** The top-level names (the first path segment of each entry). */
    TreeSet<String> topLevel() {
        TreeSet<String> out = new TreeSet<>();
        zip.stream().forEach(e -> out.add(e.getName().split("/", 2)[0]));
        return out;
    }

    /** The text of a file in the archive, or an AssertionError naming the missing file. */
    String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** The bytes of a file in the archive, or an AssertionError naming the missing file. */
    byte[] bytes(String name) {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new AssertionError(path.getFileName() + " has no " + name + "; it has " + files());
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entry names inside a jar of the archive (read from the nested stream, nothing unpacked). */
    List<String> jarEntries(String jarName) {
        List<String> out = new ArrayList<>();
        try (ZipInputStream jar = new ZipInputStream(zip.getInputStream(zip.getEntry(jarName)))) {
            for (ZipEntry e = jar.getNextEntry(); e != null; e = jar.getNextEntry()) {
                out.add(e.getName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + jarName + " in " + path, e);
        }
        return out;
    }

    /** The text of a file inside a jar of the archive. */
    String jarText(String jarName, String entryName) {
        try (ZipInputStream jar = new ZipInputStream(zip.getInputStream(zip.getEntry(jarName)))) {
            for (ZipEntry e = jar.getNextEntry(); e != null; e = jar.getNextEntry()) {
                if (e.getName().equals(entryName)) {
                    return new String(jar.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + jarName + " in " + path, e);
        }
        throw new AssertionError(jarName + " in " + path.getFileName() + " has no " + entryName);
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
