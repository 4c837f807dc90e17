package io.github.sfnconnect.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Open-execution names spread over parts: one write per part in flight, and a delta for what no acked part holds. */
class OpenNamesTest {

    // "Aa" and "BB" share a String hash code, so a part; "a" lies in another
    private static final String A = "Aa";
    private static final String B = "BB";
    private static final String OTHER = "a";
    private static final int P = OpenNamesPart.partOf(A);
    private static final int Q = OpenNamesPart.partOf(OTHER);

    @BeforeAll
    static void namesLieInTheExpectedParts() {
        assertThat(OpenNamesPart.partOf(B)).isEqualTo(P);
        assertThat(Q).isNotEqualTo(P);
    }

    @Test
    void deltaCarriesWantedNamesUntilTheirPartIsAcknowledged() {
        OpenNames names = new OpenNames(List.of());
        names.want(Map.of(A, 1L, OTHER, 3L));
        assertThat(names.delta()).isEqualTo(Map.of(A, 1L, OTHER, 3L));

        List<OpenNamesPart> writes = names.writes();
        assertThat(writes).containsExactlyInAnyOrder(new OpenNamesPart(P, Map.of(A, 1L)),
                new OpenNamesPart(Q, Map.of(OTHER, 3L)));
        assertThat(writes).as("in part order").isSortedAccordingTo(Comparator.comparingInt(OpenNamesPart::part));
        assertThat(names.delta()).as("written but not acknowledged: still carried").isEqualTo(Map.of(A, 1L, OTHER, 3L));

        names.acknowledged(P);
        assertThat(names.delta()).isEqualTo(Map.of(OTHER, 3L));
        names.acknowledged(Q);
        assertThat(names.delta()).isEmpty();
    }

    @Test
    void deltaCarriesANameWhoseAcknowledgedStartDiffers() {
        OpenNames names = new OpenNames(List.of(new OpenNamesPart(P, Map.of(A, 1L, B, 2L))));
        names.want(Map.of(A, 1L, B, 5L)); // B is another life now
        assertThat(names.delta()).isEqualTo(Map.of(B, 5L));
        assertThat(names.isWanted(B)).isTrue();
        assertThat(names.isWanted(OTHER)).isFalse();
    }

    @Test
    void atMostOneWritePerPartInFlightAndAChangedPartIsWrittenAgainOnceAcknowledged() {
        OpenNames names = new OpenNames(List.of());
        names.want(Map.of(A, 1L));
        assertThat(names.writes()).containsExactly(new OpenNamesPart(P, Map.of(A, 1L)));

        names.want(Map.of(A, 1L, B, 2L, OTHER, 3L));
        assertThat(names.writes()).as("part P has a write in flight; part Q has not")
                .containsExactly(new OpenNamesPart(Q, Map.of(OTHER, 3L)));
        assertThat(names.writes()).as("nothing more until an acknowledgement").isEmpty();

        names.acknowledged(P);
        assertThat(names.delta()).as("A is stored; B is not yet").isEqualTo(Map.of(B, 2L, OTHER, 3L));
        assertThat(names.writes()).as("the part is written again with its wanted content")
                .containsExactly(new OpenNamesPart(P, Map.of(A, 1L, B, 2L)));
    }

    @Test
    void loadedPartsMatchingTheWantedNamesNeedNoWrite() {
        OpenNames names = new OpenNames(List.of(new OpenNamesPart(P, Map.of(A, 1L)), new OpenNamesPart(Q, Map.of())));
        assertThat(names.loaded(Map.of(OTHER, 3L))).as("the parts' names and the checkpoint's delta")
                .isEqualTo(Map.of(A, 1L, OTHER, 3L));
        names.want(Map.of(A, 1L));
        assertThat(names.writes()).as("an empty loaded part is no part to clear").isEmpty();
        assertThat(names.delta()).isEmpty();
        assertThat(names.size()).isEqualTo(1);
    }

    @Test
    void droppedNameIsMentionedUntilTheWriteThatDropsItIsHandedOut() {
        OpenNames names = new OpenNames(List.of(new OpenNamesPart(P, Map.of(A, 1L))));
        names.want(Map.of());
        assertThat(names.mentions(A)).as("still in its part's latest write").isTrue();

        assertThat(names.writes()).as("the part is cleared").containsExactly(new OpenNamesPart(P, Map.of()));
        assertThat(names.mentions(A)).as("its offset may go in the same batch").isFalse();

        names.acknowledged(P);
        names.want(Map.of(A, 1L));
        assertThat(names.delta()).as("the acknowledged part no longer holds it").isEqualTo(Map.of(A, 1L));
    }

    @Test
    void acknowledgementWithoutAWriteInFlightChangesNothing() {
        OpenNames names = new OpenNames(List.of(new OpenNamesPart(P, Map.of(A, 1L))));
        names.want(Map.of(A, 1L, B, 2L));
        names.acknowledged(P); // a duplicate, or a stale acknowledgement
        assertThat(names.delta()).as("B was never written").isEqualTo(Map.of(B, 2L));
        assertThat(names.writes()).containsExactly(new OpenNamesPart(P, Map.of(A, 1L, B, 2L)));
    }
}
