package io.github.sfnconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

import io.github.sfnconnect.aws.ApiAccessDeniedException;
import io.github.sfnconnect.aws.StateMachineMissingException;
import io.github.sfnconnect.aws.StepFunctionsGateway;
import io.github.sfnconnect.config.ExecutionDetail;
import io.github.sfnconnect.config.StepFunctionsSourceConfig;
import io.github.sfnconnect.config.StepFunctionsTaskConfig;
import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.model.ExecutionPage;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.StateMachineInfo;

class StepFunctionsSourceConnectorTest {

    private static final String SM1 = "arn:aws:states:eu-west-1:123456789012:stateMachine:orders";
    private static final String SM2 = "arn:aws:states:eu-west-1:123456789012:stateMachine:payments";

    private static Map<String, String> valid() {
        Map<String, String> props = new HashMap<>();
        props.put("aws.region", "eu-west-1");
        props.put("state.machine.arns", SM1 + "," + SM2);
        props.put("topic", "sfn-executions");
        return props;
    }

    /** What the fake AWS answers to DescribeStateMachine, by unqualified ARN: STANDARD when absent. */
    private final Map<String, RuntimeException> describeFailures = new HashMap<>();
    private final Map<String, String> types = new HashMap<>();
    private final List<String> described = new java.util.ArrayList<>();
    private final List<StepFunctionsSourceConfig> gatewayConfigs = new java.util.ArrayList<>();

    private StepFunctionsSourceConnector connector() {
        return new StepFunctionsSourceConnector(config -> {
            gatewayConfigs.add(config);
            return new StandardOnlyGateway() {
                @Override
                public StateMachineInfo describeStateMachine(String arn) {
                    described.add(arn);
                    if (describeFailures.containsKey(arn)) {
                        throw describeFailures.get(arn);
                    }
                    return new StateMachineInfo(arn, arn.substring(arn.lastIndexOf(':') + 1),
                            types.getOrDefault(arn, "STANDARD"), "ACTIVE");
                }

                @Override
                public ExecutionPage listExecutions(String arn, ExecutionStatus filter, boolean redriven, int size,
                                                    String token) {
                    throw new UnsupportedOperationException("validate() lists nothing");
                }

                @Override
                public Optional<ExecutionDetails> describeExecution(String arn, boolean includeData) {
                    throw new UnsupportedOperationException("validate() describes no execution");
                }

                @Override
                public void close() {
                }
            };
        });
    }

    private Map<String, List<String>> errors(Map<String, String> props) {
        return connector().validate(props).configValues().stream()
                .filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    private Map<String, List<String>> errorsWith(String key, String value) {
        Map<String, String> props = valid();
        props.put(key, value);
        return errors(props);
    }

    @Test
    void validConfigurationHasNoErrors() {
        assertThat(errors(valid())).isEmpty();
    }

    @Test
    void validateDescribesEachStateMachineOnceWithQuickTimeouts() {
        Map<String, String> props = valid();
        props.put("state.machine.arns", SM1 + ":PROD," + SM2);
        assertThat(errors(props)).isEmpty();
        assertThat(described).as("metadata of the state machine, whatever its qualifier").containsExactly(SM1, SM2);
        assertThat(gatewayConfigs).singleElement().satisfies(c -> {
            assertThat(c.maxAttempts()).isEqualTo(2);
            assertThat(c.apiCallTimeout().toMillis()).isEqualTo(10_000);
        });
    }

    @Test
    void stateMachineThatDoesNotExistIsRefusedWithTheFix() {
        describeFailures.put(SM2, new StateMachineMissingException("State machine " + SM2 + " does not exist", null));
        assertThat(errors(valid())).containsOnlyKeys("state.machine.arns")
                .hasEntrySatisfying("state.machine.arns", m -> assertThat(m).singleElement().asString()
                        .contains(SM2).contains("does not exist").contains("create the state machine before the "
                                + "connector, or remove it"));
    }

    @Test
    void accessDeniedIsRefusedNamingThePermission() {
        describeFailures.put(SM1, new ApiAccessDeniedException("DescribeStateMachine " + SM1 + " was denied "
                + "(AccessDeniedException): no; grant the connector's credentials states:DescribeStateMachine", null));
        assertThat(errors(valid())).hasEntrySatisfying("state.machine.arns", m -> assertThat(m).singleElement()
                .asString().contains(SM1).contains("states:DescribeStateMachine").contains("docs/security.md"));
    }

    @Test
    void expressStateMachineIsRefused() {
        types.put(SM2, "EXPRESS");
        assertThat(errors(valid())).hasEntrySatisfying("state.machine.arns", m -> assertThat(m).singleElement()
                .asString().contains(SM2).contains("EXPRESS").contains("Remove it"));
    }

    @Test
    void awsThatThrottlesOrCannotBeReachedIsOnlyAWarning() {
        describeFailures.put(SM1, new RetriableException("DescribeStateMachine failed after retries with "
                + "ThrottlingException (HTTP 400); will retry at the next poll"));
        assertThat(errors(valid())).as("a passing fault refuses nothing").isEmpty();
        assertThat(described).as("nor is the rest checked against an AWS that failed").containsExactly(SM1);
    }

    @Test
    void configWithErrorsOfItsOwnCallsNoApi() {
        errorsWith("topic", "");
        assertThat(gatewayConfigs).isEmpty();
    }

    @Test
    void missingRequiredKeysAreNamed() {
        Map<String, List<String>> errors = errors(Map.of());
        assertThat(errors).containsKeys("aws.region", "topic");
    }

    @Test
    void malformedArnIsRejectedWithTheExpectedForm() {
        assertThat(errorsWith("state.machine.arns", "arn:aws:lambda:eu-west-1:123456789012:function:orders"))
                .hasEntrySatisfying("state.machine.arns", m -> assertThat(m.toString())
                        .contains("is not a state machine ARN")
                        .contains("arn:aws:states:<region>:<12-digit account id>:stateMachine:<name>"));
    }

    @Test
    void emptyStateMachineListWithoutOtherSelectorIsRejected() {
        assertThat(errorsWith("state.machine.arns", "")).hasEntrySatisfying("state.machine.arns",
                m -> assertThat(m.toString()).contains("Selects no state machine").contains("state.machine.tags"));
    }

    @Test
    void duplicateStateMachineIsRejected() {
        assertThat(errorsWith("state.machine.arns", SM1 + "," + SM1)).hasEntrySatisfying("state.machine.arns",
                m -> assertThat(m.toString()).contains("listed twice"));
    }

    @Test
    void finding8QualifiedArnsOfOneStateMachineAreRefusedTogether() {
        for (String both : List.of(SM1 + "," + SM1 + ":PROD", SM1 + ":3," + SM1 + ":PROD", SM1 + ":PROD," + SM1)) {
            assertThat(errorsWith("state.machine.arns", both)).as(both).hasEntrySatisfying("state.machine.arns",
                    m -> assertThat(m.toString()).contains("are the same state machine; list it once")
                            .contains("streams only the executions started with that version or alias"));
        }
        assertThat(errorsWith("state.machine.arns", SM1 + ":PROD," + SM2)).as("one alias alone is fine").isEmpty();
    }

    @Test
    void unknownRegionIsRejected() {
        assertThat(errorsWith("aws.region", "mars-north-1")).hasEntrySatisfying("aws.region",
                m -> assertThat(m.toString()).contains("Unknown AWS region"));
    }

    @Test
    void stateMachineInAnotherRegionIsRejected() {
        assertThat(errorsWith("aws.region", "us-east-1")).hasEntrySatisfying("state.machine.arns",
                m -> assertThat(m.toString()).contains("are not in region 'us-east-1'").contains("one connector per region"));
    }

    @Test
    void badNumbersAreRejected() {
        assertThat(errorsWith("list.page.size", "5000")).containsKey("list.page.size");
        assertThat(errorsWith("poll.interval.ms", "soon")).containsKey("poll.interval.ms");
        assertThat(errorsWith("aws.describe.execution.rate.limit", "0")).hasEntrySatisfying(
                "aws.describe.execution.rate.limit", m -> assertThat(m.toString()).contains("positive"));
    }

    @Test
    void conflictingCredentialsAreRejected() {
        Map<String, String> keyWithoutSecret = valid();
        keyWithoutSecret.put("aws.access.key.id", "AKIAEXAMPLE");
        assertThat(errors(keyWithoutSecret)).hasEntrySatisfying("aws.secret.access.key",
                m -> assertThat(m.toString()).contains("Is required when 'aws.access.key.id' is set"));

        Map<String, String> keysAndProfile = valid();
        keysAndProfile.put("aws.access.key.id", "AKIAEXAMPLE");
        keysAndProfile.put("aws.secret.access.key", "secret");
        keysAndProfile.put("aws.profile", "prod");
        assertThat(errors(keysAndProfile)).hasEntrySatisfying("aws.profile",
                m -> assertThat(m.toString()).contains("Conflicts with the static credentials"));

        Map<String, String> externalIdAlone = valid();
        externalIdAlone.put("aws.assume.role.external.id", "xyz");
        assertThat(errors(externalIdAlone)).containsKey("aws.assume.role.external.id");

        Map<String, String> badRole = valid();
        badRole.put("aws.assume.role.arn", "admin");
        assertThat(errors(badRole)).hasEntrySatisfying("aws.assume.role.arn",
                m -> assertThat(m.toString()).contains("not an IAM role ARN"));
    }

    @Test
    void badInitialPositionAndStatusesAreRejected() {
        assertThat(errorsWith("initial.position", "yesterday")).containsKey("initial.position");
        assertThat(errorsWith("execution.statuses", "DONE")).containsKey("execution.statuses");
        assertThat(errorsWith("initial.position", "2026-01-31T00:00:00Z")).isEmpty();
    }

    @Test
    void theStallThresholdAllowsForExactlyOnceTransactionsThatCommitPerInterval() {
        Map<String, String> props = valid();
        assertThat(new StepFunctionsSourceConfig(props).stallThresholdMs()).isEqualTo(120_000);
        props.put("stall.threshold.ms", "30000");
        props.put("transaction.boundary", "poll");
        assertThat(new StepFunctionsSourceConfig(props).stallThresholdMs()).as("acknowledged per poll").isEqualTo(30_000);
        props.put("transaction.boundary", "interval");
        assertThat(new StepFunctionsSourceConfig(props).stallThresholdMs())
                .as("the worker's offset.flush.interval.ms default").isEqualTo(90_000);
        props.put("transaction.boundary.interval.ms", "600000");
        assertThat(new StepFunctionsSourceConfig(props).stallThresholdMs()).isEqualTo(630_000);
        assertThat(errorsWith("stall.threshold.ms", "10")).containsKey("stall.threshold.ms");
    }

    @Test
    void aCloudWatchNamespaceIsCheckedAndDefaultsToOneNamingTheConnector() {
        assertThat(errorsWith("cloudwatch.metrics.namespace", "Team/Sfn")).isEmpty();
        for (String bad : List.of("AWS/States", "tabs\tnot allowed", "x".repeat(256))) {
            assertThat(errorsWith("cloudwatch.metrics.namespace", bad)).as(bad)
                    .hasEntrySatisfying("cloudwatch.metrics.namespace", messages -> assertThat(messages)
                            .anySatisfy(m -> assertThat(m).contains("does not start with 'AWS/'")));
        }
        assertThat(new StepFunctionsSourceConfig(valid()).cloudWatchMetricsNamespace("orders (prod)"))
                .isEqualTo("KafkaConnect/StepFunctions/orders _prod_");
    }

    @Test
    void executionDetailTakesItsThreeLevelsInAnyCaseAndNamesThemWhenWrong() {
        for (String ok : List.of("full", "metadata", "summary", " Summary ", "METADATA")) {
            assertThat(errorsWith("execution.detail", ok)).as(ok).isEmpty();
        }
        assertThat(new StepFunctionsSourceConfig(valid()).executionDetail())
                .as("default").isEqualTo(ExecutionDetail.FULL);
        assertThat(errorsWith("execution.detail", "false")).hasEntrySatisfying("execution.detail",
                messages -> assertThat(messages).anySatisfy(m -> assertThat(m).contains("execution.detail")
                        .contains("'full'").contains("'metadata'").contains("'summary'")
                        .contains("no DescribeExecution")));
    }

    @Test
    void secretsAreNotShownInValidationResults() {
        Map<String, String> props = valid();
        props.put("aws.access.key.id", "AKIAEXAMPLE");
        props.put("aws.secret.access.key", "very-secret");
        String rendered = connector().validate(props).configValues().toString();
        assertThat(rendered).doesNotContain("very-secret");
    }

    @Test
    void splitsStateMachinesRoundRobinWithAnEqualShareOfTheRateLimits() {
        StepFunctionsSourceConnector connector = new StepFunctionsSourceConnector();
        Map<String, String> props = valid();
        String five = String.join(",", List.of("a", "b", "c", "d", "e").stream()
                .map(n -> "arn:aws:states:eu-west-1:123456789012:stateMachine:" + n).toList());
        props.put("state.machine.arns", five);
        props.put("aws.describe.execution.rate.limit", "9");
        connector.start(props);

        List<Map<String, String>> tasks = connector.taskConfigs(2);
        assertThat(tasks).hasSize(2);
        assertThat(new StepFunctionsTaskConfig(tasks.get(0)).taskStateMachineArns()).extracting(a -> a.name())
                .containsExactly("a", "c", "e");
        assertThat(new StepFunctionsTaskConfig(tasks.get(1)).taskStateMachineArns()).extracting(a -> a.name())
                .containsExactly("b", "d");
        assertThat(new StepFunctionsTaskConfig(tasks.get(0)).describeRateLimit()).isEqualTo(4.5);
        assertThat(connector.taskConfigs(2)).as("deterministic").isEqualTo(tasks);
        assertThat(connector.taskConfigs(10)).as("never more tasks than state machines").hasSize(5);
    }

    /** Connect stores a task configuration in one config topic record: 1 MiB at most by default. */
    @Test
    void tenThousandStateMachinesFitOneTaskConfiguration() {
        StepFunctionsSourceConnector connector = new StepFunctionsSourceConnector();
        Map<String, String> props = valid();
        List<String> arns = java.util.stream.IntStream.range(0, 10_000)
                .mapToObj(i -> "arn:aws:states:eu-west-1:123456789012:stateMachine:orders-" + i + "-processing")
                .toList();
        props.put("state.machine.arns", String.join(",", arns));
        connector.start(props);

        List<Map<String, String>> tasks = connector.taskConfigs(1);
        assertThat(StepFunctionsTaskConfig.sizeInBytes(tasks.get(0))).as("packed, and without the connector's list")
                .isLessThan(props.get("state.machine.arns").length() / 5);
        assertThat(new StepFunctionsTaskConfig(tasks.get(0)).taskStateMachineArns()).extracting(a -> a.arn())
                .containsExactlyElementsOf(arns);
        assertThat(connector.taskConfigs(1)).as("the same share, the same configuration: no task restart")
                .isEqualTo(tasks);
        connector.stop();
    }

    @Test
    void aTaskConfigurationConnectCouldNotStoreFailsTheConnectorNamingTheFix() {
        StepFunctionsSourceConnector connector = new StepFunctionsSourceConnector();
        Map<String, String> props = valid();
        // random names barely compress: about 30 bytes each once packed
        props.put("state.machine.arns", java.util.stream.IntStream.range(0, 50_000)
                .mapToObj(i -> "arn:aws:states:eu-west-1:123456789012:stateMachine:" + java.util.UUID.randomUUID())
                .collect(Collectors.joining(",")));
        connector.start(props);

        assertThatThrownBy(() -> connector.taskConfigs(1)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("50,000 state machines in 1 task(s)")
                .hasMessageContaining("max.request.size")
                .hasMessageContaining("raise tasks.max from 1 to at least 3");
        assertThat(connector.taskConfigs(3)).as("three tasks take the share").hasSize(3)
                .allMatch(t -> StepFunctionsTaskConfig.sizeInBytes(t) <= StepFunctionsTaskConfig.MAX_BYTES);
        connector.stop();
    }

    @Test
    void stateMachineArnsAloneAreDealtInConfiguredOrderWithoutDiscoveryKeys() {
        StepFunctionsSourceConnector connector = new StepFunctionsSourceConnector();
        Map<String, String> props = valid();
        String prefix = "arn:aws:states:eu-west-1:123456789012:stateMachine:";
        props.put("state.machine.arns", prefix + "c," + prefix + "a:PROD," + prefix + "b");
        connector.start(props);

        List<Map<String, String>> tasks = connector.taskConfigs(2);
        assertThat(new StepFunctionsTaskConfig(tasks.get(0)).taskStateMachineArns()).extracting(a -> a.arn())
                .containsExactly(prefix + "c", prefix + "b");
        assertThat(new StepFunctionsTaskConfig(tasks.get(1)).taskStateMachineArns()).extracting(a -> a.arn())
                .containsExactly(prefix + "a:PROD");
        Map<String, String> expected = new HashMap<>(props);
        expected.remove("state.machine.arns");
        expected.put("task.index", "0");
        expected.put("task.state.machine.arns", prefix + "c," + prefix + "b");
        expected.put("task.list.executions.rate.limit", tasks.get(0).get("task.list.executions.rate.limit"));
        expected.put("task.describe.execution.rate.limit", tasks.get(0).get("task.describe.execution.rate.limit"));
        expected.put("task.map.run.rate.limit", tasks.get(0).get("task.map.run.rate.limit"));
        assertThat(tasks.get(0)).as("the connector's keys but its list, the task's share, nothing about discovery")
                .isEqualTo(expected);
        StepFunctionsTaskConfig task = new StepFunctionsTaskConfig(tasks.get(0));
        assertThat(task.discovered(prefix + "c")).isFalse();
        assertThat(task.fromFirstExecution(prefix + "c")).isFalse();
        connector.stop();
    }

    @Test
    void alterOffsetsAcceptsTheConnectorsOwnOffsetsAndResets() {
        Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
        offsets.put(Map.of("execution_arn", "arn:aws:states:eu-west-1:123456789012:execution:orders:a"),
                Map.of("v", 1, "status", "SUCCEEDED", "redrive_count", 0));
        offsets.put(Map.of("state_machine_arn", SM1), Map.of("v", 1, "since_ms", 0L, "watermark_ms", 1000L));
        offsets.put(Map.of("state_machine_arn", SM2), null);
        offsets.put(Map.of("open_names", SM1 + "#7"), Map.of("v", 1, "names", "a:1,b:2"));
        offsets.put(Map.of("execution_arn", "arn:aws:states:eu-west-1:123456789012:execution:orders:b"),
                Map.of("v", 2, "status", "FAILED", "redrive_count", 1, "start_ms", 5L));
        String mapRun = "arn:aws:states:eu-west-1:123456789012:mapRun:orders/items:5f1e";
        offsets.put(Map.of("map_run_arn", mapRun), Map.of("v", 3, "since_ms", 0L, "watermark_ms", 1000L));
        offsets.put(Map.of("open_names", mapRun + "#3"), Map.of("v", 1, "names", "execution:orders/items:c1:5"));
        offsets.put(Map.of("map_runs", SM1), Map.of("v", 1, "runs", mapRun + " " + SM1.replace("stateMachine",
                "execution") + ":nightly"));
        offsets.put(Map.of("map_run_progress", mapRun), null);
        assertThat(new StepFunctionsSourceConnector().alterOffsets(valid(), offsets)).isTrue();
    }

    @Test
    void alterOffsetsRejectsForeignPartitionsAndMalformedOffsets() {
        StepFunctionsSourceConnector connector = new StepFunctionsSourceConnector();
        Map<Map<String, ?>, Map<String, ?>> foreign = new HashMap<>();
        foreign.put(Map.of("topic", "x"), Map.of("offset", 1));
        assertThatThrownBy(() -> connector.alterOffsets(valid(), foreign)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("is not one of this connector's");

        Map<Map<String, ?>, Map<String, ?>> badStatus = new HashMap<>();
        badStatus.put(Map.of("execution_arn", "arn:x"), Map.of("v", 1, "status", "DONE", "redrive_count", 0));
        assertThatThrownBy(() -> connector.alterOffsets(valid(), badStatus)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("unknown status 'DONE'");

        Map<Map<String, ?>, Map<String, ?>> badPart = new HashMap<>();
        badPart.put(Map.of("open_names", SM1 + "#256"), Map.of("v", 1, "names", "a"));
        assertThatThrownBy(() -> connector.alterOffsets(valid(), badPart)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("\"open_names\": \"<state machine or Map Run ARN>#<0 to 255>\"");

        Map<Map<String, ?>, Map<String, ?>> badRegistry = new HashMap<>();
        badRegistry.put(Map.of("map_runs", SM1), Map.of("v", 1, "runs", "not-an-arn"));
        assertThatThrownBy(() -> connector.alterOffsets(valid(), badRegistry)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("'<Map Run ARN> <execution ARN>'");

        Map<Map<String, ?>, Map<String, ?>> twoKeys = new HashMap<>();
        twoKeys.put(Map.of("state_machine_arn", SM1, "open_part", 7), Map.of("v", 1, "names", "a"));
        assertThatThrownBy(() -> connector.alterOffsets(valid(), twoKeys)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("is not one of this connector's");

        Map<Map<String, ?>, Map<String, ?>> badWatermark = new HashMap<>();
        badWatermark.put(Map.of("state_machine_arn", SM1), Map.of("since_ms", 0, "watermark_ms", "yesterday"));
        assertThatThrownBy(() -> connector.alterOffsets(valid(), badWatermark)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("'watermark_ms' key, which must be a number");
    }

    @Test
    void reportsTheBuildVersion() {
        assertThat(new StepFunctionsSourceConnector().version()).as("filtered from the pom")
                .matches("\\d+\\.\\d+\\.\\d+.*");
    }
}
