package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionNotRedrivableException;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/** A Map Run's children through ListExecutions by mapRunArn and DescribeExecution, with the real SDK client. */
class MapRunChildrenTest extends MapRunFixture {
    private static final String ARN_PREFIX = PREFIX.replace(".", "\\.");

    @Test
    void childrenAreListedWithTheirMapRunAndItemCount() {
        String mapRun = startMapRun(MapRunConfig.of("Map", 2, "STANDARD"));
        List<String> children = emulator.startChildren(mapRun, List.of("{\"item\":1}", "{\"item\":2}"));
        clock.advance(Duration.ofSeconds(2));
        emulator.succeed(children.get(0), "{}");

        List<ExecutionListItem> items = sfn.listExecutions(r -> r.mapRunArn(mapRun)).executions();

        assertThat(items).extracting(ExecutionListItem::executionArn).as("newest first, the later-started first")
                .containsExactly(children.get(1), children.get(0));
        ExecutionListItem done = items.get(1);
        assertThat(done.executionArn()).as("a STANDARD child's ARN")
                .matches(ARN_PREFIX + "execution:orders/Map:" + UUID);
        assertThat(done.name()).as("name: the execution id, a UUID").isEqualTo(nameOf(done.executionArn()));
        assertThat(done.stateMachineArn()).as("the labelled state machine")
                .isEqualTo(PREFIX + "stateMachine:orders/Map");
        assertThat(done.statusAsString()).as("status").isEqualTo("SUCCEEDED");
        assertThat(done.startDate()).as("startDate").isEqualTo(T0);
        assertThat(done.stopDate()).as("stopDate").isEqualTo(T0.plusSeconds(2));
        assertThat(done.mapRunArn()).as("mapRunArn, returned when listing by Map Run").isEqualTo(mapRun);
        assertThat(done.itemCount()).as("itemCount").isEqualTo(1);
        assertThat(done.redriveCount()).as("redriveCount").isZero();
        assertThat(items.get(0).stopDate()).as("no stopDate while running").isNull();
    }

    @Test
    void twoAndAHalfThousandChildrenPageByTheThousand() {
        String mapRun = startMapRun(MapRunConfig.of("Big", 2500, "STANDARD"));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMillis(1)); // batches of equal startDates, ordered by start within a batch
            emulator.startChildren(mapRun, 500).forEach(arn -> expected.add(0, arn));
        }

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            ListExecutionsResponse page = sfn.listExecutions(r -> r.mapRunArn(mapRun).maxResults(1000)
                    .nextToken(next));
            pageSizes.add(page.executions().size());
            page.executions().forEach(e -> seen.add(e.executionArn()));
            token = page.nextToken();
        } while (token != null);

        assertThat(pageSizes).as("pages").containsExactly(1000, 1000, 500);
        assertThat(seen).as("every child once, newest first").isEqualTo(expected);
        assertThat(emulator.children(mapRun)).extracting(ExecutionView::executionArn)
                .as("the direct view in the same order").isEqualTo(expected);
    }

    @Test
    void statusAndRedriveFiltersApplyToChildren() {
        List<String> children = startWithChildren(
                MapRunConfig.of("Map", 3, "STANDARD").withToleratedFailureCount(3), 3);
        emulator.fail(children.get(0), "E", null);
        emulator.succeed(children.get(1), "{}");

        assertThat(childNames(mapRun, r -> r.statusFilter("FAILED"))).as("statusFilter FAILED")
                .containsExactly(nameOf(children.get(0)));
        assertThat(childNames(mapRun, r -> r.statusFilter("RUNNING"))).as("statusFilter RUNNING")
                .containsExactly(nameOf(children.get(2)));
        assertThat(childNames(mapRun, r -> r.statusFilter("PENDING_REDRIVE"))).as("PENDING_REDRIVE, none yet")
                .isEmpty();
        assertThat(childNames(mapRun, r -> r.redriveFilter("NOT_REDRIVEN"))).as("none redriven yet").hasSize(3);
        assertThat(childNames(mapRun, r -> r.redriveFilter("REDRIVEN"))).as("REDRIVEN").isEmpty();
    }

    @Test
    void childrenAreNotListedWithTheParentStateMachine() {
        startWithChildren(MapRunConfig.of("Map", 3, "STANDARD"), 3);

        List<ExecutionListItem> byMachine = listAll(r -> r.stateMachineArn(machine));
        assertThat(byMachine).extracting(ExecutionListItem::executionArn).as("only the parent")
                .containsExactly(parent);
        assertThat(byMachine.get(0).mapRunArn()).as("no mapRunArn when listing by state machine").isNull();
        assertThat(byMachine.get(0).itemCount()).as("no itemCount when listing by state machine").isNull();
        assertThat(emulator.executions(machine)).extracting(ExecutionView::executionArn)
                .as("the direct view of the state machine").containsExactly(parent);
        assertThatThrownBy(() -> sfn.listExecutions(r -> r.stateMachineArn(machine + "/Map")))
                .as("listing the labelled state machine").isInstanceOf(ValidationException.class);
    }

    @Test
    void invalidListRequestsAreRejected() {
        String mapRun = startMapRun(MapRunConfig.of("Map", 1, "STANDARD"));
        String unknown = PREFIX + "mapRun:orders/Map:" + java.util.UUID.randomUUID();

        assertThatThrownBy(() -> sfn.listExecutions(r -> r.stateMachineArn(machine).mapRunArn(mapRun)))
                .as("both stateMachineArn and mapRunArn").isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> sfn.listExecutions(r -> r.maxResults(10)))
                .as("neither").isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> sfn.listExecutions(r -> r.mapRunArn(unknown)))
                .as("an unknown Map Run").isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> sfn.listExecutions(r -> r.mapRunArn(parent)))
                .as("an execution ARN as mapRunArn").isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> sfn.listExecutions(r -> r.stateMachineArn(machine).statusFilter("PENDING_REDRIVE")))
                .as("PENDING_REDRIVE with stateMachineArn").isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> sfn.listExecutions(r -> r.mapRunArn(mapRun).maxResults(1001)))
                .as("maxResults 1001").isInstanceOf(ValidationException.class);
    }

    @Test
    void aTokenBelongsToTheMapRunItWasIssuedFor() {
        String first = startMapRun(MapRunConfig.of("First", 2, "STANDARD"));
        String second = startMapRun(MapRunConfig.of("Second", 2, "STANDARD"));
        emulator.startChildren(first, 2);
        emulator.startChildren(second, 2);
        String token = sfn.listExecutions(r -> r.mapRunArn(first).maxResults(1)).nextToken();

        assertThat(sfn.listExecutions(r -> r.mapRunArn(first).nextToken(token)).executions())
                .as("the rest of the first Map Run").hasSize(1);
        assertThatThrownBy(() -> sfn.listExecutions(r -> r.mapRunArn(second).nextToken(token)))
                .as("the token on another Map Run").isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> sfn.listExecutions(r -> r.stateMachineArn(machine).nextToken(token)))
                .as("the token on the state machine").isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void aStandardChildIsDescribedWithItsMapRun() {
        String mapRun = startMapRun(MapRunConfig.of("Map", 1, "STANDARD"));
        String child = emulator.startChildren(mapRun, List.of("{\"id\":7}")).get(0);
        clock.advance(Duration.ofSeconds(1));
        emulator.fail(child, "Lambda.Unknown", "boom");

        DescribeExecutionResponse d = describe(child);

        assertThat(d.executionArn()).as("executionArn").isEqualTo(child);
        assertThat(d.stateMachineArn()).as("the labelled state machine").isEqualTo(PREFIX + "stateMachine:orders/Map");
        assertThat(d.name()).as("name").isEqualTo(nameOf(child));
        assertThat(d.mapRunArn()).as("mapRunArn").isEqualTo(mapRun);
        assertThat(d.input()).as("input").isEqualTo("{\"id\":7}");
        assertThat(d.statusAsString()).as("status").isEqualTo("FAILED");
        assertThat(d.error()).as("error").isEqualTo("Lambda.Unknown");
        assertThat(d.cause()).as("cause").isEqualTo("boom");
        assertThat(d.stopDate()).as("stopDate").isEqualTo(T0.plusSeconds(1));
        assertThat(d.redriveStatusAsString()).as("the Map Run can redrive it").isEqualTo("REDRIVABLE");
        assertThat(describe(parent).mapRunArn()).as("the parent has no mapRunArn of its own").isNull();
    }

    @Test
    void anExpressChildIsDescribedButAPlainExpressExecutionIsNot() {
        List<String> children = startWithChildren(MapRunConfig.of("Fast", 2, "EXPRESS"), 2);
        String child = children.get(0);
        emulator.timeOut(children.get(1));

        assertThat(child).as("an EXPRESS child's ARN: execution id and express id")
                .matches(ARN_PREFIX + "express:orders/Fast:" + UUID + ":" + UUID);
        DescribeExecutionResponse d = describe(child);
        assertThat(d.executionArn()).as("executionArn").isEqualTo(child);
        assertThat(d.name()).as("name: the execution id").isEqualTo(nameOf(child));
        assertThat(d.mapRunArn()).as("mapRunArn").isEqualTo(mapRun);
        assertThat(d.stateMachineArn()).as("stateMachineArn").isEqualTo(PREFIX + "stateMachine:orders/Fast");
        assertThat(d.statusAsString()).as("status").isEqualTo("RUNNING");
        assertThat(describe(children.get(1)).redriveStatusAsString()).as("a timed-out EXPRESS child")
                .isEqualTo("REDRIVABLE");
        assertThat(sfn.listExecutions(r -> r.mapRunArn(mapRun)).executions()).as("listed by Map Run").hasSize(2);

        assertThatThrownBy(() -> sfn.stopExecution(r -> r.executionArn(child)))
                .as("StopExecution of an EXPRESS child").isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> emulator.abort(child, null, null)).as("aborting an EXPRESS child directly")
                .isInstanceOf(IllegalStateException.class);

        String express = emulator.createStateMachine("fast", "EXPRESS");
        String plain = emulator.startExecution(express, "plain", null);
        assertThatThrownBy(() -> describe(plain)).as("an EXPRESS execution no Map Run dispatched")
                .isInstanceOf(ExecutionDoesNotExistException.class);
    }

    @Test
    void anUnknownChildIsNotFound() {
        String mapRun = startMapRun(MapRunConfig.of("Map", 1, "STANDARD"));
        String child = emulator.startChildren(mapRun, 1).get(0);
        String unknown = child.substring(0, child.lastIndexOf(':') + 1) + java.util.UUID.randomUUID();

        assertThatThrownBy(() -> describe(unknown)).as("an unknown child")
                .isInstanceOf(ExecutionDoesNotExistException.class);
        assertThatThrownBy(() -> describe(child.replace("/Map:", "/Other:"))).as("a child under another label")
                .isInstanceOf(ExecutionDoesNotExistException.class);
    }

    @Test
    void aChildIsRedrivenOnlyThroughItsParent() {
        String mapRun = startMapRun(MapRunConfig.of("Map", 2, "STANDARD").withToleratedFailureCount(1));
        String child = emulator.startChildren(mapRun, 1).get(0);
        emulator.fail(child, "E", null);

        assertThatThrownBy(() -> sfn.redriveExecution(r -> r.executionArn(child)))
                .as("RedriveExecution of a child").isInstanceOf(ExecutionNotRedrivableException.class)
                .hasMessageContaining(mapRun);
        assertThat(describe(child).statusAsString()).as("the child stays FAILED").isEqualTo("FAILED");
    }
}
