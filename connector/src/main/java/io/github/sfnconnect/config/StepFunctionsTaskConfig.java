package io.github.sfnconnect.config;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * A task's configuration: the connector's (without its own list of ARNs) plus its share of the state machines and of
 * the API rate limits. The share's ARN lists are {@link PackedList}s, so that thousands of state machines fit the
 * one config-topic record Connect stores it in.
 */
public class StepFunctionsTaskConfig extends StepFunctionsSourceConfig {

    /**
     * The most a task configuration may take, estimated as its keys' and values' bytes: Connect writes it as one
     * record, which the worker's producer refuses above {@code max.request.size} (1,048,576 bytes by default), and
     * the JSON around the properties takes some of that.
     */
    public static final int MAX_BYTES = 1_000_000;

    public static final String TASK_STATE_MACHINE_ARNS_CONFIG = "task.state.machine.arns";
    /** The task's state machines selected by name pattern or tags rather than listed in state.machine.arns. */
    public static final String TASK_DISCOVERED_CONFIG = "task.state.machine.arns.discovered";
    /** Discovered state machines created since the connector first started: streamed from their first execution. */
    public static final String TASK_FROM_FIRST_EXECUTION_CONFIG = "task.state.machine.arns.from.first.execution";
    public static final String TASK_LIST_RATE_LIMIT_CONFIG = "task.list.executions.rate.limit";
    public static final String TASK_DESCRIBE_RATE_LIMIT_CONFIG = "task.describe.execution.rate.limit";
    public static final String TASK_MAP_RUN_RATE_LIMIT_CONFIG = "task.map.run.rate.limit";
    public static final String TASK_INDEX_CONFIG = "task.index";
    /** Connect puts the connector's name in every connector (and so task) configuration. */
    private static final String CONNECTOR_NAME_CONFIG = "name";

    private static final ConfigDef TASK_CONFIG_DEF = new ConfigDef(CONFIG_DEF)
            .defineInternal(TASK_STATE_MACHINE_ARNS_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH)
            .defineInternal(TASK_DISCOVERED_CONFIG, Type.STRING, "", Importance.LOW)
            .defineInternal(TASK_FROM_FIRST_EXECUTION_CONFIG, Type.STRING, "", Importance.LOW)
            .defineInternal(TASK_LIST_RATE_LIMIT_CONFIG, Type.DOUBLE, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH)
            .defineInternal(TASK_DESCRIBE_RATE_LIMIT_CONFIG, Type.DOUBLE, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH)
            .defineInternal(TASK_MAP_RUN_RATE_LIMIT_CONFIG, Type.DOUBLE, null, Importance.HIGH)
            .defineInternal(TASK_INDEX_CONFIG, Type.INT, 0, Importance.LOW);

    private final List<StateMachineArn> stateMachineArns;
    private final Set<String> discovered;
    private final Set<String> fromFirstExecution;

    /** Does not log its values: the connector logged the same configuration when it started. */
    public StepFunctionsTaskConfig(Map<?, ?> originals) {
        super(TASK_CONFIG_DEF, originals, false);
        stateMachineArns = list(TASK_STATE_MACHINE_ARNS_CONFIG).stream().map(StateMachineArn::parse).toList();
        discovered = Set.copyOf(list(TASK_DISCOVERED_CONFIG));
        fromFirstExecution = Set.copyOf(list(TASK_FROM_FIRST_EXECUTION_CONFIG));
    }

    private List<String> list(String key) {
        return PackedList.unpack(key, getString(key));
    }

    /** Builds one task's properties from the connector's. */
    public static Map<String, String> forTask(Map<String, String> connectorProps, int taskIndex,
                                              List<String> stateMachineArns, double listRate, double describeRate,
                                              double mapRunRate) {
        return forTask(connectorProps, taskIndex, stateMachineArns, List.of(), List.of(), listRate, describeRate,
                mapRunRate);
    }

    /**
     * As above, with those of the task's state machines that were discovered by name pattern or tags (a deleted one
     * is waited for quietly, not a failure), and those among them created since the connector first started, which
     * a first start streams from their first execution.
     */
    public static Map<String, String> forTask(Map<String, String> connectorProps, int taskIndex,
                                              List<String> stateMachineArns, List<String> discovered,
                                              List<String> fromFirstExecution, double listRate, double describeRate,
                                              double mapRunRate) {
        Map<String, String> props = new HashMap<>(connectorProps);
        // a task reads its share, never the connector's list: 10,000 ARNs in both would take twice the room
        props.remove(STATE_MACHINE_ARNS_CONFIG);
        // absent when empty, so that the task configurations of state.machine.arns alone have no discovery keys
        if (!discovered.isEmpty()) {
            props.put(TASK_DISCOVERED_CONFIG, PackedList.pack(discovered));
        }
        if (!fromFirstExecution.isEmpty()) {
            props.put(TASK_FROM_FIRST_EXECUTION_CONFIG, PackedList.pack(fromFirstExecution));
        }
        props.put(TASK_INDEX_CONFIG, Integer.toString(taskIndex));
        props.put(TASK_STATE_MACHINE_ARNS_CONFIG, PackedList.pack(stateMachineArns));
        props.put(TASK_LIST_RATE_LIMIT_CONFIG, Double.toString(listRate));
        props.put(TASK_DESCRIBE_RATE_LIMIT_CONFIG, Double.toString(describeRate));
        props.put(TASK_MAP_RUN_RATE_LIMIT_CONFIG, Double.toString(mapRunRate));
        return props;
    }

    /**
     * About how many bytes Connect's config topic record of these task properties takes: their keys and values plus
     * the JSON's quotes and separators (the ARNs and packed lists need no escaping).
     */
    public static long sizeInBytes(Map<String, String> taskProps) {
        long bytes = 32;
        for (Map.Entry<String, String> e : taskProps.entrySet()) {
            bytes += e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + e.getValue().getBytes(StandardCharsets.UTF_8).length + 6;
        }
        return bytes;
    }

    public List<StateMachineArn> taskStateMachineArns() {
        return stateMachineArns;
    }

    /** Whether the state machine was selected by name pattern or tags rather than listed in state.machine.arns. */
    public boolean discovered(String stateMachineArn) {
        return discovered.contains(stateMachineArn);
    }

    /** Whether a first start of the state machine streams it from its first execution (created after the start). */
    public boolean fromFirstExecution(String stateMachineArn) {
        return fromFirstExecution.contains(stateMachineArn);
    }

    public int taskIndex() {
        return getInt(TASK_INDEX_CONFIG);
    }

    public String connectorName() {
        Object name = originals().get(CONNECTOR_NAME_CONFIG);
        return name == null ? "unnamed" : name.toString();
    }

    @Override
    public double listRateLimit() {
        return getDouble(TASK_LIST_RATE_LIMIT_CONFIG);
    }

    @Override
    public double describeRateLimit() {
        return getDouble(TASK_DESCRIBE_RATE_LIMIT_CONFIG);
    }

    /** The task's share; a task configured by a connector from before the key existed takes the whole default. */
    @Override
    public double mapRunRateLimit() {
        Double share = getDouble(TASK_MAP_RUN_RATE_LIMIT_CONFIG);
        return share == null ? super.mapRunRateLimit() : share;
    }
}
