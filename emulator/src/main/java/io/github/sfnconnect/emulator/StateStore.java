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
 * <p>Every method holds the store's monitor, so each call sees and leaves a consistent state. The API's reads
 * ({@link #describeExecution} and {@link #listExecutions}) answer as of the time the {@link ReadLag} says; the
 * direct reads for tests always see the current state. Each execution keeps the versions of its state that the
 * largest lag can still read.
 *
 * <p>Map Runs and their children are kept in {@link MapRuns}; {@link MapRunRules} follows every change of an
 * execution to keep them in step.
 */
final class StateStore {
    static final Duration REDRIVE_TOKEN_VALIDITY = Duration.ofMinutes(15);
    static final int REDRIVE_TOKENS_KEPT = 10;
    static final int MAX_PAYLOAD_BYTES = 262_144;
    static final int MAX_DEFINITION_LENGTH = 1_048_576;
    static final Duration DEFAULT_DELETION_DELAY = Duration.ofMinutes(1);
    /** StartExecution's default input; one shared string rather than one per execution. */
    static final String DEFAULT_INPUT = "{}";

    private final Clock clock;
    private final String region;
    private final String accountId;
    private final ReadLag readLag;
    private final Dice dice;
    private final ObjectMapper strictJson =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final Map<String, StateMachine> machines = new HashMap<>();
    private final RetentionQueue retention = new RetentionQueue();
    private final List<StateMachine> deleting = new ArrayList<>();
    private final MapRuns mapRuns = new MapRuns();
    private final MapRunRules mapRunRules;
    private Duration deletionDelay = DEFAULT_DELETION_DELAY;
    private long sequence;

    StateStore(Clock clock, String region, String accountId, ReadLag readLag, Dice dice) {
        this.clock = clock;
        this.dice = dice;
        this.region = region;
        this.accountId = accountId;
        this.readLag = readLag;
        this.mapRunRules = new MapRunRules(mapRuns, new MapRunRules.Executions() {
            @Override
            public void change(Execution execution, ExecutionState next, Instant at) {
                StateStore.this.change(execution, next, at);
            }

            @Override
            public long nextSequence() {
                return ++sequence;
            }

            @Override
            public void started(Execution execution, Instant at) {
                readLag.started(execution.arn(), at);
            }
        }, region, accountId);
    }

    /** The API reports milliseconds, so every recorded time is cut to them. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * The current time, after dropping what aged out by then: every operation starts here, so expiry needs no
     * thread of its own and costs nothing while nothing expires.
     */
    private Instant tick() {
        Instant now = now();
        removeDeleted(now);
        retention.sweep(this::live, e -> expired(e, now), this::remove);
        return now;
    }

    /**
     * Closed STANDARD executions and Map Run children are kept for {@link StepFunctionsEmulator#RETENTION} after
     * their latest stop.
     */
    private static boolean expired(Execution execution, Instant now) {
        ExecutionState state = execution.state();
        return !state.status().open() && execution.visible()
                && !now.isBefore(state.stopDate().plus(StepFunctionsEmulator.RETENTION));
    }

    private boolean live(Execution execution) {
        boolean placed = execution.child != null ? mapRuns.holds(execution.child.mapRun())
                : machines.get(execution.stateMachine.arn) == execution.stateMachine;
        return placed && execution.stateMachine.holds(execution);
    }

    /**
     * CreateStateMachine. "If a following request has a different {@code roleArn} or {@code tags}, Step Functions
     * will ignore these differences and treat it as an idempotent request of the previous. In this case,
     * {@code roleArn} and {@code tags} will not be updated" (API reference).
     */
    synchronized StateMachineView createStateMachine(String name, String definition, String roleArn, String type,
            Encryption encryption, List<Tags.Tag> tags) {
        Instant now = tick();
        Names.validate("name", name);
        Constraints.length("definition", definition, 1, MAX_DEFINITION_LENGTH);
        Constraints.oneOf("type", type, List.of(StateMachine.STANDARD, StateMachine.EXPRESS));
        Arns.requireArnSyntax("roleArn", roleArn);
        Tags.validate(tags);
        requireJson(definition, ErrorType.INVALID_DEFINITION, "Invalid State Machine Definition");
        String arn = Arns.stateMachine(region, accountId, name);
        Tags.requireWithinLimit(tags, arn);
        StateMachine existing = machines.get(arn);
        if (existing != null) {
            if (existing.deleting) {
                throw new ApiException(ErrorType.STATE_MACHINE_DELETING, "State machine is being deleted: '" + arn + "'");
            }
            // CreateStateMachine is idempotent on name, definition and type; roleArn and tags differences are ignored
            if (existing.definition.equals(definition) && existing.type.equals(type)
                    && existing.encryption.equals(encryption)) {
                return view(existing);
            }
            throw new ApiException(ErrorType.STATE_MACHINE_ALREADY_EXISTS, "State Machine Already Exists: '" + arn + "'");
        }
        StateMachine machine = new StateMachine(arn, name, definition, roleArn, type, now, ++sequence,
                Arns.execution(region, accountId, name, "", type.equals(StateMachine.EXPRESS)));
        machine.encryption = encryption;
        machine.tags.add(tags, arn);
        machines.put(arn, machine);
        return view(machine);
    }

    // ---- tags ----

    /** TagResource: adds tags, replacing the values of keys the resource has. */
    synchronized void tagResource(String resourceArn, List<Tags.Tag> tags) {
        tick();
        Arns.parseTaggable("resourceArn", resourceArn);
        Tags.validate(tags);
        requireTaggable(resourceArn).tags.add(tags, resourceArn);
    }

    /** UntagResource: removes tags by key; keys the resource does not have are ignored. */
    synchronized void untagResource(String resourceArn, List<String> tagKeys) {
        tick();
        Arns.parseTaggable("resourceArn", resourceArn);
        Tags.validateKeys(tagKeys);
        requireTaggable(resourceArn).tags.remove(tagKeys);
    }

    /** ListTagsForResource: every tag, in the order their keys were first added. */
    synchronized List<Tags.Tag> listTags(String resourceArn) {
        tick();
        return requireTaggable(resourceArn).tags.list();
    }

    /**
     * The state machine a tagging action's {@code resourceArn} names. The API tags "the Step Functions state machine
     * or activity": a state machine by its unqualified ARN. Versions and aliases take no tags (neither
     * PublishStateMachineVersion nor CreateStateMachineAlias has a {@code tags} member), so their ARNs, and labelled
     * ones, are refused as InvalidArn (UNVERIFIED which error the service gives). The emulator has no activities, so
     * every activity ARN is ResourceNotFound, as is an unknown state machine; a DELETING one keeps its tags until it
     * is removed, and one created again under its name starts with only the tags it is created with.
     */
    private StateMachine requireTaggable(String resourceArn) {
        Arns.Parsed parsed = Arns.parseTaggable("resourceArn", resourceArn);
        boolean stateMachine = parsed.resourceType().equals("stateMachine");
        if (parsed.resource().length != 1 || (stateMachine && parsed.resource()[0].contains("/"))) {
            throw new ApiException(ErrorType.INVALID_ARN, "Invalid Arn: '" + resourceArn + "' is not the ARN of a "
                    + "state machine or activity; versions, aliases and labelled state machines take no tags");
        }
        StateMachine machine = stateMachine ? machines.get(resourceArn) : null;
        if (machine == null) {
            throw new ApiException(ErrorType.RESOURCE_NOT_FOUND, "Resource not found: '" + resourceArn + "'");
        }
        return machine;
    }

    /**
     * DescribeStateMachine "returns the details for a state machine version if the stateMachineArn you specify is a
     * state machine version ARN". The reference says nothing of alias ARNs here; they are refused as invalid
     * input, pointing to DescribeStateMachineAlias.
     */
    synchronized StateMachineView describeStateMachine(String arn) {
        tick();
        Target target = resolve(arn);
        if (target.alias() != null) {
            throw new ApiException(ErrorType.VALIDATION,
                    "DescribeStateMachine does not describe aliases; use DescribeStateMachineAlias for '" + arn + "'");
        }
        return target.version() == null ? view(target.machine()) : view(target.machine(), target.version());
    }

    /**
     * The encryption of the state machine an ARN (qualified or not) belongs to; null if there is none. A Map Run's
     * children, of a labelled state machine ({@code <name>/<label>}), run with the data of the labelled one's.
     */
    synchronized Encryption encryptionOf(String stateMachineArn) {
        int nameStart = stateMachineArn.indexOf(":stateMachine:") + 14;
        int label = stateMachineArn.indexOf('/', nameStart);
        int qualifier = stateMachineArn.indexOf(':', nameStart);
        int end = label >= 0 ? label : qualifier;
        StateMachine machine = machines.get(end < 0 ? stateMachineArn : stateMachineArn.substring(0, end));
        return machine == null ? null : machine.encryption;
    }

    // ---- versions and aliases ----

    /** What UpdateStateMachine answers: the revision now current, when, and the version published from it. */
    record Update(String revisionId, Instant updateDate, String versionArn) {
    }

    /** UpdateStateMachine: a new definition and/or role make a new revision, published at once if asked. */
    synchronized Update updateStateMachine(String arn, String definition, String roleArn, boolean publish,
            String versionDescription) {
        Instant now = tick();
        StateMachine machine = requireUnqualified(arn, "UpdateStateMachine");
        requireNotDeleting(machine);
        if (definition == null && roleArn == null) {
            throw new ApiException(ErrorType.MISSING_REQUIRED_PARAMETER,
                    "Either the definition or the roleArn must be specified");
        }
        if (definition != null) {
            Constraints.length("definition", definition, 1, MAX_DEFINITION_LENGTH);
            requireJson(definition, ErrorType.INVALID_DEFINITION, "Invalid State Machine Definition");
        }
        if (roleArn != null) {
            Arns.requireArnSyntax("roleArn", roleArn);
        }
        if (versionDescription != null) {
            Constraints.length("versionDescription", versionDescription, 0, 256);
        }
        boolean changed = (definition != null && !definition.equals(machine.definition))
                || (roleArn != null && !roleArn.equals(machine.roleArn));
        if (changed) {
            machine.definition = definition == null ? machine.definition : definition;
            machine.roleArn = roleArn == null ? machine.roleArn : roleArn;
            machine.revisionId = UUID.randomUUID().toString();
        }
        String versionArn = publish ? publish(machine, versionDescription, now).arn() : null;
        return new Update(machine.revisionId, now, versionArn);
    }

    /**
     * PublishStateMachineVersion. {@code revisionId}: "If the specified revision ID doesn't match the state
     * machine's current revision ID, the API returns ConflictException"; {@code INITIAL} stands for the revision a
     * state machine was created with.
     */
    synchronized MachineVersion publishVersion(String arn, String revisionId, String description) {
        Instant now = tick();
        StateMachine machine = requireUnqualified(arn, "PublishStateMachineVersion");
        requireNotDeleting(machine);
        if (description != null) {
            Constraints.length("description", description, 0, 256);
        }
        if (revisionId != null && !revisionId.equals(machine.revisionId)
                && !(revisionId.equals("INITIAL") && machine.initialRevision())) {
            throw new ApiException(ErrorType.CONFLICT, "Revision '" + revisionId + "' is not the current revision '"
                    + machine.revisionId + "' of '" + arn + "'");
        }
        return publish(machine, description, now);
    }

    private MachineVersion publish(StateMachine machine, String description, Instant now) {
        return machine.registry.publish(machine.definition, machine.roleArn, machine.revisionId, description, now);
    }

    /** CreateStateMachineAlias: the state machine is the one the routed versions belong to. */
    synchronized Alias createAlias(String name, String description, List<Alias.Route> routes) {
        Instant now = tick();
        AliasNames.validate(name);
        if (description != null) {
            Constraints.length("description", description, 0, 256);
        }
        checkRoutes(routes);
        Arns.Parsed first = Arns.parseStateMachine("stateMachineVersionArn", routes.get(0).versionArn());
        StateMachine machine = first.resource().length == 2
                ? machines.get(Arns.stateMachine(first.region(), first.account(), first.resource()[0])) : null;
        if (machine == null || !first.region().equals(region) || !first.account().equals(accountId)) {
            throw new ApiException(ErrorType.RESOURCE_NOT_FOUND,
                    "Resource not found: '" + routes.get(0).versionArn() + "'");
        }
        requireNotDeleting(machine);
        return machine.registry.createAlias(name, description, routes, now);
    }

    synchronized Alias describeAlias(String aliasArn) {
        tick();
        return requireAlias(aliasArn).alias();
    }

    /** UpdateStateMachineAlias: "You must specify at least one of the description or routingConfiguration". */
    synchronized Alias updateAlias(String aliasArn, String description, List<Alias.Route> routes) {
        Instant now = tick();
        Target target = requireAlias(aliasArn);
        requireNotDeleting(target.machine());
        if (description == null && routes == null) {
            throw new ApiException(ErrorType.VALIDATION,
                    "At least one of description or routingConfiguration must be specified");
        }
        if (description != null) {
            Constraints.length("description", description, 0, 256);
        }
        if (routes != null) {
            checkRoutes(routes);
        }
        return target.machine().registry.updateAlias(target.alias(), description, routes, now);
    }

    synchronized void deleteAlias(String aliasArn) {
        tick();
        Target target = requireAlias(aliasArn);
        target.machine().registry.deleteAlias(target.alias().name());
    }

    /** DeleteStateMachineVersion; "Deleting a state machine version won't terminate its in-progress executions." */
    synchronized void deleteVersion(String versionArn) {
        tick();
        Arns.Parsed parsed = Arns.parseStateMachine("stateMachineVersionArn", versionArn);
        if (parsed.resource().length != 2 || !isVersionNumber(parsed.resource()[1])) {
            throw new ApiException(ErrorType.INVALID_ARN, "Invalid Arn: '" + versionArn + "' is not a version ARN");
        }
        StateMachine machine = machines.get(versionArn.substring(0, versionArn.lastIndexOf(':')));
        if (machine != null) {
            machine.registry.deleteVersion(Integer.parseInt(parsed.resource()[1]));
        }
    }

    private static void checkRoutes(List<Alias.Route> routes) {
        if (routes.isEmpty() || routes.size() > 2) {
            throw Constraints.violation("routingConfiguration", routes.size() + " items",
                    "Member must have length less than or equal to 2 and greater than or equal to 1");
        }
        int total = 0;
        for (Alias.Route route : routes) {
            Constraints.range("weight", route.weight(), 0, 100);
            total += route.weight();
        }
        if (total != 100) {
            throw new ApiException(ErrorType.VALIDATION,
                    "The weights of the routing configuration must add up to 100, not " + total);
        }
        if (routes.size() == 2 && routes.get(0).versionArn().equals(routes.get(1).versionArn())) {
            throw new ApiException(ErrorType.VALIDATION,
                    "The routing configuration must name two different versions");
        }
    }

    private Target requireAlias(String aliasArn) {
        Arns.Parsed parsed = Arns.parseStateMachine("stateMachineAliasArn", aliasArn);
        if (parsed.resource().length != 2 || isVersionNumber(parsed.resource()[1])) {
            throw new ApiException(ErrorType.INVALID_ARN, "Invalid Arn: '" + aliasArn + "' is not an alias ARN");
        }
        StateMachine machine = machines.get(aliasArn.substring(0, aliasArn.lastIndexOf(':')));
        Alias alias = machine == null ? null : machine.registry.alias(parsed.resource()[1]).orElse(null);
        if (alias == null) {
            throw new ApiException(ErrorType.RESOURCE_NOT_FOUND, "Resource not found: '" + aliasArn + "'");
        }
        return new Target(machine, null, alias);
    }

    private StateMachine requireUnqualified(String arn, String action) {
        Target target = resolve(arn);
        if (!target.unqualified()) {
            throw new ApiException(ErrorType.VALIDATION, action + " takes an unqualified state machine ARN, not '"
                    + arn + "'");
        }
        return target.machine();
    }

    private static void requireNotDeleting(StateMachine machine) {
        if (machine.deleting) {
            throw new ApiException(ErrorType.STATE_MACHINE_DELETING,
                    "State machine is being deleted: '" + machine.arn + "'");
        }
    }

    static boolean isVersionNumber(String qualifier) {
        return qualifier.matches("[0-9]{1,10}");
    }

    /** A page of ListStateMachines: its state machines, and the name to continue after when more follow. */
    record NamePage(List<StateMachineView> items, Optional<String> continueAfter) {
    }

    /**
     * ListStateMachines: "Lists the existing state machines" (API reference), DELETING ones included until they are
     * removed, since they still exist (DescribeStateMachine describes them, CreateStateMachine of their name fails
     * with StateMachineDeleting); whether the service lists them is UNVERIFIED.
     *
     * <p>Order: the reference gives ListStateMachines none, while it gives one for each of ListExecutions ("sorted
     * by time, with the most recent execution first"), ListStateMachineVersions ("descending order of the version
     * creation time") and ListStateMachineAliases ("most recently created aliases listed first"). So a client must
     * not rely on one, and the emulator lists by name, an order that is neither creation order nor its reverse: a
     * client that assumes either fails here. A state machine created during a paged walk falls before or after the
     * walk's position by its name, so the walk may or may not see it, as an eventually consistent list may not.
     * A page token carries the last name listed.
     */
    synchronized NamePage listStateMachines(int maxResults, Optional<String> afterName) {
        tick();
        List<StateMachine> ordered = machines.values().stream()
                .filter(m -> afterName.isEmpty() || m.name.compareTo(afterName.get()) > 0)
                .sorted(Comparator.comparing(m -> m.name))
                .toList();
        List<StateMachineView> page = ordered.stream().limit(maxResults).map(StateStore::view).toList();
        Optional<String> more = Optional.empty();
        if (ordered.size() > maxResults) {
            // an empty (short) page continues from where the request started; "" sorts before every name
            more = Optional.of(maxResults == 0 ? afterName.orElse("") : ordered.get(maxResults - 1).name);
        }
        return new NamePage(page, more);
    }

    /**
     * DeleteStateMachine (API reference): "an asynchronous operation. It sets the state machine's status to DELETING
     * and begins the deletion process. A state machine is deleted only when all its executions are completed. On the
     * next state transition, the state machine's executions are terminated." and "This API action also deletes all
     * versions and aliases associated with a state machine."
     *
     * <p>The emulator's executions make no state transitions of their own, so the delete itself is the next one:
     * running executions end as ABORTED at once, the versions and aliases go, and the state machine with all its
     * executions is removed {@link #deletionDelay(Duration) a delay} later. The API lists only InvalidArn and
     * ValidationException here, so an unknown ARN is a no-op; a version or alias ARN is refused (those have
     * DeleteStateMachineVersion and DeleteStateMachineAlias).
     */
    synchronized void deleteStateMachine(String arn) {
        Instant now = tick();
        Arns.Parsed parsed = Arns.parseStateMachine("stateMachineArn", arn);
        rejectLabel(parsed);
        if (parsed.resource().length != 1) {
            throw new ApiException(ErrorType.VALIDATION, "DeleteStateMachine takes an unqualified state machine ARN, "
                    + "not '" + arn + "'; use DeleteStateMachineVersion or DeleteStateMachineAlias");
        }
        StateMachine machine = machines.get(arn);
        if (machine == null || machine.deleting) {
            return;
        }
        machine.deleting = true;
        machine.registry.clear();
        for (Execution execution : machine.executions) {
            ExecutionState state = execution.state();
            if (state.status() == ExecutionStatus.RUNNING) {
                change(execution, state.ended(ExecutionStatus.ABORTED, now, null, null, null), now);
            }
        }
        // every execution is closed now, so the removal is due one delay from here
        machine.removalDue = now.plus(deletionDelay);
        deleting.add(machine);
    }

    /** How long after its last execution closed a deleting state machine is removed; 1 minute unless set. */
    synchronized void deletionDelay(Duration delay) {
        deletionDelay = delay;
    }

    /** Removes the deleting state machines whose removal is due: with them go all their executions. */
    private void removeDeleted(Instant now) {
        if (deleting.isEmpty()) {
            return;
        }
        deleting.removeIf(machine -> {
            if (now.isBefore(machine.removalDue)) {
                return false;
            }
            machines.remove(machine.arn, machine);
            retention.forget(machine);
            mapRuns.forget(machine);
            return true;
        });
    }

    synchronized ExecutionView startExecution(String stateMachineArn, String name, String input, String traceHeader) {
        Instant now = tick();
        Target target = resolve(stateMachineArn);
        StateMachine machine = target.machine();
        requireNotDeleting(machine);
        String executionName = name == null ? UUID.randomUUID().toString() : name;
        Names.validate("name", executionName);
        String executionInput = input == null || input.equals(DEFAULT_INPUT) ? DEFAULT_INPUT : input;
        checkInput(executionInput);
        if (traceHeader != null) {
            Constraints.length("traceHeader", traceHeader, 0, 256);
            Constraints.ascii("traceHeader", traceHeader);
        }
        String arn = machine.executionArnPrefix + executionName;
        Execution existing = retained(machine.byName.get(executionName), now);
        if (existing != null) {
            // STANDARD StartExecution is idempotent while the same-named execution runs with the same input
            boolean idempotent = !machine.express() && existing.state().status() == ExecutionStatus.RUNNING
                    && existing.input.equals(executionInput);
            if (idempotent) {
                return currentView(existing, now);
            }
            // a name is taken for as long as its execution is retained: "Names can be reused after 90 days"
            throw new ApiException(ErrorType.EXECUTION_ALREADY_EXISTS, "Execution Already Exists: '" + arn + "'");
        }
        // "If your qualified ARN refers to an alias, Step Functions associates the execution with that alias and the
        // version to which the alias points" (developer guide, executions with a version or alias)
        String versionArn = target.version() != null ? target.version().arn()
                : target.alias() != null ? target.alias().route(dice.uniform(Dice.Stream.ALIAS_ROUTING, 100)) : null;
        Execution execution = new Execution(machine, executionName, ++sequence, now, executionInput, traceHeader,
                versionArn, target.alias() == null ? null : target.alias().arn());
        machine.add(execution);
        readLag.started(arn, now);
        return currentView(execution, now);
    }

    synchronized ExecutionView describeExecution(String executionArn) {
        Instant now = tick();
        Execution execution = requireVisibleExecution(executionArn, now);
        Duration lag = readLag.describeLag();
        if (lag.isZero()) {
            return currentView(execution, now);
        }
        Instant asOf = now.minus(lag);
        if (execution.startDate().isAfter(asOf)) {
            readLag.staleRead("DescribeExecution");
            throw executionDoesNotExist(executionArn);
        }
        ExecutionState state = execution.stateAsOf(asOf);
        if (state != execution.state()) {
            readLag.staleRead("DescribeExecution");
        }
        return view(execution, state, asOf);
    }

    /**
     * StopExecution: aborts a running execution; on one that already ended it changes nothing. "This API action is
     * not supported by EXPRESS state machines": an EXPRESS child of a Map Run, which DescribeExecution does see, is
     * refused as invalid input.
     */
    synchronized Instant stopExecution(String executionArn, String error, String cause) {
        Execution execution = requireVisibleExecution(executionArn, tick());
        if (execution.stateMachine.express()) {
            throw new ApiException(ErrorType.VALIDATION,
                    "StopExecution does not support EXPRESS executions: '" + executionArn + "'");
        }
        return stop(execution, error, cause);
    }

    synchronized Instant redriveExecution(String executionArn, String clientToken) {
        return redrive(requireVisibleExecution(executionArn, tick()), clientToken);
    }

    synchronized Page<ExecutionView> listExecutions(String stateMachineArn, ListVariant variant,
            Predicate<ExecutionView> filter, int maxResults, Optional<SortKey> after) {
        Instant now = tick();
        Target target = resolve(stateMachineArn);
        if (target.machine().express()) {
            throw new ApiException(ErrorType.STATE_MACHINE_TYPE_NOT_SUPPORTED,
                    "This operation is not supported by this type of state machine: '" + stateMachineArn + "'");
        }
        return page(target.machine(), target::lists, variant, filter, maxResults, after, now);
    }

    /** ListExecutions by {@code mapRunArn}: the Map Run's children, in the same order and pages. */
    synchronized Page<ExecutionView> listChildren(String mapRunArn, ListVariant variant,
            Predicate<ExecutionView> filter, int maxResults, Optional<SortKey> after) {
        Instant now = tick();
        return page(requireMapRun(mapRunArn, now).children, e -> true, variant, filter, maxResults, after, now);
    }

    /** One page of a state machine's executions (or of a Map Run's children), newest first, as of the list lag. */
    private Page<ExecutionView> page(StateMachine machine, Predicate<Execution> lists, ListVariant variant,
            Predicate<ExecutionView> filter, int maxResults, Optional<SortKey> after, Instant now) {
        Collection<Execution> candidates = after.isEmpty()
                ? machine.executions
                : machine.executions.tailSet(Execution.probe(machine, after.get()), false);
        Duration lag = readLag.listLag(variant);
        Instant asOf = now.minus(lag);
        Instant keepFrom = historyKeptFrom(now);
        boolean stale = false;
        List<ExecutionView> page = new ArrayList<>();
        SortKey last = null;
        Optional<SortKey> more = Optional.empty();
        List<Execution> aged = new ArrayList<>();
        for (Execution execution : candidates) {
            if (expired(execution, now)) {
                aged.add(execution);
                continue;
            }
            if (!lists.test(execution)) {
                continue;
            }
            execution.pruneHistory(keepFrom);
            if (!lag.isZero() && execution.startDate().isAfter(asOf)) {
                stale = true;
                continue;
            }
            if (readLag.hiddenFromList(execution.arn(), asOf)) {
                continue;
            }
            ExecutionState state = lag.isZero() ? execution.state() : execution.stateAsOf(asOf);
            stale |= state != execution.state();
            ExecutionView view = view(execution, state, asOf);
            if (!filter.test(view)) {
                continue;
            }
            if (page.size() == maxResults) {
                // an empty (short) page continues from where the request started
                more = Optional.of(last != null ? last : after.orElse(SortKey.BEFORE_NEWEST));
                break;
            }
            page.add(view);
            last = execution.sortKey();
        }
        aged.forEach(this::remove);
        if (stale) {
            readLag.staleList(variant);
        }
        return new Page<>(page, more);
    }

    // ---- Map Runs ----

    /** DescribeMapRun. */
    synchronized MapRunView describeMapRun(String mapRunArn) {
        Instant now = tick();
        return requireMapRun(mapRunArn, now).view(now);
    }

    /** ListMapRuns: the Map Runs an execution started, newest first. */
    synchronized Page<MapRunView> listMapRuns(String executionArn, int maxResults, Optional<SortKey> after) {
        Instant now = tick();
        Execution parent = requireVisibleExecution(executionArn, now);
        return Page.first(mapRuns.of(parent, after, now), maxResults, run -> run.view(now), MapRun::sortKey,
                after.orElse(SortKey.BEFORE_NEWEST));
    }

    /**
     * Starts a Map Run in a RUNNING execution of a STANDARD state machine: "Distributed mode is supported in
     * Standard workflows but not supported in Express workflows" (developer guide).
     */
    synchronized MapRunView startMapRun(String parentArn, MapRunConfig config) {
        Instant now = tick();
        Execution parent = requireAnyExecution(parentArn, now);
        if (parent.child != null || parent.stateMachine.express()) {
            throw new IllegalArgumentException("A Distributed Map runs in an execution of a STANDARD state machine, "
                    + "not in " + parentArn);
        }
        if (parent.state().status() != ExecutionStatus.RUNNING) {
            throw new IllegalStateException("Execution " + parentArn + " is " + parent.state().status()
                    + ", not RUNNING, so it starts no Map Run");
        }
        return mapRunRules.start(parent, config, now).view(now);
    }

    synchronized List<ExecutionView> startChildren(String mapRunArn, List<String> inputs) {
        Instant now = tick();
        MapRun run = requireMapRun(mapRunArn, now);
        inputs.forEach(this::checkInput);
        return mapRunRules.startChildren(run, inputs, now).stream().map(e -> currentView(e, now)).toList();
    }

    synchronized List<ExecutionView> runAwaitingRedrive(String mapRunArn, int count) {
        Instant now = tick();
        MapRun run = requireMapRun(mapRunArn, now);
        return mapRunRules.runAwaitingRedrive(run, count, now).stream().map(e -> currentView(e, now)).toList();
    }

    synchronized Optional<MapRunView> findMapRun(String mapRunArn) {
        Instant now = tick();
        return Optional.ofNullable(mapRuns.get(mapRunArn, now)).map(run -> run.view(now));
    }

    /** A Map Run's retained children in ListExecutions order, newest first. */
    synchronized List<ExecutionView> childrenOf(String mapRunArn) {
        Instant now = tick();
        return requireMapRun(mapRunArn, now).children.executions.stream()
                .filter(e -> !expired(e, now))
                .map(e -> currentView(e, now))
                .toList();
    }

    private MapRun requireMapRun(String mapRunArn, Instant now) {
        Arns.parseMapRun("mapRunArn", mapRunArn);
        MapRun run = mapRuns.get(mapRunArn, now);
        if (run == null) {
            throw new ApiException(ErrorType.RESOURCE_NOT_FOUND, "Resource not found: '" + mapRunArn + "'");
        }
        return run;
    }

    // ---- direct operations for tests: they see EXPRESS executions too ----

    synchronized Optional<ExecutionView> find(String executionArn) {
        Instant now = tick();
        return Optional.ofNullable(lookup(executionArn, now)).map(e -> currentView(e, now));
    }

    synchronized List<ExecutionView> executionsOf(String stateMachineArn) {
        Instant now = tick();
        StateMachine machine = machines.get(stateMachineArn);
        if (machine == null) {
            throw machineDoesNotExist(stateMachineArn);
        }
        return machine.executions.stream().filter(e -> !expired(e, now)).map(e -> currentView(e, now)).toList();
    }

    synchronized void end(String executionArn, ExecutionStatus status, String output, String error, String cause) {
        Instant now = tick();
        Execution execution = requireAnyExecution(executionArn, now);
        ExecutionState state = execution.state();
        if (state.status() != ExecutionStatus.RUNNING) {
            throw new IllegalStateException("Execution " + executionArn + " is " + state.status()
                    + ", not RUNNING, so it cannot become " + status);
        }
        if (output != null) {
            Constraints.utf8Bytes("output", output, MAX_PAYLOAD_BYTES);
        }
        checkErrorAndCause(error, cause);
        if (status == ExecutionStatus.SUCCEEDED && mapRunRules.running(execution)) {
            throw new IllegalStateException("Execution " + executionArn
                    + " has a RUNNING Map Run, so its Distributed Map state has not ended and it cannot succeed");
        }
        change(execution, state.ended(status, now, output, error, cause), now);
    }

    synchronized Instant abort(String executionArn, String error, String cause) {
        Execution execution = requireAnyExecution(executionArn, tick());
        if (execution.child != null && execution.stateMachine.express()) {
            throw new IllegalStateException("Execution " + executionArn + " is an EXPRESS child of a Map Run, which "
                    + "cannot be stopped");
        }
        return stop(execution, error, cause);
    }

    synchronized Instant redrive(String executionArn) {
        return redrive(requireAnyExecution(executionArn, tick()), null);
    }

    /**
     * Removes an execution, as if it aged out; a parent takes its Map Runs along. A Map Run's child can only age
     * out once closed, and its Map Run's counts keep it.
     */
    synchronized void deleteExecution(String executionArn) {
        Execution execution = requireAnyExecution(executionArn, tick());
        if (execution.child != null && execution.state().status().open()) {
            throw new IllegalStateException("Execution " + executionArn + " is a Map Run's child and "
                    + execution.state().status() + ", so it cannot age out");
        }
        remove(execution);
    }

    /** Deletes an execution the API can see and that could age out; false, changing nothing, if there is none. */
    synchronized boolean deleteVisibleExecution(String executionArn) {
        Execution execution = lookup(executionArn, tick());
        if (execution == null || !execution.visible()
                || (execution.child != null && execution.state().status().open())) {
            return false;
        }
        remove(execution);
        return true;
    }

    /** How many closed executions wait in the retention queue; for tests of its upkeep. */
    synchronized int retentionQueueSize() {
        return retention.size();
    }

    // ---- rules ----

    /** Removes an execution; a parent's Map Runs go with it. */
    private void remove(Execution execution) {
        if (execution.child != null) {
            mapRuns.removeChild(execution);
        } else {
            execution.stateMachine.remove(execution);
            mapRuns.removeAllOf(execution);
        }
    }

    /** Every change of an execution's state goes through here, so that retention and Map Runs follow it. */
    private void change(Execution execution, ExecutionState next, Instant at) {
        ExecutionStatus was = execution.state().status();
        execution.change(next, at, historyKeptFrom(at));
        if (was.open() && !next.status().open() && execution.visible()) {
            retention.closed(execution);
        }
        mapRunRules.changed(execution, was, at);
    }

    /** Reads as of this time or later may still come, so the states they would see are kept. */
    private Instant historyKeptFrom(Instant now) {
        Duration list = readLag.longestListLag();
        Duration describe = readLag.describeLag();
        return now.minus(list.compareTo(describe) >= 0 ? list : describe);
    }

    private Instant stop(Execution execution, String error, String cause) {
        checkErrorAndCause(error, cause);
        ExecutionState state = execution.state();
        if (state.status() == ExecutionStatus.RUNNING) {
            Instant now = now();
            change(execution, state.ended(ExecutionStatus.ABORTED, now, null, error, cause), now);
        }
        return execution.state().stopDate();
    }

    private Instant redrive(Execution execution, String clientToken) {
        Instant now = now();
        if (execution.hasRedriveTickets()) {
            execution.redriveTickets().removeIf(t -> t.firstUsed().plus(REDRIVE_TOKEN_VALIDITY).isBefore(now));
        }
        if (clientToken != null && execution.hasRedriveTickets()) {
            Optional<Execution.RedriveTicket> repeat = execution.redriveTickets().stream()
                    .filter(t -> t.clientToken().equals(clientToken))
                    .findFirst();
            if (repeat.isPresent()) {
                return repeat.get().redriveDate();
            }
        }
        // a Map Run redrives its children itself, when the parent is redriven ("To redrive a workflow that includes
        // a Distributed Map state whose Map Run failed, you must redrive the parent workflow", RedriveExecution)
        Optional<String> reason = execution.child != null
                ? Optional.of("Execution is a child of Map Run '" + execution.child.mapRun().arn
                        + "', which is redriven with its parent")
                : Redrivability.reason(execution, execution.state(), now);
        if (reason.isPresent()) {
            throw new ApiException(ErrorType.EXECUTION_NOT_REDRIVABLE, reason.get() + ": '" + execution.arn() + "'");
        }
        change(execution, execution.state().redriven(now), now);
        mapRunRules.parentRedriven(execution, now).ifPresent(run -> change(execution, execution.state().ended(
                ExecutionStatus.FAILED, now, null, "States.Runtime", "Map Run '" + run.arn + "' was redriven "
                        + MapRun.MAX_REDRIVES + " times, the most a Map Run can be redriven"), now));
        if (clientToken != null) {
            execution.redriveTickets().addLast(new Execution.RedriveTicket(clientToken, now, now));
            while (execution.redriveTickets().size() > REDRIVE_TOKENS_KEPT) {
                execution.redriveTickets().removeFirst();
            }
        }
        return now;
    }

    /**
     * The state machine, version or alias an ARN names. A qualifier of digits is a version number (alias names
     * must contain a non-digit); unknown ones, like unknown state machines, are StateMachineDoesNotExist.
     */
    private Target resolve(String stateMachineArn) {
        Arns.Parsed parsed = Arns.parseStateMachine("stateMachineArn", stateMachineArn);
        rejectLabel(parsed);
        String unqualified = parsed.resource().length == 1 ? stateMachineArn
                : stateMachineArn.substring(0, stateMachineArn.lastIndexOf(':'));
        StateMachine machine = machines.get(unqualified);
        if (machine == null) {
            throw machineDoesNotExist(stateMachineArn);
        }
        if (parsed.resource().length == 1) {
            return new Target(machine, null, null);
        }
        String qualifier = parsed.resource()[1];
        if (isVersionNumber(qualifier)) {
            return machine.registry.version(Integer.parseInt(qualifier))
                    .map(v -> new Target(machine, v, null))
                    .orElseThrow(() -> machineDoesNotExist(stateMachineArn));
        }
        return machine.registry.alias(qualifier)
                .map(a -> new Target(machine, null, a))
                .orElseThrow(() -> machineDoesNotExist(stateMachineArn));
    }

    private static void rejectLabel(Arns.Parsed parsed) {
        if (parsed.resource()[0].contains("/")) {
            throw new ApiException(ErrorType.VALIDATION,
                    "This API does not support labeled ARNs (API_DOES_NOT_SUPPORT_LABELED_ARNS)");
        }
    }

    /** EXPRESS executions are invisible to the execution-level API actions, unless a Map Run dispatched them. */
    private Execution requireVisibleExecution(String executionArn, Instant now) {
        Arns.parseExecution("executionArn", executionArn);
        Execution execution = lookup(executionArn, now);
        if (execution == null || !execution.visible()) {
            throw executionDoesNotExist(executionArn);
        }
        return execution;
    }

    private Execution requireAnyExecution(String executionArn, Instant now) {
        Execution execution = lookup(executionArn, now);
        if (execution == null) {
            throw executionDoesNotExist(executionArn);
        }
        return execution;
    }

    /**
     * The retained execution with this ARN, or null; one found expired is dropped on the way. Only the labelled
     * ARNs of Map Runs' children contain a {@code /}: names cannot.
     */
    private Execution lookup(String executionArn, Instant now) {
        if (executionArn.indexOf('/') >= 0) {
            return retained(mapRuns.child(executionArn), now);
        }
        int nameStart = executionArn.lastIndexOf(':') + 1;
        int machineStart = executionArn.lastIndexOf(':', nameStart - 2) + 1;
        if (nameStart <= 0 || machineStart <= 0) {
            return null;
        }
        StateMachine machine = machines.get(Arns.stateMachine(region, accountId,
                executionArn.substring(machineStart, nameStart - 1)));
        if (machine == null || nameStart != machine.executionArnPrefix.length()
                || !executionArn.startsWith(machine.executionArnPrefix)) {
            return null;
        }
        return retained(machine.byName.get(executionArn.substring(nameStart)), now);
    }

    /** The execution itself, or null (having removed it) when its retention ran out. */
    private Execution retained(Execution execution, Instant now) {
        if (execution != null && expired(execution, now)) {
            remove(execution);
            return null;
        }
        return execution;
    }

    private static ApiException machineDoesNotExist(String arn) {
        return new ApiException(ErrorType.STATE_MACHINE_DOES_NOT_EXIST, "State Machine Does Not Exist: '" + arn + "'");
    }

    static ApiException executionDoesNotExist(String arn) {
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

    private void checkInput(String input) {
        Constraints.utf8Bytes("input", input, MAX_PAYLOAD_BYTES);
        requireJson(input, ErrorType.INVALID_EXECUTION_INPUT, "Invalid State Machine Execution Input");
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
                machine.status(), machine.creationDate, machine.revisionId, null, machine.encryption);
    }

    private static StateMachineView view(StateMachine machine, MachineVersion version) {
        return new StateMachineView(version.arn(), machine.name, version.definition(), version.roleArn(),
                machine.type, machine.status(), version.creationDate(), version.revisionId(), version.description(),
                machine.encryption);
    }

    private static ExecutionView currentView(Execution e, Instant now) {
        return view(e, e.state(), now);
    }

    /** The redrive status is judged as of {@code at}, the time the snapshot stands for. */
    private static ExecutionView view(Execution e, ExecutionState s, Instant at) {
        Optional<String> reason = Redrivability.reason(e, s, at);
        return new ExecutionView(e.arn(), e.stateMachine.arn, e.name, s.status(), e.startDate(), s.stopDate(),
                e.input, s.output(), s.error(), s.cause(), e.traceHeader,
                e.child == null ? null : e.child.mapRun().arn, e.versionArn, e.aliasArn,
                s.redriveCount(), s.redriveDate(),
                reason.isPresent() ? "NOT_REDRIVABLE" : "REDRIVABLE", reason.orElse(null),
                e.stateMachine.express());
    }
}
