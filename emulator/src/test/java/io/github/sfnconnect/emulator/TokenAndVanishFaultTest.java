package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;

/** Page tokens rejected as expired, and executions deleted between a listing and a describe. */
class TokenAndVanishFaultTest extends EmulatorFixture {
    private String machine;

    @BeforeEach
    void createMachine() {
        machine = emulator.createStateMachine("orders");
        for (int i = 0; i < 3; i++) {
            emulator.startExecution(machine, "e" + i, null);
        }
    }

    @Test
    void theNextTokenBearingCallsFailWithInvalidToken() {
        emulator.faults().invalidNextTokens(1);
        ListExecutionsResponse first = sfn.listExecutions(r -> r.stateMachineArn(machine).maxResults(1));
        assertThat(first.nextToken()).as("a first page, which carries no token, is unaffected").isNotNull();

        assertThatThrownBy(() -> sfn.listExecutions(r -> r.stateMachineArn(machine).maxResults(1)
                .nextToken(first.nextToken())))
                .as("the next page")
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> {
                    assertThat(e.statusCode()).as("status").isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).as("message").startsWith("Invalid Token: '");
                });
        assertThat(sfn.listExecutions(r -> r.stateMachineArn(machine).maxResults(1).nextToken(first.nextToken()))
                .executions()).as("the same token once the countdown ran out").hasSize(1);
        assertThat(emulator.faults().injectedCounts()).containsEntry("InvalidToken:ListExecutions", 1L);
        assertThat(emulator.callCount("ListExecutions")).as("only SDK calls, none retried").isEqualTo(3);
    }

    @Test
    void aPaginatorMeetsAnInvalidTokenOnItsSecondPage() {
        emulator.faults().invalidTokens(1.0);
        assertThatThrownBy(() -> sfn.listExecutionsPaginator(r -> r.stateMachineArn(machine).maxResults(2))
                .executions().forEach(e -> { }))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void aVanishingExecutionIsGoneFromTheGroundTruthToo() {
        String arn = sfn.listExecutions(r -> r.stateMachineArn(machine)).executions().get(0).executionArn();
        emulator.faults().vanishOnDescribe(1.0);

        assertThatThrownBy(() -> describe(arn)).as("describing a listed execution")
                .isInstanceOf(ExecutionDoesNotExistException.class)
                .hasMessageContaining("Execution Does Not Exist: '" + arn + "'");
        assertThat(emulator.execution(arn)).as("ground truth").isEmpty();
        assertThat(emulator.executions(machine)).as("left").hasSize(2);
        assertThat(emulator.faults().vanishedExecutions()).as("vanished").containsExactly(arn);

        assertThatThrownBy(() -> describe(arn)).as("describing it again")
                .isInstanceOf(ExecutionDoesNotExistException.class);
        assertThat(emulator.faults().injectedCounts()).as("an execution vanishes once")
                .containsEntry("VanishOnDescribe:DescribeExecution", 1L);
    }

    @Test
    void aMapRunsChildVanishesOnlyOnceClosedAndTheMapRunKeepsCountingIt() {
        String parent = emulator.startExecution(machine, "parent", null);
        String mapRun = emulator.startMapRun(parent, MapRunConfig.of("Map", 2, "STANDARD"));
        List<String> children = emulator.startChildren(mapRun, 2);
        emulator.succeed(children.get(0), "{}");
        emulator.faults().vanishOnDescribe(1.0);

        assertThat(describe(children.get(1)).statusAsString()).as("a running child, which cannot age out")
                .isEqualTo("RUNNING");
        assertThatThrownBy(() -> describe(children.get(0))).as("a closed child")
                .isInstanceOf(ExecutionDoesNotExistException.class);
        assertThat(emulator.children(mapRun)).extracting(ExecutionView::executionArn).as("children left")
                .containsExactly(children.get(1));
        emulator.succeed(children.get(1), "{}");
        assertThat(emulator.mapRun(mapRun).orElseThrow().itemCounts().succeeded())
                .as("the Map Run counts both, and ended").isEqualTo(2);
        assertThat(emulator.mapRun(mapRun).orElseThrow().status()).isEqualTo(MapRunStatus.SUCCEEDED);
    }
}
