package io.github.sfnconnect.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The reference pages in docs/ are generated from the code; this fails when a checked-in page is stale. */
class ReferenceDocsTest {

    private static final String HOW = "regenerate with: mvn -pl connector test -Dtest=ReferenceDocsTest "
            + "-Ddocs.regenerate=true";

    @Test
    void checkedInPagesMatchTheCode() throws IOException {
        Map<String, String> pages = ReferenceDocs.pages();
        assertThat(pages).containsOnlyKeys("configuration.md", "metrics.md", "records.md");
        for (Map.Entry<String, String> page : pages.entrySet()) {
            Path doc = Path.of("..", "docs", page.getKey());
            if (Boolean.getBoolean("docs.regenerate")) {
                Files.writeString(doc, page.getValue());
            }
            assertThat(doc).as("docs/%s is missing; %s", page.getKey(), HOW).exists();
            assertThat(Files.readString(doc)).as("docs/%s is stale; %s", page.getKey(), HOW)
                    .isEqualTo(page.getValue());
        }
    }

    @Test
    void configurationPageDocumentsEveryKeyWithItsTypeDefaultAndImportance() {
        String page = ReferenceDocs.pages().get("configuration.md");
        assertThat(page).contains("## AWS credentials", "### `aws.secret.access.key`", "### `state.machine.arns`")
                .contains("| password | null |", "| string | *required* |", "| long | `5000` |");
    }

    @Test
    void metricsPageNamesTheMBeans() {
        String page = ReferenceDocs.pages().get("metrics.md");
        assertThat(page).contains("kafka.connect.stepfunctions:type=state-machine-metrics,connector=<connector>,"
                + "task=<task>,state-machine=<state-machine>", "`throttled-attempts-total`", "`open-executions`");
    }
}
