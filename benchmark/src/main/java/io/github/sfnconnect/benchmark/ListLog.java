package io.github.sfnconnect.benchmark;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.sfnconnect.emulator.ObservedRequest;
import io.github.sfnconnect.emulator.RequestObserver;

/**
 * One side's {@code ListExecutions} calls as its emulator answered them: per call, the state machine, when it was
 * received and answered, and whether the answer held an execution new or changed (status or redrive count) since
 * that state machine's previous answer; per execution, when an answer first showed it, and first showed it closed.
 * It is built from the emulator's requests and answers only, not from anything the connector reports.
 */
final class ListLog implements RequestObserver {

    /**
     * One call: the state machine's index, when it was received and answered (epoch ms), what it found, and which
     * listing it was: {@code window} (no filter), {@code open} (statusFilter), {@code redriven} (redriveFilter).
     */
    record Call(int machine, long receivedMs, long answeredMs, boolean succeeded, boolean changed, String kind) {

        Call(int machine, long receivedMs, long answeredMs, boolean succeeded, boolean changed) {
            this(machine, receivedMs, answeredMs, succeeded, changed, "window");
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Integer> machines = new HashMap<>();
    private final List<Call> calls = new ArrayList<>();
    /** Per state machine: execution ARN -> "STATUS|redriveCount" as its last answer showed it. */
    private final List<Map<String, String>> lastStates = new ArrayList<>();
    private final Map<String, Long> firstListedMs = new HashMap<>();
    private final Map<String, Long> firstListedClosedMs = new HashMap<>();
    private final BitSet listed = new BitSet();
    private long firstPassEndMs = -1;

    /** @param stateMachineArns the account's state machines; the index of each is its place here */
    ListLog(List<String> stateMachineArns) {
        for (int i = 0; i < stateMachineArns.size(); i++) {
            machines.put(stateMachineArns.get(i), i);
            lastStates.add(new HashMap<>());
        }
    }

    @Override
    public synchronized void answered(ObservedRequest request) {
        if (!request.action().equals(ApiCalls.LIST)) {
            return;
        }
        try {
            JsonNode body = json.readTree(request.requestBody());
            Integer machine = machines.get(body.path("stateMachineArn").asText());
            String kind = body.hasNonNull("redriveFilter") ? "redriven"
                    : body.hasNonNull("statusFilter") ? "open" : "window";
            if (machine == null) {
                return; // by Map Run, or a state machine of no interest
            }
            boolean changed = false;
            long answeredMs = request.answeredAt().toEpochMilli();
            if (request.succeeded()) {
                Map<String, String> last = lastStates.get(machine);
                for (JsonNode item : json.readTree(request.responseBody()).path("executions")) {
                    String arn = item.get("executionArn").asText();
                    String status = item.get("status").asText();
                    String state = status + "|" + item.path("redriveCount").asInt(0);
                    changed |= !state.equals(last.put(arn, state));
                    firstListedMs.putIfAbsent(arn, answeredMs);
                    if (!status.equals("RUNNING") && !status.equals("PENDING_REDRIVE")) {
                        firstListedClosedMs.putIfAbsent(arn, answeredMs);
                    }
                }
            }
            listed.set(machine);
            if (firstPassEndMs < 0 && listed.cardinality() == machines.size()) {
                firstPassEndMs = request.receivedAt().toEpochMilli();
            }
            calls.add(new Call(machine, request.receivedAt().toEpochMilli(), answeredMs, request.succeeded(),
                    changed, kind));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Not a ListExecutions exchange: " + request, e);
        }
    }

    /** The calls so far, in the order they were answered. */
    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** How many of the state machines were listed at least once. */
    synchronized int listedStateMachines() {
        return listed.cardinality();
    }

    /** When the last state machine to be listed was first listed (epoch ms), or -1. */
    synchronized long firstPassEndMs() {
        return firstPassEndMs;
    }

    /** When an answer first showed the execution, or null. */
    synchronized Long firstListedMs(String executionArn) {
        return firstListedMs.get(executionArn);
    }

    /** When an answer first showed the execution closed, or null. */
    synchronized Long firstListedClosedMs(String executionArn) {
        return firstListedClosedMs.get(executionArn);
    }
}
