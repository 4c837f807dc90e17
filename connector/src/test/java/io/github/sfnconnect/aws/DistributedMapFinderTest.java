package io.github.sfnconnect.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.github.sfnconnect.model.DistributedMap;

class DistributedMapFinderTest {

    @Test
    void aDefinitionWithoutDistributedMapHasNone() {
        assertThat(DistributedMapFinder.find("""
                {"StartAt": "Inline", "States": {
                  "Inline": {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"},
                    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "Next": "Old"},
                  "Old": {"Type": "Map", "Iterator": {"StartAt": "Q", "States": {"Q": {"Type": "Pass", "End": true}}},
                    "End": true}}}""")).isEmpty();
    }

    @Test
    void findsDistributedMapsWhereverTheyAreNested() {
        assertThat(DistributedMapFinder.find("""
                {"StartAt": "Top", "States": {
                  "Top": {"Type": "Map", "Label": "top-label",
                    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                      "StartAt": "Work", "States": {"Work": {"Type": "Pass", "End": true}}}, "Next": "Fan"},
                  "Fan": {"Type": "Parallel", "Branches": [
                    {"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 1, "End": true}}},
                    {"StartAt": "InBranch", "States": {"InBranch": {"Type": "Map",
                      "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                        "StartAt": "Nested", "States": {"Nested": {"Type": "Map",
                          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                            "StartAt": "Leaf", "States": {"Leaf": {"Type": "Succeed"}}}, "End": true}}},
                      "End": true}}}], "End": true}}}"""))
                .containsExactly(
                        new DistributedMap("Top", "top-label", "EXPRESS", false),
                        new DistributedMap("Fan/InBranch", null, "STANDARD", false),
                        new DistributedMap("Fan/InBranch/Nested", null, "EXPRESS", true));
    }

    @Test
    void aDefinitionThatIsNotAslIsRefusedWithTheReason() {
        assertThatThrownBy(() -> DistributedMapFinder.find("{not json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> DistributedMapFinder.find("{\"StartAt\": \"A\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no \"States\" object");
    }
}
