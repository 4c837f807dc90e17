package io.github.sfnconnect.tracking;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Map Runs of one state machine's executions that the task streams, each with the execution that started it.
 * Stored as one offset ({@link SourcePartitions#mapRuns}) so that a restarted task resumes every Map Run at once,
 * without a ListMapRuns call per execution: a Map Run joins before the end of its execution is recorded, and leaves
 * once it stopped and everything of it is stored.
 */
public final class MapRunRegistry {

    static final String VERSION_KEY = "v";
    static final String RUNS_KEY = "runs";
    static final int VERSION = 1;
    /** About 250 bytes a Map Run: a few thousand open at once stay far below Kafka's 1 MB message size. */
    public static final int WARN_SIZE = 2_000;

    private final Map<String, String> parents = new HashMap<>();

    /** Parses a stored offset; an empty registry for none. */
    public static MapRunRegistry fromMap(Map<String, ?> offset, Object partition) {
        MapRunRegistry registry = new MapRunRegistry();
        if (offset == null || offset.isEmpty()) {
            return registry;
        }
        long version = OffsetValues.requireLong(offset, VERSION_KEY, partition);
        if (version != VERSION) {
            throw new IllegalArgumentException("Source offset for source partition " + partition + " has version "
                    + version + ", which this version of the connector does not know; run a version that wrote it, "
                    + "or reset the partition");
        }
        String runs = OffsetValues.requireString(offset, RUNS_KEY, partition);
        for (String entry : runs.isEmpty() ? new String[0] : runs.split(",")) {
            int space = entry.indexOf(' ');
            if (space <= 0 || !entry.startsWith("arn:")) {
                throw new IllegalArgumentException("Source offset for source partition " + partition + " has an "
                        + "invalid entry '" + entry + "'; expected '<Map Run ARN> <execution ARN>' pairs separated "
                        + "by commas");
            }
            registry.parents.put(entry.substring(0, space), entry.substring(space + 1));
        }
        return registry;
    }

    /** "mapRunArn executionArn,..." in Map Run order: ARNs contain neither ' ' nor ','. */
    public Map<String, Object> toMap() {
        StringBuilder runs = new StringBuilder();
        new TreeMap<>(parents).forEach((run, parent) -> {
            if (runs.length() > 0) {
                runs.append(',');
            }
            runs.append(run).append(' ').append(parent);
        });
        return Map.of(VERSION_KEY, VERSION, RUNS_KEY, runs.toString());
    }

    /** Adds a Map Run; false if it was there already. */
    public boolean add(String mapRunArn, String executionArn) {
        return parents.putIfAbsent(mapRunArn, executionArn) == null;
    }

    /** Removes a Map Run; false if it was not there. */
    public boolean remove(String mapRunArn) {
        return parents.remove(mapRunArn) != null;
    }

    public boolean contains(String mapRunArn) {
        return parents.containsKey(mapRunArn);
    }

    /** Map Run ARN to the ARN of the execution that started it. */
    public Map<String, String> runs() {
        return Collections.unmodifiableMap(parents);
    }

    public int size() {
        return parents.size();
    }
}
