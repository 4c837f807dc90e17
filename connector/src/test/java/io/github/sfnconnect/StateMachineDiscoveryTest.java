package io.github.sfnconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

import io.github.sfnconnect.aws.ApiAccessDeniedException;
import io.github.sfnconnect.aws.StateMachineMissingException;
import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.model.ExecutionPage;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.StateMachineInfo;
import io.github.sfnconnect.model.StateMachinePage;
import io.github.sfnconnect.model.StateMachineSummary;

class StateMachineDiscoveryTest {

    private static final String PREFIX = "arn:aws:states:eu-west-1:123456789012:stateMachine:";

    /** A fake account: state machines by name, with their tags; pages of two. */
    private final TreeMap<String, StateMachineSummary> machines = new TreeMap<>();
    private final Map<String, Map<String, String>> tags = new HashMap<>();
    private RuntimeException failure;
    private int reconfigurations;
    private final List<String> tokens = new ArrayList<>();

    private void create(String name, String type, Map<String, String> t) {
        machines.put(name, new StateMachineSummary(PREFIX + name, name, type));
        tags.put(PREFIX + name, t);
    }

    private void delete(String name) {
        machines.remove(name);
        tags.remove(PREFIX + name);
    }

    private final StandardOnlyGateway gateway = new StandardOnlyGateway() {
        @Override
        public StateMachinePage listStateMachines(int pageSize, String nextToken) {
            if (failure != null) {
                throw failure;
            }
            tokens.add(nextToken);
            List<StateMachineSummary> all = new ArrayList<>(
                    nextToken == null ? machines.values() : machines.tailMap(nextToken, false).values());
            List<StateMachineSummary> page = all.subList(0, Math.min(2, all.size()));
            return new StateMachinePage(page, all.size() > 2 ? page.get(1).name() : null);
        }

        @Override
        public Map<String, String> tagsOf(String arn) {
            if (!tags.containsKey(arn)) {
                throw new StateMachineMissingException("gone", null);
            }
            return tags.get(arn);
        }

        @Override
        public StateMachineInfo describeStateMachine(String arn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ExecutionPage listExecutions(String arn, ExecutionStatus f, boolean r, int size, String token) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ExecutionDetails> describeExecution(String arn, boolean includeData) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    };

    private StateMachineDiscovery discovery() {
        StateMachineSelector selector = new StateMachineSelector(Optional.of(Pattern.compile("orders-.*")),
                Map.of("team", "data"), List.of());
        return new StateMachineDiscovery(selector, gateway, () -> reconfigurations++, 3_600_000, "test-discovery");
    }

    @Test
    void findsNewAndDroppedStateMachinesAndAsksForTasksOnlyOnAChange() throws InterruptedException {
        create("orders-a", "STANDARD", Map.of("team", "data"));
        create("orders-b", "STANDARD", Map.of("team", "data"));
        create("orders-c", "STANDARD", Map.of("team", "web"));
        create("orders-fast", "EXPRESS", Map.of("team", "data"));
        try (StateMachineDiscovery discovery = discovery()) {
            discovery.start();
            assertThat(discovery.current().stateMachineArns()).containsExactly(PREFIX + "orders-a",
                    PREFIX + "orders-b");
            assertThat(tokens).as("every page read").hasSize(2);
            assertThat(reconfigurations).as("the first set is the one Connect asks for").isZero();

            assertThat(discovery.refresh(true)).isFalse();
            assertThat(reconfigurations).isZero();

            create("orders-new", "STANDARD", Map.of("team", "data"));
            tags.put(PREFIX + "orders-c", Map.of("team", "data")); // retagged: selected, but it is not new
            delete("orders-a");
            assertThat(discovery.refresh(true)).isTrue();
            assertThat(reconfigurations).isEqualTo(1);
            assertThat(discovery.current().stateMachineArns()).containsExactly(PREFIX + "orders-b",
                    PREFIX + "orders-c", PREFIX + "orders-new");
            assertThat(discovery.current().createdLater()).containsExactly(PREFIX + "orders-new");
        }
    }

    @Test
    void aFailedLookUpKeepsTheLastSet() throws InterruptedException {
        create("orders-a", "STANDARD", Map.of("team", "data"));
        try (StateMachineDiscovery discovery = discovery()) {
            discovery.start();
            failure = new RetriableException("throttled");
            assertThatThrownBy(() -> discovery.refresh(true)).isInstanceOf(RetriableException.class);
            assertThat(discovery.current().stateMachineArns()).containsExactly(PREFIX + "orders-a");
            assertThat(reconfigurations).isZero();
        }
    }

    @Test
    void aFailureAtStartStartsEmptyButDeniedAccessFailsTheConnector() throws InterruptedException {
        failure = new RetriableException("unreachable");
        try (StateMachineDiscovery discovery = discovery()) {
            discovery.start();
            assertThat(discovery.current().stateMachineArns()).isEmpty();
        }
        failure = new ApiAccessDeniedException("ListStateMachines was denied; grant states:ListStateMachines", null);
        try (StateMachineDiscovery discovery = discovery()) {
            assertThatThrownBy(discovery::start).isInstanceOf(ConnectException.class)
                    .hasMessageContaining("states:ListStateMachines");
        }
    }
}
