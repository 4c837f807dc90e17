package io.github.sfnconnect.benchmark;

import java.util.Map;
import java.util.TreeMap;

import io.github.sfnconnect.emulator.StepFunctionsEmulator;

/** Requests an emulator received per action between two moments (HTTP attempts, retries included). */
record ApiCalls(Map<String, Long> byAction) {

    static final String DESCRIBE = "DescribeExecution";
    static final String LIST = "ListExecutions";

    /** A running count from now on. */
    static Snapshot from(StepFunctionsEmulator sfn) {
        return new Snapshot(sfn, sfn.callCounts());
    }

    /** The counts at one moment, to subtract from later ones. */
    record Snapshot(StepFunctionsEmulator sfn, Map<String, Long> at) {
        ApiCalls sinceThen() {
            Map<String, Long> now = sfn.callCounts();
            Map<String, Long> diff = new TreeMap<>();
            now.forEach((action, count) -> {
                long d = count - at.getOrDefault(action, 0L);
                if (d != 0) {
                    diff.put(action, d);
                }
            });
            return new ApiCalls(diff);
        }
    }

    long describes() {
        return byAction.getOrDefault(DESCRIBE, 0L);
    }

    long lists() {
        return byAction.getOrDefault(LIST, 0L);
    }

    long total() {
        return byAction.values().stream().mapToLong(Long::longValue).sum();
    }
}
