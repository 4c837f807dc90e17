package io.github.sfnconnect.benchmark;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.sfnconnect.benchmark.NaiveBaseline.PollStats;

/**
 * Idle cost at a second history size: the connector and the baseline, side by side on two accounts with the same
 * workload (the main run's state machines and long-running executions, a different history size), stream the history
 * and then see no change for the idle window.
 */
final class IdleRun {

    record Outcome(double connector, double baseline, Map<String, Object> details) {
    }

    private IdleRun() {
    }

    static Outcome run(Settings settings, BenchCluster cluster, int historyExecutions) throws InterruptedException {
        Workload workload = settings.workload().withHistory(historyExecutions, settings.workload().longRunning());
        long poll = settings.pollIntervalMs();
        Map<String, String> overrides = settings.connectorProperties();
        try (SimulatedAccount account = new SimulatedAccount(workload);
             SimulatedAccount baselineAccount = new SimulatedAccount(workload)) {
            int history = account.writeHistory();
            baselineAccount.writeHistory();
            String name = "c-idle-" + historyExecutions;
            ConnectorSubject connector = new ConnectorSubject(cluster, name, account, 1, overrides);
            NaiveBaseline baseline = new NaiveBaseline(name, name + "-baseline", baselineAccount, poll,
                    cluster.bootstrapServers());
            cluster.createTopics(baseline.topic());
            try (TopicReader reader = new TopicReader(cluster.bootstrapServers(), connector.topic());
                 TopicReader baselineReader = new TopicReader(cluster.bootstrapServers(), baseline.topic())) {
                connector.start();
                baseline.start();
                Duration timeout = Duration.ofSeconds(120 + history / 100);
                StreamRun.await("the connector to stream a history of " + history, timeout,
                        () -> reader.count() >= history);
                StreamRun.await("the baseline to stream a history of " + history, timeout,
                        () -> baselineReader.count() >= history);
                Thread.sleep(2 * poll + 1_000);
                int machines = workload.stateMachines();
                long from = System.currentTimeMillis();
                ApiCalls.Snapshot calls = ApiCalls.from(account.emulator());
                Thread.sleep(settings.idle().toMillis());
                ApiCalls idle = calls.sinceThen();
                double polls = (double) settings.idle().toMillis() / poll;
                double connectorIdle = idle.total() / (machines * polls);
                StreamRun.await("the baseline to finish a poll while idle", Duration.ofMinutes(10),
                        () -> baseline.polls().stream().anyMatch(p -> p.startMs() >= from));
                List<PollStats> baselinePolls = baseline.polls().stream().filter(p -> p.startMs() >= from).toList();
                long baselineCalls = baselinePolls.stream().mapToLong(p -> p.listCalls() + p.describeCalls()).sum();
                double baselineIdle = (double) baselineCalls / (machines * baselinePolls.size());
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("history_executions", history);
                details.put("long_running_executions", workload.longRunning());
                details.put("connector_api_calls", idle.byAction());
                details.put("connector_polls_per_state_machine", polls);
                details.put("baseline_polls", baselinePolls.size());
                details.put("baseline_api_calls", baselineCalls);
                details.put("load", Machine.load());
                Benchmark.progress("idle at history " + history + ": connector " + Results.format(connectorIdle)
                        + ", baseline " + Results.format(baselineIdle) + " calls per state machine per poll");
                return new Outcome(connectorIdle, baselineIdle, details);
            } finally {
                connector.close();
                baseline.close();
            }
        }
    }
}
