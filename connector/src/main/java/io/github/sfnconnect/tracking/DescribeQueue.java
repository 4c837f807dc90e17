package io.github.sfnconnect.tracking;

import java.util.LinkedHashMap;
import java.util.List;

import io.github.sfnconnect.model.ExecutionSummary;
import io.github.sfnconnect.tracking.ExecutionTracker.Candidate;

/**
 * Executions waiting for their describe, in the order they were detected; one whose describe failed goes to the back,
 * so that it holds up no other.
 */
final class DescribeQueue {

    private final LinkedHashMap<String, Candidate> byArn = new LinkedHashMap<>();

    boolean contains(String executionArn) {
        return byArn.containsKey(executionArn);
    }

    int size() {
        return byArn.size();
    }

    void add(String executionArn, long startMs, ExecutionSummary summary) {
        byArn.put(executionArn, new Candidate(executionArn, startMs, summary));
    }

    /**
     * A listing shows a waiting execution again: its describe is to see the latest item, unless the item is of
     * another execution under the same name (the describe then tells which one exists).
     */
    void relisted(Candidate waiting, ExecutionSummary s) {
        if (waiting.startDateMs() == s.startDateMs() || waiting.summary() == null) {
            byArn.put(s.executionArn(), new Candidate(s.executionArn(), s.startDateMs(), s));
        }
    }

    Candidate get(String executionArn) {
        return byArn.get(executionArn);
    }

    /** Removes and returns the execution's candidate, or null. */
    Candidate take(String executionArn) {
        return byArn.remove(executionArn);
    }

    void postpone(String executionArn) {
        Candidate c = byArn.remove(executionArn);
        if (c != null) {
            byArn.put(executionArn, c);
        }
    }

    /** In order: those started after {@code startMs} if there are any, else all. */
    List<Candidate> preferStartedAfter(long startMs) {
        List<Candidate> after = byArn.values().stream().filter(c -> c.startDateMs() > startMs).toList();
        return after.isEmpty() ? all() : after;
    }

    List<Candidate> all() {
        return List.copyOf(byArn.values());
    }
}
