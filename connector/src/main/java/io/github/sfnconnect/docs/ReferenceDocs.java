package io.github.sfnconnect.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.github.sfnconnect.config.ConfigReference;
import io.github.sfnconnect.config.StepFunctionsSourceConfig;
import io.github.sfnconnect.metrics.MetricsReference;
import io.github.sfnconnect.metrics.MetricsRegistry;
import io.github.sfnconnect.record.RecordReference;

/**
 * The reference pages generated from the code: {@code configuration.md} from the ConfigDef, {@code metrics.md}
 * from the metric templates, {@code records.md} from the schemas and the record factory. The build writes them to {@code target/docs}; a test keeps the copies in
 * {@code docs/} identical.
 */
public final class ReferenceDocs {

    private ReferenceDocs() {
    }

    public static Map<String, String> pages() {
        return Map.of(
                "configuration.md", ConfigReference.markdown(StepFunctionsSourceConfig.CONFIG_DEF,
                        "Configuration reference",
                        "Generated from the connector's `ConfigDef`; do not edit. Besides these keys, the connector "
                                + "takes Connect's own (`name`, `connector.class`, `tasks.max`, converters, "
                                + "transforms, `exactly.once.support`, ...)."),
                "metrics.md", MetricsReference.markdown(new MetricsRegistry()),
                "records.md", RecordReference.markdown());
    }

    /** Writes every page into the directory given as the only argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ReferenceDocs <output directory>");
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        for (Map.Entry<String, String> page : pages().entrySet()) {
            Files.writeString(dir.resolve(page.getKey()), page.getValue());
        }
    }
}
