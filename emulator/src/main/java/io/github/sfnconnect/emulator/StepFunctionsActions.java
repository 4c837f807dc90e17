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
    private final KmsGate kms;
    private final ShortPages shortPages;
    /**
     * ListExecutions requests that reached the state machine or Map Run (its own errors included), per ARN as
     * requested.
     */
    private final CallCounter listings;

    StepFunctionsActions(StateStore store, PageTokenCodec tokens, KmsGate kms, ShortPages shortPages,
                         CallCounter listings) {
        this.store = store;
        this.tokens = tokens;
        this.kms = kms;
        this.shortPages = shortPages;
        this.listings = listings;
    }

    /** Action name (the part of X-Amz-Target after {@code AWSStepFunctions.}) to its handler. */
    Map<String, Function<RequestBody, ObjectNode>> byName() {
        return Map.ofEntries(
                Map.entry("CreateStateMachine", this::createStateMachine),
                Map.entry("DescribeStateMachine", this::describeStateMachine),
                Map.entry("UpdateStateMachine", this::updateStateMachine),
                Map.entry("ListStateMachines", this::listStateMachines),
                Map.entry("DeleteStateMachine", this::deleteStateMachine),
                Map.entry("PublishStateMachineVersion", this::publishStateMachineVersion),
                Map.entry("DeleteStateMachineVersion", this::deleteStateMachineVersion),
                Map.entry("CreateStateMachineAlias", this::createStateMachineAlias),
                Map.entry("DescribeStateMachineAlias", this::describeStateMachineAlias),
                Map.entry("UpdateStateMachineAlias", this::updateStateMachineAlias),
                Map.entry("DeleteStateMachineAlias", this::deleteStateMachineAlias),
                Map.entry("StartExecution", this::startExecution),
                Map.entry("StopExecution", this::stopExecution),
                Map.entry("RedriveExecution", this::redriveExecution),
                Map.entry("DescribeExecution", this::describeExecution),
                Map.entry("ListExecutions", this::listExecutions),
                Map.entry("ListMapRuns", this::listMapRuns),
                Map.entry("DescribeMapRun", this::describeMapRun),
                Map.entry("TagResource", this::tagResource),
                Map.entry("UntagResource", this::untagResource),
                Map.entry("ListTagsForResource", this::listTagsForResource));
    }

    private ObjectNode createStateMachine(RequestBody in) {
        String name = in.requiredString("name");
        String definition = in.requiredString("definition");
        String roleArn = in.requiredString("roleArn");
        String type = in.string("type").orElse(StateMachine.STANDARD);
        Constraints.oneOf("type", type, TYPES);
        Encryption encryption = in.object("encryptionConfiguration")
                .map(e -> Encryption.validated(e.string("type").orElse(null), e.string("kmsKeyId").orElse(null),
                        e.integer("kmsDataKeyReusePeriodSeconds").orElse(null)))
                .orElse(Encryption.AWS_OWNED);
        List<Tags.Tag> tags = tags(in).orElse(List.of());
        // the service checks that it may use the key before creating anything
        kms.check("CreateStateMachine", "kms:GenerateDataKey", encryption);
        StateMachineView created = store.createStateMachine(name, definition, roleArn, type, encryption, tags);
        return WireFormat.object()
                .put("stateMachineArn", created.arn())
                .put("creationDate", WireFormat.timestamp(created.creationDate()));
    }

    private ObjectNode describeStateMachine(RequestBody in) {
        String arn = in.requiredString("stateMachineArn");
        boolean includeData = includeData(in);
        StateMachineView machine = store.describeStateMachine(arn);
        if (includeData) {
            kms.check("DescribeStateMachine", "kms:Decrypt", machine.encryption());
        }
        return WireFormat.describeStateMachine(machine, includeData);
    }

    private ObjectNode updateStateMachine(RequestBody in) {
        String arn = in.requiredString("stateMachineArn");
        Optional<String> versionDescription = in.string("versionDescription");
        boolean publish = in.bool("publish").orElse(false);
        if (versionDescription.isPresent() && !publish) {
            throw new ApiException(ErrorType.VALIDATION, "versionDescription can only be set when publish is true");
        }
        StateStore.Update updated = store.updateStateMachine(arn, in.string("definition").orElse(null),
                in.string("roleArn").orElse(null), publish, versionDescription.orElse(null));
        ObjectNode out = WireFormat.object()
                .put("updateDate", WireFormat.timestamp(updated.updateDate()))
                .put("revisionId", updated.revisionId());
        if (updated.versionArn() != null) {
            out.put("stateMachineVersionArn", updated.versionArn());
        }
        return out;
    }

    private ObjectNode publishStateMachineVersion(RequestBody in) {
        MachineVersion version = store.publishVersion(in.requiredString("stateMachineArn"),
                in.string("revisionId").orElse(null), in.string("description").orElse(null));
        return WireFormat.object()
                .put("creationDate", WireFormat.timestamp(version.creationDate()))
                .put("stateMachineVersionArn", version.arn());
    }

    private ObjectNode deleteStateMachineVersion(RequestBody in) {
        String arn = in.requiredString("stateMachineVersionArn");
        Constraints.length("stateMachineVersionArn", arn, 1, 2000);
        store.deleteVersion(arn);
        return WireFormat.object();
    }

    private ObjectNode createStateMachineAlias(RequestBody in) {
        Alias alias = store.createAlias(in.requiredString("name"), in.string("description").orElse(null),
                routes(in).orElseThrow(() -> Constraints.violation("routingConfiguration", null,
                        "Member must not be null")));
        return WireFormat.object()
                .put("stateMachineAliasArn", alias.arn())
                .put("creationDate", WireFormat.timestamp(alias.creationDate()));
    }

    private ObjectNode describeStateMachineAlias(RequestBody in) {
        return WireFormat.describeAlias(store.describeAlias(in.requiredString("stateMachineAliasArn")));
    }

    private ObjectNode updateStateMachineAlias(RequestBody in) {
        Alias alias = store.updateAlias(in.requiredString("stateMachineAliasArn"),
                in.string("description").orElse(null), routes(in).orElse(null));
        return WireFormat.object().put("updateDate", WireFormat.timestamp(alias.updateDate()));
    }

    private ObjectNode deleteStateMachineAlias(RequestBody in) {
        store.deleteAlias(in.requiredString("stateMachineAliasArn"));
        return WireFormat.object();
    }

    private static Optional<List<Alias.Route>> routes(RequestBody in) {
        return in.objects("routingConfiguration").map(items -> items.stream()
                .map(item -> new Alias.Route(item.requiredString("stateMachineVersionArn"),
                        item.integer("weight").orElseThrow(() -> Constraints.violation("weight", null,
                                "Member must not be null"))))
                .toList());
    }

    /** ListStateMachines, in name order (see {@link StateStore#listStateMachines}); pages may be cut short. */
    private ObjectNode listStateMachines(RequestBody in) {
        int pageSize = pageSize(in);
        Optional<String> token = nextToken(in, 1024);
        String scope = "ListStateMachines";
        StateStore.NamePage page = store.listStateMachines(shortPages.limit("ListStateMachines", pageSize),
                token.map(t -> tokens.decodeName(scope, t)));
        ObjectNode out = WireFormat.object();
        ArrayNode items = out.putArray("stateMachines");
        page.items().forEach(m -> items.add(WireFormat.stateMachineListItem(m)));
        page.continueAfter().ifPresent(last -> out.put("nextToken", tokens.encodeName(scope, last)));
        return out;
    }

    private ObjectNode deleteStateMachine(RequestBody in) {
        store.deleteStateMachine(in.requiredString("stateMachineArn"));
        return WireFormat.object();
    }

    private ObjectNode startExecution(RequestBody in) {
        String stateMachineArn = in.requiredString("stateMachineArn");
        // the input is encrypted with the state machine's key; an unknown state machine fails in the store
        kms.check("StartExecution", "kms:GenerateDataKey", store.encryptionOf(stateMachineArn));
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
        ExecutionView execution = store.describeExecution(executionArn);
        // "METADATA_ONLY lets callers without kms:Decrypt succeed": only ALL_DATA decrypts input and output
        if (includeData) {
            kms.check("DescribeExecution", "kms:Decrypt", store.encryptionOf(execution.stateMachineArn()));
        }
        return WireFormat.describeExecution(execution, includeData);
    }

    /**
     * ListExecutions of a state machine (or one of its versions or aliases) or of a Map Run: exactly one of
     * stateMachineArn and mapRunArn; PENDING_REDRIVE, a status only Map Run children have, only with mapRunArn.
     */
    private ObjectNode listExecutions(RequestBody in) {
        Optional<String> stateMachineArn = in.string("stateMachineArn");
        Optional<String> mapRunArn = in.string("mapRunArn");
        Optional<String> statusFilter = in.string("statusFilter");
        statusFilter.ifPresent(s -> Constraints.oneOf("statusFilter", s, STATUSES));
        Optional<String> redriveFilter = in.string("redriveFilter");
        redriveFilter.ifPresent(r -> Constraints.oneOf("redriveFilter", r, REDRIVE_FILTERS));
        int pageSize = pageSize(in);
        Optional<String> token = nextToken(in, 3096);
        if (stateMachineArn.isPresent() == mapRunArn.isPresent()) {
            throw new ApiException(ErrorType.VALIDATION,
                    "Exactly one of stateMachineArn or mapRunArn must be specified");
        }
        if (statusFilter.filter("PENDING_REDRIVE"::equals).isPresent() && mapRunArn.isEmpty()) {
            throw new ApiException(ErrorType.VALIDATION,
                    "The PENDING_REDRIVE status filter is only supported together with mapRunArn");
        }
        boolean byMapRun = mapRunArn.isPresent();
        String arn = byMapRun ? mapRunArn.get() : stateMachineArn.get();
        if (byMapRun) {
            Arns.parseMapRun("mapRunArn", arn);
        } else {
            Arns.parseStateMachine("stateMachineArn", arn);
        }
        listings.record(arn);
        String scope = String.join("\n", "ListExecutions", arn, statusFilter.orElse(""), redriveFilter.orElse(""));
        Optional<SortKey> after = after(scope, token);
        Predicate<ExecutionView> filter = e -> statusFilter.map(s -> e.status().name().equals(s)).orElse(true)
                && redriveFilter.map(r -> r.equals("REDRIVEN") == (e.redriveCount() > 0)).orElse(true);
        ListVariant variant = ListVariant.of(statusFilter.isPresent(), redriveFilter.isPresent());
        int limit = shortPages.limit("ListExecutions", pageSize);
        Page<ExecutionView> page = byMapRun
                ? store.listChildren(arn, variant, filter, limit, after)
                : store.listExecutions(arn, variant, filter, limit, after);
        return pageOut("executions", page, scope,
                byMapRun ? WireFormat::childListItem : WireFormat::executionListItem);
    }

    private ObjectNode listMapRuns(RequestBody in) {
        String executionArn = in.requiredString("executionArn");
        int pageSize = pageSize(in);
        Optional<String> token = nextToken(in, 1024);
        Arns.parseExecution("executionArn", executionArn);
        String scope = String.join("\n", "ListMapRuns", executionArn);
        Page<MapRunView> page = store.listMapRuns(executionArn, shortPages.limit("ListMapRuns", pageSize),
                after(scope, token));
        return pageOut("mapRuns", page, scope, WireFormat::mapRunListItem);
    }

    private ObjectNode describeMapRun(RequestBody in) {
        return WireFormat.describeMapRun(store.describeMapRun(in.requiredString("mapRunArn")));
    }

    private ObjectNode tagResource(RequestBody in) {
        String resourceArn = in.requiredString("resourceArn");
        List<Tags.Tag> tags = tags(in).orElseThrow(() -> Constraints.violation("tags", null,
                "Member must not be null"));
        store.tagResource(resourceArn, tags);
        return WireFormat.object();
    }

    private ObjectNode untagResource(RequestBody in) {
        String resourceArn = in.requiredString("resourceArn");
        List<String> tagKeys = in.strings("tagKeys").orElseThrow(() -> Constraints.violation("tagKeys", null,
                "Member must not be null"));
        store.untagResource(resourceArn, tagKeys);
        return WireFormat.object();
    }

    private ObjectNode listTagsForResource(RequestBody in) {
        return WireFormat.tags(store.listTags(in.requiredString("resourceArn")));
    }

    /** A TagList member: {@code [{"key": ..., "value": ...}]}, either member possibly missing until validated. */
    private static Optional<List<Tags.Tag>> tags(RequestBody in) {
        return in.objects("tags").map(items -> items.stream()
                .map(item -> new Tags.Tag(item.string("key").orElse(null), item.string("value").orElse(null)))
                .toList());
    }

    private static Optional<String> nextToken(RequestBody in, int maxLength) {
        Optional<String> token = in.string("nextToken");
        token.ifPresent(t -> Constraints.length("nextToken", t, 1, maxLength));
        return token;
    }

    private Optional<SortKey> after(String scope, Optional<String> token) {
        return token.map(t -> tokens.decode(scope, t));
    }

    /** A list response: the page's items under {@code member}, and a nextToken when more follow. */
    private <T> ObjectNode pageOut(String member, Page<T> page, String scope, Function<T, ObjectNode> item) {
        ObjectNode out = WireFormat.object();
        ArrayNode items = out.putArray(member);
        page.items().forEach(i -> items.add(item.apply(i)));
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
