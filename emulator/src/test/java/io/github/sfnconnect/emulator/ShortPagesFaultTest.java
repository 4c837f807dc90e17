package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.ListMapRunsResponse;

/** Pages shorter than maxResults, empty ones included, that still lead to every execution once and in order. */
class ShortPagesFaultTest extends NoRetryFixture {
    @Test
    void shortPagesStillYieldEveryExecutionOnceInOrder() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            clock.advance(Duration.ofMillis(i % 4 == 0 ? 0 : 3));
            emulator.startExecution(machine, "e" + i, null);
            expected.add(0, "e" + i);
        }
        emulator.faults().seed(5).shortPages(0.7);

        List<String> seen = new ArrayList<>();
        boolean shortWithToken = false;
        boolean emptyWithToken = false;
        String token = null;
        do {
            String next = token;
            ListExecutionsResponse page = once.listExecutions(r -> r.stateMachineArn(machine).maxResults(10)
                    .nextToken(next));
            assertThat(page.executions()).as("never more than maxResults").hasSizeLessThanOrEqualTo(10);
            page.executions().stream().map(ExecutionListItem::name).forEach(seen::add);
            token = page.nextToken();
            shortWithToken |= page.executions().size() < 10 && token != null;
            emptyWithToken |= page.executions().isEmpty() && token != null;
        } while (token != null);

        assertThat(seen).as("every execution once, newest first").isEqualTo(expected);
        assertThat(shortWithToken).as("a short page that is not the last").isTrue();
        assertThat(emptyWithToken).as("an empty page that is not the last").isTrue();
        assertThat(emulator.faults().injectedCounts().get("ShortPage:ListExecutions")).as("counted").isPositive();
    }

    @Test
    void listMapRunsPagesMayBeEmptyAndStillLeadToEveryMapRun() {
        String parent = emulator.startExecution(machine, "parent", null);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(1));
            expected.add(0, emulator.startMapRun(parent, MapRunConfig.of("Map" + i, 1, "STANDARD")));
        }
        // every page is cut to a random size below maxResults 1: empty
        emulator.faults().seed(5).shortPages(1.0);

        ListMapRunsResponse page = once.listMapRuns(r -> r.executionArn(parent).maxResults(1));
        assertThat(page.mapRuns()).as("an empty page").isEmpty();
        assertThat(page.nextToken()).as("that leads on").isNotNull();

        emulator.faults().clear();
        List<String> seen = new ArrayList<>();
        String token = page.nextToken();
        while (token != null) {
            String next = token;
            ListMapRunsResponse more = once.listMapRuns(r -> r.executionArn(parent).maxResults(1).nextToken(next));
            more.mapRuns().forEach(m -> seen.add(m.mapRunArn()));
            token = more.nextToken();
        }
        assertThat(seen).as("every Map Run once, newest first, after the empty page").isEqualTo(expected);
    }

    @Test
    void withTheFaultOffPagesAreFullAndClearTurnsItOff() {
        for (int i = 0; i < 15; i++) {
            emulator.startExecution(machine, "e" + i, null);
        }
        emulator.faults().shortPages(1.0).clear();

        assertThat(once.listExecutions(r -> r.stateMachineArn(machine).maxResults(10)).executions()).hasSize(10);
    }
}
