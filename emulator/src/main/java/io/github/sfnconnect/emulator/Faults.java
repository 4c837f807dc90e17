package io.github.sfnconnect.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The emulator's fault switches, flipped at run time from {@link StepFunctionsEmulator#faults()}.
 *
 * <p>Faults apply to HTTP calls only; the emulator's direct methods always see the true, current state. All are
 * off at start. Every method is thread-safe and takes effect for the next call; setters return {@code this} for
 * chaining. Random faults draw from streams seeded by {@link #seed(long)}: the same seed and the same sequence of
 * calls give the same decisions. Time-based faults (token buckets, lags, late appearance) use the emulator's
 * clock; response delays are real time, as they are meant for the client's timeouts.
 *
 * <p>Per call, in this order: a connection reset ends the call unprocessed; then the action's token bucket, a
 * scripted {@link #failNext failure}, a random server error, an invalid-token or vanish fault may answer with an
 * error instead of running the action; otherwise the action runs, reading lagged state where lags are set, cutting
 * ListExecutions pages short, and failing with a KMS error where it needs a customer managed key (after the
 * resource was found, as the service would); finally the response, whatever it is, may be delayed.
 */
public final class Faults {
    /** A random delay: with this probability, the response waits this long. */
    record Slowness(double probability, Duration delay) {
        static final Slowness NONE = new Slowness(0, Duration.ZERO);
    }

    /** An error to send instead of the next {@code remaining} answers of an action. */
    record ScriptedFailure(int httpStatus, String errorType, AtomicInteger remaining) {
        boolean take() {
            return remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        }
    }

    /** Executions started while this is set may be listed late: the ARNs chosen, with the time they appear. */
    record LateAppearance(double probability, Duration extraDelay, ConcurrentMap<String, Instant> listedFrom) {
    }

    /** The states of a KMS key in which the service cannot use it (KmsInvalidStateException's kmsKeyState). */
    public enum KmsKeyState {
        DISABLED("disabled"),
        PENDING_DELETION("pending deletion"),
        PENDING_IMPORT("pending import"),
        UNAVAILABLE("unavailable"),
        CREATING("being created");

        private final String description;

        KmsKeyState(String description) {
            this.description = description;
        }

        String describe() {
            return description;
        }
    }

    private final Clock clock;
    private final Dice dice = new Dice(ThreadLocalRandom.current().nextLong());
    private final CallCounter injected = new CallCounter();
    private final Set<String> vanished = ConcurrentHashMap.newKeySet();

    private final ConcurrentMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ScriptedFailure> scripted = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Double> serverErrorsByAction = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Slowness> slownessByAction = new ConcurrentHashMap<>();
    private final AtomicInteger invalidNextTokens = new AtomicInteger();
    private volatile double serverErrors;
    private volatile Slowness slowness = Slowness.NONE;
    private volatile double connectionResets;
    private volatile double invalidTokens;
    private volatile double vanishOnDescribe;
    private final ConcurrentMap<ListVariant, Duration> listLags = new ConcurrentHashMap<>();
    private volatile Duration describeLag = Duration.ZERO;
    private volatile LateAppearance lateAppearance;
    private volatile double kmsThrottling;
    private volatile double shortPages;
    private final Set<String> kmsDeniedKeys = ConcurrentHashMap.newKeySet();
    private final ConcurrentMap<String, KmsKeyState> kmsKeyStates = new ConcurrentHashMap<>();
    /** Whether any per-call fault is on; lags and late appearance act on the read path instead. */
    private volatile boolean active;

    Faults(Clock clock) {
        this.clock = clock;
    }

    /** Re-seeds every random fault; the seed is random until this is called. */
    public synchronized Faults seed(long seed) {
        dice.reseed(seed);
        return this;
    }

    /** The seed in use, to print so that a failing run can be repeated. */
    public long seed() {
        return dice.seed();
    }

    /**
     * Throttles an action with a token bucket that starts full, holds {@code bucketSize} tokens and regains
     * {@code refillPerSecond} a second (0: never). A call finding it empty gets HTTP 400
     * {@code {"__type":"ThrottlingException","message":"Rate exceeded"}}. Replaces the action's earlier bucket.
     */
    public synchronized Faults throttle(String action, int bucketSize, double refillPerSecond) {
        requireAction(action);
        if (bucketSize < 1) {
            throw new IllegalArgumentException("bucketSize must be at least 1, not " + bucketSize);
        }
        if (!(refillPerSecond >= 0) || Double.isInfinite(refillPerSecond)) {
            throw new IllegalArgumentException("refillPerSecond must be finite and not negative, not " + refillPerSecond);
        }
        buckets.put(action, new TokenBucket(clock, bucketSize, refillPerSecond));
        return changed();
    }

    /**
     * Throttles every action with a documented quota (us-east-1, us-west-2, eu-west-1): DescribeExecution
     * 300 / 15 per s, ListExecutions 200 / 5, ListStateMachines 100 / 5, DescribeStateMachine 200 / 20,
     * GetExecutionHistory 400 / 20, StartExecution and RedriveExecution 1300 / 300, StopExecution 1000 / 200,
     * CreateStateMachine and DeleteStateMachine 100 / 1, DescribeMapRun 200 / 1, ListMapRuns 100 / 1,
     * TagResource and UntagResource 200 / 1, ListTagsForResource 100 / 1.
     */
    public Faults throttleStandardQuotas() {
        return throttleStandardQuotas(1.0);
    }

    /** The standard quotas with bucket size (at least 1) and refill rate multiplied by {@code scale}. */
    public synchronized Faults throttleStandardQuotas(double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be finite and positive, not " + scale);
        }
        StandardQuotas.BY_ACTION.forEach((action, quota) -> throttle(action,
                (int) Math.max(1, Math.round(quota.bucketSize() * scale)), quota.refillPerSecond() * scale));
        return this;
    }

    /**
     * With this probability, any call fails with HTTP 500 {@code InternalFailure} or 503
     * {@code ServiceUnavailable}, half and half. Actions given their own probability keep it.
     */
    public synchronized Faults serverErrors(double probability) {
        serverErrors = requireProbability(probability);
        return changed();
    }

    /** As {@link #serverErrors(double)}, for one action, overriding the probability for all. */
    public synchronized Faults serverErrors(String action, double probability) {
        serverErrorsByAction.put(requireAction(action), requireProbability(probability));
        return changed();
    }

    /**
     * The next {@code count} calls of the action fail with {@code {"__type": errorType, "message": ...}} and the
     * given HTTP status, e.g. {@code failNext("ListExecutions", 2, 503, "ServiceUnavailable")}. Replaces what
     * was left of an earlier script for the action; a count of 0 cancels it.
     */
    public synchronized Faults failNext(String action, int count, int httpStatus, String errorType) {
        requireAction(action);
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, not " + count);
        }
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("httpStatus must be an error status (400-599), not " + httpStatus);
        }
        if (errorType == null || errorType.isBlank()) {
            throw new IllegalArgumentException("errorType must be given, e.g. ServiceUnavailable");
        }
        scripted.put(action, new ScriptedFailure(httpStatus, errorType, new AtomicInteger(count)));
        return changed();
    }

    /**
     * With this probability, any call's response (success or error) is held back for {@code delay} of real
     * time after the action ran, so a client's attempt timeout fires although the call took effect. Actions
     * given their own setting keep it.
     */
    public synchronized Faults slowResponses(double probability, Duration delay) {
        slowness = new Slowness(requireProbability(probability), requireNotNegative("delay", delay));
        return changed();
    }

    /** As {@link #slowResponses(double, Duration)}, for one action, overriding the setting for all. */
    public synchronized Faults slowResponses(String action, double probability, Duration delay) {
        slownessByAction.put(requireAction(action),
                new Slowness(requireProbability(probability), requireNotNegative("delay", delay)));
        return changed();
    }

    /**
     * With this probability, a call is dropped unprocessed: the connection is closed without any HTTP response,
     * which the SDK reports as a retryable {@code SdkClientException} caused by an {@code IOException}.
     */
    public synchronized Faults connectionResets(double probability) {
        connectionResets = requireProbability(probability);
        return changed();
    }

    /**
     * ListExecutions answers from the state as it was {@code lag} ago: executions started since are not listed
     * yet, and status changes since are not visible. Only changes made while a lag is set are remembered, so set
     * it before the changes it should hide. {@link Duration#ZERO} turns it off. Sets every {@link ListVariant}.
     */
    public synchronized Faults listLag(Duration lag) {
        requireNotNegative("lag", lag);
        for (ListVariant variant : ListVariant.values()) {
            listLags.put(variant, lag);
        }
        return this;
    }

    /**
     * As {@link #listLag(Duration)}, for one variant of ListExecutions only (unfiltered, by status, by redrive), so
     * that, e.g., the status-filtered list trails the unfiltered one; the other variants keep their lag.
     * {@link #injectedCounts()} counts stale answers per variant as {@code ListLag.<VARIANT>:ListExecutions}.
     */
    public synchronized Faults listLag(ListVariant variant, Duration lag) {
        Objects.requireNonNull(variant, "variant");
        listLags.put(variant, requireNotNegative("lag", lag));
        return this;
    }

    /**
     * DescribeExecution answers from the state as it was {@code lag} ago; an execution started since gets
     * {@code ExecutionDoesNotExist}. Independent of {@link #listLag(Duration)}.
     */
    public synchronized Faults describeLag(Duration lag) {
        describeLag = requireNotNegative("lag", lag);
        return this;
    }

    /**
     * With this probability, an execution started from now on, over HTTP or directly, stays out of
     * ListExecutions until {@code extraDelay} after its start (on top of any list lag), so it shows up after
     * younger ones. Decided once per execution, at its start; calling this again or {@link #clear()} lets the
     * executions held back so far appear at once.
     */
    public synchronized Faults lateAppearance(double probability, Duration extraDelay) {
        lateAppearance = new LateAppearance(requireProbability(probability),
                requireNotNegative("extraDelay", extraDelay), new ConcurrentHashMap<>());
        return this;
    }

    /**
     * With this probability, a ListExecutions call that carries a {@code nextToken} fails with HTTP 400
     * {@code InvalidToken}, as if the token had expired.
     */
    public synchronized Faults invalidTokens(double probability) {
        invalidTokens = requireProbability(probability);
        return changed();
    }

    /** The next {@code count} ListExecutions calls that carry a {@code nextToken} fail with {@code InvalidToken}. */
    public synchronized Faults invalidNextTokens(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, not " + count);
        }
        invalidNextTokens.set(count);
        return changed();
    }

    /**
     * With this probability, a DescribeExecution of an existing execution deletes it and answers
     * {@code ExecutionDoesNotExist}, as if it aged out between a listing and the describe; the direct methods
     * then no longer find it either. A Map Run's child vanishes only once closed, as only then can it age out.
     * See {@link #vanishedExecutions()}.
     */
    public synchronized Faults vanishOnDescribe(double probability) {
        vanishOnDescribe = requireProbability(probability);
        return changed();
    }

    /**
     * With this probability, a call that needs a state machine's customer managed KMS key (StartExecution,
     * CreateStateMachine, and DescribeExecution / DescribeStateMachine with {@code includedData=ALL_DATA}, the
     * default) fails with HTTP 400 {@code KmsThrottlingException}. {@code METADATA_ONLY} reads never need the key.
     * Note that the SDK does not count this error as throttling.
     */
    public synchronized Faults kmsThrottling(double probability) {
        kmsThrottling = requireProbability(probability);
        return this;
    }

    /**
     * Calls that need this KMS key (as given in the state machine's {@code kmsKeyId}) fail with
     * {@code KmsAccessDeniedException}, as when the key policy does not let Step Functions use it.
     */
    public synchronized Faults kmsAccessDenied(String kmsKeyId) {
        kmsDeniedKeys.add(requireKey(kmsKeyId));
        return this;
    }

    /**
     * Calls that need this KMS key fail with {@code KmsInvalidStateException} carrying {@code kmsKeyState}, e.g.
     * {@link KmsKeyState#DISABLED} or {@link KmsKeyState#PENDING_DELETION}; null makes the key usable again.
     */
    public synchronized Faults kmsKeyState(String kmsKeyId, KmsKeyState state) {
        if (state == null) {
            kmsKeyStates.remove(requireKey(kmsKeyId));
        } else {
            kmsKeyStates.put(requireKey(kmsKeyId), state);
        }
        return this;
    }

    /**
     * With this probability, a ListExecutions, ListMapRuns or ListStateMachines page holds a random number of items
     * below {@code maxResults}, zero included, yet carries a {@code nextToken} whenever more items follow, as the
     * API allows ("the actual number of results returned per call might be fewer than the specified maximum").
     * Paging on still yields every item once, in order.
     */
    public synchronized Faults shortPages(double probability) {
        shortPages = requireProbability(probability);
        return this;
    }

    /** The ARNs deleted by {@link #vanishOnDescribe(double)}, since the emulator started. */
    public Set<String> vanishedExecutions() {
        return Set.copyOf(vanished);
    }

    /** Turns every fault off; the seed, the counts and the vanished executions are kept. */
    public synchronized Faults clear() {
        buckets.clear();
        scripted.clear();
        serverErrors = 0;
        serverErrorsByAction.clear();
        slowness = Slowness.NONE;
        slownessByAction.clear();
        connectionResets = 0;
        invalidTokens = 0;
        invalidNextTokens.set(0);
        vanishOnDescribe = 0;
        listLags.clear();
        describeLag = Duration.ZERO;
        lateAppearance = null;
        kmsThrottling = 0;
        shortPages = 0;
        kmsDeniedKeys.clear();
        kmsKeyStates.clear();
        return changed();
    }

    /**
     * How often each fault fired, keyed {@code "<kind>:<action>"}. Kinds are the error types sent
     * ({@code ThrottlingException}, {@code InternalFailure}, {@code ServiceUnavailable}, {@code InvalidToken},
     * and those of {@link #failNext}), and {@code ConnectionReset}, {@code SlowResponse},
     * {@code VanishOnDescribe}, {@code LateAppearance} (executions chosen to appear late), {@code ListLag} (with
     * {@code ListLag.<VARIANT>} saying which {@link ListVariant} answered stale) and
     * {@code DescribeLag} (calls whose lagged answer differed from the current state), and the KMS errors
     * {@code KmsThrottlingException}, {@code KmsAccessDeniedException} and {@code KmsInvalidStateException}, and
     * {@code ShortPage} (ListExecutions pages cut below maxResults).
     */
    public Map<String, Long> injectedCounts() {
        // sorted, so that printed figures line up from run to run
        return Collections.unmodifiableMap(new TreeMap<>(injected.snapshot()));
    }

    // ---- for the fault layer ----

    boolean active() {
        return active;
    }

    Dice dice() {
        return dice;
    }

    void injected(String kind, String action) {
        injected.record(kind + ":" + action);
    }

    void vanished(String executionArn) {
        vanished.add(executionArn);
    }

    TokenBucket bucket(String action) {
        return buckets.get(action);
    }

    ScriptedFailure scripted(String action) {
        return scripted.get(action);
    }

    double serverErrorProbability(String action) {
        return serverErrorsByAction.getOrDefault(action, serverErrors);
    }

    Slowness slowness(String action) {
        return slownessByAction.getOrDefault(action, slowness);
    }

    double connectionResetProbability() {
        return connectionResets;
    }

    /** Whether the next token-bearing ListExecutions call is to fail; takes from the countdown first. */
    boolean invalidateToken() {
        if (invalidNextTokens.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return true;
        }
        return dice.roll(Dice.Stream.INVALID_TOKEN, invalidTokens);
    }

    boolean invalidTokensOn() {
        return invalidTokens > 0 || invalidNextTokens.get() > 0;
    }

    double vanishProbability() {
        return vanishOnDescribe;
    }

    Duration currentListLag(ListVariant variant) {
        return listLags.getOrDefault(variant, Duration.ZERO);
    }

    /** The longest lag of any list variant: changes must be remembered as long as it can still read them. */
    Duration longestListLag() {
        return listLags.values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
    }

    Duration currentDescribeLag() {
        return describeLag;
    }

    LateAppearance currentLateAppearance() {
        return lateAppearance;
    }

    double shortPagesProbability() {
        return shortPages;
    }

    double kmsThrottlingProbability() {
        return kmsThrottling;
    }

    boolean kmsAccessDeniedFor(String kmsKeyId) {
        return kmsDeniedKeys.contains(kmsKeyId);
    }

    KmsKeyState kmsKeyStateOf(String kmsKeyId) {
        return kmsKeyStates.get(kmsKeyId);
    }

    private static String requireKey(String kmsKeyId) {
        if (kmsKeyId == null || kmsKeyId.isBlank()) {
            throw new IllegalArgumentException("kmsKeyId must be a KMS key id, ARN, alias or alias ARN");
        }
        return kmsKeyId;
    }

    private Faults changed() {
        active = !buckets.isEmpty() || !scripted.isEmpty() || serverErrors > 0 || !serverErrorsByAction.isEmpty()
                || slowness.probability() > 0 || !slownessByAction.isEmpty() || connectionResets > 0
                || invalidTokensOn() || vanishOnDescribe > 0;
        return this;
    }

    private static String requireAction(String action) {
        if (action == null || action.isBlank()) {
            throw new IllegalArgumentException("action must be an API action name, e.g. DescribeExecution");
        }
        return action;
    }

    private static double requireProbability(double probability) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be between 0 and 1, not " + probability);
        }
        return probability;
    }

    private static Duration requireNotNegative(String name, Duration duration) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, not " + duration);
        }
        return duration;
    }
}
