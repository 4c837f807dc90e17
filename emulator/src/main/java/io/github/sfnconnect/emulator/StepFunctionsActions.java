package io.github.sfnconnect.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/** The supported API actions: each reads its request members, applies them to the store and shapes the reply. */
final class StepFunctionsActions {
    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1000;
    private static final List<String> STATUSES =
            Arrays.stream(ExecutionStatus.values()).map(Enum::name).toList();
    private static final List<String> REDRIVE_FILTERS = List.of("REDRIVEN", "NOT_REDRIVEN");
    private static final List<String> INCLUDED_DATA = List.of("ALL_DATA", "METADATA_ONLY");
    private static final List<String> TYPES = List.of(StateMachine.STANDARD, StateMachine.EXPRESS);

    private final StateStore store;
    private final PageTokenCodec tokens;

    StepFunctionsActions(StateStore store, PageTokenCodec tokens) {
        this.store = store;
        this.tokens = tokens;
    }

    /** Action name (the part of X-Amz-Target after {@code AWSStepFunctions.}) to its handler. */
    Map<String, Function<RequestBody, ObjectNode>> byName() {
        return Map.of(
                "CreateStateMachine", this::createStateMachine,
                "DescribeStateMachine", this::describeStateMachine,
                "ListStateMachines", this::listStateMachines,
                "DeleteStateMachine", this::deleteStateMachine,
                "StartExecution", this::startExecution,
                "StopExecution", this::stopExecution,
                "RedriveExecution", this::redriveExecution,
                "DescribeExecution", this::describeExecution,
                "ListExecutions", this::listExecutions);
    }

    private ObjectNode createStateMachine(RequestBody in) {
        String name = in.requiredString("name");
        String definition = in.requiredString("definition");
        String roleArn = in.requiredString("roleArn");
        String type = in.string("type").orElse(StateMachine.STANDARD);
        Constraints.oneOf("type", type, TYPES);
        StateMachineView created = store.createStateMachine(name, definition, roleArn, type);
        return WireFormat.object()
                .put("stateMachineArn", created.arn())
                .put("creationDate", WireFormat.timestamp(created.creationDate()));
    }

    private ObjectNode describeStateMachine(RequestBody in) {
        String arn = in.requiredString("stateMachineArn");
        boolean includeData = includeData(in);
        return WireFormat.describeStateMachine(store.describeStateMachine(arn), includeData);
    }

    private ObjectNode listStateMachines(RequestBody in) {
        int pageSize = pageSize(in);
        Optional<String> token = in.string("nextToken");
        token.ifPresent(t -> Constraints.length("nextToken", t, 1, 1024));
        String scope = "ListStateMachines";
        Optional<SortKey> after = token.map(t -> tokens.decode(scope, t));
        Page<StateMachineView> page = store.listStateMachines(pageSize, after);
        ObjectNode out = WireFormat.object();
        ArrayNode items = out.putArray("stateMachines");
        page.items().forEach(m -> items.add(WireFormat.stateMachineListItem(m)));
        page.continueAfter().ifPresent(last -> out.put("nextToken", tokens.encode(scope, last)));
        return out;
    }

    private ObjectNode deleteStateMachine(RequestBody in) {
        store.deleteStateMachine(in.requiredString("stateMachineArn"));
        return WireFormat.object();
    }

    private ObjectNode startExecution(RequestBody in) {
        String stateMachineArn = in.requiredString("stateMachineArn");
        ExecutionView started = store.startExecution(stateMachineArn, in.string("name").orElse(null),
                in.string("input").orElse(null), in.string("traceHeader").orElse(null));
        return WireFormat.object()
                .put("executionArn", started.executionArn())
                .put("startDate", WireFormat.timestamp(started.startDate()));
    }

    private ObjectNode stopExecution(RequestBody in) {
        String executionArn = in.requiredString("executionArn");
        return WireFormat.object().put("stopDate", WireFormat.timestamp(store.stopExecution(executionArn,
                in.string("error").orElse(null), in.string("cause").orElse(null))));
    }

    private ObjectNode redriveExecution(RequestBody in) {
        String executionArn = in.requiredString("executionArn");
        Optional<String> clientToken = in.string("clientToken");
        clientToken.ifPresent(token -> {
            Constraints.length("clientToken", token, 1, 64);
            if (!token.matches("[!-~]+")) {
                throw Constraints.violation("clientToken", token,
                        "Member must satisfy regular expression pattern: [!-~]+");
            }
        });
        return WireFormat.object().put("redriveDate",
                WireFormat.timestamp(store.redriveExecution(executionArn, clientToken.orElse(null))));
    }

    private ObjectNode describeExecution(RequestBody in) {
        String executionArn = in.requiredString("executionArn");
        boolean includeData = includeData(in);
        return WireFormat.describeExecution(store.describeExecution(executionArn), includeData);
    }

    private ObjectNode listExecutions(RequestBody in) {
        Optional<String> stateMachineArn = in.string("stateMachineArn");
        Optional<String> mapRunArn = in.string("mapRunArn");
        Optional<String> statusFilter = in.string("statusFilter");
        statusFilter.ifPresent(s -> Constraints.oneOf("statusFilter", s, STATUSES));
        Optional<String> redriveFilter = in.string("redriveFilter");
        redriveFilter.ifPresent(r -> Constraints.oneOf("redriveFilter", r, REDRIVE_FILTERS));
        int pageSize = pageSize(in);
        Optional<String> token = in.string("nextToken");
        token.ifPresent(t -> Constraints.length("nextToken", t, 1, 3096));
        if (stateMachineArn.isPresent() == mapRunArn.isPresent()) {
            throw new ApiException(ErrorType.VALIDATION,
                    "Exactly one of stateMachineArn or mapRunArn must be specified");
        }
        if (statusFilter.filter("PENDING_REDRIVE"::equals).isPresent() && mapRunArn.isEmpty()) {
            throw new ApiException(ErrorType.VALIDATION,
                    "The PENDING_REDRIVE status filter is only supported together with mapRunArn");
        }
        if (mapRunArn.isPresent()) {
            // no Map Runs are ever dispatched here, so every well-formed Map Run ARN is unknown
            Arns.parseMapRun("mapRunArn", mapRunArn.get());
            throw new ApiException(ErrorType.RESOURCE_NOT_FOUND, "Resource not found: '" + mapRunArn.get() + "'");
        }
        String arn = stateMachineArn.get();
        Arns.parseStateMachine("stateMachineArn", arn);
        String scope = String.join("\n", "ListExecutions", arn, statusFilter.orElse(""), redriveFilter.orElse(""));
        Optional<SortKey> after = token.map(t -> tokens.decode(scope, t));
        Predicate<ExecutionView> filter = e -> statusFilter.map(s -> e.status().name().equals(s)).orElse(true)
                && redriveFilter.map(r -> r.equals("REDRIVEN") == (e.redriveCount() > 0)).orElse(true);
        Page<ExecutionView> page = store.listExecutions(arn, filter, pageSize, after);
        ObjectNode out = WireFormat.object();
        ArrayNode items = out.putArray("executions");
        page.items().forEach(e -> items.add(WireFormat.executionListItem(e)));
        page.continueAfter().ifPresent(last -> out.put("nextToken", tokens.encode(scope, last)));
        return out;
    }

    private static int pageSize(RequestBody in) {
        int maxResults = in.integer("maxResults").orElse(0);
        Constraints.range("maxResults", maxResults, 0, MAX_PAGE_SIZE);
        return maxResults == 0 ? DEFAULT_PAGE_SIZE : maxResults;
    }

    private static boolean includeData(RequestBody in) {
        String includedData = in.string("includedData").orElse("ALL_DATA");
        Constraints.oneOf("includedData", includedData, INCLUDED_DATA);
        return includedData.equals("ALL_DATA");
    }
}
