package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesRequest;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/**
 * ListStateMachines by the API reference: maxResults 0-1000 (0: 100), a nextToken of 1-1024 characters that expires
 * after 24 hours, items of stateMachineArn, name, type and creationDate, and no promised order (the emulator's is by
 * name).
 */
class ListStateMachinesTest extends EmulatorFixture {

    private List<String> listAll(Consumer<ListStateMachinesRequest.Builder> request) {
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            ListStateMachinesResponse page = sfn.listStateMachines(r -> {
                request.accept(r);
                r.nextToken(next);
            });
            page.stateMachines().forEach(m -> names.add(m.name()));
            token = page.nextToken();
        } while (token != null);
        return names;
    }

    @Test
    void listsByNameNotByCreation() {
        for (String name : List.of("mid", "zeta", "alpha", "Beta", "beta-2")) {
            emulator.createStateMachine(name);
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(listAll(r -> r.maxResults(2))).as("every state machine once, by name, over pages of 2")
                .containsExactly("Beta", "alpha", "beta-2", "mid", "zeta");
        assertThat(sfn.listStateMachinesPaginator(r -> r.maxResults(3)).stateMachines().stream()
                .map(StateMachineListItem::name).toList()).as("through the SDK's paginator")
                .containsExactly("Beta", "alpha", "beta-2", "mid", "zeta");
    }

    @Test
    void listItemsCarryArnNameTypeAndCreationDate() throws Exception {
        String standard = emulator.createStateMachine("standard");
        clock.advance(Duration.ofMillis(1500));
        String express = emulator.createStateMachine("express", "EXPRESS");

        List<StateMachineListItem> items = sfn.listStateMachines(r -> { }).stateMachines();

        assertThat(items).as("items").containsExactly(
                StateMachineListItem.builder().stateMachineArn(express).name("express")
                        .type(StateMachineType.EXPRESS).creationDate(T0.plusMillis(1500)).build(),
                StateMachineListItem.builder().stateMachineArn(standard).name("standard")
                        .type(StateMachineType.STANDARD).creationDate(T0).build());
        HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(emulator.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "AWSStepFunctions.ListStateMachines")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = new ObjectMapper().readTree(raw.body());
        List<String> members = new ArrayList<>();
        body.get("stateMachines").get(1).fieldNames().forEachRemaining(members::add);
        assertThat(members).as("the members of a StateMachineListItem on the wire")
                .containsExactlyInAnyOrder("stateMachineArn", "name", "type", "creationDate");
        assertThat(body.get("stateMachines").get(1).get("creationDate").decimalValue())
                .as("creationDate in epoch seconds").isEqualByComparingTo(BigDecimal.valueOf(T0.toEpochMilli(), 3));
        assertThat(body.has("nextToken")).as("no nextToken on the only page").isFalse();
    }

    @Test
    void maxResultsZeroMeansTheDefaultOfOneHundredAndAThousandIsTheMost() {
        for (int i = 0; i < 101; i++) {
            emulator.createStateMachine(String.format("m%03d", i));
        }

        ListStateMachinesResponse first = sfn.listStateMachines(r -> r.maxResults(0));
        ListStateMachinesResponse unset = sfn.listStateMachines(r -> { });
        ListStateMachinesResponse second = sfn.listStateMachines(r -> r.nextToken(first.nextToken()));

        assertThat(first.stateMachines()).as("maxResults 0").hasSize(100);
        assertThat(unset.stateMachines()).as("maxResults unset").hasSize(100);
        assertThat(first.nextToken()).as("a token when more follow").isNotNull();
        assertThat(second.stateMachines()).as("the rest").extracting(StateMachineListItem::name)
                .containsExactly("m100");
        assertThat(second.nextToken()).as("no token on the last page").isNull();
        assertThat(sfn.listStateMachines(r -> r.maxResults(1000)).stateMachines()).as("maxResults 1000")
                .hasSize(101);
        assertThatThrownBy(() -> sfn.listStateMachines(r -> r.maxResults(1001))).as("maxResults 1001")
                .isInstanceOf(ValidationException.class).hasMessageContaining("maxResults");
        assertThatThrownBy(() -> sfn.listStateMachines(r -> r.maxResults(-1))).as("maxResults -1")
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void badTokensAreInvalidAndTokensExpireAfterTwentyFourHours() {
        emulator.createStateMachine("a");
        emulator.createStateMachine("b");
        String token = sfn.listStateMachines(r -> r.maxResults(1)).nextToken();
        String machine = emulator.createStateMachine("c");
        emulator.startExecution(machine, "e1", null);
        emulator.startExecution(machine, "e2", null);
        String executionsToken = sfn.listExecutions(r -> r.stateMachineArn(machine).maxResults(1)).nextToken();

        assertThatThrownBy(() -> sfn.listStateMachines(r -> r.nextToken("not a token"))).as("a made-up token")
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> sfn.listStateMachines(r -> r.nextToken(executionsToken)))
                .as("a ListExecutions token").isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> sfn.listStateMachines(r -> r.nextToken("x".repeat(1025))))
                .as("a token over 1024 characters").isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> sfn.listStateMachines(r -> r.nextToken(""))).as("an empty token")
                .isInstanceOf(ValidationException.class);

        clock.advance(Duration.ofHours(24));
        assertThat(sfn.listStateMachines(r -> r.nextToken(token)).stateMachines())
                .as("a token exactly 24 hours old still works").extracting(StateMachineListItem::name)
                .containsExactly("b", "c");
        clock.advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> sfn.listStateMachines(r -> r.nextToken(token))).as("an older token")
                .isInstanceOf(InvalidTokenException.class).hasMessageContaining("expired");
    }

    @Test
    void aDeletingStateMachineIsListedUntilItIsRemoved() {
        String machine = emulator.createStateMachine("retiring");
        emulator.createStateMachine("staying");
        emulator.deletionDelay(Duration.ofSeconds(30)).deleteStateMachine(machine);

        assertThat(listAll(r -> { })).as("while DELETING").containsExactly("retiring", "staying");
        clock.advance(Duration.ofSeconds(30));
        assertThat(listAll(r -> { })).as("once removed").containsExactly("staying");
    }

    @Test
    void aStateMachineCreatedDuringAWalkIsSeenOnlyIfItsNameIsStillAhead() {
        for (String name : List.of("b", "d", "f")) {
            emulator.createStateMachine(name);
        }
        ListStateMachinesResponse first = sfn.listStateMachines(r -> r.maxResults(2));

        emulator.createStateMachine("a");
        emulator.createStateMachine("e");
        emulator.deleteStateMachine(emulator.createStateMachine("c"));
        List<String> rest = sfn.listStateMachines(r -> r.nextToken(first.nextToken())).stateMachines().stream()
                .map(StateMachineListItem::name).toList();

        assertThat(first.stateMachines()).extracting(StateMachineListItem::name).containsExactly("b", "d");
        assertThat(rest).as("after the walk's position: 'e' and 'f'; 'a' and 'c' sort before it")
                .containsExactly("e", "f");
    }

    @Test
    void shortPagesStillListEveryStateMachineOnceInOrder() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            names.add(String.format("m%02d", i));
            emulator.createStateMachine(names.get(i));
        }
        emulator.faults().seed(5).shortPages(0.7);

        assertThat(listAll(r -> r.maxResults(4))).as("every state machine once, in order").isEqualTo(names);
        assertThat(listAll(r -> r.maxResults(1))).as("pages of at most one, some empty").isEqualTo(names);
        assertThat(emulator.faults().injectedCounts().keySet()).as("pages were cut short")
                .containsAnyElementsOf(Set.of("ShortPage:ListStateMachines"));
    }
}
