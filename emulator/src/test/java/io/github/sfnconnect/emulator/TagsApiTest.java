package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.Tag;
import software.amazon.awssdk.services.sfn.model.TagResourceRequest;
import software.amazon.awssdk.services.sfn.model.TooManyTagsException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/** TagResource, UntagResource, ListTagsForResource and CreateStateMachine's tags through the SDK. */
class TagsApiTest extends EmulatorFixture {
    private static final String ROLE = "arn:aws:iam::123456789012:role/sfn";
    private static final String DEFINITION = StepFunctionsEmulator.DEFAULT_DEFINITION;
    private static final String PREFIX = "arn:aws:states:us-east-1:123456789012:";
    private String machine;

    @BeforeEach
    void createMachine() {
        machine = emulator.createStateMachine("orders");
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private List<Tag> listed(String arn) {
        return sfn.listTagsForResource(r -> r.resourceArn(arn)).tags();
    }

    private void tagOnce(String arn, Tag... tags) {
        sfn.tagResource(r -> r.resourceArn(arn).tags(tags));
    }

    @Test
    void createStateMachineTakesTagsAndListTagsForResourceReturnsThem() {
        String arn = sfn.createStateMachine(r -> r.name("billing").definition(DEFINITION).roleArn(ROLE)
                .tags(tag("team", "payments"), tag("Team", "ops"), tag("empty", ""))).stateMachineArn();

        assertThat(listed(arn)).as("tags in the order given; keys are case-sensitive; a value may be empty")
                .containsExactly(tag("team", "payments"), tag("Team", "ops"), tag("empty", ""));
        assertThat(listed(machine)).as("a state machine created without tags").isEmpty();
    }

    @Test
    void tagResourceAddsAndOverwritesAndUntagResourceRemoves() {
        tagOnce(machine, tag("env", "dev"), tag("team", "payments"));

        tagOnce(machine, tag("env", "prod"), tag("cost", "42"));
        assertThat(listed(machine)).as("a key tagged again takes the new value, keeping its place")
                .containsExactly(tag("env", "prod"), tag("team", "payments"), tag("cost", "42"));

        sfn.untagResource(r -> r.resourceArn(machine).tagKeys("team", "ENV", "never-set"));
        assertThat(listed(machine)).as("only the exact keys go; unknown keys are ignored")
                .containsExactly(tag("env", "prod"), tag("cost", "42"));

        sfn.tagResource(r -> r.resourceArn(machine).tags(List.of()));
        sfn.untagResource(r -> r.resourceArn(machine).tagKeys(List.of()));
        assertThat(listed(machine)).as("empty lists change nothing")
                .containsExactly(tag("env", "prod"), tag("cost", "42"));
    }

    @Test
    void anIdempotentCreateDoesNotUpdateTags() {
        String arn = sfn.createStateMachine(r -> r.name("billing").definition(DEFINITION).roleArn(ROLE)
                .tags(tag("env", "dev"))).stateMachineArn();

        String again = sfn.createStateMachine(r -> r.name("billing").definition(DEFINITION).roleArn(ROLE)
                .tags(tag("env", "prod"), tag("extra", "x"))).stateMachineArn();

        assertThat(again).as("the same state machine").isEqualTo(arn);
        assertThat(listed(arn)).as("\"tags will not be updated, even if they are different\"")
                .containsExactly(tag("env", "dev"));
    }

    @Test
    void unknownResourcesAreResourceNotFound() {
        String ghost = PREFIX + "stateMachine:ghost";
        String activity = PREFIX + "activity:worker";
        String otherAccount = "arn:aws:states:us-east-1:210987654321:stateMachine:orders";

        for (String arn : List.of(ghost, activity, otherAccount)) {
            assertThatThrownBy(() -> listed(arn)).as("ListTagsForResource of %s", arn)
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> tagOnce(arn, tag("k", "v"))).as("TagResource of %s", arn)
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> sfn.untagResource(r -> r.resourceArn(arn).tagKeys("k")))
                    .as("UntagResource of %s", arn).isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void malformedAndUntaggableArnsAreInvalidArn() {
        String version = emulator.publishVersion(machine);
        String alias = emulator.createAlias(machine, "PROD", version);
        String execution = emulator.startExecution(machine, "run", null);
        List<String> arns = List.of("not-an-arn", "arn:aws:lambda:us-east-1:123456789012:function:f",
                PREFIX + "stateMachine:", version, alias, machine + "/label", execution,
                PREFIX + "mapRun:orders/label:0b7e6b0a");

        for (String arn : arns) {
            assertThatThrownBy(() -> listed(arn)).as("ListTagsForResource of %s", arn)
                    .isInstanceOf(InvalidArnException.class);
            assertThatThrownBy(() -> tagOnce(arn, tag("k", "v"))).as("TagResource of %s", arn)
                    .isInstanceOf(InvalidArnException.class);
            assertThatThrownBy(() -> sfn.untagResource(r -> r.resourceArn(arn).tagKeys("k")))
                    .as("UntagResource of %s", arn).isInstanceOf(InvalidArnException.class);
        }
        String tooLong = PREFIX + "stateMachine:" + "x".repeat(257 - (PREFIX + "stateMachine:").length());
        assertThatThrownBy(() -> listed(tooLong)).as("a resourceArn over 256 characters")
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void keysAndValuesAreCheckedByTheApiConstraints() {
        tagOnce(machine, tag("k".repeat(128), "v".repeat(256)), tag("Ünïcødé 日本 ٣", "ß 1"),
                tag("_.:/=+-@", "_.:/=+-@"), tag("awsome", "aws:ok-in-a-value"));
        assertThat(listed(machine)).as("the longest key and value, letters, digits, spaces and the symbols")
                .hasSize(4);

        Map<String, Consumer<TagResourceRequest.Builder>> invalid = new LinkedHashMap<>();
        invalid.put("an empty key", r -> r.tags(tag("", "v")));
        invalid.put("a key of 129 characters", r -> r.tags(tag("k".repeat(129), "v")));
        invalid.put("a value of 257 characters", r -> r.tags(tag("k", "v".repeat(257))));
        invalid.put("a key with '#'", r -> r.tags(tag("a#b", "v")));
        invalid.put("a key with '!'", r -> r.tags(tag("hello!", "v")));
        invalid.put("a value with '*'", r -> r.tags(tag("k", "a*")));
        invalid.put("a key with a tab", r -> r.tags(tag("a\tb", "v")));
        invalid.put("the reserved prefix", r -> r.tags(tag("aws:cloudformation:stack", "v")));
        invalid.put("the reserved prefix in another case", r -> r.tags(tag("AWS:x", "v")));
        invalid.put("no key", r -> r.tags(Tag.builder().value("v").build()));
        invalid.put("no value", r -> r.tags(Tag.builder().key("k").build()));
        invalid.put("no tags member", r -> { });
        invalid.forEach((what, request) -> assertThatThrownBy(() -> sfn.tagResource(r -> request.accept(
                r.resourceArn(machine)))).as(what).isInstanceOf(ValidationException.class));

        assertThatThrownBy(() -> tagOnce(machine, tag("fine", "v"), tag("", "v")))
                .as("one invalid tag among valid ones").isInstanceOf(ValidationException.class)
                .hasMessageContaining("tags.2.member.key");
        assertThatThrownBy(() -> sfn.untagResource(r -> r.resourceArn(machine).tagKeys("")))
                .as("an empty key to remove").isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> sfn.untagResource(r -> r.resourceArn(machine)))
                .as("no tagKeys member").isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> sfn.createStateMachine(r -> r.name("bad").definition(DEFINITION).roleArn(ROLE)
                .tags(tag("a#b", "v")))).as("CreateStateMachine with an invalid tag")
                .isInstanceOf(ValidationException.class);
        assertThat(listed(machine)).as("failed requests change nothing").hasSize(4);
        assertThatThrownBy(() -> emulator.tags(PREFIX + "stateMachine:bad"))
                .as("no state machine created with an invalid tag").isInstanceOf(ApiException.class);
    }

    @Test
    void fiftyTagsAtMostThenTooManyTags() {
        List<Tag> fifty = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fifty.add(tag("k" + i, "v"));
        }
        sfn.tagResource(r -> r.resourceArn(machine).tags(fifty));
        tagOnce(machine, tag("k0", "new value"));

        assertThatThrownBy(() -> tagOnce(machine, tag("k1", "x"), tag("one-too-many", "v")))
                .as("a 51st key").isInstanceOfSatisfying(TooManyTagsException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).as("error code").isEqualTo("TooManyTags");
                    assertThat(e.resourceName()).as("resourceName").isEqualTo(machine);
                });
        assertThat(listed(machine)).as("a refused request changes nothing").hasSize(50)
                .contains(tag("k0", "new value"), tag("k1", "v"));

        List<Tag> fiftyOne = new ArrayList<>(fifty);
        fiftyOne.add(tag("k50", "v"));
        assertThatThrownBy(() -> sfn.createStateMachine(r -> r.name("crowded").definition(DEFINITION).roleArn(ROLE)
                .tags(fiftyOne))).as("CreateStateMachine with 51 tags")
                .isInstanceOfSatisfying(TooManyTagsException.class,
                        e -> assertThat(e.resourceName()).isEqualTo(PREFIX + "stateMachine:crowded"));
        assertThatThrownBy(() -> listed(PREFIX + "stateMachine:crowded")).as("nothing created")
                .isInstanceOf(ResourceNotFoundException.class);
        List<Tag> repeated = new ArrayList<>(fifty);
        repeated.add(tag("k0", "again"));
        String created = sfn.createStateMachine(r -> r.name("full").definition(DEFINITION).roleArn(ROLE)
                .tags(repeated)).stateMachineArn();
        assertThat(listed(created)).as("50 keys, one given twice: the later value").hasSize(50)
                .contains(tag("k0", "again"));
    }

    @Test
    void deletionTakesTheTagsAlongAndARecreatedStateMachineStartsWithout() {
        tagOnce(machine, tag("env", "prod"));
        emulator.deletionDelay(Duration.ofSeconds(30));
        sfn.deleteStateMachine(r -> r.stateMachineArn(machine));

        assertThat(listed(machine)).as("tags while DELETING").containsExactly(tag("env", "prod"));
        clock.advance(Duration.ofSeconds(30));
        assertThatThrownBy(() -> listed(machine)).as("tags once the state machine is removed")
                .isInstanceOf(ResourceNotFoundException.class);

        sfn.createStateMachine(r -> r.name("orders").definition(DEFINITION).roleArn(ROLE));
        assertThat(listed(machine)).as("the state machine created again under the name").isEmpty();
        emulator.deletionDelay(Duration.ZERO).deleteStateMachine(machine);
        sfn.createStateMachine(r -> r.name("orders").definition(DEFINITION).roleArn(ROLE).tags(tag("env", "dev")));
        assertThat(listed(machine)).as("created again with tags").containsExactly(tag("env", "dev"));
    }

    @Test
    void controlApiTagsAsTheApiDoes() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("team", "payments");
        tags.put("env", "dev");
        String tagged = emulator.createStateMachine("billing", "EXPRESS", tags);

        assertThat(emulator.tags(tagged)).as("tags given at creation, in order")
                .containsExactly(Map.entry("team", "payments"), Map.entry("env", "dev"));
        assertThat(listed(tagged)).as("seen through the API")
                .containsExactly(tag("team", "payments"), tag("env", "dev"));

        emulator.tag(tagged, Map.of("env", "prod", "cost", "7"));
        emulator.untag(tagged, List.of("team"));
        assertThat(emulator.tags(tagged)).as("after tag and untag")
                .containsExactly(Map.entry("env", "prod"), Map.entry("cost", "7"));
        assertThat(emulator.tags(machine)).as("an untagged state machine").isEmpty();

        assertThatThrownBy(() -> emulator.tag(tagged, Map.of("a#b", "v"))).as("an invalid key")
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.errorType()).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> emulator.tags(PREFIX + "stateMachine:ghost")).as("an unknown state machine")
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.errorType()).isEqualTo("ResourceNotFound"));
        assertThatThrownBy(() -> emulator.untag(emulator.publishVersion(machine), List.of("k")))
                .as("a version ARN").isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.errorType()).isEqualTo("InvalidArn"));
        Map<String, String> fiftyOne = new LinkedHashMap<>();
        for (int i = 0; i < 51; i++) {
            fiftyOne.put("k" + i, "v");
        }
        assertThatThrownBy(() -> emulator.createStateMachine("crowded", "STANDARD", fiftyOne))
                .as("51 tags at creation").isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("TooManyTags");
                    assertThat(e.members()).containsEntry("resourceName", PREFIX + "stateMachine:crowded");
                });
    }
}
