package io.github.sfnconnect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.ConnectorContext;
import org.apache.kafka.connect.source.SourceConnectorContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.Test;

import io.github.sfnconnect.aws.ApiAccessDeniedException;
import io.github.sfnconnect.config.StepFunctionsSourceConfig;
import io.github.sfnconnect.config.StepFunctionsTaskConfig;
import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.model.ExecutionPage;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.StateMachineInfo;
import io.github.sfnconnect.model.StateMachinePage;
import io.github.sfnconnect.model.StateMachineSummary;

/** The selectors' configuration, validate()'s report of what they match now, and tasks for a changing set. */
class DiscoveryConfigTest {

    private static final String PREFIX = "arn:aws:states:eu-west-1:123456789012:stateMachine:";

    /** When the connector first started, as the stored checkpoint of orders-a tells it (initial.position=latest). */
    private static final long FIRST_START_MS = 1_700_000_000_000L;

    private List<StateMachineSummary> listed = List.of(
            new StateMachineSummary(PREFIX + "orders-a", "orders-a", "STANDARD", FIRST_START_MS - 1),
            new StateMachineSummary(PREFIX + "orders-fast", "orders-fast", "EXPRESS", FIRST_START_MS - 1),
            new StateMachineSummary(PREFIX + "payments", "payments", "STANDARD", FIRST_START_MS - 1));
    private RuntimeException listFailure;

    private StepFunctionsSourceConnector connector() {
        return new StepFunctionsSourceConnector(config -> new StandardOnlyGateway() {
            @Override
            public StateMachinePage listStateMachines(int pageSize, String nextToken) {
                if (listFailure != null) {
                    throw listFailure;
                }
                return new StateMachinePage(listed, null);
            }

            @Override
            public Map<String, String> tagsOf(String arn) {
                return Map.of("team", "data");
            }

            @Override
            public StateMachineInfo describeStateMachine(String arn) {
                return new StateMachineInfo(arn, "x", "STANDARD", "ACTIVE");
            }

            @Override
            public ExecutionPage listExecutions(String arn, ExecutionStatus f, boolean r, int size, String token) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<ExecutionDetails> describeExecution(String arn, boolean includeData) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
            }
        });
    }

    private static Map<String, String> props(String key, String value) {
        Map<String, String> props = new HashMap<>();
        props.put("aws.region", "eu-west-1");
        props.put("topic", "sfn-executions");
        if (key != null) {
            props.put(key, value);
        }
        return props;
    }

    private Map<String, ConfigValue> validate(Map<String, String> props) {
        return connector().validate(props).configValues().stream()
                .collect(Collectors.toMap(ConfigValue::name, v -> v));
    }

    @Test
    void someSelectorIsRequiredAndTheErrorNamesAllThree() {
        assertThat(validate(props(null, null)).get("state.machine.arns").errorMessages()).singleElement().asString()
                .contains("state.machine.arns").contains("state.machine.name.pattern").contains("state.machine.tags");
    }

    @Test
    void aPatternMustCompileAndTagsMustBeKeyValue() {
        assertThat(validate(props("state.machine.name.pattern", "orders-(")).get("state.machine.name.pattern")
                .errorMessages()).singleElement().asString().contains("regular expression");
        assertThat(validate(props("state.machine.tags", "team")).get("state.machine.tags").errorMessages())
                .singleElement().asString().contains("key=value");
        assertThat(validate(props("state.machine.tags", "team=a,team=b")).get("state.machine.tags").errorMessages())
                .singleElement().asString().contains("listed twice");
        assertThat(new StepFunctionsSourceConfig(props("state.machine.tags", "team=data, env = a=b,empty="))
                .stateMachineTags()).containsExactly(Map.entry("team", "data"), Map.entry("env", "a=b"),
                Map.entry("empty", ""));
    }

    @Test
    void theDiscoveryIntervalIsAtLeastTenSeconds() {
        Map<String, String> props = props("state.machine.name.pattern", "orders-.*");
        props.put("discovery.interval.ms", "9999");
        assertThat(validate(props).get("discovery.interval.ms").errorMessages()).isNotEmpty();
    }

    @Test
    void validateRecommendsTheStateMachinesThatMatchNow() {
        Map<String, ConfigValue> values = validate(props("state.machine.name.pattern", "orders-.*"));
        assertThat(values.values()).allSatisfy(v -> assertThat(v.errorMessages()).isEmpty());
        assertThat(values.get("state.machine.arns").recommendedValues()).containsExactly(PREFIX + "orders-a");
    }

    @Test
    void deniedListingIsAnErrorOnTheSelectorNamingThePermission() {
        listFailure = new ApiAccessDeniedException("ListStateMachines was denied (AccessDeniedException); grant "
                + "the connector's credentials states:ListStateMachines (resource *)", null);
        assertThat(validate(props("state.machine.tags", "team=data")).get("state.machine.tags").errorMessages())
                .singleElement().asString().contains("states:ListStateMachines");
    }

    @Test
    void tasksKnowWhichOfTheirStateMachinesWereDiscovered() {
        StepFunctionsSourceConnector connector = connector();
        connector.initialize(new ConnectorContext() {
            @Override
            public void requestTaskReconfiguration() {
            }

            @Override
            public void raiseError(Exception e) {
            }
        });
        Map<String, String> props = props("state.machine.name.pattern", "(orders|payments)-?.*");
        props.put("state.machine.arns", PREFIX + "payments");
        connector.start(props);
        try {
            StepFunctionsTaskConfig task = new StepFunctionsTaskConfig(connector.taskConfigs(1).get(0));
            assertThat(task.taskStateMachineArns()).extracting(a -> a.arn())
                    .containsExactly(PREFIX + "orders-a", PREFIX + "payments");
            assertThat(task.discovered(PREFIX + "orders-a")).isTrue();
            assertThat(task.discovered(PREFIX + "payments")).as("listed in state.machine.arns, matched or not")
                    .isFalse();
        } finally {
            connector.stop();
        }
    }

    @Test
    void aStateMachineCreatedWhileTheConnectorWasStoppedIsStreamedFromItsFirstExecution() {
        listed = List.of(
                new StateMachineSummary(PREFIX + "orders-a", "orders-a", "STANDARD", FIRST_START_MS - 60_000),
                new StateMachineSummary(PREFIX + "orders-gap", "orders-gap", "STANDARD", FIRST_START_MS + 60_000),
                new StateMachineSummary(PREFIX + "orders-old", "orders-old", "STANDARD", FIRST_START_MS - 1));
        Map<Map<String, Object>, Map<String, Object>> offsets = new HashMap<>();
        offsets.put(Map.of("state_machine_arn", PREFIX + "orders-a"),
                Map.of("v", 3, "since_ms", FIRST_START_MS, "watermark_ms", FIRST_START_MS + 5_000));
        List<Integer> reads = new ArrayList<>();
        OffsetStorageReader reader = new OffsetStorageReader() {
            @Override
            public <T> Map<String, Object> offset(Map<String, T> partition) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                reads.add(partitions.size());
                Map<Map<String, T>, Map<String, Object>> found = new HashMap<>();
                partitions.forEach(p -> found.put(p, offsets.get(p)));
                return found;
            }
        };
        StepFunctionsSourceConnector connector = connector();
        connector.initialize(new SourceConnectorContext() {
            @Override
            public OffsetStorageReader offsetStorageReader() {
                return reader;
            }

            @Override
            public void requestTaskReconfiguration() {
            }

            @Override
            public void raiseError(Exception e) {
            }
        });
        connector.start(props("state.machine.name.pattern", "orders-.*"));
        try {
            StepFunctionsTaskConfig task = new StepFunctionsTaskConfig(connector.taskConfigs(1).get(0));
            assertThat(task.taskStateMachineArns()).hasSize(3);
            assertThat(task.fromFirstExecution(PREFIX + "orders-gap")).as("created while the connector was stopped")
                    .isTrue();
            assertThat(task.fromFirstExecution(PREFIX + "orders-old")).as("created before the first start")
                    .isFalse();
            assertThat(task.fromFirstExecution(PREFIX + "orders-a")).as("resumes from its offsets").isFalse();
            assertThat(reads).as("one read, of the checkpoints of every selected state machine").containsExactly(3);
        } finally {
            connector.stop();
        }
    }

    @Test
    void noMatchMeansNoTask() {
        listed = List.of();
        StepFunctionsSourceConnector connector = connector();
        int[] requests = {0};
        connector.initialize(new ConnectorContext() {
            @Override
            public void requestTaskReconfiguration() {
                requests[0]++;
            }

            @Override
            public void raiseError(Exception e) {
            }
        });
        Map<String, String> props = props("state.machine.name.pattern", "orders-.*");
        connector.start(props);
        try {
            assertThat(connector.taskConfigs(3)).as("Connect runs a source connector with zero tasks").isEmpty();
            assertThat(requests[0]).as("nothing changed since start").isZero();
        } finally {
            connector.stop();
        }
    }
}
