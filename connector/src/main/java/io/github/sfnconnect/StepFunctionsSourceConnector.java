package io.github.sfnconnect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceConnectorContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.sfnconnect.aws.ApiCallListener;
import io.github.sfnconnect.aws.AwsStepFunctionsGateway;
import io.github.sfnconnect.aws.StepFunctionsGateway;
import io.github.sfnconnect.config.ConfigChecks;
import io.github.sfnconnect.config.StateMachineArn;
import io.github.sfnconnect.config.StepFunctionsSourceConfig;
import io.github.sfnconnect.config.StepFunctionsTaskConfig;
import io.github.sfnconnect.tracking.Checkpoint;
import io.github.sfnconnect.tracking.ExecutionOffset;
import io.github.sfnconnect.tracking.MapRunProgress;
import io.github.sfnconnect.tracking.MapRunRegistry;
import io.github.sfnconnect.tracking.OpenNamesPart;
import io.github.sfnconnect.tracking.SourcePartitions;

/** Streams AWS Step Functions executions into Kafka; splits the state machines across tasks. */
public class StepFunctionsSourceConnector extends SourceConnector {

    private static final Logger log = LoggerFactory.getLogger(StepFunctionsSourceConnector.class);
    /** How long a read of the stored checkpoints may take before a look-up goes on without them. */
    private static final long OFFSET_READ_TIMEOUT_MS = 10_000L;

    private final Function<StepFunctionsSourceConfig, StepFunctionsGateway> gateways;
    private final StateMachineChecks stateMachineChecks;
    private Map<String, String> props;
    private StepFunctionsSourceConfig config;
    /** The state machines selected by name pattern or tags; null when only state.machine.arns selects. */
    private StateMachineDiscovery discovery;
    /** Reads the stored checkpoints for the discovery; null when only state.machine.arns selects. */
    private OffsetReader offsets;

    public StepFunctionsSourceConnector() {
        this(c -> AwsStepFunctionsGateway.create(c, c.listRateLimit(), c.describeRateLimit(), ApiCallListener.NONE));
    }

    /** With its own way to reach Step Functions from {@code validate()}: for tests and embedding. */
    public StepFunctionsSourceConnector(Function<StepFunctionsSourceConfig, StepFunctionsGateway> gateways) {
        this.gateways = gateways;
        this.stateMachineChecks = new StateMachineChecks(gateways);
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        this.config = new StepFunctionsSourceConfig(props);
        StateMachineSelector selector = selector(config);
        if (!selector.discovers()) {
            if (config.stateMachineArns().isEmpty()) {
                throw new ConnectException("No state machine is selected: set state.machine.arns, "
                        + "state.machine.name.pattern or state.machine.tags");
            }
            log.info("Starting Step Functions source for {} state machines in {}", config.stateMachineArns().size(),
                    config.region());
            return;
        }
        long startedMs = System.currentTimeMillis();
        String threadName = "sfn-discovery-" + props.getOrDefault("name", "connector");
        discovery = new StateMachineDiscovery(selector, gateways.apply(config), storedCheckpoints(threadName),
                config.initialPosition(), startedMs, context::requestTaskReconfiguration,
                config.discoveryInterval().toMillis(), threadName);
        try {
            discovery.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new ConnectException("Interrupted while looking up the state machines", e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        log.info("Starting Step Functions source for {} state machines in {}, selected by {}; looking again every {} "
                + "ms", discovery.current().stateMachineArns().size(), config.region(), describe(config),
                config.discoveryInterval().toMillis());
    }

    /**
     * The stored checkpoints, read through the connector's own offset reader (SourceConnectorContext), with a time
     * limit: an offsets topic that cannot be reached must not hold up the connector's start or its look-ups.
     */
    private StateMachineDiscovery.StoredCheckpoints storedCheckpoints(String threadName) {
        OffsetStorageReader reader = context instanceof SourceConnectorContext source
                ? source.offsetStorageReader() : null;
        if (reader == null) {
            return arns -> {
                throw new UnsupportedOperationException("the Connect runtime gives the connector no offset reader");
            };
        }
        offsets = new OffsetReader(reader, OFFSET_READ_TIMEOUT_MS, threadName + "-offsets");
        return offsets::checkpointSince;
    }

    static StateMachineSelector selector(StepFunctionsSourceConfig config) {
        return new StateMachineSelector(config.stateMachineNamePattern(), config.stateMachineTags(),
                config.stateMachineArns());
    }

    private static String describe(StepFunctionsSourceConfig config) {
        List<String> by = new ArrayList<>();
        if (!config.stateMachineArns().isEmpty()) {
            by.add("state.machine.arns");
        }
        config.stateMachineNamePattern().ifPresent(p -> by.add("name pattern '" + p + "'"));
        if (!config.stateMachineTags().isEmpty()) {
            by.add("tags " + config.stateMachineTags());
        }
        return String.join(", ", by);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return StepFunctionsSourceTask.class;
    }

    /**
     * Deals the state machines round-robin, so that the split is balanced (task sizes differ by at most one) and
     * deterministic: in configured order when state.machine.arns alone selects them, in ARN order when they are
     * looked up (so that the split stays put while the set changes little). With 5 state machines and tasks.max=2:
     * task 0 gets sm1, sm3, sm5; task 1 gets sm2, sm4. Each task gets an equal share of the connector-wide API rate
     * limits. With no state machine selected (yet), there is no task: Connect runs a source connector with zero
     * tasks (as MirrorMaker 2 does with no topic to mirror), and a later look-up that finds one asks for tasks again.
     */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        StateMachineDiscovery.Snapshot snapshot = discovery == null ? null : discovery.current(); // read once
        List<String> arns = snapshot == null
                ? config.stateMachineArns().stream().map(StateMachineArn::arn).toList()
                : snapshot.stateMachineArns();
        Set<String> discovered = snapshot == null ? Set.of() : snapshot.discovered();
        Set<String> fromFirst = snapshot == null ? Set.of() : snapshot.fromFirstExecution();
        int numTasks = Math.min(maxTasks, arns.size());
        if (numTasks == 0) {
            log.info("No state machine is selected: the connector runs without tasks and looks again every {} ms",
                    config.discoveryInterval().toMillis());
            return List.of();
        }
        List<List<String>> assignment = new ArrayList<>();
        for (int i = 0; i < numTasks; i++) {
            assignment.add(new ArrayList<>());
        }
        for (int i = 0; i < arns.size(); i++) {
            assignment.get(i % numTasks).add(arns.get(i));
        }
        double listRate = config.listRateLimit() / numTasks;
        double describeRate = config.describeRateLimit() / numTasks;
        double mapRunRate = config.mapRunRateLimit() / numTasks;
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < assignment.size(); i++) {
            List<String> share = assignment.get(i);
            configs.add(StepFunctionsTaskConfig.forTask(props, i, share,
                    share.stream().filter(discovered::contains).toList(),
                    share.stream().filter(fromFirst::contains).toList(), listRate, describeRate, mapRunRate));
        }
        failIfTooLarge(configs, arns.size(), maxTasks);
        return configs;
    }

    /**
     * A task configuration Connect cannot store leaves the connector running without tasks, with nothing but an
     * ERROR in the worker's log: the connector fails instead, saying how many tasks would take the share.
     */
    private void failIfTooLarge(List<Map<String, String>> configs, int stateMachines, int maxTasks) {
        long largest = configs.stream().mapToLong(StepFunctionsTaskConfig::sizeInBytes).max().orElse(0);
        if (largest <= StepFunctionsTaskConfig.MAX_BYTES) {
            return;
        }
        long tasksNeeded = (largest * configs.size() + StepFunctionsTaskConfig.MAX_BYTES - 1)
                / StepFunctionsTaskConfig.MAX_BYTES + 1;
        ConnectException e = new ConnectException(String.format("%,d state machines in %d task(s) make a task "
                        + "configuration of %,d bytes, more than Connect stores in one config topic record (the worker's "
                        + "producer max.request.size, 1 MiB by default, less room for the JSON around it): raise "
                        + "tasks.max from %d to at least %d, or select fewer state machines per connector",
                stateMachines, configs.size(), largest, maxTasks, tasksNeeded));
        if (context != null) {
            context.raiseError(e); // the connector's status shows it; an exception alone only makes Connect retry
        }
        throw e;
    }

    /**
     * Exactly-once delivery (KIP-618) needs nothing more of the connector: its offsets are a pure function of what
     * it emitted, and it resumes from them, so a worker that commits records and offsets in one transaction never
     * exposes a change twice.
     */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public void stop() {
        log.info("Stopping Step Functions source");
        if (discovery != null) {
            discovery.close();
            discovery = null;
        }
        if (offsets != null) {
            offsets.close();
            offsets = null;
        }
    }

    /**
     * Checks offsets supplied through the REST API (KIP-875) before Connect writes them: every partition must be one
     * of the connector's (an execution, a state machine's or a Map Run's checkpoint, a part of open execution names,
     * a state machine's Map Runs, a Map Run's progress), and every offset one the task can read back. A null offset
     * resets the partition.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        offsets.forEach((partition, offset) -> {
            String key = partition == null || partition.size() != 1 ? null : partition.keySet().iterator().next();
            Object value = key == null ? null : partition.get(key);
            if (!(value instanceof String arn) || !isOurs(key, arn)) {
                throw new ConnectException("Source partition " + partition + " is not one of this connector's: use {\""
                        + SourcePartitions.EXECUTION_ARN_KEY + "\": \"<execution ARN>\"}, {\""
                        + SourcePartitions.STATE_MACHINE_ARN_KEY + "\": \"<state machine ARN>\"}, {\""
                        + SourcePartitions.MAP_RUN_ARN_KEY + "\": \"<Map Run ARN>\"}, {\""
                        + SourcePartitions.OPEN_NAMES_KEY + "\": \"<state machine or Map Run ARN>#<0 to "
                        + (OpenNamesPart.PARTS - 1) + ">\"}, {\"" + SourcePartitions.MAP_RUNS_KEY
                        + "\": \"<state machine ARN>\"} or {\"" + MapRunProgress.MAP_RUN_PROGRESS_KEY
                        + "\": \"<Map Run ARN>\"}");
            }
            try {
                switch (key) {
                    case SourcePartitions.EXECUTION_ARN_KEY -> ExecutionOffset.fromMap(offset, arn);
                    case SourcePartitions.STATE_MACHINE_ARN_KEY, SourcePartitions.MAP_RUN_ARN_KEY ->
                            Checkpoint.fromMap(offset, arn);
                    case SourcePartitions.OPEN_NAMES_KEY ->
                            OpenNamesPart.fromMap(SourcePartitions.openNamesPart(arn), offset, partition);
                    case SourcePartitions.MAP_RUNS_KEY -> MapRunRegistry.fromMap(offset, partition);
                    default -> new MapRunProgress(arn, offset);
                }
            } catch (IllegalArgumentException e) {
                throw new ConnectException(e.getMessage(), e);
            }
        });
        return true;
    }

    private static boolean isOurs(String key, String value) {
        return switch (key) {
            case SourcePartitions.EXECUTION_ARN_KEY, SourcePartitions.STATE_MACHINE_ARN_KEY,
                    SourcePartitions.MAP_RUN_ARN_KEY, SourcePartitions.MAP_RUNS_KEY,
                    MapRunProgress.MAP_RUN_PROGRESS_KEY -> true;
            case SourcePartitions.OPEN_NAMES_KEY -> SourcePartitions.openNamesPart(value) >= 0;
            default -> false;
        };
    }

    @Override
    public ConfigDef config() {
        return StepFunctionsSourceConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config result = super.validate(connectorConfigs);
        Map<String, ConfigValue> byName = new HashMap<>();
        result.configValues().forEach(v -> byName.put(v.name(), v));
        ConfigChecks.check(byName);
        if (byName.values().stream().allMatch(v -> v.errorMessages().isEmpty())) {
            // only a config that is right in itself is worth the API calls
            stateMachineChecks.check(connectorConfigs, byName.get(StepFunctionsSourceConfig.STATE_MACHINE_ARNS_CONFIG));
            stateMachineChecks.reportMatches(connectorConfigs, byName);
        }
        return result;
    }
}
