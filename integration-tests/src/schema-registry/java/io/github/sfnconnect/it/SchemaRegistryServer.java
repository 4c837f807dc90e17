package io.github.sfnconnect.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real schema registry (Apicurio Registry 2.4.2, in-memory storage) in a child process: the runner jar that the
 * build's schema-registry/server module makes. Serves Apicurio's API under {@code /apis/registry/v2} and
 * Confluent's under {@code /apis/ccompat/v7}. Its Quarkus class path stays out of the test JVM.
 */
public final class SchemaRegistryServer implements AutoCloseable {

    /** System property with the runner jar's path; the pom sets it. */
    public static final String RUNNER_PROPERTY = "sfn.schema.registry.runner";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Thread reaper;
    private final int port;
    private final Path log;
    private final long launchedNanos = System.nanoTime();

    private SchemaRegistryServer(Path runner, int port, Path log) throws IOException {
        this.port = port;
        this.log = log;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(List.of(java, "-Xmx512m", "-XX:+ExitOnOutOfMemoryError",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port, "-jar", runner.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        // a test JVM that exits without close() (a failed @BeforeAll, Ctrl-C) must not leave the registry running
        reaper = new Thread(process::destroyForcibly, "schema-registry-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts the registry built by the project; returns at once, see {@link #awaitReady()}. */
    public static SchemaRegistryServer launch() {
        String configured = System.getProperty(RUNNER_PROPERTY);
        Path runner = Path.of(configured != null ? configured
                : "../schema-registry/server/target/schema-registry-runner.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(runner)) {
            throw new IllegalStateException("No schema registry runner jar at " + runner + ". Build it with "
                    + "`mvn -B verify` from the project root (or `mvn -B package -pl schema-registry/server -am`), "
                    + "or point -D" + RUNNER_PROPERTY + " at it.");
        }
        try {
            int port = freePort();
            return new SchemaRegistryServer(runner, port, Path.of("target", "schema-registry-" + port + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the schema registry " + runner, e);
        }
    }

    /** Waits until the registry answers; returns how long it took since launch. */
    public Duration awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest info = HttpRequest.newBuilder(registryApi().resolve("registry/v2/system/info"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = launchedNanos + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The schema registry exited with code " + process.exitValue()
                        + " before answering; its log, " + log.toAbsolutePath() + ", ends with:\n" + logTail());
            }
            try {
                if (http.send(info, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - launchedNanos);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The schema registry did not answer " + info.uri() + " within "
                + READY_TIMEOUT + "; its log, " + log.toAbsolutePath() + ", ends with:\n" + logTail());
    }

    /** Base of the registry's APIs: {@code <base>v2} is Apicurio's, {@code <base>ccompat/v7} Confluent's. */
    public URI registryApi() {
        return URI.create("http://127.0.0.1:" + port + "/apis/");
    }

    /** The URL Apicurio's serdes and converters take as {@code apicurio.registry.url}. */
    public String apicurioUrl() {
        return registryApi().resolve("registry/v2").toString();
    }

    /** The Confluent-compatible API, as a Confluent client's {@code schema.registry.url}. */
    public URI confluentApi() {
        return registryApi().resolve("ccompat/v7/");
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read it: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway, on a process that is gone
        }
    }
}
