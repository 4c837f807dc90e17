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
                .append("tags (tag values are quoted where they contain `:`, as state machine ARNs do).\n\n")
                .append("On Connect 4.1 and later the same metrics also go to the worker's own metric reporters ")
                .append("(`metric.reporters`, and the worker's JMX) through KIP-877's `PluginMetrics`: group `plugins`, ")
                .append("the worker's `connector` and `task` tags, and the other tags below, e.g. ")
                .append("`kafka.connect:type=plugins,connector=<connector>,task=<task>,state-machine=<state-machine>`. ")
                .append("On Connect 3.7 (Amazon MSK Connect) only the connector's own JMX names exist.\n");
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
