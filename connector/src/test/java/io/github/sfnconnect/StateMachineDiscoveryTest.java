package io.github.sfnconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.MessageFormatter;

import io.github.sfnconnect.aws.ApiAccessDeniedException;
import io.github.sfnconnect.aws.StateMachineMissingException;
import io.github.sfnconnect.config.InitialPosition;
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
    /** WARN lines of the discovery, as slf4j-jdk14 hands them to java.util.logging. */
    private final Logger logger = Logger.getLogger(StateMachineDiscovery.class.getName());
    private final List<String> warnings = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel() == Level.WARNING) {
                warnings.add(MessageFormatter.arrayFormat(record.getMessage(),
                        record.getParameters()).getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** The connector's start in this test; the state machines below were created before it unless told. */
    private static final long STARTED_MS = 1_000_000L;
    /** The since_ms of each stored checkpoint, by state machine ARN. */
    private final Map<String, Long> stored = new HashMap<>();
    private RuntimeException offsetsFailure;

    private void create(String name, String type, Map<String, String> t) {
        create(name, type, t, STARTED_MS - 500_000);
    }

    private void create(String name, String type, Map<String, String> t, long createdMs) {
        machines.put(name, new StateMachineSummary(PREFIX + name, name, type, createdMs));
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
        StateMachineDiscovery.StoredCheckpoints checkpoints = arns -> {
            if (offsetsFailure != null) {
                throw offsetsFailure;
            }
            Map<String, Long> since = new HashMap<>(stored);
            since.keySet().retainAll(arns);
            return since;
        };
        return new StateMachineDiscovery(selector, gateway, checkpoints, InitialPosition.parse("latest"), STARTED_MS,
                () -> reconfigurations++, 3_600_000, "test-discovery");
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

            create("orders-new", "STANDARD", Map.of("team", "data"), STARTED_MS + 1);
            tags.put(PREFIX + "orders-c", Map.of("team", "data")); // retagged: selected, but it is not new
            delete("orders-a");
            assertThat(discovery.refresh(true)).isTrue();
            assertThat(reconfigurations).isEqualTo(1);
            assertThat(discovery.current().stateMachineArns()).containsExactly(PREFIX + "orders-b",
                    PREFIX + "orders-c", PREFIX + "orders-new");
            assertThat(discovery.current().fromFirstExecution()).containsExactly(PREFIX + "orders-new");
            assertThat(discovery.current().discovered()).containsExactlyInAnyOrder(PREFIX + "orders-b",
                    PREFIX + "orders-c", PREFIX + "orders-new");
        }
    }

    @Test
    void aStateMachineCreatedWhileTheConnectorWasStoppedIsStreamedFromItsFirstExecution()
            throws InterruptedException {
        long firstStart = STARTED_MS - 100_000; // this is a restart: the first one stored its initial position
        create("orders-a", "STANDARD", Map.of("team", "data"), firstStart - 1_000);
        stored.put(PREFIX + "orders-a", firstStart);
        create("orders-early", "STANDARD", Map.of("team", "data"), firstStart + 10);
        stored.put(PREFIX + "orders-early", 0L); // streamed from its first execution: says nothing of the start
        create("orders-gap", "STANDARD", Map.of("team", "data"), firstStart + 50_000); // while stopped
        create("orders-retagged", "STANDARD", Map.of("team", "data"), firstStart - 1); // only matches now
        try (StateMachineDiscovery discovery = discovery()) {
            discovery.start();
            assertThat(discovery.current().fromFirstExecution()).as("created since the first start, not stored")
                    .containsExactly(PREFIX + "orders-gap");

            offsetsFailure = new RetriableException("Reading the checkpoints of 4 state machines from the offsets "
                    + "topic took longer than 10000 ms");
            create("orders-later", "STANDARD", Map.of("team", "data"), STARTED_MS + 1);
            assertThat(discovery.refresh(true)).isTrue();
            assertThat(discovery.current().fromFirstExecution())
                    .as("the reference learnt before is kept; without offsets to tell, orders-early is among them "
                            + "(its task resumes from its offsets all the same)")
                    .containsExactlyInAnyOrder(PREFIX + "orders-early", PREFIX + "orders-gap",
                            PREFIX + "orders-later");
        }
    }

    @Test
    void unreadableOffsetsFallBackToThisStart() throws InterruptedException {
        logger.addHandler(capture);
        offsetsFailure = new UnsupportedOperationException("the Connect runtime gives the connector no offset reader");
        create("orders-gap", "STANDARD", Map.of("team", "data"), STARTED_MS - 1);
        try (StateMachineDiscovery discovery = discovery()) {
            discovery.start();
            assertThat(discovery.current().stateMachineArns()).containsExactly(PREFIX + "orders-gap");
            assertThat(discovery.current().fromFirstExecution()).as("created before this start: initial.position")
                    .isEmpty();
            create("orders-new", "STANDARD", Map.of("team", "data"), STARTED_MS + 1);
            discovery.refresh(true);
            assertThat(discovery.current().fromFirstExecution()).containsExactly(PREFIX + "orders-new");
        } finally {
            logger.removeHandler(capture);
        }
        assertThat(warnings).as("one WARN for the run of failures").singleElement().asString()
                .contains("Cannot read the stored checkpoints").contains("no offset reader")
                .contains("start at initial.position");
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
