package io.github.sfnconnect.benchmark;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Before anything is measured, the connector and the baseline each stream a small history once, unmeasured: the
 * JIT compiles the code both share (the AWS SDK, the HTTP client, the Kafka producer) so that neither side's figures
 * pay for the other's warm-up. Without it the side that runs first was measured at up to 1.8x the CPU per record.
 */
final class WarmUp {

    private WarmUp() {
    }

    /** Returns what it streamed, for the record of the run. */
    static Map<String, Object> run(Settings settings, BenchCluster cluster) throws InterruptedException {
        Workload workload = settings.workload().withHistory(settings.warmUpExecutions(), 0);
        Map<String, Object> done = new LinkedHashMap<>();
        done.put("executions_per_side", settings.warmUpExecutions());
        for (boolean isConnector : new boolean[] {true, false}) {
            long t0 = System.currentTimeMillis();
            try (SimulatedAccount account = new SimulatedAccount(workload)) {
                int history = account.writeHistory();
                Subject subject = Benchmark.subject(settings, cluster, account, isConnector, "warm-up");
                try (TopicReader reader = new TopicReader(cluster.bootstrapServers(), subject.topic())) {
                    subject.start();
                    StreamRun.await("the " + subject.side() + " to stream the " + history + " executions of the "
                            + "warm-up", Duration.ofSeconds(120 + history / 100), () -> reader.count() >= history);
                } finally {
                    subject.close();
                }
            }
            done.put(isConnector ? "connector_seconds" : "baseline_seconds", (System.currentTimeMillis() - t0) / 1e3);
        }
        Benchmark.progress("warm-up: " + done);
        return done;
    }
}
