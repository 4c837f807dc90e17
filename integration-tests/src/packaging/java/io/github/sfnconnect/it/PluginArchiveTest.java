package io.github.sfnconnect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The two archives {@code mvn package} builds in connector/target: the Confluent Hub component archive and the MSK
 * Connect plugin zip. Checks their layout, the filtered manifest, and that they ship no jar the worker provides.
 */
class PluginArchiveTest {

    private static final String VERSION = requiredProperty("sfn.project.version");
    private static final String HUB_DIR = "sfnconnect-kafka-connect-stepfunctions-" + VERSION + "/";
    private static final String MSK_DIR = "kafka-connect-stepfunctions-" + VERSION + "/";
    private static final String CONNECTOR_JAR = "kafka-connect-stepfunctions-" + VERSION + ".jar";
    /** Where the Hub archive's etc/ comes from: every example there must be shipped. */
    private static final Path CONFIG_DIR = Path.of("..", "config");
    /** groupId:artifactId:version in a THIRD-PARTY.txt line of license-maven-plugin. */
    private static final Pattern THIRD_PARTY_LINE =
            Pattern.compile("(?m)^\\s+\\(.+\\) .* \\(([^:\\s()]+):([^:\\s]+):([^:\\s]+) - ");

    @Test
    void hubArchiveHasTheConfluentHubLayout() throws IOException {
        try (PluginArchive hub = PluginArchive.fromSystemProperty("sfn.hub.archive")) {
            assertThat(hub.topLevel()).containsExactly(HUB_DIR.substring(0, HUB_DIR.length() - 1));
            assertThat(hub.files()).contains(HUB_DIR + "manifest.json", HUB_DIR + "doc/README.md",
                    HUB_DIR + "doc/LICENSE", HUB_DIR + "doc/NOTICE", HUB_DIR + "doc/THIRD-PARTY.txt",
                    HUB_DIR + "doc/version.txt", HUB_DIR + "lib/" + CONNECTOR_JAR,
                    HUB_DIR + "doc/CHANGELOG.md", HUB_DIR + "doc/docs/configuration.md",
                    HUB_DIR + "doc/docs/metrics.md", HUB_DIR + "doc/docs/records.md", HUB_DIR + "doc/docs/security.md",
                    HUB_DIR + "doc/connector/src/main/avro/Execution-v1.avsc",
                    HUB_DIR + "doc/config/prometheus/jmx-exporter.yaml");
            assertThat(hub.files()).allMatch(f -> Stream.of("manifest.json", "doc/", "etc/", "lib/", "assets/")
                    .anyMatch(allowed -> f.startsWith(HUB_DIR + allowed)), "only Hub archive folders");
            assertThat(hub.text(HUB_DIR + "doc/version.txt").strip()).isEqualTo(VERSION);
            assertThat(hub.text(HUB_DIR + "doc/LICENSE")).contains("Apache License", "Version 2.0");
            assertThat(filesUnder(hub, HUB_DIR + "etc/")).isNotEmpty().containsAll(configExamples());
            assertThat(filesUnder(hub, HUB_DIR + "lib/")).allMatch(f -> f.endsWith(".jar"), "only jars in lib/");
        }
    }

    @Test
    void manifestIsFilteredFromThePom() throws IOException {
        try (PluginArchive hub = PluginArchive.fromSystemProperty("sfn.hub.archive")) {
            String text = hub.text(HUB_DIR + "manifest.json");
            assertThat(text).as("no unfiltered placeholder").doesNotContain("${");
            JsonNode manifest = new ObjectMapper().readTree(text);
            assertThat(manifest.path("version").asText()).isEqualTo(VERSION);
            assertThat(manifest.path("name").asText()).isEqualTo("kafka-connect-stepfunctions");
            assertThat(manifest.path("owner").path("username").asText()).isEqualTo("sfnconnect");
            assertThat(manifest.path("component_types").toString()).isEqualTo("[\"source\"]");
            assertThat(manifest.path("release_date").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
            assertThat(manifest.path("license").path(0).path("name").asText()).isEqualTo("Apache License 2.0");
            assertThat(hub.files()).contains(HUB_DIR + manifest.path("logo").asText());
            assertThat(manifest.path("requirements").toString()).as("the Java the plugin is compiled for")
                    .contains("Java 17 or later").contains("Kafka Connect 3.7 or later");
        }
    }

    @Test
    void everyRelativeLinkInTheShippedDocsResolvesInsideTheArchive() throws IOException {
        try (PluginArchive hub = PluginArchive.fromSystemProperty("sfn.hub.archive")) {
            Set<String> files = hub.files();
            List<String> documents = files.stream().filter(f -> f.startsWith(HUB_DIR + "doc/") && f.endsWith(".md"))
                    .toList();
            assertThat(documents).as("the README and the docs").contains(HUB_DIR + "doc/README.md")
                    .hasSizeGreaterThan(8);
            List<String> broken = new java.util.ArrayList<>();
            int checked = 0;
            for (String document : documents) {
                String folder = document.substring(0, document.lastIndexOf('/') + 1);
                for (String target : MarkdownLinks.targets(hub.text(document))) {
                    if (MarkdownLinks.isExternal(target)) {
                        continue;
                    }
                    checked++;
                    int hash = target.indexOf('#');
                    String path = hash < 0 ? target : target.substring(0, hash);
                    String anchor = hash < 0 ? null : target.substring(hash + 1);
                    String resolved = path.isEmpty() ? document : Path.of(folder + path).normalize().toString()
                            .replace('\\', '/');
                    boolean isFile = files.contains(resolved);
                    boolean isFolder = files.stream().anyMatch(f -> f.startsWith(resolved + "/"));
                    if (!resolved.startsWith(HUB_DIR) || (!isFile && !isFolder)) {
                        broken.add(document + ": " + target + " (no " + resolved + " in the archive)");
                    } else if (anchor != null && isFile && resolved.endsWith(".md")
                            && !MarkdownLinks.anchors(hub.text(resolved)).contains(anchor)) {
                        broken.add(document + ": " + target + " (no heading #" + anchor + " in " + resolved + ")");
                    }
                }
            }
            assertThat(broken).as("links to nothing in the archive").isEmpty();
            assertThat(checked).as("relative links checked (the README alone has more)").isGreaterThan(20);
        }
    }

    @Test
    void theLogoIsASquarePngOfAtLeast512Pixels() throws IOException {
        try (PluginArchive hub = PluginArchive.fromSystemProperty("sfn.hub.archive")) {
            String logo = new ObjectMapper().readTree(hub.text(HUB_DIR + "manifest.json")).path("logo").asText();
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(hub.bytes(HUB_DIR + logo)));
            assertThat(image).as(logo + " is a PNG").isNotNull();
            assertThat(image.getWidth()).isEqualTo(image.getHeight()).isGreaterThanOrEqualTo(512);
        }
    }

    @Test
    void eachArchiveHasAChecksumFileThatSha512sumAccepts() throws Exception {
        for (String property : List.of("sfn.hub.archive", "sfn.msk.archive")) {
            Path archive;
            try (PluginArchive opened = PluginArchive.fromSystemProperty(property)) {
                archive = opened.path();
            }
            Path checksum = archive.resolveSibling(archive.getFileName() + ".sha512");
            assertThat(checksum).as("beside " + archive.getFileName()).exists();
            String expected = java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(archive)));
            assertThat(Files.readString(checksum).strip()).as("sha512sum's format: <hash>, two spaces, <file>")
                    .isEqualTo(expected + "  " + archive.getFileName());
        }
    }

    @Test
    void hubArchiveShipsTheConnectorAndItsDependenciesButNothingTheWorkerProvides() throws IOException {
        try (PluginArchive hub = PluginArchive.fromSystemProperty("sfn.hub.archive")) {
            List<String> jars = filesUnder(hub, HUB_DIR + "lib/");
            assertNoWorkerJars(hub, HUB_DIR + "lib/", jars);
            assertThat(hub.jarText(HUB_DIR + "lib/" + CONNECTOR_JAR,
                    "META-INF/services/org.apache.kafka.connect.source.SourceConnector").strip())
                    .as("ServiceLoader manifest for plugin.discovery=service_load")
                    .isEqualTo(ConnectHarness.CONNECTOR_CLASS);
            // the third-party listing names exactly the bundled libraries (each line: (licence) name (g:a:v - url))
            Set<String> listed = THIRD_PARTY_LINE.matcher(hub.text(HUB_DIR + "doc/THIRD-PARTY.txt")).results()
                    .map(m -> m.group(2) + "-" + m.group(3) + ".jar").collect(Collectors.toCollection(TreeSet::new));
            Set<String> bundled = new TreeSet<>(jars);
            bundled.remove(CONNECTOR_JAR);
            assertThat(listed).isEqualTo(bundled);
        }
    }

    @Test
    void mskZipHoldsTheSameJarsInOneFolder() throws IOException {
        try (PluginArchive hub = PluginArchive.fromSystemProperty("sfn.hub.archive");
             PluginArchive msk = PluginArchive.fromSystemProperty("sfn.msk.archive")) {
            assertThat(msk.path().getFileName().toString()).endsWith("-msk.zip");
            assertThat(msk.topLevel()).containsExactly(MSK_DIR.substring(0, MSK_DIR.length() - 1));
            List<String> jars = msk.files().stream().filter(f -> f.endsWith(".jar")).toList();
            assertThat(jars).allMatch(j -> j.startsWith(MSK_DIR) && j.indexOf('/', MSK_DIR.length()) < 0,
                    "jars directly in the top folder");
            assertThat(names(jars)).isEqualTo(names(filesUnder(hub, HUB_DIR + "lib/")));
            assertNoWorkerJars(msk, MSK_DIR, names(jars).stream().toList());
            assertThat(msk.files()).contains(MSK_DIR + "doc/LICENSE", MSK_DIR + "doc/THIRD-PARTY.txt");
        }
    }

    /** No Kafka or Connect jar (by name, or hidden inside another jar) and no SLF4J API: the worker has them. */
    private static void assertNoWorkerJars(PluginArchive archive, String folder, List<String> jars) {
        assertThat(jars).isNotEmpty().contains(CONNECTOR_JAR)
                .noneMatch(j -> j.startsWith("kafka-clients") || j.startsWith("connect-") || j.startsWith("kafka_"))
                .noneMatch(j -> j.startsWith("slf4j-api"));
        for (String jar : jars) {
            assertThat(archive.jarEntries(folder + jar)).as("classes in " + jar)
                    .noneMatch(e -> e.startsWith("org/apache/kafka/"))
                    .noneMatch(e -> e.startsWith("org/slf4j/"));
        }
    }

    /** File names directly in a folder of the archive. */
    private static List<String> filesUnder(PluginArchive archive, String folder) {
        return archive.files().stream().filter(f -> f.startsWith(folder))
                .map(f -> f.substring(folder.length())).filter(f -> !f.contains("/")).toList();
    }

    private static Set<String> names(List<String> paths) {
        return paths.stream().map(p -> p.substring(p.lastIndexOf('/') + 1)).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> configExamples() throws IOException {
        try (Stream<Path> files = Files.list(CONFIG_DIR)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".properties")).toList();
        }
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + name + " is not set: run the tests through Maven"
                    + " (`mvn -B verify` from the project root); integration-tests/pom.xml sets it.");
        }
        return value;
    }
}
