package io.github.sfnconnect.emulator;

import java.time.Instant;
import java.util.List;

/** A state machine alias ({@code <stateMachineArn>:<name>}) routing executions to one or two versions by weight. */
record Alias(String name, String arn, String description, List<Route> routes, Instant creationDate,
        Instant updateDate) {

    /** One RoutingConfigurationListItem: a version and the percentage of executions it gets. */
    record Route(String versionArn, int weight) {
    }

    boolean routesTo(String versionArn) {
        return routes.stream().anyMatch(r -> r.versionArn().equals(versionArn));
    }

    /** The version for a draw in [0, 100): the first route takes draws below its weight, the second the rest. */
    String route(double percent) {
        return percent < routes.get(0).weight() || routes.size() == 1
                ? routes.get(0).versionArn() : routes.get(1).versionArn();
    }
}
