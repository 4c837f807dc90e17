package io.github.sfnconnect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.github.sfnconnect.config.StateMachineArn;
import io.github.sfnconnect.model.StateMachineSummary;

class StateMachineSelectorTest {

    private static final String PREFIX = "arn:aws:states:eu-west-1:123456789012:stateMachine:";

    private final Map<String, Map<String, String>> tags = new HashMap<>();
    private final List<String> tagCalls = new ArrayList<>();

    private static StateMachineSummary standard(String name) {
        return new StateMachineSummary(PREFIX + name, name, "STANDARD", 1_000L);
    }

    private StateMachineSelector.Selection select(String pattern, Map<String, String> required, List<String> explicit,
                                                  StateMachineSummary... listed) throws InterruptedException {
        StateMachineSelector selector = new StateMachineSelector(
                pattern == null ? Optional.empty() : Optional.of(Pattern.compile(pattern)), required,
                explicit.stream().map(StateMachineArn::parse).toList());
        return selector.select(List.of(listed), arn -> {
            tagCalls.add(arn);
            return tags.containsKey(arn) ? tags.get(arn) : null;
        });
    }

    @Test
    void thePatternMatchesTheWholeName() throws InterruptedException {
        var s = select("orders-.*", Map.of(), List.of(), standard("orders-eu"), standard("old-orders-eu"),
                standard("orders"));
        assertThat(s.stateMachineArns()).containsExactly(PREFIX + "orders-eu");
        assertThat(tagCalls).as("no tags asked for, none looked up").isEmpty();
    }

    @Test
    void everyTagMustMatchAndOnlyNameMatchesAreAskedForTags() throws InterruptedException {
        tags.put(PREFIX + "orders-a", Map.of("team", "data", "env", "prod"));
        tags.put(PREFIX + "orders-b", Map.of("team", "data"));
        tags.put(PREFIX + "orders-c", Map.of("team", "web", "env", "prod"));
        tags.put(PREFIX + "other", Map.of("team", "data", "env", "prod"));
        var s = select("orders-.*", Map.of("team", "data", "env", "prod"), List.of(), standard("orders-a"),
                standard("orders-b"), standard("orders-c"), standard("other"));
        assertThat(s.stateMachineArns()).containsExactly(PREFIX + "orders-a");
        assertThat(tagCalls).doesNotContain(PREFIX + "other");
    }

    @Test
    void tagsAloneAskEveryStateMachine() throws InterruptedException {
        tags.put(PREFIX + "a", Map.of("team", "data"));
        tags.put(PREFIX + "b", Map.of("team", ""));
        var s = select(null, Map.of("team", ""), List.of(), standard("a"), standard("b"), standard("gone"));
        assertThat(s.stateMachineArns()).as("empty value matches an empty tag; a deleted one is not selected")
                .containsExactly(PREFIX + "b");
        assertThat(tagCalls).hasSize(3);
    }

    @Test
    void expressMatchesAreSkippedAndReported() throws InterruptedException {
        var s = select("orders-.*", Map.of(), List.of(), standard("orders-a"),
                new StateMachineSummary(PREFIX + "orders-fast", "orders-fast", "EXPRESS", 1_000L));
        assertThat(s.stateMachineArns()).containsExactly(PREFIX + "orders-a");
        assertThat(s.express()).extracting(StateMachineSummary::name).containsExactly("orders-fast");
    }

    @Test
    void explicitArnsAreAlwaysKeptOnceAndSorted() throws InterruptedException {
        var s = select("orders-.*", Map.of(), List.of(PREFIX + "zeta", PREFIX + "orders-b"), standard("orders-b"),
                standard("orders-a"));
        assertThat(s.stateMachineArns()).containsExactly(PREFIX + "orders-a", PREFIX + "orders-b", PREFIX + "zeta");
        assertThat(s.discovered()).as("matched, not listed; with the creation date").containsExactly(
                Map.entry(PREFIX + "orders-a", 1_000L));
    }

    @Test
    void anUnknownCreationDateIsKept() throws InterruptedException {
        var s = select("orders-.*", Map.of(), List.of(),
                new StateMachineSummary(PREFIX + "orders-a", "orders-a", "STANDARD", null));
        assertThat(s.discovered()).containsEntry(PREFIX + "orders-a", null);
    }

    @Test
    void aStateMachineNamedByAVersionOrAliasIsNotAlsoStreamedWhole() throws InterruptedException {
        var s = select("orders-.*", Map.of(), List.of(PREFIX + "orders-a:prod"), standard("orders-a"),
                standard("orders-b"));
        assertThat(s.stateMachineArns()).containsExactly(PREFIX + "orders-a:prod", PREFIX + "orders-b");
        assertThat(s.shadowed()).containsExactly(PREFIX + "orders-a");
    }

    @Test
    void withoutPatternOrTagsOnlyTheExplicitArns() throws InterruptedException {
        var s = select(null, Map.of(), List.of(PREFIX + "a"), standard("b"));
        assertThat(s.stateMachineArns()).containsExactly(PREFIX + "a");
    }
}
