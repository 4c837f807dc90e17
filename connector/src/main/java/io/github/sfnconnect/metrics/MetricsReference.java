package io.github.sfnconnect.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.MetricNameTemplate;

/** Renders the {@link MetricsRegistry} as a Markdown reference page, one table per MBean type. */
public final class MetricsReference {

    private MetricsReference() {
    }

    public static String markdown(MetricsRegistry registry) {
        Map<String, List<MetricNameTemplate>> byGroup = registry.all().stream()
                .collect(Collectors.groupingBy(MetricNameTemplate::group, LinkedHashMap::new, Collectors.toList()));
        StringBuilder out = new StringBuilder("# Metrics reference\n\n")
                .append("Generated from `MetricsRegistry`; do not edit. Every task registers its metrics in JMX under ")
                .append("the domain `").append(MetricsRegistry.JMX_DOMAIN).append("`, one MBean per type and set of ")
                .append("tags (tag values are quoted where they contain `:`, as state machine ARNs do).\n");
        byGroup.forEach((group, templates) -> {
            String tags = templates.get(0).tags().stream().map(t -> t + "=<" + t + ">")
                    .collect(Collectors.joining(","));
            out.append("\n## `").append(group).append("`\n\n")
                    .append("`").append(MetricsRegistry.JMX_DOMAIN).append(":type=").append(group).append(",")
                    .append(tags).append("`\n\n")
                    .append("| Attribute | Description |\n|---|---|\n");
            templates.forEach(t -> out.append("| `").append(t.name()).append("` | ")
                    .append(t.description().replace("|", "\\|")).append(" |\n"));
        });
        return out.toString();
    }
}
