package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.ListMapRunsResponse;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;
import software.amazon.awssdk.services.sfn.model.MapRunStatus;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/** DescribeMapRun and ListMapRuns: shapes, order, paging and validation, through the real SDK client. */
class MapRunApiTest extends MapRunFixture {

    @Test
    void describeMapRunReturnsEveryField() {
        clock.advance(Duration.ofSeconds(1));
        String mapRun = startMapRun(MapRunConfig.of("Map", 5, "STANDARD").withMaxConcurrency(3)
                .withToleratedFailureCount(2).withToleratedFailurePercentage(50.5f));
        List<String> children = emulator.startChildren(mapRun, 3);
        clock.advance(Duration.ofSeconds(1));
        emulator.succeed(children.get(0), "{}");
        emulator.fail(children.get(1), "E", "C");

        DescribeMapRunResponse d = describeMapRun(mapRun);

        assertThat(d.mapRunArn()).as("mapRunArn").isEqualTo(mapRun)
                .matches(PREFIX.replace(".", "\\.") + "mapRun:orders/Map:" + UUID);
        assertThat(d.executionArn()).as("executionArn: the parent").isEqualTo(parent);
        assertThat(d.status()).as("status").isEqualTo(MapRunStatus.RUNNING);
        assertThat(d.startDate()).as("startDate").isEqualTo(T0.plusSeconds(1));
        assertThat(d.stopDate()).as("no stopDate while running").isNull();
        assertThat(d.maxConcurrency()).as("maxConcurrency").isEqualTo(3);
        assertThat(d.toleratedFailureCount()).as("toleratedFailureCount").isEqualTo(2L);
        assertThat(d.toleratedFailurePercentage()).as("toleratedFailurePercentage").isEqualTo(50.5f);
        assertThat(counts(d.itemCounts())).as("itemCounts")
                .isEqualTo(line(2, 1, 1, 1, 0, 0, 5, 0, 0, 0));
        assertThat(counts(d.executionCounts())).as("executionCounts, one child per item")
                .isEqualTo(line(2, 1, 1, 1, 0, 0, 5, 0, 0, 0));
        assertThat(d.redriveCount()).as("redriveCount").isZero();
        assertThat(d.redriveDate()).as("redriveDate before any redrive").isNull();
    }

    @Test
    void unsetThresholdsAreDescribedAsZero() {
        String mapRun = startMapRun(MapRunConfig.of("Map", 1, "STANDARD"));

        DescribeMapRunResponse d = describeMapRun(mapRun);
        assertThat(d.maxConcurrency()).as("maxConcurrency").isZero();
        assertThat(d.toleratedFailureCount()).as("toleratedFailureCount").isZero();
        assertThat(d.toleratedFailurePercentage()).as("toleratedFailurePercentage").isZero();
    }

    @Test
    void aMapRunWithoutLabelGetsAGeneratedOne() {
        String mapRun = startMapRun(MapRunConfig.of(null, 1, "STANDARD"));
        String child = emulator.startChildren(mapRun, 1).get(0);

        assertThat(mapRun).as("Map Run ARN with a generated label")
                .matches(PREFIX.replace(".", "\\.") + "mapRun:orders/" + UUID + ":" + UUID);
        String label = mapRun.split(":")[6].substring("orders/".length());
        assertThat(child).as("its child carries the same label")
                .startsWith(PREFIX + "execution:orders/" + label + ":");
    }

    @Test
    void listMapRunsListsNewestFirstWithStopDateOnlyOnceStopped() {
        String first = startMapRun(MapRunConfig.of("First", 1, "STANDARD"));
        clock.advance(Duration.ofSeconds(1));
        String second = startMapRun(MapRunConfig.of("Second", 1, "STANDARD"));
        String third = startMapRun(MapRunConfig.of("Third", 1, "STANDARD")); // same startDate, started later
        clock.advance(Duration.ofSeconds(1));
        emulator.succeed(emulator.startChildren(first, 1).get(0), "{}");

        List<MapRunListItem> runs = sfn.listMapRuns(r -> r.executionArn(parent)).mapRuns();

        assertThat(runs).extracting(MapRunListItem::mapRunArn).as("newest first, later-started first on a tie")
                .containsExactly(third, second, first);
        MapRunListItem stopped = runs.get(2);
        assertThat(stopped.executionArn()).as("executionArn").isEqualTo(parent);
        assertThat(stopped.stateMachineArn()).as("stateMachineArn: the parent's").isEqualTo(machine);
        assertThat(stopped.startDate()).as("startDate").isEqualTo(T0);
        assertThat(stopped.stopDate()).as("stopDate of the succeeded one").isEqualTo(T0.plusSeconds(2));
        assertThat(runs.get(0).stopDate()).as("no stopDate while running").isNull();
    }

    @Test
    void listMapRunsPagesWithTokensBoundToTheExecution() {
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMillis(1));
            started.add(0, startMapRun(MapRunConfig.of("Map" + i, 1, "STANDARD")));
        }

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            ListMapRunsResponse page = sfn.listMapRuns(r -> r.executionArn(parent).maxResults(2).nextToken(next));
            pageSizes.add(page.mapRuns().size());
            page.mapRuns().forEach(m -> seen.add(m.mapRunArn()));
            token = page.nextToken();
        } while (token != null);

        assertThat(seen).as("every Map Run once, newest first").isEqualTo(started);
        assertThat(pageSizes).as("pages of 2").containsExactly(2, 2, 1);

        String token1 = sfn.listMapRuns(r -> r.executionArn(parent).maxResults(1)).nextToken();
        String other = emulator.startExecution(machine, "other", null);
        assertThatThrownBy(() -> sfn.listMapRuns(r -> r.executionArn(other).nextToken(token1)))
                .as("a token used for another execution").isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void maxResultsZeroMeansOneHundred() {
        for (int i = 0; i < 101; i++) {
            startMapRun(MapRunConfig.of("Map" + i, 1, "STANDARD"));
        }

        ListMapRunsResponse first = sfn.listMapRuns(r -> r.executionArn(parent).maxResults(0));
        assertThat(first.mapRuns()).as("default page size").hasSize(100);
        assertThat(sfn.listMapRuns(r -> r.executionArn(parent).nextToken(first.nextToken())).mapRuns())
                .as("the rest").hasSize(1);
    }

    @Test
    void anExecutionWithoutMapRunsListsNone() {
        ListMapRunsResponse none = sfn.listMapRuns(r -> r.executionArn(parent));

        assertThat(none.mapRuns()).as("no Map Runs").isEmpty();
        assertThat(none.nextToken()).as("no token").isNull();
    }

    @Test
    void invalidRequestsAreRejected() {
        String unknownExecution = PREFIX + "execution:orders:nope";
        String unknownMapRun = PREFIX + "mapRun:orders/Map:" + java.util.UUID.randomUUID();

        assertThatThrownBy(() -> sfn.listMapRuns(r -> r.maxResults(1))).as("ListMapRuns without executionArn")
                .isInstanceOf(ValidationException.class).hasMessageContaining("executionArn");
        assertThatThrownBy(() -> sfn.listMapRuns(r -> r.executionArn(unknownExecution)))
                .as("ListMapRuns of an unknown execution").isInstanceOf(ExecutionDoesNotExistException.class);
        assertThatThrownBy(() -> sfn.listMapRuns(r -> r.executionArn("not-an-arn")))
                .as("ListMapRuns with a malformed ARN").isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> sfn.listMapRuns(r -> r.executionArn(parent).maxResults(1001)))
                .as("maxResults 1001").isInstanceOf(ValidationException.class).hasMessageContaining("maxResults");
        assertThatThrownBy(() -> sfn.listMapRuns(r -> r.executionArn(parent).nextToken("made-up")))
                .as("a made-up token").isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> sfn.describeMapRun(r -> { }))
                .as("DescribeMapRun without mapRunArn").isInstanceOf(ValidationException.class)
                .hasMessageContaining("mapRunArn");
        assertThatThrownBy(() -> describeMapRun(unknownMapRun)).as("DescribeMapRun of an unknown Map Run")
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining(unknownMapRun);
        assertThatThrownBy(() -> describeMapRun(parent)).as("DescribeMapRun of an execution ARN")
                .isInstanceOf(InvalidArnException.class);
    }

    @Test
    void mapRunActionsAreCounted() {
        String mapRun = startMapRun(MapRunConfig.of("Map", 1, "STANDARD"));
        describeMapRun(mapRun);
        sfn.listMapRuns(r -> r.executionArn(parent));
        sfn.listExecutions(r -> r.mapRunArn(mapRun));
        assertThatThrownBy(() -> describeMapRun(mapRun + "0")).isInstanceOf(ResourceNotFoundException.class);

        assertThat(emulator.callCounts()).as("calls per action, direct methods not among them")
                .containsEntry("DescribeMapRun", 2L)
                .containsEntry("ListMapRuns", 1L)
                .containsEntry("ListExecutions", 1L)
                .doesNotContainKey("StartExecution");
        assertThat(emulator.listingsOf(mapRun)).as("ListExecutions of the Map Run").isEqualTo(1);
    }
}
