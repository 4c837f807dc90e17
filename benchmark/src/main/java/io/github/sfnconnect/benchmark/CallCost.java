package io.github.sfnconnect.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.sfn.SfnClient;

import io.github.sfnconnect.aws.ApiCallListener;
import io.github.sfnconnect.aws.AwsStepFunctionsGateway;
import io.github.sfnconnect.config.StepFunctionsSourceConfig;

/**
 * A micro-figure, in-process: the client-side CPU of one {@code DescribeExecution} on one thread, through the
 * connector's gateway (its SDK client with timeouts, adaptive retries and the metric publisher) and through a bare
 * SDK client as the baseline builds it. It bounds what any per-change describe can cost, whatever the pipeline.
 */
final class CallCost {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int ROUNDS = 4;

    record Outcome(double connectorCpuUs, double baselineCpuUs, Map<String, Object> details) {
    }

    private CallCost() {
    }

    static Outcome run(Settings settings) throws InterruptedException {
        Workload workload = settings.workload().withStateMachines(1).withHistory(settings.warmUpExecutions(), 0);
        try (SimulatedAccount account = new SimulatedAccount(workload)) {
            account.writeHistory();
            Map<String, String> props = new HashMap<>(ConnectorSubject.accountProperties(account));
            props.put("topic", "unused");
            try (AwsStepFunctionsGateway gateway = AwsStepFunctionsGateway.create(
                    new StepFunctionsSourceConfig(props), 1e6, 1e6, ApiCallListener.NONE);
                 SfnClient bare = NaiveBaseline.client(account)) {
                List<String> arns = new ArrayList<>();
                bare.listExecutionsPaginator(b -> b.stateMachineArn(account.stateMachineArns().get(0))
                        .maxResults(1000)).executions().forEach(e -> arns.add(e.executionArn()));
                double connector = Double.NaN;
                double baseline = Double.NaN;
                // the last round counts: the earlier ones let the JIT compile both paths
                for (int round = 0; round < ROUNDS; round++) {
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    for (String arn : arns) {
                        gateway.describeExecution(arn, true);
                    }
                    long c1 = THREADS.getCurrentThreadCpuTime();
                    for (String arn : arns) {
                        bare.describeExecution(b -> b.executionArn(arn));
                    }
                    long c2 = THREADS.getCurrentThreadCpuTime();
                    connector = (c1 - c0) / 1000.0 / arns.size();
                    baseline = (c2 - c1) / 1000.0 / arns.size();
                }
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("calls_per_round", arns.size());
                details.put("rounds", ROUNDS);
                details.put("method", "CPU time of the calling thread over the last of " + ROUNDS + " rounds, one "
                        + "call at a time, ALL_DATA; the emulator answers in the same JVM on other threads");
                details.put("connector_cpu_us_per_call", connector);
                details.put("baseline_cpu_us_per_call", baseline);
                details.put("load", Machine.load());
                Benchmark.progress("DescribeExecution client CPU: connector " + Results.format(connector)
                        + " us, bare SDK client " + Results.format(baseline) + " us per call");
                return new Outcome(connector, baseline, details);
            }
        }
    }
}
