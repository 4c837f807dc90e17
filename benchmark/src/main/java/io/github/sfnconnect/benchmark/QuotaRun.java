package io.github.sfnconnect.benchmark;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

import io.github.sfnconnect.emulator.StepFunctionsEmulator;

/**
 * Quota use: the emulator enforces the standard token buckets (DescribeExecution: 300, refilled at 15/s) and the
 * workload asks for more records per second than that. The connector's {@code aws.describe.execution.rate.limit}
 * is the refill rate times {@code share}; with a share below 1 a neighbour client spends the rest of the refill on
 * the same account and counts how often it is throttled. Sustained records/s is measured from a warm-up after the
 * first record, for the window less the warm-up.
 */
final class QuotaRun {

    /** The DescribeExecution refill rate of the standard quota, per second. */
    static final double DESCRIBE_REFILL = 15.0;
    /** The ListExecutions refill rate of the standard quota, per second. */
    static final double LIST_REFILL = 5.0;

    record Outcome(double recordsPerSecond, double utilization, double describesPerSecond, long throttled,
                   long neighbourCalls, long neighbourThrottled, int failures, long errorLines,
                   Double baselineRecordsPerSecond, Map<String, Object> details) {
    }

    private QuotaRun() {
    }

    static Outcome run(Settings settings, BenchCluster cluster, String name, double share, boolean withBaseline)
            throws InterruptedException {
        Workload base = settings.workload();
        Workload workload = new Workload(base.seed(), settings.quotaStateMachines(), 0, 0,
                settings.quotaDemandPerSecond(), 0, base.failureShare(), base.redriveShare(), base.historySpan());
        double refill = DESCRIBE_REFILL * settings.quotaScale();
        double limit = refill * share;
        Map<String, String> overrides = settings.connectorProperties();
        overrides.put("aws.describe.execution.rate.limit", Double.toString(limit));
        // 80% of the list refill, the rest left to other clients
        overrides.put("aws.list.executions.rate.limit", Double.toString(0.8 * LIST_REFILL * settings.quotaScale()));
        LogWatch log = new LogWatch();
        long logMark = log.mark();
        try (SimulatedAccount account = new SimulatedAccount(workload);
             SimulatedAccount baselineAccount = withBaseline ? new SimulatedAccount(workload) : null) {
            account.emulator().faults().throttleStandardQuotas(settings.quotaScale());
            if (baselineAccount != null) {
                baselineAccount.emulator().faults().throttleStandardQuotas(settings.quotaScale());
            }
            ConnectorSubject connector = new ConnectorSubject(cluster, name, account, 1, overrides);
            NaiveBaseline baseline = withBaseline ? new NaiveBaseline(name, name + "-baseline", baselineAccount,
                    settings.pollIntervalMs(), cluster.bootstrapServers()) : null;
            if (baseline != null) {
                cluster.createTopics(baseline.topic());
            }
            Neighbour neighbour = share < 1 ? new Neighbour(account.emulator(), refill - limit) : null;
            try (TopicReader reader = new TopicReader(cluster.bootstrapServers(), connector.topic());
                 TopicReader baselineReader = baseline == null ? null
                         : new TopicReader(cluster.bootstrapServers(), baseline.topic())) {
                connector.start();
                if (baseline != null) {
                    baseline.start();
                }
                if (neighbour != null) {
                    neighbour.start();
                }
                Duration window = settings.quotaWindow();
                long warmMs = Math.min(5_000, window.toMillis() / 4);
                Thread baselineLive = null;
                if (baselineAccount != null) {
                    baselineLive = live(baselineAccount, window, "bench-live-baseline-" + name);
                }
                Thread connectorLive = live(account, window, "bench-live-" + name);
                // the window starts once the connector streams: demand exceeds the limit, so a backlog carries it on
                // past the live phase if the task was slow to start
                StreamRun.await("the connector's first record under the quota", Duration.ofSeconds(120),
                        () -> reader.count() > 0);
                Thread.sleep(warmMs);
                long from = System.currentTimeMillis();
                ApiCalls.Snapshot calls = ApiCalls.from(account.emulator());
                long throttledBefore = throttled(account.emulator());
                long neighbourThrottledBefore = neighbour == null ? 0 : neighbour.throttled.get();
                long neighbourCallsBefore = neighbour == null ? 0 : neighbour.calls.get();
                Thread.sleep(window.toMillis() - warmMs);
                long to = System.currentTimeMillis();
                ApiCalls inWindow = calls.sinceThen();
                long neighbourThrottled = neighbour == null ? 0 : neighbour.throttled.get() - neighbourThrottledBefore;
                long neighbourCalls = neighbour == null ? 0 : neighbour.calls.get() - neighbourCallsBefore;
                long throttled = throttled(account.emulator()) - throttledBefore - neighbourThrottled;
                double seconds = (to - from) / 1000.0;
                double recordsPerSecond = reader.readWhere(ms -> ms >= from && ms < to).size() / seconds;
                double describesPerSecond = (inWindow.describes() - neighbourCalls) / seconds;
                Double baselineRate = baselineReader == null ? null
                        : baselineReader.readWhere(ms -> ms >= from && ms < to).size() / seconds;
                if (neighbour != null) {
                    neighbour.stop();
                }
                connectorLive.join();
                if (baselineLive != null) {
                    baselineLive.join();
                }
                int failures = connector.failures();
                long errors = log.errorsSince(logMark);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("describe_refill_per_second", refill);
                details.put("describe_rate_limit", limit);
                details.put("window_seconds", seconds);
                details.put("warm_up_seconds", warmMs / 1000.0);
                details.put("records_per_second", recordsPerSecond);
                details.put("describe_calls_per_second", describesPerSecond);
                details.put("api_calls_in_window", inWindow.byAction());
                details.put("connector_throttled_calls", throttled);
                details.put("neighbour_calls", neighbourCalls);
                details.put("neighbour_throttled_calls", neighbourThrottled);
                details.put("task_failures", failures);
                details.put("error_log_lines", errors);
                if (baselineRate != null) {
                    details.put("baseline_records_per_second", baselineRate);
                    details.put("baseline_failed_polls", baseline.failures());
                    details.put("baseline_throttled_calls", throttled(baselineAccount.emulator()));
                }
                details.put("load", Machine.load());
                Benchmark.progress("quota " + name + ": " + details);
                return new Outcome(recordsPerSecond, recordsPerSecond / refill, describesPerSecond, throttled,
                        neighbourCalls, neighbourThrottled, failures, errors, baselineRate, details);
            } finally {
                if (neighbour != null) {
                    neighbour.stop();
                }
                connector.close();
                if (baseline != null) {
                    baseline.close();
                }
            }
        }
    }

    private static Thread live(SimulatedAccount account, Duration window, String threadName) {
        Thread t = new Thread(() -> {
            try {
                account.playLive(window);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static long throttled(StepFunctionsEmulator sfn) {
        return sfn.faults().injectedCounts().getOrDefault("ThrottlingException:" + ApiCalls.DESCRIBE, 0L);
    }

    /** Another client of the account, spending its share of DescribeExecution evenly; throttles are not retried. */
    private static final class Neighbour {
        final AtomicLong calls = new AtomicLong();
        final AtomicLong throttled = new AtomicLong();
        private final SfnClient sfn;
        private final String executionArn;
        private final double perSecond;
        private volatile boolean running = true;
        private Thread thread;

        Neighbour(StepFunctionsEmulator emulator, double perSecond) {
            this.perSecond = perSecond;
            this.executionArn = emulator.startExecution(emulator.createStateMachine("neighbour"), "neighbour", "{}");
            this.sfn = SfnClient.builder()
                    .region(Region.of(emulator.region()))
                    .endpointOverride(URI.create(emulator.endpoint().toString()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .httpClientBuilder(Apache5HttpClient.builder())
                    .overrideConfiguration(c -> c.retryStrategy(
                            AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(1).build()))
                    .build();
        }

        void start() {
            thread = new Thread(this::loop, "bench-neighbour");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            long periodNanos = Math.round(1e9 / perSecond);
            long next = System.nanoTime();
            while (running) {
                try {
                    sfn.describeExecution(b -> b.executionArn(executionArn));
                } catch (SdkException e) {
                    throttled.incrementAndGet();
                }
                calls.incrementAndGet();
                next += periodNanos;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    try {
                        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        void stop() throws InterruptedException {
            running = false;
            if (thread != null) {
                thread.join(5_000);
            }
            sfn.close();
        }
    }
}
