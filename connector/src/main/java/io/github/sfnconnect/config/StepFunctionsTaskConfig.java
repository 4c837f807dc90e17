package io.github.sfnconnect.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** A task's configuration: the connector's plus its share of the state machines and of the API rate limits. */
public class StepFunctionsTaskConfig extends StepFunctionsSourceConfig {

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
            .defineInternal(TASK_STATE_MACHINE_ARNS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH)
            .defineInternal(TASK_DISCOVERED_CONFIG, Type.LIST, "", Importance.LOW)
            .defineInternal(TASK_FROM_FIRST_EXECUTION_CONFIG, Type.LIST, "", Importance.LOW)
            .defineInternal(TASK_LIST_RATE_LIMIT_CONFIG, Type.DOUBLE, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH)
            .defineInternal(TASK_DESCRIBE_RATE_LIMIT_CONFIG, Type.DOUBLE, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH)
            .defineInternal(TASK_MAP_RUN_RATE_LIMIT_CONFIG, Type.DOUBLE, null, Importance.HIGH)
            .defineInternal(TASK_INDEX_CONFIG, Type.INT, 0, Importance.LOW);

    /** Does not log its values: the connector logged the same configuration when it started. */
    public StepFunctionsTaskConfig(Map<?, ?> originals) {
        super(TASK_CONFIG_DEF, originals, false);
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
        // absent when empty, so that the task configurations of state.machine.arns alone are as before
        if (!discovered.isEmpty()) {
            props.put(TASK_DISCOVERED_CONFIG, String.join(",", discovered));
        }
        if (!fromFirstExecution.isEmpty()) {
            props.put(TASK_FROM_FIRST_EXECUTION_CONFIG, String.join(",", fromFirstExecution));
        }
        props.put(TASK_INDEX_CONFIG, Integer.toString(taskIndex));
        props.put(TASK_STATE_MACHINE_ARNS_CONFIG, String.join(",", stateMachineArns));
        props.put(TASK_LIST_RATE_LIMIT_CONFIG, Double.toString(listRate));
        props.put(TASK_DESCRIBE_RATE_LIMIT_CONFIG, Double.toString(describeRate));
        props.put(TASK_MAP_RUN_RATE_LIMIT_CONFIG, Double.toString(mapRunRate));
        return props;
    }

    public List<StateMachineArn> taskStateMachineArns() {
        return getList(TASK_STATE_MACHINE_ARNS_CONFIG).stream().map(StateMachineArn::parse).toList();
    }

    /** Whether the state machine was selected by name pattern or tags rather than listed in state.machine.arns. */
    public boolean discovered(String stateMachineArn) {
        return getList(TASK_DISCOVERED_CONFIG).contains(stateMachineArn);
    }

    /** Whether a first start of the state machine streams it from its first execution (created after the start). */
    public boolean fromFirstExecution(String stateMachineArn) {
        return getList(TASK_FROM_FIRST_EXECUTION_CONFIG).contains(stateMachineArn);
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
