package io.github.sfnconnect;

import java.time.Instant;
import java.util.Collection;

import io.github.sfnconnect.config.InitialPosition;

/**
 * Where a state machine selected by name pattern or tags begins when it has no stored offsets. With
 * {@code initial.position=latest}, one created since the connector first started is streamed from its first
 * execution: none of its executions is older than the connector, and 'latest' (the moment its task first polls it)
 * would lose those started in between, e.g. while the connector was stopped or its tasks were rebalanced. One created
 * before only matches now (it was retagged, say) and starts at 'latest', as a state machine new to the connector
 * does. The other initial positions ('earliest', an instant) do not depend on when a state machine is found, so
 * they apply as they are.
 * <p>
 * "Since the connector first started" survives restarts through the stored checkpoints: with 'latest', the since_ms
 * of each is the moment its state machine was first polled, so the smallest is (about) the connector's first start.
 * A since_ms of 0 ('earliest', or a state machine streamed from its first execution) says nothing about it. With no
 * checkpoint stored yet, the connector's own start stands in. Pure logic: the caller lists the state machines and
 * reads the offsets.
 */
final class DiscoveredStart {

    enum Start {
        /** It has stored offsets: its task resumes from them, whatever else is said here. */
        RESUMES,
        FIRST_EXECUTION,
        INITIAL_POSITION
    }

    /** The outcome for one state machine, and the words the INFO line gives it. */
    record Decision(Start start, String reason) {
    }

    private DiscoveredStart() {
    }

    /**
     * The instant at or after which a state machine counts as created since the connector first started: the
     * smallest positive since_ms stored, or {@code startedMs} if that is earlier (nothing stored yet).
     */
    static long referenceMs(Collection<Long> storedSinceMs, long startedMs) {
        long reference = startedMs;
        for (long since : storedSinceMs) {
            if (since > 0) {
                reference = Math.min(reference, since);
            }
        }
        return reference;
    }

    /**
     * @param stored         whether the state machine has a stored checkpoint; null if the offsets could not be read
     * @param creationDateMs its creation date as ListStateMachines answered it; null if it did not
     */
    static Decision decide(InitialPosition position, Boolean stored, Long creationDateMs, long referenceMs) {
        if (Boolean.TRUE.equals(stored)) {
            return new Decision(Start.RESUMES, "it resumes from its stored offsets");
        }
        String unlessStored = stored == null ? ", unless it has stored offsets (they could not be read)" : "";
        if (position.kind() != InitialPosition.Kind.LATEST) {
            return new Decision(Start.INITIAL_POSITION, "starts at initial.position=" + describe(position)
                    + unlessStored);
        }
        if (creationDateMs == null) {
            // an unknown creation date errs on the side of more records, never fewer
            return new Decision(Start.FIRST_EXECUTION, "its creation date is unknown: streamed from its first "
                    + "execution" + unlessStored);
        }
        String created = "created " + Instant.ofEpochMilli(creationDateMs);
        String reference = "the connector first started (" + Instant.ofEpochMilli(referenceMs) + ")";
        if (creationDateMs >= referenceMs) {
            return new Decision(Start.FIRST_EXECUTION, created + ", since " + reference + ": streamed from its "
                    + "first execution" + unlessStored);
        }
        return new Decision(Start.INITIAL_POSITION, created + ", before " + reference + ", so it only matches now: "
                + "starts at initial.position=latest" + unlessStored);
    }

    private static String describe(InitialPosition position) {
        return position.kind() == InitialPosition.Kind.EARLIEST ? InitialPosition.EARLIEST
                : position.timestamp().toString();
    }
}
