package io.github.sfnconnect.aws;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.sfnconnect.config.StepFunctionsSourceConfig;
import io.github.sfnconnect.model.DescribedStateMachine;
import io.github.sfnconnect.model.DistributedMap;
import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.model.ExecutionPage;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.ExecutionSummary;
import io.github.sfnconnect.model.MapRunCounts;
import io.github.sfnconnect.model.MapRunDetails;
import io.github.sfnconnect.model.MapRunPage;
import io.github.sfnconnect.model.MapRunSummary;
import io.github.sfnconnect.model.StateMachineInfo;
import io.github.sfnconnect.model.StateMachinePage;
import io.github.sfnconnect.model.StateMachineSummary;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.CloudWatchEventsExecutionDataDetails;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.EncryptionConfiguration;
import software.amazon.awssdk.services.sfn.model.EncryptionType;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveFilter;
import software.amazon.awssdk.services.sfn.model.IncludedData;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.ListExecutionsRequest;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.ListMapRunsResponse;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesResponse;
import software.amazon.awssdk.services.sfn.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.sfn.model.MapRunExecutionCounts;
import software.amazon.awssdk.services.sfn.model.MapRunItemCounts;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/** The SDK-backed gateway: the only place that calls Step Functions. */
public final class AwsStepFunctionsGateway implements StepFunctionsGateway {

    private static final Logger log = LoggerFactory.getLogger(AwsStepFunctionsGateway.class);

    private static final Set<String> ACCESS_ERRORS = Set.of("AccessDeniedException", "AccessDenied",
            "UnrecognizedClientException", "InvalidSignatureException", "InvalidClientTokenId",
            "MissingAuthenticationTokenException");
    /** HTTP 400, and not among the SDK's throttling codes: a KMS request quota, to retry like any throttling. */
    static final String KMS_THROTTLING = "KmsThrottlingException";
    static final String KMS_ACCESS_DENIED = "KmsAccessDeniedException";
    static final String KMS_INVALID_STATE = "KmsInvalidStateException";

    private static final String PERMISSIONS_HINT = "grant the connector's credentials states:ListExecutions, "
            + "states:DescribeExecution and states:DescribeStateMachine on the state machine (and kms:Decrypt on its "
            + "key if it is encrypted, or set execution.detail=metadata)";
    private static final String MAP_RUN_PERMISSIONS_HINT = "grant the connector's credentials states:ListMapRuns on "
            + "the state machine's executions, states:ListExecutions and states:DescribeMapRun on its Map Runs "
            + "(arn:...:mapRun:<state machine>/*) and states:DescribeExecution on their children (docs/security.md), "
            + "or set map.runs=off";
    private static final String DISCOVERY_PERMISSIONS_HINT = "grant the connector's credentials "
            + "states:ListStateMachines (resource *) and states:ListTagsForResource on the state machines "
            + "(docs/security.md), or select state machines with state.machine.arns only";
    /**
     * The discovery calls' own limit, shared by both: ListTagsForResource's account quota refills at 1/s (bucket
     * 100) and ListStateMachines' at 5/s, so 1/s stays within either however many connectors discover at once.
     */
    static final double DISCOVERY_RATE = 1.0;

    private final SfnClient client;
    private final List<AutoCloseable> resources;
    private final ApiRateLimiter listLimiter;
    private final ApiRateLimiter describeLimiter;
    /** ListMapRuns and DescribeMapRun have token buckets of their own (each refills at 1 call per second). */
    private final ApiRateLimiter listMapRunsLimiter;
    private final ApiRateLimiter describeMapRunLimiter;
    private final ApiRateLimiter discoveryLimiter = new ApiRateLimiter("ListStateMachines/ListTagsForResource",
            DISCOVERY_RATE);
    private final ApiCallListener listener;

    private AwsStepFunctionsGateway(SfnClient client, List<AutoCloseable> resources, double listRate,
                                    double describeRate, double mapRunRate, ApiCallListener listener) {
        this.client = client;
        this.resources = List.copyOf(resources);
        this.listLimiter = new ApiRateLimiter("ListExecutions", listRate);
        this.describeLimiter = new ApiRateLimiter("DescribeExecution", describeRate);
        this.listMapRunsLimiter = new ApiRateLimiter("ListMapRuns", mapRunRate);
        this.describeMapRunLimiter = new ApiRateLimiter("DescribeMapRun", mapRunRate);
        this.listener = listener;
    }

    /**
     * A gateway with its own SDK client, rate-limited to the given per-task rates (calls per second), telling
     * {@code listener} about every call.
     */
    public static AwsStepFunctionsGateway create(StepFunctionsSourceConfig config, double listRate, double describeRate,
                                                 ApiCallListener listener) {
        return create(config, listRate, describeRate, listener, null);
    }

    /**
     * As {@link #create(StepFunctionsSourceConfig, double, double, ApiCallListener)}, for a task of the named
     * connector: its calls' metrics also go to CloudWatch if {@code cloudwatch.metrics.enabled} (null: never).
     */
    public static AwsStepFunctionsGateway create(StepFunctionsSourceConfig config, double listRate, double describeRate,
                                                 ApiCallListener listener, String connectorName) {
        Region region = Region.of(config.region());
        CredentialsFactory.Credentials credentials = CredentialsFactory.create(config, region);
        List<AutoCloseable> resources = new ArrayList<>();
        Optional<CloudWatchPublishing.Publishing> cloudWatch = connectorName == null ? Optional.empty()
                : CloudWatchPublishing.create(config, connectorName, region, credentials.provider());
        cloudWatch.ifPresent(p -> resources.addAll(p.resources())); // closed first: the last upload flushes
        resources.addAll(credentials.resources());
        var builder = SfnClient.builder()
                .region(region)
                .credentialsProvider(credentials.provider())
                .httpClientBuilder(Apache5HttpClient.builder()
                        .socketTimeout(config.apiAttemptTimeout())
                        .connectionTimeout(config.apiAttemptTimeout()))
                .overrideConfiguration(o -> {
                    o.apiCallTimeout(config.apiCallTimeout())
                            .apiCallAttemptTimeout(config.apiAttemptTimeout())
                            // adaptive: exponential backoff with jitter, and a client-side slow-down while throttled
                            .retryStrategy(AwsRetryStrategy.adaptiveRetryStrategy().toBuilder()
                                    .maxAttempts(config.maxAttempts())
                                    .retryOnException(AwsStepFunctionsGateway::isKmsThrottling)
                                    .treatAsThrottling(AwsStepFunctionsGateway::isKmsThrottling)
                                    .build())
                            .addMetricPublisher(new ApiCallMetricsPublisher(listener))
                            .addExecutionInterceptor(new ServiceDateInterceptor(listener));
                    cloudWatch.ifPresent(p -> o.addMetricPublisher(p.publisher()));
                });
        if (config.endpointUrl() != null) {
            builder.endpointOverride(URI.create(config.endpointUrl()));
        }
        return new AwsStepFunctionsGateway(builder.build(), resources, listRate, describeRate,
                config.mapRunRateLimit(), listener);
    }

    @Override
    public StateMachineInfo describeStateMachine(String stateMachineArn) throws InterruptedException {
        listener.rateLimited("DescribeStateMachine", listLimiter.acquire());
        try {
            // only the type and status are needed: METADATA_ONLY works without kms:Decrypt on an encrypted definition
            return info(client.describeStateMachine(b -> b.stateMachineArn(stateMachineArn)
                    .includedData(IncludedData.METADATA_ONLY)));
        } catch (StateMachineDoesNotExistException e) {
            throw stateMachineGone(stateMachineArn, e);
        } catch (SdkException e) {
            throw translate("DescribeStateMachine " + stateMachineArn, e);
        }
    }

    private static StateMachineInfo info(DescribeStateMachineResponse r) {
        EncryptionConfiguration encryption = r.encryptionConfiguration();
        String key = encryption != null && encryption.type() == EncryptionType.CUSTOMER_MANAGED_KMS_KEY
                ? encryption.kmsKeyId() : null;
        return new StateMachineInfo(r.stateMachineArn(), r.name(), r.typeAsString(), r.statusAsString(), key);
    }

    /**
     * One call with the definition ({@code ALL_DATA}). Only where KMS refuses to decrypt the definition does a second
     * call ({@code METADATA_ONLY}, which needs no {@code kms:Decrypt}) read what the state machine is.
     */
    @Override
    public DescribedStateMachine describeWithDefinition(String stateMachineArn) throws InterruptedException {
        listener.rateLimited("DescribeStateMachine", listLimiter.acquire());
        DescribeStateMachineResponse r;
        try {
            r = client.describeStateMachine(b -> b.stateMachineArn(stateMachineArn).includedData(IncludedData.ALL_DATA));
        } catch (StateMachineDoesNotExistException e) {
            throw stateMachineGone(stateMachineArn, e);
        } catch (SdkException e) {
            RuntimeException failure = translate("DescribeStateMachine " + stateMachineArn, e);
            if (failure instanceof KmsKeyException kms) {
                return new DescribedStateMachine(describeStateMachine(stateMachineArn), List.of(), kms);
            }
            throw failure;
        }
        try {
            return new DescribedStateMachine(info(r), distributedMaps(stateMachineArn, r.definition()), null);
        } catch (ConnectException e) {
            return new DescribedStateMachine(info(r), List.of(), e);
        }
    }

    @Override
    public ExecutionPage listExecutions(String stateMachineArn, ExecutionStatus statusFilter, boolean redrivenOnly,
                                        int pageSize, String nextToken) throws InterruptedException {
        try {
            return executionPage(stateMachineArn, b -> b.stateMachineArn(stateMachineArn), statusFilter, redrivenOnly,
                    pageSize, nextToken);
        } catch (StateMachineDoesNotExistException e) {
            throw stateMachineGone(stateMachineArn, e);
        } catch (SdkException e) {
            throw translate("ListExecutions " + stateMachineArn, e);
        }
    }

    /**
     * One ListExecutions page, newest first, of {@code scopeArn}: a state machine or a Map Run, which {@code scope}
     * sets on the request. A refused page token is translated here; every other failure comes out as the SDK raised
     * it, for the caller to sort (each scope has its own "does not exist").
     */
    private ExecutionPage executionPage(String scopeArn, Consumer<ListExecutionsRequest.Builder> scope,
                                        ExecutionStatus statusFilter, boolean redrivenOnly, int pageSize,
                                        String nextToken) throws InterruptedException {
        listener.rateLimited("ListExecutions", listLimiter.acquire());
        try {
            ListExecutionsResponse r = client.listExecutions(b -> {
                scope.accept(b);
                b.statusFilter(statusFilter == null ? null : statusFilter.name())
                        .redriveFilter(redrivenOnly ? ExecutionRedriveFilter.REDRIVEN : null)
                        .maxResults(pageSize)
                        .nextToken(nextToken);
            });
            return new ExecutionPage(r.executions().stream().map(AwsStepFunctionsGateway::summary).toList(),
                    r.nextToken());
        } catch (InvalidTokenException e) {
            throw new PageTokenExpiredException("ListExecutions " + scopeArn + " refused its page token ("
                    + e.getMessage() + "); listing again from the first page", e);
        }
    }

    @Override
    public Optional<ExecutionDetails> describeExecution(String executionArn, boolean includeData)
            throws InterruptedException {
        listener.rateLimited("DescribeExecution", describeLimiter.acquire());
        try {
            DescribeExecutionResponse r = client.describeExecution(b -> b
                    .executionArn(executionArn)
                    .includedData(includeData ? IncludedData.ALL_DATA : IncludedData.METADATA_ONLY));
            return Optional.of(details(r));
        } catch (ExecutionDoesNotExistException e) {
            log.debug("Execution {} no longer exists: {}", executionArn, e.getMessage());
            return Optional.empty();
        } catch (SdkException e) {
            throw translate("DescribeExecution " + executionArn, e);
        }
    }

    /**
     * The Distributed Map states of the state machine's definition. Reads the definition ({@code ALL_DATA}), so an
     * encrypted one needs {@code kms:Decrypt} on its key.
     */
    @Override
    public List<DistributedMap> distributedMaps(String stateMachineArn) throws InterruptedException {
        listener.rateLimited("DescribeStateMachine", listLimiter.acquire());
        String definition;
        try {
            definition = client.describeStateMachine(b -> b.stateMachineArn(stateMachineArn)
                    .includedData(IncludedData.ALL_DATA)).definition();
        } catch (StateMachineDoesNotExistException e) {
            throw stateMachineGone(stateMachineArn, e);
        } catch (SdkException e) {
            throw translate("DescribeStateMachine " + stateMachineArn, e);
        }
        return distributedMaps(stateMachineArn, definition);
    }

    private static List<DistributedMap> distributedMaps(String stateMachineArn, String definition) {
        try {
            return DistributedMapFinder.find(definition);
        } catch (IllegalArgumentException e) {
            throw new ConnectException("The definition of state machine " + stateMachineArn + " cannot be read for "
                    + "its Distributed Map states: " + e.getMessage(), e);
        }
    }

    /** One page of the Map Runs the execution started, or empty if the execution no longer exists. */
    @Override
    public Optional<MapRunPage> listMapRuns(String executionArn, int pageSize, String nextToken)
            throws InterruptedException {
        listener.rateLimited("ListMapRuns", listMapRunsLimiter.acquire());
        try {
            ListMapRunsResponse r = client.listMapRuns(b -> b.executionArn(executionArn).maxResults(pageSize)
                    .nextToken(nextToken));
            return Optional.of(new MapRunPage(r.mapRuns().stream().map(m -> new MapRunSummary(m.mapRunArn(),
                    m.executionArn(), m.stateMachineArn(), m.startDate().toEpochMilli(), millis(m.stopDate())))
                    .toList(), r.nextToken()));
        } catch (ExecutionDoesNotExistException e) {
            log.debug("Execution {} no longer exists: {}", executionArn, e.getMessage());
            return Optional.empty();
        } catch (InvalidTokenException e) {
            throw new PageTokenExpiredException("ListMapRuns " + executionArn + " refused its page token ("
                    + e.getMessage() + "); listing again from the first page", e);
        } catch (SdkException e) {
            throw translate("ListMapRuns " + executionArn, e);
        }
    }

    /** The Map Run's progress, or empty if it no longer exists. */
    @Override
    public Optional<MapRunDetails> describeMapRun(String mapRunArn) throws InterruptedException {
        listener.rateLimited("DescribeMapRun", describeMapRunLimiter.acquire());
        try {
            DescribeMapRunResponse r = client.describeMapRun(b -> b.mapRunArn(mapRunArn));
            return Optional.of(new MapRunDetails(r.mapRunArn(), r.executionArn(), r.statusAsString(),
                    r.startDate().toEpochMilli(), millis(r.stopDate()), r.maxConcurrency(),
                    r.toleratedFailurePercentage(), r.toleratedFailureCount(), counts(r.itemCounts()),
                    counts(r.executionCounts()), r.redriveCount() == null ? 0 : r.redriveCount(),
                    millis(r.redriveDate())));
        } catch (ResourceNotFoundException e) {
            log.debug("Map Run {} no longer exists: {}", mapRunArn, e.getMessage());
            return Optional.empty();
        } catch (SdkException e) {
            throw translate("DescribeMapRun " + mapRunArn, e);
        }
    }

    /**
     * One page of the Map Run's child executions, newest first, as {@link #listExecutions} lists a state machine's;
     * empty if the Map Run no longer exists.
     */
    @Override
    public Optional<ExecutionPage> listMapRunExecutions(String mapRunArn, ExecutionStatus statusFilter,
                                                        boolean redrivenOnly, int pageSize, String nextToken)
            throws InterruptedException {
        try {
            return Optional.of(executionPage(mapRunArn, b -> b.mapRunArn(mapRunArn), statusFilter, redrivenOnly,
                    pageSize, nextToken));
        } catch (ResourceNotFoundException e) {
            log.debug("Map Run {} no longer exists: {}", mapRunArn, e.getMessage());
            return Optional.empty();
        } catch (SdkException e) {
            throw translate("ListExecutions " + mapRunArn, e);
        }
    }

    @Override
    public StateMachinePage listStateMachines(int pageSize, String nextToken) throws InterruptedException {
        listener.rateLimited("ListStateMachines", discoveryLimiter.acquire());
        try {
            ListStateMachinesResponse r = client.listStateMachines(b -> b.maxResults(pageSize).nextToken(nextToken));
            return new StateMachinePage(r.stateMachines().stream()
                    .map(m -> new StateMachineSummary(m.stateMachineArn(), m.name(), m.typeAsString(),
                            millis(m.creationDate()))).toList(),
                    r.nextToken());
        } catch (InvalidTokenException e) {
            throw new PageTokenExpiredException("ListStateMachines refused its page token (" + e.getMessage()
                    + "); listing again from the first page", e);
        } catch (SdkException e) {
            throw translate("ListStateMachines", e);
        }
    }

    @Override
    public Map<String, String> tagsOf(String stateMachineArn) throws InterruptedException {
        listener.rateLimited("ListTagsForResource", discoveryLimiter.acquire());
        try {
            ListTagsForResourceResponse r = client.listTagsForResource(b -> b.resourceArn(stateMachineArn));
            Map<String, String> tags = new LinkedHashMap<>();
            r.tags().forEach(t -> tags.put(t.key(), t.value() == null ? "" : t.value()));
            return tags;
        } catch (ResourceNotFoundException e) {
            throw stateMachineGone(stateMachineArn, e);
        } catch (SdkException e) {
            throw translate("ListTagsForResource " + stateMachineArn, e);
        }
    }

    private static MapRunCounts counts(MapRunItemCounts c) {
        return new MapRunCounts(n(c.pending()), n(c.running()), n(c.succeeded()), n(c.failed()), n(c.timedOut()),
                n(c.aborted()), n(c.total()), n(c.resultsWritten()), n(c.failuresNotRedrivable()),
                n(c.pendingRedrive()));
    }

    private static MapRunCounts counts(MapRunExecutionCounts c) {
        return new MapRunCounts(n(c.pending()), n(c.running()), n(c.succeeded()), n(c.failed()), n(c.timedOut()),
                n(c.aborted()), n(c.total()), n(c.resultsWritten()), n(c.failuresNotRedrivable()),
                n(c.pendingRedrive()));
    }

    /** The two redrive counts came with Map Run redrives: a response without them has none. */
    private static long n(Long count) {
        return count == null ? 0 : count;
    }

    @Override
    public long listCallWaitMs() {
        return listLimiter.waitMs();
    }

    @Override
    public void close() {
        client.close();
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("Failed to close {}: {}", resource.getClass().getSimpleName(), e.getMessage());
            }
        }
    }

    private static ExecutionSummary summary(ExecutionListItem item) {
        return new ExecutionSummary(item.executionArn(), item.stateMachineArn(), item.name(),
                status(item.statusAsString(), item.executionArn()), item.startDate().toEpochMilli(),
                millis(item.stopDate()), item.redriveCount() == null ? 0 : item.redriveCount(),
                millis(item.redriveDate()), item.stateMachineVersionArn(), item.stateMachineAliasArn());
    }

    private static ExecutionDetails details(DescribeExecutionResponse r) {
        return new ExecutionDetails(r.executionArn(), r.stateMachineArn(), r.name(),
                status(r.statusAsString(), r.executionArn()), r.startDate().toEpochMilli(), millis(r.stopDate()),
                r.input(), included(r.inputDetails()), r.output(), included(r.outputDetails()),
                r.error(), r.cause(), r.traceHeader(), r.mapRunArn(),
                r.stateMachineVersionArn(), r.stateMachineAliasArn(),
                r.redriveCount() == null ? 0 : r.redriveCount(), millis(r.redriveDate()),
                r.redriveStatusAsString(), r.redriveStatusReason());
    }

    private static ExecutionStatus status(String status, String executionArn) {
        try {
            return ExecutionStatus.valueOf(status);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ConnectException("Execution " + executionArn + " has status '" + status + "', which this "
                    + "version of the connector does not know; upgrade the connector");
        }
    }

    private static Boolean included(CloudWatchEventsExecutionDataDetails details) {
        return details == null ? null : details.included();
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static ConnectException stateMachineGone(String arn, Exception e) {
        return new StateMachineMissingException("State machine " + arn + " does not exist (" + e.getMessage()
                + "); check the ARN and region in state.machine.arns, or remove it if the state machine was deleted", e);
    }

    private static boolean isKmsThrottling(Throwable t) {
        return t instanceof AwsServiceException ase && ase.awsErrorDetails() != null
                && KMS_THROTTLING.equals(ase.awsErrorDetails().errorCode());
    }

    /** Sorts an SDK failure, after the SDK's own retries, into retry-later or fail-the-task. */
    static RuntimeException translate(String call, SdkException e) {
        if (e instanceof AwsServiceException ase) {
            String code = ase.awsErrorDetails() == null ? null : ase.awsErrorDetails().errorCode();
            if (KMS_THROTTLING.equals(code)) {
                return new RetriableException(call + " failed after retries with " + code + ": the account's KMS "
                        + "request quota for the state machine's key is exhausted (" + ase.getMessage() + "); will "
                        + "retry at the next poll. If it persists, ask AWS to raise the KMS quota, lower "
                        + "aws.describe.execution.rate.limit, or set execution.detail=metadata, which decrypts nothing",
                        e);
            }
            if (KMS_ACCESS_DENIED.equals(code)) {
                return new KmsKeyException(call + " was denied by KMS (" + code + "): " + ase.getMessage() + "; grant "
                        + "the connector's credentials kms:Decrypt on the state machine's customer managed key, or "
                        + "set execution.detail=metadata (or summary), which reads no encrypted data", code, e);
            }
            if (KMS_INVALID_STATE.equals(code)) {
                return new KmsKeyException(call + " failed: the state machine's customer managed KMS key is disabled "
                        + "or pending deletion (" + code + ": " + ase.getMessage() + "); enable the key (or cancel its "
                        + "deletion), or set execution.detail=metadata (or summary), which reads no encrypted data",
                        code, e);
            }
            if (ase.isThrottlingException() || ase.statusCode() >= 500) {
                return new RetriableException(call + " failed after retries with " + code + " (HTTP "
                        + ase.statusCode() + "); will retry at the next poll", e);
            }
            if (ase.statusCode() == 403 || ACCESS_ERRORS.contains(code)) {
                boolean mapRun = call.startsWith("ListMapRuns") || call.startsWith("DescribeMapRun")
                        || call.contains(":mapRun:");
                boolean discovery = call.startsWith("ListStateMachines") || call.startsWith("ListTagsForResource");
                return new ApiAccessDeniedException(call + " was denied (" + code + "): " + ase.getMessage() + "; "
                        + (discovery ? DISCOVERY_PERMISSIONS_HINT : mapRun ? MAP_RUN_PERMISSIONS_HINT
                        : PERMISSIONS_HINT), e);
            }
            return new ConnectException(call + " was refused with " + code + " (HTTP " + ase.statusCode() + "): "
                    + ase.getMessage(), e);
        }
        if (e instanceof SdkClientException) {
            return new RetriableException(call + " failed after retries: " + e.getMessage()
                    + "; will retry at the next poll", e);
        }
        return new ConnectException(call + " failed: " + e.getMessage(), e);
    }
}
