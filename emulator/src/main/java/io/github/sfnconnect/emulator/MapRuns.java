package io.github.sfnconnect.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The retained Map Runs, by ARN and by parent execution, and their children by execution id. Not thread-safe: the
 * owning {@link StateStore} guards it.
 *
 * <p>A closed Map Run ages out {@link StepFunctionsEmulator#RETENTION} after its stop. It is dropped when a read
 * finds it expired, or with its parent; so an expired one costs memory only until then, and no sweep is needed.
 */
final class MapRuns {
    private final Map<String, MapRun> byArn = new HashMap<>();
    /** Each parent's Map Runs in ListMapRuns order, newest first. */
    private final Map<Execution, NavigableMap<SortKey, MapRun>> byParent = new HashMap<>();
    /**
     * Every retained child by its execution id, a UUID and so unique across Map Runs: how an execution ARN finds its
     * child, whichever of the Map Runs sharing a label it belongs to.
     */
    private final Map<String, Execution> children = new HashMap<>();

    void add(MapRun run) {
        byArn.put(run.arn, run);
        byParent.computeIfAbsent(run.parent, p -> new TreeMap<>(SortKey.NEWEST_FIRST)).put(run.sortKey(), run);
    }

    /** The retained Map Run with this ARN, or null; one found expired is dropped on the way. */
    MapRun get(String arn, Instant now) {
        MapRun run = byArn.get(arn);
        if (run != null && run.expired(now)) {
            remove(run);
            return null;
        }
        return run;
    }

    /** Whether this very Map Run is still retained (not removed or aged out and dropped). */
    boolean holds(MapRun run) {
        return byArn.get(run.arn) == run;
    }

    /** A parent's retained Map Runs after a list position (or all), newest first; expired ones are dropped. */
    List<MapRun> of(Execution parent, Optional<SortKey> after, Instant now) {
        NavigableMap<SortKey, MapRun> runs = byParent.get(parent);
        if (runs == null) {
            return List.of();
        }
        List<MapRun> expired = runs.values().stream().filter(run -> run.expired(now)).toList();
        expired.forEach(this::remove);
        Collection<MapRun> listed = after.isEmpty() ? runs.values() : runs.tailMap(after.get(), false).values();
        return new ArrayList<>(listed);
    }

    /** A parent's Map Runs in whatever state, for the rules that follow the parent. */
    Collection<MapRun> of(Execution parent) {
        NavigableMap<SortKey, MapRun> runs = byParent.get(parent);
        return runs == null ? List.of() : new ArrayList<>(runs.values());
    }

    /** The retained child with this labelled execution ARN, or null. */
    Execution child(String executionArn) {
        String[] parts = executionArn.split(":", -1);
        if (parts.length < 8) {
            return null;
        }
        Execution child = children.get(parts[7]);
        return child != null && child.arn().equals(executionArn) ? child : null;
    }

    void addChild(Execution child) {
        child.stateMachine.add(child);
        children.put(child.name, child);
    }

    /** An EXPRESS child rerun by StartExecution: the new execution takes the old one's ARN and place. */
    void replaceChild(Execution old, Execution rerun) {
        removeChild(old);
        addChild(rerun);
    }

    void removeChild(Execution child) {
        child.stateMachine.remove(child);
        children.remove(child.name, child);
    }

    /** Drops a Map Run with its children. */
    void remove(MapRun run) {
        if (byArn.remove(run.arn, run)) {
            NavigableMap<SortKey, MapRun> siblings = byParent.get(run.parent);
            siblings.remove(run.sortKey());
            if (siblings.isEmpty()) {
                byParent.remove(run.parent);
            }
            new ArrayList<>(run.children.executions).forEach(this::removeChild);
        }
    }

    /** Drops the Map Runs of a parent that is gone. */
    void removeAllOf(Execution parent) {
        of(parent).forEach(this::remove);
    }

    /** Drops the Map Runs of every execution of a state machine that was removed. */
    void forget(StateMachine machine) {
        byArn.values().stream().filter(run -> run.parent.stateMachine == machine).toList().forEach(this::remove);
    }
}
