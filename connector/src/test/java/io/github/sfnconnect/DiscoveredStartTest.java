package io.github.sfnconnect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.sfnconnect.DiscoveredStart.Start;
import io.github.sfnconnect.config.InitialPosition;

class DiscoveredStartTest {

    private static final InitialPosition LATEST = InitialPosition.parse("latest");
    /** The connector's first start, as the stored checkpoints tell it. */
    private static final long FIRST_START = 1_000_000L;

    @Test
    void theReferenceIsTheEarliestStoredInitialPositionElseThisStart() {
        assertThat(DiscoveredStart.referenceMs(List.of(), 5_000_000L)).as("first start: nothing stored")
                .isEqualTo(5_000_000L);
        assertThat(DiscoveredStart.referenceMs(List.of(3_000_000L, FIRST_START, 4_000_000L), 5_000_000L))
                .as("a restart: the state machine first polled first").isEqualTo(FIRST_START);
        assertThat(DiscoveredStart.referenceMs(List.of(0L, FIRST_START), 5_000_000L))
                .as("0 ('earliest', or streamed from its first execution) says nothing about the start")
                .isEqualTo(FIRST_START);
        assertThat(DiscoveredStart.referenceMs(List.of(6_000_000L), 5_000_000L))
                .as("stored later than this start (by this very run): this start stays").isEqualTo(5_000_000L);
    }

    @Test
    void createdSinceTheFirstStartIsStreamedFromItsFirstExecution() {
        DiscoveredStart.Decision d = DiscoveredStart.decide(LATEST, false, FIRST_START + 1, FIRST_START);
        assertThat(d.start()).isEqualTo(Start.FIRST_EXECUTION);
        assertThat(d.reason()).isEqualTo("created 1970-01-01T00:16:40.001Z, since the connector first started "
                + "(1970-01-01T00:16:40Z): streamed from its first execution");
        assertThat(DiscoveredStart.decide(LATEST, false, FIRST_START, FIRST_START).start())
                .as("at the very instant").isEqualTo(Start.FIRST_EXECUTION);
    }

    @Test
    void createdBeforeTheFirstStartStartsAtLatest() {
        DiscoveredStart.Decision d = DiscoveredStart.decide(LATEST, false, FIRST_START - 1, FIRST_START);
        assertThat(d.start()).isEqualTo(Start.INITIAL_POSITION);
        assertThat(d.reason()).isEqualTo("created 1970-01-01T00:16:39.999Z, before the connector first started "
                + "(1970-01-01T00:16:40Z), so it only matches now: starts at initial.position=latest");
    }

    @Test
    void storedOffsetsWinOverEverything() {
        assertThat(DiscoveredStart.decide(LATEST, true, FIRST_START + 1, FIRST_START))
                .isEqualTo(new DiscoveredStart.Decision(Start.RESUMES, "it resumes from its stored offsets"));
    }

    @Test
    void unreadableOffsetsAreSaid() {
        DiscoveredStart.Decision d = DiscoveredStart.decide(LATEST, null, FIRST_START + 1, FIRST_START);
        assertThat(d.start()).isEqualTo(Start.FIRST_EXECUTION);
        assertThat(d.reason()).endsWith("streamed from its first execution, unless it has stored offsets (they "
                + "could not be read)");
    }

    @Test
    void anUnknownCreationDateErrsOnTheSideOfMoreRecords() {
        assertThat(DiscoveredStart.decide(LATEST, false, null, FIRST_START).start())
                .isEqualTo(Start.FIRST_EXECUTION);
    }

    @Test
    void otherInitialPositionsApplyAsTheyAre() {
        assertThat(DiscoveredStart.decide(InitialPosition.parse("earliest"), false, FIRST_START + 1, FIRST_START))
                .isEqualTo(new DiscoveredStart.Decision(Start.INITIAL_POSITION, "starts at initial.position=earliest"));
        assertThat(DiscoveredStart.decide(InitialPosition.parse("2026-01-31T00:00:00Z"), false, FIRST_START + 1,
                FIRST_START)).isEqualTo(new DiscoveredStart.Decision(Start.INITIAL_POSITION,
                "starts at initial.position=2026-01-31T00:00:00Z"));
    }
}
