package io.github.sfnconnect.benchmark;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters of a seeded workload; the same parameters and seed give the same executions, names and schedule.
 *
 * @param seed               seeds every random choice
 * @param stateMachines      state machines the executions are spread over
 * @param historyExecutions  closed executions already there at start (started over {@code historySpan})
 * @param longRunning        executions started during the history that stay RUNNING for the whole run
 * @param startsPerSecond    live starts per second (a Poisson process) during the live phase
 * @param meanRunTimeMs      mean run time of a live execution (exponential); 0 ends each one right after its start
 * @param failureShare       share of executions that end FAILED, TIMED_OUT or ABORTED instead of SUCCEEDED
 * @param redriveShare       share of those that are redriven (1 to 3 s after they stopped), and run once more
 * @param historySpan        how far back the history starts; it ends five minutes before the run
 */
record Workload(long seed, int stateMachines, int historyExecutions, int longRunning, double startsPerSecond,
                long meanRunTimeMs, double failureShare, double redriveShare, Duration historySpan) {

    Workload {
        if (stateMachines < 1) {
            throw new IllegalArgumentException("stateMachines must be at least 1, not " + stateMachines);
        }
        if (historyExecutions < 0 || longRunning < 0 || startsPerSecond < 0 || meanRunTimeMs < 0) {
            throw new IllegalArgumentException("workload sizes and rates must not be negative: " + this);
        }
        if (failureShare < 0 || failureShare > 1 || redriveShare < 0 || redriveShare > 1) {
            throw new IllegalArgumentException("failureShare and redriveShare must be between 0 and 1: " + this);
        }
    }

    Workload withStateMachines(int n) {
        return new Workload(seed, n, historyExecutions, longRunning, startsPerSecond, meanRunTimeMs, failureShare,
                redriveShare, historySpan);
    }

    Workload withHistory(int executions, int running) {
        return new Workload(seed, stateMachines, executions, running, startsPerSecond, meanRunTimeMs, failureShare,
                redriveShare, historySpan);
    }

    Workload withLive(double perSecond, long meanRunMs) {
        return new Workload(seed, stateMachines, historyExecutions, longRunning, perSecond, meanRunMs, failureShare,
                redriveShare, historySpan);
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seed", seed);
        json.put("state_machines", stateMachines);
        json.put("history_executions", historyExecutions);
        json.put("long_running_executions", longRunning);
        json.put("starts_per_second", startsPerSecond);
        json.put("run_time", meanRunTimeMs == 0 ? "0 (ends right after its start)"
                : "exponential, mean " + meanRunTimeMs + " ms");
        json.put("failure_share", failureShare);
        json.put("redrive_share_of_failures", redriveShare);
        json.put("history_span_hours", historySpan.toMinutes() / 60.0);
        return json;
    }
}
