package io.github.sfnconnect.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Renders a {@link ConfigDef} as a Markdown reference page: one section per group in the order the keys were defined,
 * each key with its documentation, type, default, valid values and importance. Kafka only renders RST and HTML.
 */
public final class ConfigReference {

    private ConfigReference() {
    }

    public static String markdown(ConfigDef definition, String title, String introduction) {
        Map<String, List<ConfigKey>> byGroup = new LinkedHashMap<>();
        definition.groups().forEach(group -> byGroup.put(group, new ArrayList<>()));
        List<ConfigKey> ordered = new ArrayList<>(definition.configKeys().values());
        ordered.sort(Comparator.comparingInt((ConfigKey k) -> k.orderInGroup));
        for (ConfigKey key : ordered) {
            if (key.internalConfig) {
                continue;
            }
            byGroup.computeIfAbsent(key.group == null ? "Other" : key.group, g -> new ArrayList<>()).add(key);
        }
        StringBuilder out = new StringBuilder("# ").append(title).append("\n\n").append(introduction).append("\n\n");
        byGroup.forEach((group, keys) -> {
            if (keys.isEmpty()) {
                return;
            }
            out.append("- [").append(group).append("](#").append(anchor(group)).append(")\n");
        });
        byGroup.forEach((group, keys) -> {
            if (keys.isEmpty()) {
                return;
            }
            out.append("\n## ").append(group).append("\n");
            for (ConfigKey key : keys) {
                out.append("\n### `").append(key.name).append("`\n\n")
                        .append(key.documentation == null ? "" : key.documentation.trim()).append("\n\n")
                        .append("| Type | Default | Valid values | Importance |\n")
                        .append("|---|---|---|---|\n")
                        .append("| ").append(key.type.name().toLowerCase()).append(" | ")
                        .append(cell(defaultValue(key))).append(" | ")
                        .append(cell(key.validator == null ? "" : key.validator.toString())).append(" | ")
                        .append(key.importance.name().toLowerCase()).append(" |\n");
            }
        });
        return out.toString();
    }

    private static String defaultValue(ConfigKey key) {
        if (!key.hasDefault()) {
            return "*required*";
        }
        if (key.defaultValue == null && StepFunctionsSourceConfig.DERIVED_DEFAULTS.containsKey(key.name)) {
            return "*" + StepFunctionsSourceConfig.DERIVED_DEFAULTS.get(key.name) + "*";
        }
        if (key.defaultValue == null) {
            return "null";
        }
        if (key.type == Type.PASSWORD) {
            return "[hidden]";
        }
        String value = ConfigDef.convertToString(key.defaultValue, key.type);
        return value.isEmpty() ? "\"\"" : "`" + value + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    /** GitHub's heading anchors: lower case, spaces to dashes, punctuation dropped. */
    private static String anchor(String heading) {
        return heading.toLowerCase().replaceAll("[^a-z0-9 -]", "").replace(' ', '-');
    }
}
