package io.github.sfnconnect.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A wire-level AWS Step Functions emulator on loopback: the real SDK client, pointed at {@link #endpoint()},
 * talks to it as to the service, while tests drive executions through the direct methods here: state machines,
 * executions and, in them, Distributed Map runs ({@link #startMapRun}) with their child executions.
 *
 * <p>Thread-safe. Direct methods do not go through HTTP, are not counted as calls and are never subject to
 * {@link #faults()}: they see the true, current state. They throw
 * {@link ApiException} with the API's error names (e.g. {@code ExecutionDoesNotExist}) for unknown
 * resources and invalid arguments, and {@link IllegalStateException} for what the service would never do, such as
 * ending an execution that is not RUNNING.
 */
public final class StepFunctionsEmulator implements AutoCloseable {
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCOUNT_ID = "123456789012";
    /** The definition of state machines created by {@link #createStateMachine(String)}: one Pass state. */
    public static final String DEFAULT_DEFINITION =
            "{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Pass\",\"End\":true}}}";

    /**
     * How long a closed STANDARD execution is kept after its latest stop: then it is no longer listed or described,
     * and its name can be used again (developer guide, service quotas: "Execution history retention: 90 days";
     * StartExecution: "Names can be reused after 90 days").
     */
    public static final Duration RETENTION = Duration.ofDays(90);

    private static final Logger LOG = LoggerFactory.getLogger(StepFunctionsEmulator.class);

    private final String region;
    private final String accountId;
    private final StateStore store;
    private final Faults faults;
    private final CallCounter counter = new CallCounter();
    private final CallCounter listings = new CallCounter();
    private final List<RequestObserver> observers = new CopyOnWriteArrayList<>();
    private final HttpServerRunner server;
    private final URI endpoint;

    private StepFunctionsEmulator(Clock clock, String region, String accountId) {
        this.region = region;
        this.accountId = accountId;
        this.faults = new Faults(clock);
        this.store = new StateStore(clock, region, accountId, new LaggedReads(faults), faults.dice());
        StepFunctionsActions actions = new StepFunctionsActions(store, new PageTokenCodec(clock), new KmsGate(faults),
                new ShortPages(faults), listings);
        ObjectMapper mapper = new ObjectMapper();
        ApiDispatcher dispatcher = new FaultingDispatcher(new ActionDispatcher(mapper, actions.byName()), faults,
                store, mapper);
        this.server = new HttpServerRunner(new HttpFrontEnd(dispatcher, counter, clock, observers), clock);
        this.endpoint = server.endpoint();
        LOG.debug("Step Functions emulator for {} / {} listening on {}", region, accountId, endpoint());
    }

    /** Starts on 127.0.0.1 on a free port, with the system clock, in us-east-1 and account 123456789012. */
    public static StepFunctionsEmulator start() {
        return start(Clock.systemUTC());
    }

    /**
     * Starts with the given clock, which stamps every start, stop and redrive and the {@code Date} header of every
     * response: a {@link MutableClock} or {@link ScaledClock} for tests, or e.g.
     * {@code Clock.offset(Clock.systemUTC(), Duration.ofHours(-3))} for a service whose clock is behind the caller's.
     */
    public static StepFunctionsEmulator start(Clock clock) {
        return start(clock, DEFAULT_REGION, DEFAULT_ACCOUNT_ID);
    }

    /** Starts with the given clock, region and 12-digit account id, which appear in every ARN. */
    public static StepFunctionsEmulator start(Clock clock, String region, String accountId) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(region, "region");
        if (accountId == null || !accountId.matches("\\d{12}")) {
            throw new IllegalArgumentException("accountId must be 12 digits, not " + accountId);
        }
        return new StepFunctionsEmulator(clock, region, accountId);
    }

    /** The base URI to pass to the SDK's {@code endpointOverride}. */
    public URI endpoint() {
        return endpoint;
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    /**
     * The fault switches for HTTP calls: throttling, server errors, slow responses, connection resets, stale
     * reads, invalid page tokens and executions vanishing on describe. All are off at start.
     */
    public Faults faults() {
        return faults;
    }

    /** Creates (or, idempotently, returns) a STANDARD state machine; returns its ARN. */
    public String createStateMachine(String name) {
        return createStateMachine(name, StateMachine.STANDARD);
    }

    /** Creates (or, idempotently, returns) a state machine of type {@code "STANDARD"} or {@code "EXPRESS"}. */
    public String createStateMachine(String name, String type) {
        return store.createStateMachine(name, DEFAULT_DEFINITION, defaultRoleArn(), type, Encryption.AWS_OWNED,
                List.of()).arn();
    }

    /**
     * Creates (or, idempotently, returns) a state machine of type {@code "STANDARD"} or {@code "EXPRESS"} with these
     * tags, as CreateStateMachine with {@code tags} does: checked by the API's rules ({@link ApiException}
     * ValidationException or TooManyTags), and ignored when the state machine already exists, as the API ignores
     * them. The map's iteration order is the tags' order.
     */
    public String createStateMachine(String name, String type, Map<String, String> tags) {
        return store.createStateMachine(name, DEFAULT_DEFINITION, defaultRoleArn(), type, Encryption.AWS_OWNED,
                tagList(tags)).arn();
    }

    /**
     * Creates a state machine encrypted with a customer managed KMS key ({@code kmsKeyArn}; null for an AWS-owned
     * key), so that the KMS faults of {@link #faults()} apply to the calls that need the key.
     */
    public String createStateMachine(String name, String type, String kmsKeyArn) {
        Encryption encryption = kmsKeyArn == null ? Encryption.AWS_OWNED
                : Encryption.validated(Encryption.CUSTOMER_MANAGED_KMS_KEY, kmsKeyArn, null);
        return store.createStateMachine(name, DEFAULT_DEFINITION, defaultRoleArn(), type, encryption, List.of())
                .arn();
    }

    /**
     * Same as TagResource: adds tags to a state machine (by its unqualified ARN), replacing the values of keys it
     * has. {@link ApiException} with the API's errors: InvalidArn, ResourceNotFound, ValidationException,
     * TooManyTags (more than 50 tags).
     */
    public void tag(String resourceArn, Map<String, String> tags) {
        store.tagResource(resourceArn, tagList(tags));
    }

    /** Same as UntagResource: removes tags by key (case-sensitive); keys the state machine lacks are ignored. */
    public void untag(String resourceArn, Collection<String> tagKeys) {
        store.untagResource(resourceArn, List.copyOf(tagKeys));
    }

    /**
     * Same as ListTagsForResource: a state machine's tags, in the order their keys were first added; they go when
     * the state machine is removed after its deletion.
     */
    public Map<String, String> tags(String resourceArn) {
        Map<String, String> out = new LinkedHashMap<>();
        store.listTags(resourceArn).forEach(t -> out.put(t.key(), t.value()));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Same as DeleteStateMachine: the state machine turns DELETING, its running executions end as ABORTED at once,
     * its versions and aliases go, and {@link #deletionDelay(Duration) a delay} of emulator time later it is removed
     * with all its executions; then {@link #createStateMachine(String)} can create it anew under the same ARN.
     */
    public void deleteStateMachine(String stateMachineArn) {
        store.deleteStateMachine(stateMachineArn);
    }

    /**
     * How long, on the emulator's clock, a deleted state machine stays DELETING after its last execution closed
     * before it is removed, as AWS deletes asynchronously. 1 minute by default; {@link Duration#ZERO} removes it at
     * the next call.
     */
    public StepFunctionsEmulator deletionDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, not " + delay);
        }
        store.deletionDelay(delay);
        return this;
    }

    /**
     * Gives a state machine a new definition, as UpdateStateMachine does: a new revision, which
     * {@link #publishVersion} then publishes as a new version.
     */
    public void updateStateMachine(String stateMachineArn, String definition) {
        store.updateStateMachine(stateMachineArn, definition, null, false, null);
    }

    /**
     * Publishes the state machine's current revision as PublishStateMachineVersion does and returns the version
     * ARN, {@code <stateMachineArn>:<n>} with n = 1, 2, ... Idempotent as the API is: publishing an unchanged
     * revision again returns the same version.
     */
    public String publishVersion(String stateMachineArn) {
        return store.publishVersion(stateMachineArn, null, null).arn();
    }

    /**
     * Creates an alias routing every execution to one version (weight 100), as CreateStateMachineAlias does;
     * returns {@code <stateMachineArn>:<aliasName>}.
     */
    public String createAlias(String stateMachineArn, String aliasName, String versionArn) {
        Objects.requireNonNull(versionArn, "versionArn");
        if (!versionArn.startsWith(stateMachineArn + ":")) {
            throw new IllegalArgumentException(versionArn + " is not a version of " + stateMachineArn);
        }
        return store.createAlias(aliasName, null, List.of(new Alias.Route(versionArn, 100))).arn();
    }

    /**
     * Starts an execution exactly as StartExecution would; a null name becomes a UUID and a null input
     * {@code "{}"}. The state machine ARN may name a version or an alias, which the execution is then associated
     * with; the execution ARN is unqualified all the same. Returns the execution ARN.
     */
    public String startExecution(String stateMachineArn, String name, String input) {
        return store.startExecution(stateMachineArn, name, input, null).executionArn();
    }

    /** Ends a RUNNING execution as SUCCEEDED with the given output. */
    public void succeed(String executionArn, String output) {
        store.end(executionArn, ExecutionStatus.SUCCEEDED, output, null, null);
    }

    /** Ends a RUNNING execution as FAILED with the given error and cause (either may be null). */
    public void fail(String executionArn, String error, String cause) {
        store.end(executionArn, ExecutionStatus.FAILED, null, error, cause);
    }

    /** Ends a RUNNING execution as TIMED_OUT with error {@code States.Timeout} and no cause, as AWS does. */
    public void timeOut(String executionArn) {
        store.end(executionArn, ExecutionStatus.TIMED_OUT, null, "States.Timeout", null);
    }

    /**
     * Same as StopExecution: a RUNNING execution becomes ABORTED; one that already ended is left as it is. An
     * EXPRESS child of a Map Run cannot be stopped ({@link IllegalStateException}).
     */
    public void abort(String executionArn, String error, String cause) {
        store.abort(executionArn, error, cause);
    }

    /**
     * Same as RedriveExecution, which also redrives the execution's FAILED and ABORTED Map Runs. Returns the
     * execution ARN, which a redrive keeps; the redrive date is in {@link #execution(String)}. A Map Run's child is
     * not redriven by itself but with its parent ({@link ApiException} {@code ExecutionNotRedrivable}).
     */
    public String redrive(String executionArn) {
        store.redrive(executionArn);
        return executionArn;
    }

    /**
     * Removes an execution entirely, as if it had aged out of retention between a list and a describe. (Closed
     * executions also age out by themselves, {@link #RETENTION} after their latest stop on the emulator's clock.)
     * A parent takes its Map Runs along. A Map Run's child must have closed ({@link IllegalStateException}
     * otherwise), and its Map Run's counts keep it.
     */
    public void deleteExecution(String executionArn) {
        store.deleteExecution(executionArn);
    }

    /** A snapshot of any execution, EXPRESS ones included; empty if there is none with that ARN. */
    public Optional<ExecutionView> execution(String executionArn) {
        return store.find(executionArn);
    }

    /**
     * Snapshots of a state machine's executions in ListExecutions order, newest first; the children of its Map Runs
     * are not among them, as ListExecutions by state machine does not list them either.
     */
    public List<ExecutionView> executions(String stateMachineArn) {
        return store.executionsOf(stateMachineArn);
    }

    // ---- Distributed Map runs ----

    /**
     * Starts a Map Run, as a Distributed Map state does, in a RUNNING execution of a STANDARD state machine, and
     * returns its ARN, {@code arn:aws:states:<region>:<account>:mapRun:<stateMachineName>/<label>:<uuid>}.
     *
     * <p>Its children, started by {@link #startChildren}, are executions of the labelled state machine
     * {@code <stateMachineArn>/<label>}: STANDARD ones
     * {@code arn:aws:states:<region>:<account>:execution:<stateMachineName>/<label>:<uuid>}, EXPRESS ones
     * {@code arn:aws:states:<region>:<account>:express:<stateMachineName>/<label>:<uuid>:<uuid>}. End them with
     * {@link #succeed}, {@link #fail}, {@link #timeOut} and (STANDARD ones only: EXPRESS executions cannot be
     * stopped) {@link #abort}. The Map Run follows them: it FAILS once the failed, timed-out and aborted children
     * exceed the tolerated failures, aborting its running STANDARD children; it SUCCEEDS once every item's child
     * ended within them. A parent that fails, times out or is aborted aborts its running Map Runs; it cannot
     * succeed while one runs. A Map Run of EXPRESS children that fails or is aborted stays RUNNING until its running
     * children have ended, since AWS cannot stop them either.
     *
     * <p>Redriving the parent ({@link #redrive} or RedriveExecution) redrives its FAILED and ABORTED Map Runs: each
     * counts the redrive and its unsuccessful children that can be redriven become PENDING_REDRIVE, until
     * {@link #runPendingRedrive} runs them.
     */
    public String startMapRun(String parentExecutionArn, MapRunConfig config) {
        Objects.requireNonNull(config, "config");
        return store.startMapRun(parentExecutionArn, config).mapRunArn();
    }

    /**
     * Starts {@code count} children for the next pending items of a running Map Run, with input {@code "{}"} and
     * the emulator clock's time as their start; returns their ARNs in start order. Refused with
     * {@link IllegalStateException} beyond the pending items or the Map Run's maxConcurrency.
     */
    public List<String> startChildren(String mapRunArn, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, not " + count);
        }
        return startChildren(mapRunArn, Collections.nCopies(count, StateStore.DEFAULT_INPUT));
    }

    /** As {@link #startChildren(String, int)}, one child per input, each with its own (JSON) input. */
    public List<String> startChildren(String mapRunArn, List<String> inputs) {
        return store.startChildren(mapRunArn, List.copyOf(inputs)).stream().map(ExecutionView::executionArn)
                .toList();
    }

    /**
     * Runs the {@code count} oldest children of a redriven Map Run that wait as PENDING_REDRIVE: a STANDARD child
     * is redriven in place (same ARN, redriveCount + 1, redriveDate now); an EXPRESS child is started again under
     * the same ARN, with a new startDate and no redrive count or date, as AWS restarts it with StartExecution.
     * Returns their ARNs. Refused with {@link IllegalStateException} beyond the waiting children or the Map Run's
     * maxConcurrency.
     */
    public List<String> runPendingRedrive(String mapRunArn, int count) {
        return store.runAwaitingRedrive(mapRunArn, count).stream().map(ExecutionView::executionArn).toList();
    }

    /** A snapshot of a Map Run, as DescribeMapRun would answer; empty if there is none with that ARN. */
    public Optional<MapRunView> mapRun(String mapRunArn) {
        return store.findMapRun(mapRunArn);
    }

    /** Snapshots of a Map Run's children in ListExecutions order, newest first. */
    public List<ExecutionView> children(String mapRunArn) {
        return store.childrenOf(mapRunArn);
    }

    /** Closed executions waiting in the retention queue: for tests that expiry frees memory. */
    int retentionQueueSize() {
        return store.retentionQueueSize();
    }

    /** Requests received for one action (e.g. {@code "DescribeExecution"}), errors included. */
    public long callCount(String action) {
        return counter.count(action);
    }

    /**
     * ListExecutions requests for one state machine (ARN as requested), answered with a page or with an error about
     * it (e.g. StateMachineDoesNotExist; not injected faults): lets a test wait for a client's next polls of that
     * state machine instead of sleeping. Listings by Map Run count under the Map Run's ARN. Not reset by
     * {@link #resetCallCounts()}.
     */
    public long listingsOf(String stateMachineArn) {
        return listings.count(stateMachineArn);
    }

    /** Requests received per action since start or the last {@link #resetCallCounts()}. */
    public Map<String, Long> callCounts() {
        return counter.snapshot();
    }

    public void resetCallCounts() {
        counter.reset();
    }

    /**
     * Tells {@code observer} of every HTTP request answered from now on (errors, injected faults and requests that
     * are not API calls included), on the serving thread, before the answer is written; see {@link RequestObserver}.
     */
    public void observe(RequestObserver observer) {
        observers.add(Objects.requireNonNull(observer, "observer"));
    }

    /** Stops telling {@code observer}; requests already being answered may still reach it. */
    public void stopObserving(RequestObserver observer) {
        observers.remove(observer);
    }

    /** Stops the server at once; requests in flight are cut off. */
    @Override
    public void close() {
        server.close();
        LOG.debug("Step Functions emulator on {} stopped", endpoint);
    }

    private static List<Tags.Tag> tagList(Map<String, String> tags) {
        Objects.requireNonNull(tags, "tags");
        List<Tags.Tag> out = new ArrayList<>(tags.size());
        tags.forEach((k, v) -> out.add(new Tags.Tag(k, v)));
        return out;
    }

    private String defaultRoleArn() {
        return "arn:aws:iam::" + accountId + ":role/StepFunctionsEmulatorRole";
    }
}
