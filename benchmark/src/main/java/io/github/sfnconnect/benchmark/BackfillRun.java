package io.github.sfnconnect.benchmark;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connector alone (throttling off) streams a history spread over some state machines, then sees no change for
 * the idle window: throughput and cost as the number of state machines, of tasks, or the record detail changes.
 */
final class BackfillRun {

    private BackfillRun() {
    }

    /**
     * @param name      the connector's name (unique in the run)
     * @param overrides connector properties on top of the run's own, e.g. execution.detail=summary
     */
    static Map<String, Object> run(Settings settings, BenchCluster cluster, String name, int stateMachines, int tasks,
                                   int historyExecutions, Map<String, String> overrides) throws InterruptedException {
        Workload workload = settings.workload().withStateMachines(stateMachines).withHistory(historyExecutions, 0);
        long poll = settings.pollIntervalMs();
        Map<String, String> props = settings.connectorProperties();
        props.putAll(overrides);
        try (SimulatedAccount account = new SimulatedAccount(workload)) {
            int history = account.writeHistory();
            ConnectorSubject connector = new ConnectorSubject(cluster, name, account, tasks, props);
            try (TopicReader reader = new TopicReader(cluster.bootstrapServers(), connector.topic())) {
                ApiCalls.Snapshot start = ApiCalls.from(account.emulator());
                long t0 = System.currentTimeMillis();
                connector.start();
                long cpuAtStart = connector.cpuNanos(); // the task's start (SDK client) is not per record
                long runningSince = System.currentTimeMillis();
                StreamRun.await("the connector to stream " + history + " executions over " + stateMachines
                        + " state machines", Duration.ofSeconds(180 + history / 100), () -> reader.count() >= history);
                long backfillMs = Math.max(1, reader.readTimeOf(history) - t0);
                long cpuNanos = connector.cpuNanos() - cpuAtStart;
                ApiCalls backfill = start.sinceThen();
                Thread.sleep(2 * poll + 1_000);
                ApiCalls.Snapshot idleStart = ApiCalls.from(account.emulator());
                Thread.sleep(settings.idle().toMillis());
                ApiCalls idle = idleStart.sinceThen();
                double seconds = settings.idle().toMillis() / 1000.0;
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("state_machines", stateMachines);
                row.put("tasks", tasks);
                row.put("connector_overrides", overrides);
                row.put("history_executions", history);
                double perSecond = Rates.fromStart(reader, history, runningSince);
                row.put("backfill_seconds_from_start", backfillMs / 1000.0);
                row.put("backfill_records_per_second", perSecond);
                row.put("backfill_records_per_second_per_task", perSecond / Math.min(tasks, stateMachines));
                row.put("backfill_describes_per_record", (double) backfill.describes() / history);
                row.put("backfill_lists_per_record", (double) backfill.lists() / history);
                row.put("backfill_api_calls", backfill.byAction());
                row.put("cpu_us_per_record", cpuNanos / 1000.0 / history);
                row.put("idle_calls_per_second", idle.total() / seconds);
                row.put("idle_calls_per_state_machine_per_poll", idle.total() / (stateMachines * seconds * 1000 / poll));
                row.put("failures", connector.failures());
                row.put("load", Machine.load());
                Benchmark.progress(name + ": " + row);
                return row;
            } finally {
                connector.close();
            }
        }
    }
}
