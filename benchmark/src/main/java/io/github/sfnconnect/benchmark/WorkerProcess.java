package io.github.sfnconnect.benchmark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.sfnconnect.StepFunctionsSourceConnector;

/**
 * A distributed Kafka Connect worker in a JVM of its own ({@code org.apache.kafka.connect.cli.ConnectDistributed}),
 * with a heap limit, joined to the benchmark's broker, the connector loaded from its unpacked Hub archive on
 * {@code plugin.path} (never from the class path), driven over its REST API.
 * <p>
 * Its class path is the benchmark JVM's, minus the connector's own jar or classes: Kafka, Connect and their
 * libraries at the benchmark's versions. Its heap is read from its GC log ({@code -Xlog:gc}): every collection logs
 * the heap in use before and after it; the peak after a collection is the most the worker held live plus what an
 * incremental (young) collection leaves for later. {@code -XX:+ExitOnOutOfMemoryError} ends the JVM at the first
 * OutOfMemoryError, so that running out of heap cannot go unnoticed as a task quietly failing.
 */
final class WorkerProcess implements AutoCloseable {

    /** The system property naming the unpacked Hub archive's directory (the pom sets it). */
    static final String PLUGIN_PATH_PROPERTY = "sfn.plugin.path";

    /** A pause with the heap before, after and committed, e.g. {@code GC(7) Pause Young (Normal) (G1 Evacuation
     * Pause) 24M->3M(256M) 5.1ms}. */
    private static final Pattern GC_LINE = Pattern.compile(
            "^\\[([0-9.]+)s\\].*GC\\(\\d+\\) (Pause .*?)\\s+(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    private final String name;
    private final Path directory;
    private final Path gcLog;
    private final Path stdout;
    private final Path logFile;
    private final String heap;
    private final int port;
    private final Process process;
    private final long startedNanos = System.nanoTime();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    /**
     * Starts the worker; returns once its REST API answers.
     *
     * @param name       the worker's group id, prefix of its internal topics and of its files under {@code directory}
     * @param heap       its {@code -Xmx}, e.g. {@code 512m}
     * @param jvmOptions more JVM options (the smoke run's worker compiles with C1 only, to start in half the CPU)
     * @param extraProps worker properties on top of the defaults below
     */
    WorkerProcess(String name, Path directory, String bootstrapServers, String heap, List<String> jvmOptions,
                  Map<String, String> extraProps) throws IOException, InterruptedException {
        this(name, name, directory, bootstrapServers, heap, jvmOptions, extraProps);
    }

    /** As above, its files named after {@code files} (e.g. one set per restarted JVM of the same worker group). */
    WorkerProcess(String name, String files, Path directory, String bootstrapServers, String heap,
                  List<String> jvmOptions, Map<String, String> extraProps) throws IOException, InterruptedException {
        this.name = name;
        this.directory = directory;
        this.heap = heap;
        Files.createDirectories(directory);
        this.gcLog = directory.resolve(files + "-gc.log");
        this.stdout = directory.resolve(files + "-stdout.log");
        this.logFile = directory.resolve(files + ".log");
        Files.deleteIfExists(gcLog);
        this.port = freePort();
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("group.id", name);
        props.put("config.storage.topic", name + "-configs");
        props.put("offset.storage.topic", offsetsTopic());
        props.put("status.storage.topic", name + "-status");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        // one partition: the harness reads the committed checkpoints in order
        props.put("offset.storage.partitions", "1");
        props.put("status.storage.partitions", "1");
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter.schemas.enable", "false");
        props.put("plugin.path", pluginPath().toString());
        props.put("plugin.discovery", "service_load");
        props.put("listeners", "http://127.0.0.1:" + port);
        props.put("rest.advertised.host.name", "127.0.0.1");
        props.putAll(extraProps);
        Path propsFile = directory.resolve(name + ".properties");
        try (var out = Files.newBufferedWriter(propsFile)) {
            props.store(out, "Connect worker of the large backfill benchmark");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.addAll(jvmOptions);
        command.add("-Xlog:gc:file=" + gcLog + ":uptime");
        command.add("-Dorg.slf4j.simpleLogger.logFile=" + logFile);
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-Dorg.slf4j.simpleLogger.log.io.github.sfnconnect=info");
        command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        command.add("-cp");
        command.add(workerClassPath());
        command.add("org.apache.kafka.connect.cli.ConnectDistributed");
        command.add(propsFile.toString());
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(stdout.toFile()).start();
        awaitRest(Duration.ofSeconds(120));
    }

    String offsetsTopic() {
        return name + "-offsets";
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, or null while it runs. */
    Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    /** CPU time the worker JVM used so far (all its threads), in ms; -1 if unknown. */
    long cpuMs() {
        return process.toHandle().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
    }

    /** ms since the JVM was started. */
    long uptimeMs() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** The directory holding the unpacked connector archive; fails with the fix if the build did not unpack it. */
    static Path pluginPath() {
        String value = System.getProperty(PLUGIN_PATH_PROPERTY);
        Path path = value != null ? Path.of(value) : Path.of("target", "plugins");
        try (var entries = Files.list(path)) {
            if (entries.findAny().isEmpty()) {
                throw new IllegalStateException("empty");
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("No unpacked connector archive in " + path.toAbsolutePath()
                    + " (system property " + PLUGIN_PATH_PROPERTY + "); the benchmark module's build unpacks the Hub "
                    + "archive there: run mvn install -DskipTests (or the benchmark profile) from the project root");
        }
        return path.toAbsolutePath();
    }

    /**
     * The benchmark JVM's class path (surefire's test class path when run from a test, whose java.class.path may be
     * a manifest-only jar) without the connector's own code, which the worker must load from plugin.path alone.
     */
    static String workerClassPath() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path connector;
        try {
            connector = Path.of(StepFunctionsSourceConnector.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI()).toAbsolutePath().normalize();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> kept = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty() && !Path.of(entry).toAbsolutePath().normalize().equals(connector)) {
                kept.add(entry);
            }
        }
        return String.join(File.pathSeparator, kept);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private void awaitRest(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The Connect worker JVM exited with " + process.exitValue()
                        + " before its REST API answered; see " + stdout + " and " + logFile);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/connectors"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The Connect worker's REST API did not answer in " + timeout
                        + "; see " + stdout + " and " + logFile);
            }
            Thread.sleep(200);
        }
    }

    /**
     * Creates (or reconfigures) a connector; retries while the worker is still joining its group. Returns when the
     * worker accepted it.
     */
    void putConnector(String connector, Map<String, String> config) throws InterruptedException, IOException {
        String body = json.writeValueAsString(config);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/connectors/" + connector + "/config"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 || r.statusCode() == 201) {
                return;
            }
            if (System.nanoTime() > deadline || r.statusCode() == 400) {
                throw new IllegalStateException("Creating connector " + connector + " failed: HTTP " + r.statusCode()
                        + " " + r.body());
            }
            Thread.sleep(200); // 409 while the worker rebalances, 500 while it is not yet in its group
        }
    }

    /** The connector's status as the REST API reports it; null if it cannot be read. */
    JsonNode status(String connector) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/connectors/" + connector + "/status"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? json.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Task states, e.g. ["RUNNING"]; empty before the tasks exist or if the worker does not answer. */
    /** Task states of the tasks this worker runs (by its REST address, the worker_id Connect reports). */
    List<String> ownTaskStates(String connector) {
        JsonNode status = status(connector);
        List<String> states = new ArrayList<>();
        if (status != null) {
            status.path("tasks").forEach(t -> {
                if (t.path("worker_id").asText().equals("127.0.0.1:" + port)) {
                    states.add(t.path("state").asText());
                }
            });
        }
        return states;
    }

    List<String> taskStates(String connector) {
        JsonNode status = status(connector);
        List<String> states = new ArrayList<>();
        if (status != null) {
            status.path("tasks").forEach(t -> states.add(t.path("state").asText()));
        }
        return states;
    }

    /** The first task's failure trace, or null. */
    String taskTrace(String connector) {
        JsonNode status = status(connector);
        if (status == null) {
            return null;
        }
        for (JsonNode t : status.path("tasks")) {
            if (t.hasNonNull("trace")) {
                return t.get("trace").asText();
            }
        }
        return null;
    }

    /** Runs {@code jcmd <pid> GC.run}: a full collection, which the GC log records with the live heap after it. */
    void fullGc() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            jcmd.waitFor(30, TimeUnit.SECONDS);
            Thread.sleep(500); // the GC log line is written asynchronously
        } catch (IOException e) {
            // no jcmd: the figure is left out
        }
    }

    /** What the GC log says about the heap: collections, peaks, the last full collection; sizes in MiB. */
    Map<String, Object> heapFromGcLog() {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.exists(gcLog) ? Files.readAllLines(gcLog, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int collections = 0;
        int fullCollections = 0;
        double peakAfter = 0;
        double peakBefore = 0;
        double peakCommitted = 0;
        double lastFullAfter = Double.NaN;
        double peakAfterSeconds = Double.NaN;
        String collector = null;
        for (String line : lines) {
            if (line.contains("Using ")) {
                collector = line.substring(line.indexOf("Using ") + "Using ".length()).trim();
            }
            Matcher m = GC_LINE.matcher(line);
            if (!m.find()) {
                continue;
            }
            collections++;
            double before = mib(m.group(3), m.group(4));
            double after = mib(m.group(5), m.group(6));
            double committed = mib(m.group(7), m.group(8));
            peakBefore = Math.max(peakBefore, before);
            peakCommitted = Math.max(peakCommitted, committed);
            if (after > peakAfter) {
                peakAfter = after;
                peakAfterSeconds = Double.parseDouble(m.group(1));
            }
            if (m.group(2).startsWith("Pause Full")) {
                fullCollections++;
                lastFullAfter = after;
            }
        }
        out.put("collector", collector);
        out.put("heap_limit", heap);
        out.put("collections", collections);
        out.put("full_collections", fullCollections);
        out.put("peak_heap_after_gc_mib", peakAfter);
        out.put("peak_heap_after_gc_at_uptime_s", peakAfterSeconds);
        out.put("peak_heap_before_gc_mib", peakBefore);
        out.put("peak_heap_committed_mib", peakCommitted);
        // the last full collection: jcmd GC.run at the end if the worker is alive, else the one before it died
        out.put("heap_after_last_full_gc_mib", lastFullAfter);
        out.put("gc_log", gcLog.toString());
        return out;
    }

    private static double mib(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit) {
            case "K" -> v / 1024;
            case "G" -> v * 1024;
            default -> v;
        };
    }

    /** Lines of the worker's output and log that report an OutOfMemoryError. */
    long outOfMemoryLines() {
        long count = 0;
        for (Path file : List.of(stdout, logFile)) {
            try {
                if (Files.exists(file)) {
                    try (var lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
                        count += lines.filter(l -> l.contains("OutOfMemoryError")).count();
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // unreadable: counted as none
            }
        }
        return count;
    }

    /** Lines of the worker's log that contain {@code text}; -1 if unreadable. */
    long logLines(String text) {
        try {
            if (!Files.exists(logFile)) {
                return 0;
            }
            try (var lines = Files.lines(logFile, StandardCharsets.ISO_8859_1)) {
                return lines.filter(l -> l.contains(text)).count();
            }
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /** The first ERROR line of the worker's log and the exception line after it, or null. */
    String firstErrorCause() {
        try {
            if (!Files.exists(logFile)) {
                return null;
            }
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.ISO_8859_1);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(" ERROR ")) {
                    String next = i + 1 < lines.size() ? lines.get(i + 1) : "";
                    String line = lines.get(i).replaceFirst("^\\d+ ", "");
                    return (line + " " + next).trim();
                }
            }
            return null;
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    /** ERROR lines in the worker's log. */
    long errorLines() {
        try {
            if (!Files.exists(logFile)) {
                return 0;
            }
            try (var lines = Files.lines(logFile, StandardCharsets.ISO_8859_1)) {
                return lines.filter(l -> l.contains(" ERROR ")).count();
            }
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    Path logFile() {
        return logFile;
    }

    /** Kills the worker: its state is the run's alone, and a graceful shutdown would only add seconds. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
