package io.github.sfnconnect.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** docs/configuration.rst is generated from the ConfigDef; this keeps it from drifting. */
class ConfigurationDocTest {

    @Test
    void checkedInReferenceMatchesTheConfigDef() throws IOException {
        Path doc = Path.of("..", "docs", "configuration.rst");
        String generated = StepFunctionsSourceConfig.CONFIG_DEF.toEnrichedRst();
        if (Boolean.getBoolean("docs.regenerate")) {
            Files.writeString(doc, generated);
        }
        assertThat(doc).as("run: mvn -pl connector test -Ddocs.regenerate=true -Dtest=ConfigurationDocTest").exists();
        assertThat(Files.readString(doc))
                .as("docs/configuration.rst is stale; regenerate with -Ddocs.regenerate=true")
                .isEqualTo(generated);
    }
}
