package io.github.sfnconnect.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.sfnconnect.config.StepFunctionsSourceConfig;
import io.github.sfnconnect.emulator.MapRunConfig;
import io.github.sfnconnect.emulator.StepFunctionsEmulator;
import io.github.sfnconnect.model.DistributedMap;
import io.github.sfnconnect.model.ExecutionPage;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.ExecutionSummary;
import io.github.sfnconnect.model.MapRunDetails;
import io.github.sfnconnect.model.MapRunPage;

/**
 * The gateway's Map Run calls through the real SDK over HTTP to the project's emulator: a state machine's
 * Distributed Map states from its definition, the Map Runs of an execution, a Map Run's progress and its children.
 */
class MapRunCallsTest {

    private static final String DEFINITION = """
            {"StartAt": "Fan", "States": {"Fan": {"Type": "Map", "Label": "fan",
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "Work", "States": {"Work": {"Type": "Pass", "End": true}}}, "End": true}}}""";

    private final StepFunctionsEmulator sfn = StepFunctionsEmulator.start();
    private final AwsStepFunctionsGateway gateway = AwsStepFunctionsGateway.create(new StepFunctionsSourceConfig(
            Map.of("aws.region", sfn.region(), "aws.endpoint.url", sfn.endpoint().toString(),
                    "aws.access.key.id", "test", "aws.secret.access.key", "test",
                    "state.machine.arns", "arn:aws:states:us-east-1:123456789012:stateMachine:x", "topic", "t")),
            1000, 1000, ApiCallListener.NONE);

    @AfterEach
    void stop() {
        gateway.close();
        sfn.close();
    }

    @Test
    void findsTheDistributedMapStatesOfADefinition() throws Exception {
        String plain = sfn.createStateMachine("plain");
        String fanOut = sfn.createStateMachine("fan-out");
        sfn.updateStateMachine(fanOut, DEFINITION);
        assertThat(gateway.distributedMaps(plain)).isEmpty();
        assertThat(gateway.distributedMaps(fanOut)).containsExactly(new DistributedMap("Fan", "fan", "STANDARD", false));
    }

    @Test
    void readsAnExecutionsMapRunsTheirProgressAndTheirChildren() throws Exception {
        String machine = sfn.createStateMachine("fan-out");
        sfn.updateStateMachine(machine, DEFINITION);
        String parent = sfn.startExecution(machine, "batch-1", "{}");
        String mapRun = sfn.startMapRun(parent, MapRunConfig.of("fan", 1_500, "STANDARD")
                .withToleratedFailureCount(10));
        List<String> children = sfn.startChildren(mapRun, 1_200);
        sfn.fail(children.get(0), "Boom", "item 0");
        sfn.succeed(children.get(1), "{}");

        MapRunPage runs = gateway.listMapRuns(parent, 100, null).orElseThrow();
        assertThat(runs.mapRuns()).singleElement().satisfies(r -> {
            assertThat(r.mapRunArn()).isEqualTo(mapRun);
            assertThat(r.executionArn()).isEqualTo(parent);
            assertThat(r.stopDateMs()).isNull();
        });
        assertThat(runs.nextToken()).isNull();

        MapRunDetails progress = gateway.describeMapRun(mapRun).orElseThrow();
        assertThat(progress.status()).isEqualTo("RUNNING");
        assertThat(progress.toleratedFailureCount()).isEqualTo(10);
        assertThat(progress.itemCounts().total()).isEqualTo(1_500);
        assertThat(progress.itemCounts().pending()).isEqualTo(300);
        assertThat(progress.executionCounts().running()).isEqualTo(1_198);
        assertThat(progress.executionCounts().failed()).isEqualTo(1);
        assertThat(progress.executionCounts().succeeded()).isEqualTo(1);

        List<ExecutionSummary> listed = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            ExecutionPage page = gateway.listMapRunExecutions(mapRun, null, false, 1_000, token).orElseThrow();
            listed.addAll(page.executions());
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(2);
        assertThat(listed).extracting(ExecutionSummary::executionArn).containsExactlyInAnyOrderElementsOf(children);
        assertThat(gateway.listMapRunExecutions(mapRun, ExecutionStatus.FAILED, false, 1_000, null).orElseThrow()
                .executions()).extracting(ExecutionSummary::executionArn).containsExactly(children.get(0));
    }

    @Test
    void aMapRunOrExecutionThatNoLongerExistsIsEmptyNotAnError() throws Exception {
        String machine = sfn.createStateMachine("fan-out");
        String missingRun = "arn:aws:states:us-east-1:123456789012:mapRun:fan-out/fan:0b9a1e7c-0000-0000-0000-000000000000";
        assertThat(gateway.describeMapRun(missingRun)).isEmpty();
        assertThat(gateway.listMapRunExecutions(missingRun, null, false, 100, null)).isEmpty();
        assertThat(gateway.listMapRuns(machine.replace(":stateMachine:", ":execution:") + ":gone", 100, null))
                .isEmpty();
    }
}
