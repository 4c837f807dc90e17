package io.github.sfnconnect.tracking;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kinds of source partition the connector writes offsets for: one per execution (what was last recorded for
 * it), one per listing scope, a state machine or a Map Run (its {@link Checkpoint}), for scopes with open executions
 * behind the window up to {@link OpenNamesPart#PARTS} parts of their names, and for each state machine with a
 * Distributed Map state the Map Runs being streamed ({@link MapRunRegistry}).
 * <p>
 * Each partition has exactly one key. Connect stores an offset under the partition's serialized bytes, and a map of
 * two keys serializes in its iteration order: {@code Map.of} orders differently in every JVM, and offsets altered
 * through the REST API keep the user's order, so a two-key partition written by one worker process was not found by
 * the next (a crash measurement lost the ends of open executions that way).
 */
public final class SourcePartitions {

    public static final String EXECUTION_ARN_KEY = "execution_arn";
    public static final String STATE_MACHINE_ARN_KEY = "state_machine_arn";
    public static final String MAP_RUN_ARN_KEY = "map_run_arn";
    public static final String OPEN_NAMES_KEY = "open_names";
    public static final String MAP_RUNS_KEY = "map_runs";
    static final String SNAPSHOT_OPEN_PART_KEY = "open_part";
    /** Separates the state machine ARN from the part number; state machine names cannot contain it. */
    static final char PART_SEPARATOR = '#';

    private SourcePartitions() {
    }

    public static Map<String, Object> execution(String executionArn) {
        return Map.of(EXECUTION_ARN_KEY, executionArn);
    }

    public static Map<String, Object> stateMachine(String stateMachineArn) {
        return Map.of(STATE_MACHINE_ARN_KEY, stateMachineArn);
    }

    public static Map<String, Object> mapRun(String mapRunArn) {
        return Map.of(MAP_RUN_ARN_KEY, mapRunArn);
    }

    /** The checkpoint's partition of a listing scope: a state machine or a Map Run. */
    public static Map<String, Object> checkpoint(String scopeArn) {
        return ExecutionArns.isMapRun(scopeArn) ? mapRun(scopeArn) : stateMachine(scopeArn);
    }

    /** {@code {"open_names": "<state machine or Map Run ARN>#<part>"}}. */
    public static Map<String, Object> openNames(String scopeArn, int part) {
        return Map.of(OPEN_NAMES_KEY, scopeArn + PART_SEPARATOR + part);
    }

    /** {@code {"map_runs": "<state machine ARN>"}}: the Map Runs of the state machine's executions being streamed. */
    public static Map<String, Object> mapRuns(String stateMachineArn) {
        return Map.of(MAP_RUNS_KEY, stateMachineArn);
    }

    /**
     * The partitions 0.1.0 snapshots wrote an open-name part under: two keys, in whichever order {@code Map.of} gave
     * the worker process, so both orders are read once when a task resumes from a checkpoint before version 3.
     */
    public static List<Map<String, Object>> snapshotOpenNames(String stateMachineArn, int part) {
        Map<String, Object> arnFirst = new LinkedHashMap<>();
        arnFirst.put(STATE_MACHINE_ARN_KEY, stateMachineArn);
        arnFirst.put(SNAPSHOT_OPEN_PART_KEY, part);
        Map<String, Object> partFirst = new LinkedHashMap<>();
        partFirst.put(SNAPSHOT_OPEN_PART_KEY, part);
        partFirst.put(STATE_MACHINE_ARN_KEY, stateMachineArn);
        return List.of(arnFirst, partFirst);
    }

    /** The part number of an {@link #OPEN_NAMES_KEY} value, or -1 if it is not {@code <scope ARN>#<part>}. */
    public static int openNamesPart(String value) {
        int separator = value.lastIndexOf(PART_SEPARATOR);
        if (separator <= 0 || !value.startsWith("arn:")
                || !value.contains(":stateMachine:") && !value.contains(":mapRun:")) {
            return -1;
        }
        try {
            int part = Integer.parseInt(value.substring(separator + 1));
            return part >= 0 && part < OpenNamesPart.PARTS ? part : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
