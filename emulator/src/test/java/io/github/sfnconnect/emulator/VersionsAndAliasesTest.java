package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.ConflictException;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineAliasResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.RoutingConfigurationListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/** Versions and aliases through the SDK: publishing, routing, association of executions, listing and describing. */
class VersionsAndAliasesTest extends EmulatorFixture {
    private static final String V2_DEFINITION =
            "{\"StartAt\":\"Two\",\"States\":{\"Two\":{\"Type\":\"Pass\",\"End\":true}}}";
    private String machine;

    @BeforeEach
    void createMachine() {
        machine = emulator.createStateMachine("orders");
    }

    @Test
    void versionsAreNumberedPerRevisionAndPublishingIsIdempotent() {
        String v1 = sfn.publishStateMachineVersion(r -> r.stateMachineArn(machine).description("first"))
                .stateMachineVersionArn();
        String again = sfn.publishStateMachineVersion(r -> r.stateMachineArn(machine)).stateMachineVersionArn();
        String v2 = sfn.updateStateMachine(r -> r.stateMachineArn(machine).definition(V2_DEFINITION).publish(true)
                .versionDescription("second")).stateMachineVersionArn();

        assertThat(v1).as("first version").isEqualTo(machine + ":1");
        assertThat(again).as("the unchanged revision published again").isEqualTo(v1);
        assertThat(v2).as("a new revision's version").isEqualTo(machine + ":2");

        DescribeStateMachineResponse described = sfn.describeStateMachine(r -> r.stateMachineArn(v1));
        assertThat(described.stateMachineArn()).as("a version describes as its own ARN").isEqualTo(v1);
        assertThat(described.definition()).as("the version's definition")
                .isEqualTo(StepFunctionsEmulator.DEFAULT_DEFINITION);
        assertThat(described.description()).isEqualTo("first");
        assertThat(sfn.describeStateMachine(r -> r.stateMachineArn(machine)).definition())
                .as("the state machine has moved on").isEqualTo(V2_DEFINITION);
        assertThatThrownBy(() -> sfn.publishStateMachineVersion(r -> r.stateMachineArn(machine)
                .revisionId("stale"))).as("publishing a revision that is no longer current")
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> sfn.describeStateMachine(r -> r.stateMachineArn(machine + ":9")))
                .as("an unknown version").isInstanceOf(StateMachineDoesNotExistException.class);
    }

    @Test
    void executionsAreAssociatedWithTheVersionOrAliasTheyWereStartedWith() {
        String v1 = emulator.publishVersion(machine);
        String alias = emulator.createAlias(machine, "PROD", v1);

        String plain = start(machine, "plain");
        String byVersion = start(v1, "by-version");
        String byAlias = start(alias, "by-alias");

        assertThat(byVersion).as("execution ARNs are never qualified")
                .isEqualTo("arn:aws:states:us-east-1:123456789012:execution:orders:by-version");
        assertThat(byAlias).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:orders:by-alias");

        DescribeExecutionResponse p = describe(plain);
        DescribeExecutionResponse v = describe(byVersion);
        DescribeExecutionResponse a = describe(byAlias);
        assertThat(p.stateMachineVersionArn()).as("no version without one").isNull();
        assertThat(p.stateMachineAliasArn()).isNull();
        assertThat(v.stateMachineVersionArn()).as("started with the version").isEqualTo(v1);
        assertThat(v.stateMachineAliasArn()).as("never an alias when started with a version").isNull();
        assertThat(a.stateMachineVersionArn()).as("the version the alias routed to").isEqualTo(v1);
        assertThat(a.stateMachineAliasArn()).as("started with the alias").isEqualTo(alias);
        assertThat(a.stateMachineArn()).as("stateMachineArn stays unqualified").isEqualTo(machine);

        assertThat(names(machine)).as("the state machine lists all").containsExactly("by-alias", "by-version", "plain");
        assertThat(names(v1)).as("the version lists what ran it, through the alias too")
                .containsExactly("by-alias", "by-version");
        assertThat(names(alias)).as("the alias lists what was started through it").containsExactly("by-alias");
        ExecutionListItem item = sfn.listExecutions(r -> r.stateMachineArn(machine)).executions().get(0);
        assertThat(item.stateMachineAliasArn()).as("list items carry the alias").isEqualTo(alias);
        assertThat(item.stateMachineVersionArn()).as("and the version").isEqualTo(v1);
    }

    @Test
    void anAliasSplitsExecutionsByWeight() {
        String v1 = emulator.publishVersion(machine);
        emulator.updateStateMachine(machine, V2_DEFINITION);
        String v2 = emulator.publishVersion(machine);
        String alias = sfn.createStateMachineAlias(r -> r.name("canary").routingConfiguration(
                route(v1, 80), route(v2, 20))).stateMachineAliasArn();
        emulator.faults().seed(7);

        for (int i = 0; i < 200; i++) {
            emulator.startExecution(alias, "e" + i, null);
        }

        long toV2 = emulator.executions(machine).stream().filter(e -> v2.equals(e.stateMachineVersionArn())).count();
        assertThat(toV2).as("executions routed to the 20%% version").isBetween(20L, 60L);
        assertThat(names(v1)).as("the rest went to v1").hasSize(200 - (int) toV2);
    }

    @Test
    void aliasesAreDescribedUpdatedAndDeleted() {
        String v1 = emulator.publishVersion(machine);
        emulator.updateStateMachine(machine, V2_DEFINITION);
        String v2 = emulator.publishVersion(machine);
        String alias = sfn.createStateMachineAlias(r -> r.name("PROD").description("live")
                .routingConfiguration(route(v1, 100))).stateMachineAliasArn();
        assertThat(alias).isEqualTo(machine + ":PROD");

        sfn.updateStateMachineAlias(r -> r.stateMachineAliasArn(alias).routingConfiguration(route(v2, 100)));
        DescribeStateMachineAliasResponse d = sfn.describeStateMachineAlias(r -> r.stateMachineAliasArn(alias));
        assertThat(d.name()).isEqualTo("PROD");
        assertThat(d.description()).isEqualTo("live");
        assertThat(d.routingConfiguration()).extracting(RoutingConfigurationListItem::stateMachineVersionArn)
                .as("routed to the new version").containsExactly(v2);
        assertThat(d.creationDate()).isEqualTo(T0);

        assertThatThrownBy(() -> sfn.deleteStateMachineVersion(r -> r.stateMachineVersionArn(v2)))
                .as("deleting a version an alias routes to").isInstanceOf(ConflictException.class);
        sfn.deleteStateMachineVersion(r -> r.stateMachineVersionArn(v1));
        assertThatThrownBy(() -> start(v1, "late")).as("starting a deleted version")
                .isInstanceOf(StateMachineDoesNotExistException.class);

        sfn.deleteStateMachineAlias(r -> r.stateMachineAliasArn(alias));
        assertThatThrownBy(() -> sfn.describeStateMachineAlias(r -> r.stateMachineAliasArn(alias)))
                .as("a deleted alias").isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> start(alias, "late")).as("starting through a deleted alias")
                .isInstanceOf(StateMachineDoesNotExistException.class);
    }

    @Test
    void invalidAliasRequestsAreRejected() {
        String v1 = emulator.publishVersion(machine);
        emulator.updateStateMachine(machine, V2_DEFINITION);
        String v2 = emulator.publishVersion(machine);

        assertThatThrownBy(() -> sfn.createStateMachineAlias(r -> r.name("half").routingConfiguration(
                route(v1, 50), route(v2, 40)))).as("weights not adding up to 100")
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> sfn.createStateMachineAlias(r -> r.name("three").routingConfiguration(
                route(v1, 50), route(v2, 25), route(v2, 25)))).as("three routes")
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> sfn.createStateMachineAlias(r -> r.name("ghost").routingConfiguration(
                route(machine + ":42", 100)))).as("an unknown version").isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> sfn.createStateMachineAlias(r -> r.name("123").routingConfiguration(
                route(v1, 100)))).as("an all-digit alias name").isInstanceOf(InvalidNameException.class);
        sfn.createStateMachineAlias(r -> r.name("PROD").routingConfiguration(route(v1, 100)));
        assertThatThrownBy(() -> sfn.createStateMachineAlias(r -> r.name("PROD").routingConfiguration(
                route(v2, 100)))).as("the same name, another routing").isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> sfn.describeStateMachine(r -> r.stateMachineArn(machine + ":PROD")))
                .as("DescribeStateMachine of an alias").isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> sfn.listExecutions(r -> r.stateMachineArn(machine + ":NOPE")))
                .as("listing an unknown alias").isInstanceOf(StateMachineDoesNotExistException.class);
    }

    private List<String> names(String arn) {
        return sfn.listExecutionsPaginator(r -> r.stateMachineArn(arn)).executions().stream()
                .map(ExecutionListItem::name).toList();
    }

    private static RoutingConfigurationListItem route(String versionArn, int weight) {
        return RoutingConfigurationListItem.builder().stateMachineVersionArn(versionArn).weight(weight).build();
    }
}
