package io.github.sfnconnect.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The in-memory state of one emulated account and region, and the API's rules for changing it.
 *
 * <p>Every method holds the store's monitor, so each call sees and leaves a consistent state.
 */
final class StateStore {
    static final Duration REDRIVABLE_PERIOD = Duration.ofDays(14);
    static final Duration REDRIVE_TOKEN_VALIDITY = Duration.ofMinutes(15);
    static final int REDRIVE_TOKENS_KEPT = 10;
    static final int MAX_PAYLOAD_BYTES = 262_144;
    static final int MAX_DEFINITION_LENGTH = 1_048_576;

    private final Clock clock;
    private final String region;
    private final String accountId;
    private final ObjectMapper strictJson =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final Map<String, StateMachine> machines = new HashMap<>();
    private final Map<String, Execution> executions = new HashMap<>();
    private long sequence;

    StateStore(Clock clock, String region, String accountId) {
        this.clock = clock;
        this.region = region;
        this.accountId = accountId;
    }

    /** The API reports milliseconds, so every recorded time is cut to them. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    synchronized StateMachineView createStateMachine(String name, String definition, String roleArn, String type) {
        Names.validate("name", name);
        Constraints.length("definition", definition, 1, MAX_DEFINITION_LENGTH);
        Constraints.oneOf("type", type, List.of(StateMachine.STANDARD, StateMachine.EXPRESS));
        Arns.requireArnSyntax("roleArn", roleArn);
        requireJson(definition, ErrorType.INVALID_DEFINITION, "Invalid State Machine Definition");
        String arn = Arns.stateMachine(region, accountId, name);
        StateMachine existing = machines.get(arn);
        if (existing != null) {
            if (existing.deleting) {
                throw new ApiException(ErrorType.STATE_MACHINE_DELETING, "State machine is being deleted: '" + arn + "'");
            }
            // CreateStateMachine is idempotent on name, definition and type; roleArn differences are ignored
            if (existing.definition.equals(definition) && existing.type.equals(type)) {
                return view(existing);
            }
            throw new ApiException(ErrorType.STATE_MACHINE_ALREADY_EXISTS, "State Machine Already Exists: '" + arn + "'");
        }
        StateMachine machine = new StateMachine(arn, name, definition, roleArn, type, now(), ++sequence);
        machines.put(arn, machine);
        return view(machine);
    }

    synchronized StateMachineView describeStateMachine(String arn) {
        return view(requireMachine(arn));
    }

    synchronized Page<StateMachineView> listStateMachines(int maxResults, Optional<SortKey> after) {
        List<StateMachine> ordered = machines.values().stream()
                .sorted(Comparator.comparing(StateMachine::sortKey, SortKey.OLDEST_FIRST))
                .filter(m -> after.isEmpty() || SortKey.OLDEST_FIRST.compare(m.sortKey(), after.get()) > 0)
                .toList();
        List<StateMachineView> page = ordered.stream().limit(maxResults).map(StateStore::view).toList();
        Optional<SortKey> next = ordered.size() > maxResults
                ? Optional.of(ordered.get(maxResults - 1).sortKey())
                : Optional.empty();
        return new Page<>(page, next);
    }

    /** The API lists only InvalidArn and ValidationException for DeleteStateMachine: an unknown ARN is a no-op. */
    synchronized void deleteStateMachine(String arn) {
        Arns.Parsed parsed = Arns.parseStateMachine("stateMachineArn", arn);
        rejectLabel(parsed);
        StateMachine machine = machines.get(arn);
        if (machine != null) {
            machine.deleting = true;
        }
    }

    synchronized ExecutionView startExecution(String stateMachineArn, String name, String input, String traceHeader) {
        StateMachine machine = requireMachine(stateMachineArn);
        if (machine.deleting) {
            throw new ApiException(ErrorType.STATE_MACHINE_DELETING,
                    "State machine is being deleted: '" + stateMachineArn + "'");
        }
        String executionName = name == null ? UUID.randomUUID().toString() : name;
        Names.validate("name", executionName);
        String executionInput = input == null ? "{}" : input;
        Constraints.utf8Bytes("input", executionInput, MAX_PAYLOAD_BYTES);
        requireJson(executionInput, ErrorType.INVALID_EXECUTION_INPUT, "Invalid State Machine Execution Input");
        if (traceHeader != null) {
            Constraints.length("traceHeader", traceHeader, 0, 256);
            Constraints.ascii("traceHeader", traceHeader);
        }
        String arn = Arns.execution(region, accountId, machine.name, executionName, machine.express());
        Execution existing = executions.get(arn);
        if (existing != null) {
            // STANDARD StartExecution is idempotent while the same-named execution runs with the same input
            boolean idempotent = !machine.express() && existing.status == ExecutionStatus.RUNNING
                    && existing.input.equals(executionInput);
            if (idempotent) {
                return view(existing, now());
            }
            throw new ApiException(ErrorType.EXECUTION_ALREADY_EXISTS, "Execution Already Exists: '" + arn + "'");
        }
        Execution execution =
                new Execution(arn, machine, executionName, ++sequence, now(), executionInput, traceHeader);
        executions.put(arn, execution);
        machine.executions.put(execution.sortKey(), execution);
        return view(execution, now());
    }

    synchronized ExecutionView describeExecution(String executionArn) {
        return view(requireVisibleExecution(executionArn), now());
    }

    /** StopExecution: aborts a running execution; on one that already ended it changes nothing. */
    synchronized Instant stopExecution(String executionArn, String error, String cause) {
        return stop(requireVisibleExecution(executionArn), error, cause);
    }

    synchronized Instant redriveExecution(String executionArn, String clientToken) {
        return redrive(requireVisibleExecution(executionArn), clientToken);
    }

    synchronized Page<ExecutionView> listExecutions(String stateMachineArn, Predicate<ExecutionView> filter,
            int maxResults, Optional<SortKey> after) {
        StateMachine machine = requireMachine(stateMachineArn);
        if (machine.express()) {
            throw new ApiException(ErrorType.STATE_MACHINE_TYPE_NOT_SUPPORTED,
                    "This operation is not supported by this type of state machine: '" + stateMachineArn + "'");
        }
        Collection<Execution> candidates = after.isEmpty()
                ? machine.executions.values()
                : machine.executions.tailMap(after.get(), false).values();
        Instant now = now();
        List<ExecutionView> page = new ArrayList<>();
        SortKey last = null;
        for (Execution execution : candidates) {
            ExecutionView view = view(execution, now);
            if (!filter.test(view)) {
                continue;
            }
            if (page.size() == maxResults) {
                return new Page<>(page, Optional.of(last));
            }
            page.add(view);
            last = execution.sortKey();
        }
        return new Page<>(page, Optional.empty());
    }

    // ---- direct operations for tests: they see EXPRESS executions too ----

    synchronized Optional<ExecutionView> find(String executionArn) {
        return Optional.ofNullable(executions.get(executionArn)).map(e -> view(e, now()));
    }

    synchronized List<ExecutionView> executionsOf(String stateMachineArn) {
        StateMachine machine = machines.get(stateMachineArn);
        if (machine == null) {
            throw machineDoesNotExist(stateMachineArn);
        }
        Instant now = now();
        return machine.executions.values().stream().map(e -> view(e, now)).toList();
    }

    synchronized void end(String executionArn, ExecutionStatus status, String output, String error, String cause) {
        Execution execution = requireAnyExecution(executionArn);
        if (execution.status != ExecutionStatus.RUNNING) {
            throw new IllegalStateException("Execution " + executionArn + " is " + execution.status
                    + ", not RUNNING, so it cannot become " + status);
        }
        if (output != null) {
            Constraints.utf8Bytes("output", output, MAX_PAYLOAD_BYTES);
        }
        checkErrorAndCause(error, cause);
        execution.end(status, now(), output, error, cause);
    }

    synchronized Instant abort(String executionArn, String error, String cause) {
        return stop(requireAnyExecution(executionArn), error, cause);
    }

    synchronized Instant redrive(String executionArn) {
        return redrive(requireAnyExecution(executionArn), null);
    }

    synchronized void deleteExecution(String executionArn) {
        Execution execution = requireAnyExecution(executionArn);
        executions.remove(executionArn);
        execution.stateMachine.executions.remove(execution.sortKey());
    }

    // ---- rules ----

    private Instant stop(Execution execution, String error, String cause) {
        checkErrorAndCause(error, cause);
        if (execution.status == ExecutionStatus.RUNNING) {
            execution.end(ExecutionStatus.ABORTED, now(), null, error, cause);
        }
        return execution.stopDate;
    }

    private Instant redrive(Execution execution, String clientToken) {
        Instant now = now();
        execution.redriveTickets.removeIf(t -> t.firstUsed().plus(REDRIVE_TOKEN_VALIDITY).isBefore(now));
        if (clientToken != null) {
            Optional<Execution.RedriveTicket> repeat = execution.redriveTickets.stream()
                    .filter(t -> t.clientToken().equals(clientToken))
                    .findFirst();
            if (repeat.isPresent()) {
                return repeat.get().redriveDate();
            }
        }
        Optional<String> reason = notRedrivableReason(execution, now);
        if (reason.isPresent()) {
            throw new ApiException(ErrorType.EXECUTION_NOT_REDRIVABLE, reason.get() + ": '" + execution.arn + "'");
        }
        execution.status = ExecutionStatus.RUNNING;
        execution.redriveCount++;
        execution.redriveDate = now;
        // the redriven attempt is running again: the previous attempt's end no longer describes it
        execution.stopDate = null;
        execution.error = null;
        execution.cause = null;
        execution.output = null;
        if (clientToken != null) {
            execution.redriveTickets.addLast(new Execution.RedriveTicket(clientToken, now, now));
            while (execution.redriveTickets.size() > REDRIVE_TOKENS_KEPT) {
                execution.redriveTickets.removeFirst();
            }
        }
        return now;
    }

    /** Empty when RedriveExecution would succeed now; otherwise the API's redriveStatusReason. */
    private static Optional<String> notRedrivableReason(Execution execution, Instant now) {
        if (execution.stateMachine.express()) {
            return Optional.of("Executions of an EXPRESS state machine cannot be redriven");
        }
        if (execution.stateMachine.deleting) {
            return Optional.of("State machine is in DELETING status");
        }
        if (!execution.status.unsuccessfulEnd()) {
            return Optional.of("Execution is " + execution.status + " and cannot be redriven");
        }
        if (now.isAfter(execution.stopDate.plus(REDRIVABLE_PERIOD))) {
            return Optional.of("Execution redrivable period exceeded");
        }
        return Optional.empty();
    }

    private StateMachine requireMachine(String stateMachineArn) {
        Arns.Parsed parsed = Arns.parseStateMachine("stateMachineArn", stateMachineArn);
        rejectLabel(parsed);
        // versions and aliases are never created here, so a qualified ARN names nothing that exists
        StateMachine machine = parsed.resource().length == 1 ? machines.get(stateMachineArn) : null;
        if (machine == null) {
            throw machineDoesNotExist(stateMachineArn);
        }
        return machine;
    }

    private static void rejectLabel(Arns.Parsed parsed) {
        if (parsed.resource()[0].contains("/")) {
            throw new ApiException(ErrorType.VALIDATION,
                    "This API does not support labeled ARNs (API_DOES_NOT_SUPPORT_LABELED_ARNS)");
        }
    }

    /** EXPRESS executions are invisible to the execution-level API actions. */
    private Execution requireVisibleExecution(String executionArn) {
        Arns.parseExecution("executionArn", executionArn);
        Execution execution = executions.get(executionArn);
        if (execution == null || execution.stateMachine.express()) {
            throw executionDoesNotExist(executionArn);
        }
        return execution;
    }

    private Execution requireAnyExecution(String executionArn) {
        Execution execution = executions.get(executionArn);
        if (execution == null) {
            throw executionDoesNotExist(executionArn);
        }
        return execution;
    }

    private static ApiException machineDoesNotExist(String arn) {
        return new ApiException(ErrorType.STATE_MACHINE_DOES_NOT_EXIST, "State Machine Does Not Exist: '" + arn + "'");
    }

    private static ApiException executionDoesNotExist(String arn) {
        return new ApiException(ErrorType.EXECUTION_DOES_NOT_EXIST, "Execution Does Not Exist: '" + arn + "'");
    }

    private static void checkErrorAndCause(String error, String cause) {
        if (error != null) {
            Constraints.length("error", error, 0, 256);
        }
        if (cause != null) {
            Constraints.length("cause", cause, 0, 32_768);
        }
    }

    private void requireJson(String text, ErrorType errorType, String what) {
        JsonNode parsed;
        try {
            parsed = strictJson.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ApiException(errorType, what + ": " + e.getOriginalMessage());
        }
        if (parsed == null || parsed.isMissingNode()) {
            throw new ApiException(errorType, what + ": no JSON value");
        }
    }

    private static StateMachineView view(StateMachine machine) {
        return new StateMachineView(machine.arn, machine.name, machine.definition, machine.roleArn, machine.type,
                machine.status(), machine.creationDate);
    }

    private static ExecutionView view(Execution e, Instant now) {
        Optional<String> reason = notRedrivableReason(e, now);
        return new ExecutionView(e.arn, e.stateMachine.arn, e.name, e.status, e.startDate, e.stopDate, e.input,
                e.output, e.error, e.cause, e.traceHeader, null, null, null, e.redriveCount, e.redriveDate,
                reason.isPresent() ? "NOT_REDRIVABLE" : "REDRIVABLE", reason.orElse(null),
                e.stateMachine.express());
    }
}
