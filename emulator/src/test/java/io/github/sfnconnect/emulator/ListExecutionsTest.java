package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.ListExecutionsRequest;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineTypeNotSupportedException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/** ListExecutions ordering, filters, validation and paging, through the real SDK client. */
class ListExecutionsTest extends EmulatorFixture {
    private String machine;

    @BeforeEach
    void createMachine() {
        machine = emulator.createStateMachine("orders");
    }

    @Test
    void newestFirstWithTiesBrokenByCreationOrder() {
        start(machine, "a");
        clock.advance(Duration.ofSeconds(1));
        start(machine, "b");
        start(machine, "c"); // same startDate as b, created later
        clock.advance(Duration.ofSeconds(1));
        start(machine, "d");

        assertThat(names(list(ListExecutionsRequest.builder().stateMachineArn(machine).build())))
                .as("most recent first; of equal startDate the later-created first")
                .containsExactly("d", "c", "b", "a");
    }

    @Test
    void listItemsCarryTheListedFields() {
        String arn = start(machine, "item");
        clock.advance(Duration.ofSeconds(3));
        emulator.fail(arn, "E", "C");
        clock.advance(Duration.ofSeconds(3));
        emulator.redrive(arn);
        clock.advance(Duration.ofSeconds(3));
        emulator.succeed(arn, "{}");

        ExecutionListItem item = list(ListExecutionsRequest.builder().stateMachineArn(machine).build()).get(0);
        assertThat(item.executionArn()).as("executionArn").isEqualTo(arn);
        assertThat(item.stateMachineArn()).as("stateMachineArn").isEqualTo(machine);
        assertThat(item.name()).as("name").isEqualTo("item");
        assertThat(item.statusAsString()).as("status").isEqualTo("SUCCEEDED");
        assertThat(item.startDate()).as("startDate").isEqualTo(T0);
        assertThat(item.stopDate()).as("stopDate").isEqualTo(T0.plusSeconds(9));
        assertThat(item.redriveCount()).as("redriveCount").isEqualTo(1);
        assertThat(item.redriveDate()).as("redriveDate").isEqualTo(T0.plusSeconds(6));
        assertThat(item.mapRunArn()).as("mapRunArn is only returned when listing by Map Run").isNull();
    }

    @Test
    void statusFilterSelectsOneStatus() {
        String running = start(machine, "running");
        String failed = start(machine, "failed");
        String succeeded = start(machine, "succeeded");
        emulator.fail(failed, "E", null);
        emulator.succeed(succeeded, "{}");

        assertThat(names(list(ListExecutionsRequest.builder().stateMachineArn(machine).statusFilter("FAILED").build())))
                .as("statusFilter FAILED").containsExactly("failed");
        assertThat(names(list(ListExecutionsRequest.builder().stateMachineArn(machine).statusFilter("RUNNING").build())))
                .as("statusFilter RUNNING").containsExactly("running");
        assertThat(running).as("the running execution's ARN").endsWith(":running");
    }

    @Test
    void redriveFilterSplitsRedrivenFromNotRedriven() {
        String redriven = start(machine, "redriven");
        start(machine, "plain");
        emulator.fail(redriven, "E", null);
        emulator.redrive(redriven);

        assertThat(names(list(ListExecutionsRequest.builder().stateMachineArn(machine).redriveFilter("REDRIVEN").build())))
                .as("redriveFilter REDRIVEN").containsExactly("redriven");
        assertThat(names(list(ListExecutionsRequest.builder().stateMachineArn(machine).redriveFilter("NOT_REDRIVEN")
                .build()))).as("redriveFilter NOT_REDRIVEN").containsExactly("plain");
    }

    @Test
    void pagingContinuesWhereItStoppedWhileNewExecutionsArrive() {
        List<String> original = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            clock.advance(Duration.ofMillis(i % 3 == 0 ? 0 : 7)); // some equal startDates on purpose
            original.add(0, "e" + i);
            start(machine, "e" + i);
        }

        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            ListExecutionsResponse page = sfn.listExecutions(ListExecutionsRequest.builder()
                    .stateMachineArn(machine).maxResults(10).nextToken(token).build());
            assertThat(page.executions()).as("page %d size", pages).hasSizeLessThanOrEqualTo(10);
            page.executions().forEach(e -> seen.add(e.name()));
            token = page.nextToken();
            for (int i = 0; i < 4; i++) {
                clock.advance(Duration.ofMillis(1));
                start(machine, "late" + pages + "-" + i);
            }
            pages++;
        } while (token != null);

        assertThat(seen).as("every execution present at the first page, once, newest first").isEqualTo(original);
        assertThat(pages).as("25 executions in pages of 10").isEqualTo(3);
    }

    @Test
    void pagingIsStableUnderConcurrentStarts() throws Exception {
        for (int i = 0; i < 60; i++) {
            start(machine, "before" + i);
        }
        Set<String> before = new HashSet<>(names(emulatorView()));
        AtomicBoolean paging = new AtomicBoolean(true);
        ExecutorService starter = Executors.newSingleThreadExecutor();
        Future<Integer> started = starter.submit(() -> {
            int n = 0;
            while (paging.get() && n < 500) {
                clock.advance(Duration.ofMillis(1));
                emulator.startExecution(machine, "during" + n++, null);
            }
            return n;
        });
        List<String> seen = new ArrayList<>();
        try {
            sfn.listExecutionsPaginator(r -> r.stateMachineArn(machine).maxResults(7))
                    .executions().forEach(e -> seen.add(e.name()));
        } finally {
            paging.set(false);
            starter.shutdown();
        }
        assertThat(starter.awaitTermination(10, TimeUnit.SECONDS)).as("starter thread stopped").isTrue();

        assertThat(started.get()).as("executions started while paging").isPositive();
        assertThat(seen).as("no execution is listed twice").doesNotHaveDuplicates();
        assertThat(seen).as("every execution that existed before paging began is listed").containsAll(before);
    }

    @Test
    void maxResultsZeroMeansTheDefaultOfOneHundred() {
        for (int i = 0; i < 101; i++) {
            emulator.startExecution(machine, "e" + i, null);
        }

        ListExecutionsResponse first = sfn.listExecutions(r -> r.stateMachineArn(machine).maxResults(0));
        ListExecutionsResponse second = sfn.listExecutions(r -> r.stateMachineArn(machine).nextToken(first.nextToken()));

        assertThat(first.executions()).as("default page size").hasSize(100);
        assertThat(first.nextToken()).as("a token when more results follow").isNotNull();
        assertThat(second.executions()).as("the remaining execution").hasSize(1);
        assertThat(second.nextToken()).as("no token on the last page").isNull();
    }

    @Test
    void maxResultsOutOfRangeIsAValidationException() {
        assertThatThrownBy(() -> sfn.listExecutions(r -> r.stateMachineArn(machine).maxResults(1001)))
                .as("maxResults 1001")
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("maxResults");
        assertThatThrownBy(() -> sfn.listExecutions(r -> r.stateMachineArn(machine).maxResults(-1)))
                .as("maxResults -1")
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void garbledForeignOrChangedTokensAreInvalid() {
        for (int i = 0; i < 3; i++) {
            start(machine, "e" + i);
        }
        String token = sfn.listExecutions(r -> r.stateMachineArn(machine).maxResults(1)).nextToken();
        String garbled = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");

        assertThatThrownBy(() -> sfn.listExecutions(r -> r.stateMachineArn(machine).nextToken(garbled)))
                .as("a garbled token").isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> sfn.listExecutions(r -> r.stateMachineArn(machine).nextToken("not a token")))
                .as("a made-up token").isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> sfn.listExecutions(r -> r.stateMachineArn(machine).statusFilter("FAILED")
                .nextToken(token))).as("a token reused with another statusFilter")
                .isInstanceOf(InvalidTokenException.class);
        try (StepFunctionsEmulator other = StepFunctionsEmulator.start(clock);
                var otherClient = connect(other)) {
            String otherMachine = other.createStateMachine("orders");
            assertThatThrownBy(() -> otherClient.listExecutions(r -> r.stateMachineArn(otherMachine).nextToken(token)))
                    .as("a token from another emulator").isInstanceOf(InvalidTokenException.class);
        }
    }

    @Test
    void tokensExpireAfterTwentyFourHours() {
        start(machine, "a");
        start(machine, "b");
        String token = sfn.listExecutions(r -> r.stateMachineArn(machine).maxResults(1)).nextToken();

        clock.advance(Duration.ofHours(24));
        assertThat(sfn.listExecutions(r -> r.stateMachineArn(machine).nextToken(token)).executions())
                .as("a token exactly 24 hours old still works").hasSize(1);
        clock.advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> sfn.listExecutions(r -> r.stateMachineArn(machine).nextToken(token)))
                .as("a token older than 24 hours")
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void expressStateMachinesAreNotSupported() {
        String express = emulator.createStateMachine("fast", "EXPRESS");
        String arn = emulator.startExecution(express, "x", null);

        assertThat(arn).as("express execution ARN").startsWith("arn:aws:states:us-east-1:123456789012:express:fast:");
        assertThatThrownBy(() -> sfn.listExecutions(r -> r.stateMachineArn(express)))
                .as("ListExecutions on an EXPRESS state machine")
                .isInstanceOf(StateMachineTypeNotSupportedException.class);
        assertThatThrownBy(() -> describe(arn)).as("DescribeExecution of an EXPRESS execution")
                .isInstanceOf(ExecutionDoesNotExistException.class);
    }

    @Test
    void invalidListRequestsAreRejected() {
        assertThatThrownBy(() -> sfn.listExecutions(r -> r.stateMachineArn(
                "arn:aws:states:us-east-1:123456789012:stateMachine:nope")))
                .as("unknown state machine").isInstanceOf(StateMachineDoesNotExistException.class);
        assertThatThrownBy(() -> sfn.listExecutions(r -> r.stateMachineArn("nope")))
                .as("malformed state machine ARN").isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> sfn.listExecutions(r -> r.stateMachineArn(machine).statusFilter("PENDING_REDRIVE")))
                .as("PENDING_REDRIVE without mapRunArn").isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> sfn.listExecutions(r -> r.maxResults(5)))
                .as("neither stateMachineArn nor mapRunArn").isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> sfn.listExecutions(r -> r.stateMachineArn(machine).statusFilter("DONE")))
                .as("statusFilter outside the enum").isInstanceOf(ValidationException.class);
    }

    @Test
    void executionDeletedBetweenListAndDescribe() {
        String arn = start(machine, "ephemeral");
        ExecutionListItem listed = list(ListExecutionsRequest.builder().stateMachineArn(machine).build()).get(0);

        emulator.deleteExecution(arn);

        assertThat(listed.executionArn()).as("the execution was listed").isEqualTo(arn);
        assertThatThrownBy(() -> describe(listed.executionArn())).as("describing it after deletion")
                .isInstanceOf(ExecutionDoesNotExistException.class);
    }

    private List<ExecutionListItem> list(ListExecutionsRequest request) {
        return sfn.listExecutions(request).executions();
    }

    private List<ExecutionView> emulatorView() {
        return emulator.executions(machine);
    }

    private static List<String> names(List<?> items) {
        return items.stream()
                .map(i -> i instanceof ExecutionListItem e ? e.name() : ((ExecutionView) i).name())
                .toList();
    }
}
