package io.github.sfnconnect.tracking;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One part of the names of a state machine's open executions behind the window: a restarted task checks them,
 * since no listing of recent executions shows them. Names are spread over {@link #PARTS} parts by hash, each its own
 * source partition, so that a change rewrites one small offset, and no offset grows past Kafka's message size even
 * with a million open executions (80-character names: about 330 KB a part).
 *
 * @param names execution name to start date ({@link ExecutionOffset#UNKNOWN_START} if not known)
 */
public record OpenNamesPart(int part, Map<String, Long> names) {

    public static final int PARTS = 256;
    static final String VERSION_KEY = "v";
    static final String NAMES_KEY = "names";
    static final int VERSION = 1;

    public OpenNamesPart {
        names = Map.copyOf(names);
    }

    /** The part that holds this execution name. */
    public static int partOf(String name) {
        return Math.floorMod(name.hashCode(), PARTS); // String.hashCode is specified, so stable across JVMs
    }

    public Map<String, Object> toMap() {
        return Map.of(VERSION_KEY, VERSION, NAMES_KEY, encode(names));
    }

    /** Parses a stored offset; an empty part for none. */
    public static OpenNamesPart fromMap(int part, Map<String, ?> offset, Object partition) {
        if (offset == null || offset.isEmpty()) {
            return new OpenNamesPart(part, Map.of());
        }
        return new OpenNamesPart(part, decode(OffsetValues.requireString(offset, NAMES_KEY, partition), partition));
    }

    /**
     * "name:startMs,..." in name order. Names cannot contain ',' and the start date follows the last ':' (a Map Run
     * child's name contains ':', see {@link ExecutionArns}); a name without a start date (checkpoint version 1, whose
     * names never contain ':') has an unknown one.
     */
    static String encode(Map<String, Long> names) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(names).forEach((name, start) -> {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(name);
            if (start != ExecutionOffset.UNKNOWN_START) {
                out.append(':').append(start);
            }
        });
        return out.toString();
    }

    static Map<String, Long> decode(String text, Object partition) {
        Map<String, Long> names = new HashMap<>();
        if (text == null || text.isEmpty()) {
            return names;
        }
        try {
            for (String entry : text.split(",")) {
                int colon = entry.lastIndexOf(':');
                if (colon < 0) {
                    names.put(entry, ExecutionOffset.UNKNOWN_START);
                } else {
                    names.put(entry.substring(0, colon), Long.parseLong(entry.substring(colon + 1)));
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Source offset for source partition " + partition
                    + " has invalid open execution names; expected name:startMs pairs separated by commas", e);
        }
        return names;
    }
}
