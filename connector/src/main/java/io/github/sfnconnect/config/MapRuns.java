package io.github.sfnconnect.config;

import java.util.Arrays;
import java.util.Locale;

/**
 * What the connector streams of Distributed Map states ({@code map.runs}): their child workflow executions, a
 * progress record per Map Run change, both, or nothing. Only state machines with a Distributed Map pay for either.
 */
public enum MapRuns {
    OFF(false, false),
    CHILDREN(true, false),
    PROGRESS(false, true),
    BOTH(true, true);

    private final boolean children;
    private final boolean progress;

    MapRuns(boolean children, boolean progress) {
        this.children = children;
        this.progress = progress;
    }

    /** Whether child executions are streamed to the execution topic. */
    public boolean children() {
        return children;
    }

    /** Whether Map Run progress records are streamed to the progress topic. */
    public boolean progress() {
        return progress;
    }

    public boolean any() {
        return children || progress;
    }

    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Case-insensitive, surrounding blanks ignored. */
    public static MapRuns parse(String value) {
        String v = value == null ? "" : value.trim();
        return Arrays.stream(values()).filter(m -> m.configValue().equalsIgnoreCase(v)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + value + "' is not a Map Run mode; use 'children' "
                        + "(child workflow executions of Distributed Map states, to the execution topic), 'progress' "
                        + "(a record per Map Run change, to 'map.run.progress.topic'), 'both', or 'off'"));
    }
}
