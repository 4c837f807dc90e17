package io.github.sfnconnect.it;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.storage.Converter;

/**
 * Apicurio's Avro converter installed as users install it: its own plugin directory
 * ({@code apicurio-avro-converter/}, the jars without Kafka's) under a directory the worker's {@code plugin.path}
 * names. The build's schema-registry/converter-plugin module makes it. The converter is on no test class path:
 * the worker loads it in a plugin class loader, and the test reads records back with a copy loaded the same way.
 */
public final class AvroConverterPlugin implements AutoCloseable {

    /** System property with the plugin.path entry holding the converter's plugin directory; the pom sets it. */
    public static final String PROPERTY = "sfn.converter.plugin.path";
    public static final String CONVERTER_CLASS = "io.apicurio.registry.utils.converter.AvroConverter";
    private static final String DIRECTORY = "apicurio-avro-converter";

    private final URLClassLoader loader;

    private AvroConverterPlugin(URLClassLoader loader) {
        this.loader = loader;
    }

    /** The plugin.path entry (the directory holding {@code apicurio-avro-converter/}). */
    public static Path pluginPath() {
        String configured = System.getProperty(PROPERTY);
        Path path = Path.of(configured != null ? configured : "../schema-registry/converter-plugin/target/plugins")
                .toAbsolutePath().normalize();
        if (jars(path.resolve(DIRECTORY)).isEmpty()) {
            throw new IllegalStateException("No Apicurio converter plugin under " + path + ". Build it with "
                    + "`mvn -B verify` from the project root (or `mvn -B package -pl schema-registry/converter-plugin "
                    + "-am`), or point -D" + PROPERTY + " at a directory holding " + DIRECTORY + "/*.jar.");
        }
        return path;
    }

    /** Loads the plugin's jars in a class loader of their own over the test's (which provides Kafka's classes). */
    public static AvroConverterPlugin load() {
        URL[] urls = jars(pluginPath().resolve(DIRECTORY)).stream().map(AvroConverterPlugin::url).toArray(URL[]::new);
        return new AvroConverterPlugin(new URLClassLoader(urls, AvroConverterPlugin.class.getClassLoader()));
    }

    /**
     * A new value converter from the plugin, configured with the given converter properties (no prefix). Like the
     * worker, it runs the converter with the plugin's class loader as the thread's context class loader: Kafka's
     * config parsing loads the class names the converter configures through it.
     */
    public CloseableConverter valueConverter(Map<String, ?> config) {
        Converter converter = withPluginLoader(() -> {
            try {
                return loader.loadClass(CONVERTER_CLASS).asSubclass(Converter.class).getDeclaredConstructor()
                        .newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot instantiate " + CONVERTER_CLASS + " from its plugin directory", e);
            }
        });
        withPluginLoader(() -> {
            converter.configure(config, false);
            return null;
        });
        return new CloseableConverter() {
            @Override
            public void configure(Map<String, ?> configs, boolean isKey) {
                withPluginLoader(() -> {
                    converter.configure(configs, isKey);
                    return null;
                });
            }

            @Override
            public byte[] fromConnectData(String topic, Schema schema, Object value) {
                return withPluginLoader(() -> converter.fromConnectData(topic, schema, value));
            }

            @Override
            public SchemaAndValue toConnectData(String topic, byte[] value) {
                return withPluginLoader(() -> converter.toConnectData(topic, value));
            }

            @Override
            public void close() throws IOException {
                Object plugin = converter; // Converter is Closeable from Kafka 4.1 on only
                if (plugin instanceof Closeable closeable) {
                    closeable.close();
                }
            }
        };
    }

    /** A converter the test can close on every Connect line (Converter itself is Closeable only from Kafka 4.1 on). */
    public interface CloseableConverter extends Converter, Closeable {
    }

    private <T> T withPluginLoader(Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static List<Path> jars(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory, e);
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(jar.toString(), e);
        }
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
