package io.github.sfnconnect.tracking;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names of a state machine's open executions behind the window, as a restarted task must find them: spread
 * over {@link OpenNamesPart}s written on their own source partitions, and, until the part holding a name is
 * acknowledged, carried in the checkpoint itself (the delta), so that no checkpoint ever relies on a name that is
 * not stored with it or before it.
 * <p>
 * At most one write per part is in flight; a part whose wanted content changed meanwhile is written again once the
 * write in flight is acknowledged.
 */
final class OpenNames {

    /** Part content as of the last acknowledged write (or as loaded at start), by part. */
    private final Map<Integer, Map<String, Long>> acked = new HashMap<>();
    /** Part content as of the last write, acknowledged or not. */
    private final Map<Integer, Map<String, Long>> written = new HashMap<>();
    /** Content of the write in flight, by part. */
    private final Map<Integer, Map<String, Long>> inFlight = new HashMap<>();
    private Map<String, Long> wanted = Map.of();

    OpenNames(List<OpenNamesPart> loaded) {
        for (OpenNamesPart part : loaded) {
            if (!part.names().isEmpty()) {
                acked.put(part.part(), new HashMap<>(part.names()));
                written.put(part.part(), new HashMap<>(part.names()));
            }
        }
    }

    /** Every name as loaded at start: the parts' and the checkpoint's delta. */
    Map<String, Long> loaded(Map<String, Long> delta) {
        Map<String, Long> all = new HashMap<>(delta);
        acked.values().forEach(all::putAll);
        return all;
    }

    /** The names to store from now on. */
    void want(Map<String, Long> names) {
        wanted = Map.copyOf(names);
    }

    boolean isWanted(String name) {
        return wanted.containsKey(name);
    }

    /** Wanted names not in an acknowledged part: the checkpoint carries them. */
    Map<String, Long> delta() {
        Map<String, Long> delta = new HashMap<>();
        wanted.forEach((name, start) -> {
            Map<String, Long> part = acked.get(OpenNamesPart.partOf(name));
            if (part == null || !start.equals(part.get(name))) {
                delta.put(name, start);
            }
        });
        return delta;
    }

    /**
     * The part writes that make the stored parts equal the wanted names, for parts with no write in flight; each
     * is in flight from now until {@link #acknowledged(int)}.
     */
    List<OpenNamesPart> writes() {
        Map<Integer, Map<String, Long>> byPart = new HashMap<>();
        wanted.forEach((name, start) -> byPart.computeIfAbsent(OpenNamesPart.partOf(name), p -> new HashMap<>())
                .put(name, start));
        Set<Integer> parts = new HashSet<>(byPart.keySet());
        parts.addAll(written.keySet());
        List<OpenNamesPart> writes = new java.util.ArrayList<>();
        for (int part : parts) {
            Map<String, Long> want = byPart.getOrDefault(part, Map.of());
            Map<String, Long> have = written.getOrDefault(part, Map.of());
            if (!want.equals(have) && !inFlight.containsKey(part)) {
                writes.add(new OpenNamesPart(part, want));
                inFlight.put(part, want);
                if (want.isEmpty()) {
                    written.remove(part);
                } else {
                    written.put(part, want);
                }
            }
        }
        writes.sort((a, b) -> Integer.compare(a.part(), b.part()));
        return writes;
    }

    void acknowledged(int part) {
        Map<String, Long> content = inFlight.remove(part);
        if (content == null) {
            return;
        }
        if (content.isEmpty()) {
            acked.remove(part);
        } else {
            acked.put(part, content);
        }
    }

    /**
     * Whether the names as they will be stored once the writes handed out are acknowledged still hold it: wanted, or
     * in its part's latest write. Its offset is deleted in the same batch as the write that drops its name, so that
     * no restart finds the name without the offset, nor the offset without the name, except after a crash between
     * the two.
     */
    boolean mentions(String name) {
        return wanted.containsKey(name) || contains(written, OpenNamesPart.partOf(name), name);
    }

    int size() {
        return wanted.size();
    }

    private static boolean contains(Map<Integer, Map<String, Long>> parts, int part, String name) {
        Map<String, Long> content = parts.get(part);
        return content != null && content.containsKey(name);
    }
}
