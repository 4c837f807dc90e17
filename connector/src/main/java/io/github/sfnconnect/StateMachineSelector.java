package io.github.sfnconnect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.github.sfnconnect.config.StateMachineArn;
import io.github.sfnconnect.model.StateMachineSummary;

/**
 * Which state machines the connector streams: those listed in {@code state.machine.arns}, always, plus those of
 * the account and region whose whole name matches the pattern and that carry every required tag. Pure logic: the
 * caller lists the state machines and answers the tag look-ups, so that this is tested without AWS.
 */
final class StateMachineSelector {

    /** The tags of a state machine, or null if it no longer exists (deleted since it was listed). */
    interface TagSource {
        Map<String, String> tagsOf(String stateMachineArn) throws InterruptedException;
    }

    /**
     * The outcome: {@code stateMachineArns}, sorted, is what to stream; {@code express} the matches skipped because
     * their executions cannot be listed; {@code shadowed} the matches not streamed because {@code state.machine.arns}
     * names them by a version or alias ARN; {@code discovered} those of {@code stateMachineArns} selected by name
     * pattern or tags and not listed in {@code state.machine.arns}, with their creation dates (null if unknown).
     */
    record Selection(List<String> stateMachineArns, List<StateMachineSummary> express, List<String> shadowed,
                     Map<String, Long> discovered) {

        Selection {
            stateMachineArns = List.copyOf(stateMachineArns);
            express = List.copyOf(express);
            shadowed = List.copyOf(shadowed);
            discovered = Collections.unmodifiableMap(new TreeMap<>(discovered)); // a creation date may be null
        }
    }

    private final Optional<Pattern> namePattern;
    private final Map<String, String> requiredTags;
    private final List<StateMachineArn> explicit;

    StateMachineSelector(Optional<Pattern> namePattern, Map<String, String> requiredTags,
                         List<StateMachineArn> explicit) {
        this.namePattern = namePattern;
        this.requiredTags = Map.copyOf(requiredTags);
        this.explicit = List.copyOf(explicit);
    }

    /** The explicitly listed ARNs, sorted: the set before (or without) any look-up. */
    List<String> explicitArns() {
        return explicit.stream().map(StateMachineArn::arn).sorted().toList();
    }

    /** Whether anything is selected beyond the explicit ARNs, and so whether state machines need listing at all. */
    boolean discovers() {
        return namePattern.isPresent() || !requiredTags.isEmpty();
    }

    /**
     * Selects among {@code listed}. Tags are asked only of state machines whose name matched (the costly call,
     * one per state machine), and only when tags are required.
     */
    Selection select(List<StateMachineSummary> listed, TagSource tags) throws InterruptedException {
        Set<String> selected = new TreeSet<>();
        explicit.forEach(a -> selected.add(a.arn()));
        // a version or alias ARN streams only that version's or alias's executions; its state machine's own ARN
        // would stream them again (with offsets of its own), so the explicit, narrower choice wins
        Set<String> namedByQualifier = explicit.stream().filter(a -> a.qualifier() != null)
                .map(StateMachineArn::unqualified).collect(Collectors.toSet());
        Set<String> explicitArns = Set.copyOf(selected);
        List<StateMachineSummary> express = new ArrayList<>();
        List<String> shadowed = new ArrayList<>();
        Map<String, Long> discovered = new TreeMap<>();
        if (!discovers()) {
            return new Selection(new ArrayList<>(selected), express, shadowed, discovered);
        }
        for (StateMachineSummary machine : listed) {
            if (!matches(machine, tags)) {
                continue;
            }
            if (machine.isExpress()) {
                express.add(machine);
            } else if (namedByQualifier.contains(machine.stateMachineArn())) {
                shadowed.add(machine.stateMachineArn());
            } else {
                selected.add(machine.stateMachineArn());
                if (!explicitArns.contains(machine.stateMachineArn())) {
                    discovered.put(machine.stateMachineArn(), machine.creationDateMs());
                }
            }
        }
        return new Selection(new ArrayList<>(selected), express, shadowed, discovered);
    }

    private boolean matches(StateMachineSummary machine, TagSource tags) throws InterruptedException {
        if (namePattern.isPresent() && !namePattern.get().matcher(machine.name()).matches()) {
            return false;
        }
        if (requiredTags.isEmpty()) {
            return true;
        }
        Map<String, String> actual = tags.tagsOf(machine.stateMachineArn());
        return actual != null && requiredTags.entrySet().stream()
                .allMatch(t -> t.getValue().equals(actual.get(t.getKey())));
    }
}
