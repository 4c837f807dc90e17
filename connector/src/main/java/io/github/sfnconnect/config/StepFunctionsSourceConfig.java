package io.github.sfnconnect.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.record.PayloadLimit;

/** Configuration of the Step Functions source connector: one {@link ConfigDef}, typed getters. */
public class StepFunctionsSourceConfig extends AbstractConfig {

    public static final String AWS_GROUP = "AWS connection";
    public static final String CREDENTIALS_GROUP = "AWS credentials";
    public static final String QUOTA_GROUP = "AWS API quota";
    public static final String SOURCE_GROUP = "State machines";
    public static final String DISCOVERY_GROUP = "Discovery";
    public static final String POLLING_GROUP = "Polling";
    public static final String RECORD_GROUP = "Records";
    public static final String MAP_RUN_GROUP = "Distributed Map";
    public static final String MONITORING_GROUP = "Monitoring";

    public static final String AWS_REGION_CONFIG = "aws.region";
    private static final String AWS_REGION_DOC = "AWS region of the state machines, e.g. us-east-1. "
            + "It must match the region in every ARN of '" + "state.machine.arns" + "'.";
    private static final String AWS_REGION_DISPLAY = "Region";

    public static final String AWS_ENDPOINT_URL_CONFIG = "aws.endpoint.url";
    private static final String AWS_ENDPOINT_URL_DOC = "Override of the Step Functions endpoint, for VPC interface "
            + "endpoints, FIPS endpoints or local emulators. Empty uses the regional endpoint.";
    private static final String AWS_ENDPOINT_URL_DISPLAY = "Endpoint URL";

    public static final String AWS_API_CALL_TIMEOUT_MS_CONFIG = "aws.api.call.timeout.ms";
    private static final String AWS_API_CALL_TIMEOUT_MS_DOC = "Upper bound on one AWS API call, retries included. "
            + "When it expires the state machine is retried at its next poll; no change is lost.";
    public static final long AWS_API_CALL_TIMEOUT_MS_DEFAULT = 60_000L;

    public static final String AWS_API_ATTEMPT_TIMEOUT_MS_CONFIG = "aws.api.attempt.timeout.ms";
    private static final String AWS_API_ATTEMPT_TIMEOUT_MS_DOC = "Upper bound on one HTTP attempt of an AWS API call; "
            + "a slower attempt is abandoned and retried.";
    public static final long AWS_API_ATTEMPT_TIMEOUT_MS_DEFAULT = 10_000L;

    public static final String AWS_MAX_ATTEMPTS_CONFIG = "aws.max.attempts";
    private static final String AWS_MAX_ATTEMPTS_DOC = "Attempts per AWS API call (the first one included) for "
            + "throttling, 5xx errors and timeouts, with the SDK's adaptive retry strategy (exponential backoff with "
            + "jitter, slowing down on throttling).";
    public static final int AWS_MAX_ATTEMPTS_DEFAULT = 10;

    public static final String AWS_ACCESS_KEY_ID_CONFIG = "aws.access.key.id";
    private static final String AWS_ACCESS_KEY_ID_DOC = "Access key id of static credentials. Leave empty to use the "
            + "default credential chain (environment, system properties, web identity / IRSA, profile, container and "
            + "instance roles) or '" + "aws.profile" + "'. Requires '" + "aws.secret.access.key" + "'.";
    public static final String AWS_SECRET_ACCESS_KEY_CONFIG = "aws.secret.access.key";
    private static final String AWS_SECRET_ACCESS_KEY_DOC = "Secret access key of static credentials; goes with '"
            + AWS_ACCESS_KEY_ID_CONFIG + "'.";
    public static final String AWS_SESSION_TOKEN_CONFIG = "aws.session.token";
    private static final String AWS_SESSION_TOKEN_DOC = "Session token, when the static credentials are temporary.";
    public static final String AWS_PROFILE_CONFIG = "aws.profile";
    private static final String AWS_PROFILE_DOC = "Named profile of the shared AWS config and credentials files to "
            + "take credentials from, instead of static keys or the default chain.";
    public static final String AWS_ASSUME_ROLE_ARN_CONFIG = "aws.assume.role.arn";
    private static final String AWS_ASSUME_ROLE_ARN_DOC = "IAM role to assume through STS with the credentials above "
            + "(static keys, profile or default chain). The role needs states:ListExecutions, states:DescribeExecution "
            + "and states:DescribeStateMachine on the state machines.";
    public static final String AWS_ASSUME_ROLE_EXTERNAL_ID_CONFIG = "aws.assume.role.external.id";
    private static final String AWS_ASSUME_ROLE_EXTERNAL_ID_DOC = "External id that the role's trust policy requires, if any.";
    public static final String AWS_ASSUME_ROLE_SESSION_NAME_CONFIG = "aws.assume.role.session.name";
    private static final String AWS_ASSUME_ROLE_SESSION_NAME_DOC = "Session name of the assumed role, as it shows in CloudTrail.";
    public static final String AWS_ASSUME_ROLE_SESSION_NAME_DEFAULT = "kafka-connect-stepfunctions";

    public static final String LIST_RATE_LIMIT_CONFIG = "aws.list.executions.rate.limit";
    private static final String LIST_RATE_LIMIT_DOC = "Most ListExecutions calls per second for the whole connector, "
            + "divided evenly across its tasks. The account-wide quota is shared with every other client of the "
            + "account and region (the console's execution lists draw on it): its published refill is 5/s in "
            + "us-east-1, us-west-2 and eu-west-1 and 2/s elsewhere. Unset, the connector takes half of it (2.5 or "
            + "1); a higher quota granted to the account is used only when set here. Checks of quiet state machines "
            + "take at most 80% of it (see 'poll.interval.max.ms').";

    public static final String DESCRIBE_RATE_LIMIT_CONFIG = "aws.describe.execution.rate.limit";
    private static final String DESCRIBE_RATE_LIMIT_DOC = "Most DescribeExecution calls per second for the whole "
            + "connector, divided evenly across its tasks. The account-wide quota's published refill is 15/s in "
            + "us-east-1, us-west-2 and eu-west-1 and 10/s elsewhere, shared with every other client. Unset, the "
            + "connector takes half of it (7.5 or 5).";

    public static final String MAP_RUN_RATE_LIMIT_CONFIG = "aws.map.run.rate.limit";
    private static final String MAP_RUN_RATE_LIMIT_DOC = "Most ListMapRuns calls per second, and separately most "
            + "DescribeMapRun calls per second, for the whole connector, divided evenly across its tasks. Both account-wide "
            + "quotas refill at 1/s, shared with every other client (the console's Map Run pages draw on them). Only "
            + "state machines with a Distributed Map state make these calls ('map.runs'). Unset: half of it, 0.5.";

    /** How the reference page shows the defaults derived at run time, by key. */
    public static final Map<String, String> DERIVED_DEFAULTS = Map.of(
            "aws.list.executions.rate.limit", "half the region's refill: 2.5 or 1",
            "aws.describe.execution.rate.limit", "half the region's refill: 7.5 or 5",
            "aws.map.run.rate.limit", "half the refill: 0.5",
            "consistency.window.min.ms", "consistency.window.ms (a fixed window)");

    public static final String STATE_MACHINE_ARNS_CONFIG = "state.machine.arns";
    private static final String STATE_MACHINE_ARNS_DOC = "Comma-separated ARNs of the STANDARD state machines whose "
            + "executions to stream, each listed once; may be empty when 'state.machine.name.pattern' or "
            + "'state.machine.tags' selects state machines (at least one of the three must be set). An unqualified ARN streams all of a state machine's executions, "
            + "including those started through a version or alias; a version ARN (<arn>:<number>) or alias ARN "
            + "(<arn>:<alias>) streams only the executions started with that version or alias. EXPRESS state machines "
            + "cannot be listed through the API and are refused.";
    private static final String STATE_MACHINE_ARNS_DISPLAY = "State machine ARNs";

    public static final String STATE_MACHINE_NAME_PATTERN_CONFIG = "state.machine.name.pattern";
    private static final String STATE_MACHINE_NAME_PATTERN_DOC = "Also stream every STANDARD state machine of the "
            + "account and region whose whole name matches this Java regular expression, e.g. orders-.* (empty: no "
            + "selection by name). Together with 'state.machine.tags', a state machine must match both. The set is "
            + "re-checked every 'discovery.interval.ms'. With initial.position=latest, a state machine created since "
            + "the connector first started (also while it was stopped) is streamed from its first execution; one "
            + "created before, which only matches later (e.g. retagged), starts at 'latest'. The connector tells "
            + "them apart by the creation date ListStateMachines gives and the earliest initial position stored in "
            + "its checkpoints (read through Connect's offset reader; if they cannot be read, by its own start, "
            + "with a WARN). One deleted is dropped at the next look-up with an INFO line, and its task waits for "
            + "that without failing; an EXPRESS one is skipped with a WARN (its executions are not listed by the "
            + "API: read them from its CloudWatch Logs, or as Map Run children). A state machine listed in 'state.machine.arns' by a version or alias ARN is "
            + "streamed only as listed, never also as a match, so that no execution is streamed twice.";

    public static final String STATE_MACHINE_TAGS_CONFIG = "state.machine.tags";
    private static final String STATE_MACHINE_TAGS_DOC = "Also stream every STANDARD state machine that carries all "
            + "of these tags, as comma-separated key=value pairs (split at the first '='; 'key=' matches an empty "
            + "value), e.g. team=data,env=prod. Empty: no selection by tags. Together with "
            + "'state.machine.name.pattern', a state machine must match both. Re-checked every 'discovery.interval.ms' "
            + "as that pattern is.";

    public static final String DISCOVERY_INTERVAL_MS_CONFIG = "discovery.interval.ms";
    private static final String DISCOVERY_INTERVAL_MS_DOC = "How often the state machines selected by "
            + "'state.machine.name.pattern' or 'state.machine.tags' are looked up again; a change reassigns the "
            + "state machines to the tasks, which restarts them (Connect's task reconfiguration). Each look-up costs "
            + "one ListStateMachines call per 1,000 state machines of the account and region, plus, when "
            + "'state.machine.tags' is set, one ListTagsForResource per state machine whose name matched (every state "
            + "machine if no pattern is set); the connector makes these calls at most 1 per second (ListTagsForResource's "
            + "quota refills at 1/s). Needs states:ListStateMachines (resource *) and states:ListTagsForResource on the "
            + "state machines. Not used when only 'state.machine.arns' is set.";
    public static final long DISCOVERY_INTERVAL_MS_DEFAULT = 300_000L;
    public static final long DISCOVERY_INTERVAL_MS_MIN = 10_000L;

    public static final String INITIAL_POSITION_CONFIG = "initial.position";
    private static final String INITIAL_POSITION_DOC = "Where to begin for a state machine that has no stored offsets: "
            + "'latest' streams executions started from the connector's first start on; 'earliest' also backfills "
            + "every execution still retained by Step Functions (90 days); an ISO-8601 instant such as "
            + "2026-01-31T00:00:00Z backfills executions started at or after it. A backfill costs one "
            + "DescribeExecution per execution, none with execution.detail=summary.";
    public static final String INITIAL_POSITION_DEFAULT = InitialPosition.LATEST;

    public static final String POLL_INTERVAL_MS_CONFIG = "poll.interval.ms";
    private static final String POLL_INTERVAL_MS_DOC = "How often a state machine with recent changes is checked for "
            + "new and changed executions. A check costs 1 ListExecutions call (2 while long-running executions are "
            + "open; one more for redriven executions while recently failed ones may be redriven: once after each "
            + "failure, then at most every half 'poll.interval.max.ms', more often after a redrive; more calls when "
            + "many executions changed). A check that finds nothing sets the state machine's interval to a quarter of "
            + "the time it has been quiet (since the newest start, stop or redrive its listing shows), or of its mean "
            + "time between changes over the last 120 intervals if shorter, up to 'poll.interval.max.ms'; its first "
            + "change brings it back to this one. When the list rate cannot check every state machine this often, "
            + "those with changes go first.";
    public static final long POLL_INTERVAL_MS_DEFAULT = 5_000L;

    public static final String POLL_INTERVAL_MAX_MS_CONFIG = "poll.interval.max.ms";
    private static final String POLL_INTERVAL_MAX_MS_DOC = "The longest a quiet state machine waits between checks: "
            + "the latency of the first execution after a quiet spell, and the idle cost (one ListExecutions call per "
            + "state machine per interval). At the bound, each interval is drawn from 70% to 95% of it, so that state "
            + "machines that went quiet together do not come due together, and a check that comes late still keeps "
            + "the bound. At least 'poll.interval.ms'; equal to it, "
            + "every state machine is checked alike, in turn. If the quiet state machines' checks would take more than 80% of "
            + "'aws.list.executions.rate.limit', the connector logs a WARN at start and stretches the interval so "
            + "that they do not (metric quiet-check-interval-ms): 1,000 state machines fit a 10-minute interval at "
            + "2.5 calls/s.";
    public static final long POLL_INTERVAL_MAX_MS_DEFAULT = 60_000L;

    public static final String LIST_PAGE_SIZE_CONFIG = "list.page.size";
    private static final String LIST_PAGE_SIZE_DOC = "maxResults of each ListExecutions call (1 to 1000). Larger pages "
            + "mean fewer calls.";
    public static final int LIST_PAGE_SIZE_DEFAULT = 1000;

    public static final String CONSISTENCY_WINDOW_MS_CONFIG = "consistency.window.ms";
    private static final String CONSISTENCY_WINDOW_MS_DOC = "ListExecutions is eventually consistent: an execution can "
            + "appear in the list after younger ones. Each poll re-lists executions started up to this long before the "
            + "newest one already seen, so that a late one is not missed (with 'consistency.window.min.ms' set lower, "
            + "polls re-list less while the list shows none that late). A restarted task always lists this far back, and "
            + "offsets of ended executions are kept until they are this far behind. Already emitted executions are not "
            + "described again.";
    public static final long CONSISTENCY_WINDOW_MS_DEFAULT = 60_000L;

    public static final String CONSISTENCY_WINDOW_MIN_MS_CONFIG = "consistency.window.min.ms";
    private static final String CONSISTENCY_WINDOW_MIN_MS_DOC = "The least each poll re-lists below the newest "
            + "execution already seen. Between this and 'consistency.window.ms' the depth follows what the listing "
            + "shows: an execution that appears after younger ones makes it twice as deep as that execution was late "
            + "(at once, and 'consistency.window.ms' deep if it was found below the depth); with "
            + "execution.detail=summary it also covers how long the executions that ended in a poll ran, so that their "
            + "ends show in the list rather than cost a DescribeExecution; it shrinks back by a quarter a poll while "
            + "polls find new executions and none late. It starts at 'consistency.window.ms' (also after a restart). "
            + "An execution that appears later than the current depth is missed unless a page the poll reads anyway "
            + "shows it, which is why the default is a fixed window (this equal to 'consistency.window.ms', which "
            + "misses only executions later than that). Lower it (e.g. 5000) for a state machine that starts hundreds "
            + "of executions a second in execution.detail=summary, where re-listing the whole window every poll costs "
            + "a page per 1,000 executions of it.";

    public static final String TOPIC_CONFIG = "topic";
    private static final String TOPIC_DOC = "Topic that receives one record per observed execution change, keyed by "
            + "execution ARN.";

    public static final String CHECKPOINT_TOPIC_CONFIG = "checkpoint.topic";
    private static final String CHECKPOINT_TOPIC_DOC = "Topic that receives the connector's small per-state-machine "
            + "checkpoint records (keyed by state machine ARN), whose source offsets hold the listing watermark. Empty "
            + "means '<topic>.checkpoints'. A compacted topic with one partition is enough.";
    public static final String CHECKPOINT_TOPIC_SUFFIX = ".checkpoints";

    public static final String EXECUTION_STATUSES_CONFIG = "execution.statuses";
    private static final String EXECUTION_STATUSES_DOC = "Execution statuses to emit records for; changes to other "
            + "statuses are tracked but not emitted (and not described).";

    public static final String EXECUTION_DETAIL_CONFIG = "execution.detail";
    private static final String EXECUTION_DETAIL_DOC = "What each execution record carries, and so what each change "
            + "costs. "
            + "'full': every field of DescribeExecution with includedData=ALL_DATA, input and output included; one "
            + "DescribeExecution per change; needs states:DescribeExecution, and kms:Decrypt on the key of a state "
            + "machine encrypted with a customer managed KMS key. "
            + "'metadata': DescribeExecution with includedData=METADATA_ONLY: as 'full', but input and output are null "
            + "(inputDetails.included and outputDetails.included are false); one DescribeExecution per change; needs "
            + "states:DescribeExecution and no kms:Decrypt. "
            + "'summary': what the ListExecutions item shows (executionArn, stateMachineArn, name, status, startDate, "
            + "stopDate, stateMachineVersionArn, stateMachineAliasArn, redriveCount, redriveDate); input, inputDetails, "
            + "output, outputDetails, error, cause, traceHeader, mapRunArn, redriveStatus and redriveStatusReason are "
            + "null. Changes cost only the ListExecutions calls that find them, with one exception: an execution seen "
            + "running that ends after falling behind what each poll re-lists (roughly, one that runs longer than the "
            + "window: see 'consistency.window.min.ms') shows its end only by dropping out of the running list, which "
            + "does not say how it ended; that costs one DescribeExecution with METADATA_ONLY (so "
            + "states:DescribeExecution is still needed; kms:Decrypt is not). "
            + "The record schema is the same in every mode.";
    public static final String EXECUTION_DETAIL_DEFAULT = ExecutionDetail.FULL.configValue();

    public static final String PAYLOAD_MAX_BYTES_CONFIG = "payload.max.bytes";
    private static final String PAYLOAD_MAX_BYTES_DOC = "Most UTF-8 bytes of input, output, error and cause together in "
            + "one record. Step Functions allows 256 KiB each of input and output, so the default never applies with "
            + "the producer's default max.request.size of 1 MiB; lower it together with max.request.size "
            + "(producer.override.max.request.size) so that a large execution is handled here, by "
            + "'payload.oversize.behavior', rather than failing in the producer.";
    public static final int PAYLOAD_MAX_BYTES_DEFAULT = 900_000;

    public static final String PAYLOAD_OVERSIZE_BEHAVIOR_CONFIG = "payload.oversize.behavior";
    private static final String PAYLOAD_OVERSIZE_BEHAVIOR_DOC = "What to do with an execution whose payloads exceed "
            + "'payload.max.bytes': 'fail' stops the task with an error naming the execution (nothing is skipped); "
            + "'truncate' cuts input and output to fit and sets inputDetails.truncated / outputDetails.truncated.";
    public static final String PAYLOAD_OVERSIZE_FAIL = "fail";
    public static final String PAYLOAD_OVERSIZE_TRUNCATE = "truncate";

    public static final String STALL_THRESHOLD_MS_CONFIG = "stall.threshold.ms";
    private static final String STALL_THRESHOLD_MS_DOC = "How long a record handed to Kafka Connect may wait for Kafka's "
            + "acknowledgement before the task logs an ERROR naming the topics and the likely fix (a topic that does "
            + "not exist, a missing Write ACL, an unavailable broker), and the metric delivery-stalled turns 1. "
            + "Connect's producer otherwise waits for a missing topic for ever with a WARN line per second. With "
            + "exactly-once delivery and 'transaction.boundary=interval', records are acknowledged only when their "
            + "transaction commits, so the interval ('transaction.boundary.interval.ms', else 60 s) is added.";
    public static final long STALL_THRESHOLD_MS_DEFAULT = 120_000L;
    /** Connect's transaction boundary settings (KIP-618); with 'interval', records are acknowledged per interval. */
    private static final String TRANSACTION_BOUNDARY_CONFIG = "transaction.boundary";
    private static final String TRANSACTION_BOUNDARY_INTERVAL_MS_CONFIG = "transaction.boundary.interval.ms";
    /** The worker's offset.flush.interval.ms default, which an interval boundary without its own interval uses. */
    private static final long WORKER_OFFSET_FLUSH_INTERVAL_MS_DEFAULT = 60_000L;

    public static final String MAP_RUNS_CONFIG = "map.runs";
    private static final String MAP_RUNS_DOC = "What to stream of Distributed Map states, whose child workflow "
            + "executions ListExecutions by state machine never shows. "
            + "'children': each child execution's changes, to 'topic', as for any execution (with mapRunArn and "
            + "parentExecutionArn set), STANDARD and EXPRESS children alike; "
            + "'progress': a record per Map Run change (status, item and execution counts) to "
            + "'map.run.progress.topic'; 'both'; 'off'. "
            + "Only a state machine whose definition has a Distributed Map state costs anything more: its definition is "
            + "read once at start (DescribeStateMachine; kms:Decrypt if it is encrypted with a customer managed key), "
            + "each of its running executions costs one ListMapRuns per 'map.run.discovery.interval.ms', one when it "
            + "ends and one after a redrive; each open Map Run costs the ListExecutions calls of a state machine per "
            + "poll ('children') and one DescribeMapRun per poll ('progress'). Needs states:ListMapRuns, "
            + "states:DescribeMapRun and states:ListExecutions on the Map Runs (docs/security.md). 'children' is the "
            + "default because children are executions like any other (same topic, schema and ACLs, and usually "
            + "most of the work); progress records need a topic of their own, so they are asked for.";
    public static final String MAP_RUNS_DEFAULT = MapRuns.CHILDREN.configValue();

    public static final String MAP_RUN_CHILD_DETAIL_CONFIG = "map.run.child.detail";
    private static final String MAP_RUN_CHILD_DETAIL_DOC = "What each child execution record carries, as "
            + "'execution.detail' does for other executions: 'summary' (the default: a listed page carries up to 1,000 "
            + "children, so a Map Run of 10,000 children costs about 10 ListExecutions per pass, not 10,000 "
            + "DescribeExecution; children that end long after younger ones started are found ended by listing every "
            + "status, not described), 'metadata' or 'full' (one DescribeExecution per child change).";
    public static final String MAP_RUN_CHILD_DETAIL_DEFAULT = ExecutionDetail.SUMMARY.configValue();

    public static final String MAP_RUN_CHILD_STATUSES_CONFIG = "map.run.child.statuses";
    private static final String MAP_RUN_CHILD_STATUSES_DOC = "Child execution statuses to emit records for, as "
            + "'execution.statuses' does for other executions; for example SUCCEEDED,FAILED,TIMED_OUT,ABORTED for one "
            + "record per child attempt.";

    public static final String MAP_RUN_PROGRESS_TOPIC_CONFIG = "map.run.progress.topic";
    private static final String MAP_RUN_PROGRESS_TOPIC_DOC = "Topic of the Map Run progress records (map.runs=progress "
            + "or both), keyed by Map Run ARN. Empty means '<topic>.map-runs'.";
    public static final String MAP_RUN_PROGRESS_TOPIC_SUFFIX = ".map-runs";

    public static final String MAP_RUN_DISCOVERY_INTERVAL_MS_CONFIG = "map.run.discovery.interval.ms";
    private static final String MAP_RUN_DISCOVERY_INTERVAL_MS_DOC = "The longest gap between two ListMapRuns calls "
            + "for a running execution of a state machine with a Distributed Map state. An execution is first asked a "
            + "poll interval after it is seen running, then at gaps that double up to this; also once when it ends "
            + "(before its end is recorded) and at once after a redrive. So this bounds how late a Map Run started "
            + "late in a long execution is found. With n such executions running, the discovery costs about "
            + "n / interval ListMapRuns calls per second, plus a few in each execution's first interval and one at "
            + "its end, within 'aws.map.run.rate.limit'.";
    public static final long MAP_RUN_DISCOVERY_INTERVAL_MS_DEFAULT = 60_000L;

    public static final String CLOUDWATCH_METRICS_ENABLED_CONFIG = "cloudwatch.metrics.enabled";
    private static final String CLOUDWATCH_METRICS_ENABLED_DOC = "Publish the AWS SDK's metrics of the connector's "
            + "Step Functions calls (per operation: call count and duration, attempts, retries, throttling, errors) "
            + "to Amazon CloudWatch every minute, with the SDK's CloudWatch metric publisher: for Amazon MSK Connect, "
            + "where JMX cannot be read. Needs cloudwatch:PutMetricData; costs one PutMetricData call a minute per "
            + "task and the custom metrics it creates. The connector's own metrics (docs/metrics.md) stay in JMX.";
    public static final String CLOUDWATCH_METRICS_NAMESPACE_CONFIG = "cloudwatch.metrics.namespace";
    private static final String CLOUDWATCH_METRICS_NAMESPACE_DOC = "CloudWatch namespace of those metrics. Empty: "
            + "'KafkaConnect/StepFunctions/<connector name>', so that two connectors' calls stay apart (the SDK's "
            + "dimensions are only the service and the operation).";
    public static final String CLOUDWATCH_METRICS_ENDPOINT_URL_CONFIG = "cloudwatch.metrics.endpoint.url";
    private static final String CLOUDWATCH_METRICS_ENDPOINT_URL_DOC = "Override of the CloudWatch endpoint, for a "
            + "VPC interface endpoint without private DNS; empty for the regional endpoint.";

    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public static final ConfigDef CONFIG_DEF = configDef();

    public StepFunctionsSourceConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
    }

    protected StepFunctionsSourceConfig(ConfigDef definition, Map<?, ?> originals, boolean doLog) {
        super(definition, originals, doLog);
    }

    /** A config that does not log its values: for validation, which runs on every REST validate call. */
    public static StepFunctionsSourceConfig quiet(Map<?, ?> originals) {
        return new StepFunctionsSourceConfig(originals, false);
    }

    private StepFunctionsSourceConfig(Map<?, ?> originals, boolean doLog) {
        super(CONFIG_DEF, originals, doLog);
    }

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        addAwsGroup(def);
        addCredentialsGroup(def);
        addQuotaGroup(def);
        addSourceGroup(def);
        addDiscoveryGroup(def);
        addPollingGroup(def);
        addRecordGroup(def);
        addMapRunGroup(def);
        addMonitoringGroup(def);
        return def;
    }

    private static void addAwsGroup(ConfigDef def) {
        int order = 0;
        def.define(AWS_REGION_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Validators.REGION, Importance.HIGH,
                AWS_REGION_DOC, AWS_GROUP, ++order, Width.SHORT, AWS_REGION_DISPLAY);
        def.define(AWS_ENDPOINT_URL_CONFIG, Type.STRING, "", Validators.OPTIONAL_URL, Importance.LOW,
                AWS_ENDPOINT_URL_DOC, AWS_GROUP, ++order, Width.LONG, AWS_ENDPOINT_URL_DISPLAY);
        def.define(AWS_API_CALL_TIMEOUT_MS_CONFIG, Type.LONG, AWS_API_CALL_TIMEOUT_MS_DEFAULT,
                ConfigDef.Range.atLeast(1_000), Importance.LOW, AWS_API_CALL_TIMEOUT_MS_DOC, AWS_GROUP, ++order,
                Width.SHORT, "API call timeout (ms)");
        def.define(AWS_API_ATTEMPT_TIMEOUT_MS_CONFIG, Type.LONG, AWS_API_ATTEMPT_TIMEOUT_MS_DEFAULT,
                ConfigDef.Range.atLeast(100), Importance.LOW, AWS_API_ATTEMPT_TIMEOUT_MS_DOC, AWS_GROUP, ++order,
                Width.SHORT, "API attempt timeout (ms)");
        def.define(AWS_MAX_ATTEMPTS_CONFIG, Type.INT, AWS_MAX_ATTEMPTS_DEFAULT, ConfigDef.Range.between(1, 100),
                Importance.LOW, AWS_MAX_ATTEMPTS_DOC, AWS_GROUP, ++order, Width.SHORT, "API attempts");
    }

    private static void addCredentialsGroup(ConfigDef def) {
        int order = 0;
        def.define(AWS_ACCESS_KEY_ID_CONFIG, Type.PASSWORD, null, Importance.HIGH, AWS_ACCESS_KEY_ID_DOC,
                CREDENTIALS_GROUP, ++order, Width.MEDIUM, "Access key id");
        def.define(AWS_SECRET_ACCESS_KEY_CONFIG, Type.PASSWORD, null, Importance.HIGH, AWS_SECRET_ACCESS_KEY_DOC,
                CREDENTIALS_GROUP, ++order, Width.MEDIUM, "Secret access key");
        def.define(AWS_SESSION_TOKEN_CONFIG, Type.PASSWORD, null, Importance.LOW, AWS_SESSION_TOKEN_DOC,
                CREDENTIALS_GROUP, ++order, Width.LONG, "Session token");
        def.define(AWS_PROFILE_CONFIG, Type.STRING, "", Importance.MEDIUM, AWS_PROFILE_DOC,
                CREDENTIALS_GROUP, ++order, Width.MEDIUM, "Profile");
        def.define(AWS_ASSUME_ROLE_ARN_CONFIG, Type.STRING, "", Importance.MEDIUM, AWS_ASSUME_ROLE_ARN_DOC,
                CREDENTIALS_GROUP, ++order, Width.LONG, "Role to assume",
                List.of(AWS_ASSUME_ROLE_EXTERNAL_ID_CONFIG, AWS_ASSUME_ROLE_SESSION_NAME_CONFIG));
        def.define(AWS_ASSUME_ROLE_EXTERNAL_ID_CONFIG, Type.PASSWORD, null, Importance.LOW,
                AWS_ASSUME_ROLE_EXTERNAL_ID_DOC, CREDENTIALS_GROUP, ++order, Width.MEDIUM, "External id");
        def.define(AWS_ASSUME_ROLE_SESSION_NAME_CONFIG, Type.STRING, AWS_ASSUME_ROLE_SESSION_NAME_DEFAULT,
                new ConfigDef.NonEmptyString(), Importance.LOW, AWS_ASSUME_ROLE_SESSION_NAME_DOC, CREDENTIALS_GROUP,
                ++order, Width.MEDIUM, "Role session name");
    }

    private static void addQuotaGroup(ConfigDef def) {
        int order = 0;
        def.define(LIST_RATE_LIMIT_CONFIG, Type.DOUBLE, null, Validators.POSITIVE_RATE_OR_UNSET,
                Importance.MEDIUM, LIST_RATE_LIMIT_DOC, QUOTA_GROUP, ++order, Width.SHORT, "ListExecutions per second");
        def.define(DESCRIBE_RATE_LIMIT_CONFIG, Type.DOUBLE, null, Validators.POSITIVE_RATE_OR_UNSET,
                Importance.MEDIUM, DESCRIBE_RATE_LIMIT_DOC, QUOTA_GROUP, ++order, Width.SHORT,
                "DescribeExecution per second");
        def.define(MAP_RUN_RATE_LIMIT_CONFIG, Type.DOUBLE, null, Validators.POSITIVE_RATE_OR_UNSET,
                Importance.LOW, MAP_RUN_RATE_LIMIT_DOC, QUOTA_GROUP, ++order, Width.SHORT,
                "ListMapRuns and DescribeMapRun per second");
    }

    private static void addSourceGroup(ConfigDef def) {
        int order = 0;
        def.define(STATE_MACHINE_ARNS_CONFIG, Type.LIST, "", Validators.STATE_MACHINE_ARNS,
                Importance.HIGH, STATE_MACHINE_ARNS_DOC, SOURCE_GROUP, ++order, Width.LONG, STATE_MACHINE_ARNS_DISPLAY);
        def.define(INITIAL_POSITION_CONFIG, Type.STRING, INITIAL_POSITION_DEFAULT, Validators.INITIAL_POSITION,
                Importance.MEDIUM, INITIAL_POSITION_DOC, SOURCE_GROUP, ++order, Width.MEDIUM, "Initial position");
    }

    private static void addDiscoveryGroup(ConfigDef def) {
        int order = 0;
        def.define(STATE_MACHINE_NAME_PATTERN_CONFIG, Type.STRING, "", Validators.NAME_PATTERN, Importance.HIGH,
                STATE_MACHINE_NAME_PATTERN_DOC, DISCOVERY_GROUP, ++order, Width.LONG, "Name pattern");
        def.define(STATE_MACHINE_TAGS_CONFIG, Type.LIST, "", Validators.TAGS, Importance.HIGH,
                STATE_MACHINE_TAGS_DOC, DISCOVERY_GROUP, ++order, Width.LONG, "Tags");
        def.define(DISCOVERY_INTERVAL_MS_CONFIG, Type.LONG, DISCOVERY_INTERVAL_MS_DEFAULT,
                ConfigDef.Range.atLeast(DISCOVERY_INTERVAL_MS_MIN), Importance.LOW, DISCOVERY_INTERVAL_MS_DOC,
                DISCOVERY_GROUP, ++order, Width.SHORT, "Discovery interval (ms)");
    }

    private static void addPollingGroup(ConfigDef def) {
        int order = 0;
        def.define(POLL_INTERVAL_MS_CONFIG, Type.LONG, POLL_INTERVAL_MS_DEFAULT, ConfigDef.Range.atLeast(100),
                Importance.MEDIUM, POLL_INTERVAL_MS_DOC, POLLING_GROUP, ++order, Width.SHORT, "Poll interval (ms)");
        def.define(POLL_INTERVAL_MAX_MS_CONFIG, Type.LONG, POLL_INTERVAL_MAX_MS_DEFAULT, ConfigDef.Range.atLeast(100),
                Importance.MEDIUM, POLL_INTERVAL_MAX_MS_DOC, POLLING_GROUP, ++order, Width.SHORT,
                "Quiet poll interval bound (ms)");
        def.define(LIST_PAGE_SIZE_CONFIG, Type.INT, LIST_PAGE_SIZE_DEFAULT, ConfigDef.Range.between(1, 1000),
                Importance.LOW, LIST_PAGE_SIZE_DOC, POLLING_GROUP, ++order, Width.SHORT, "List page size");
        def.define(CONSISTENCY_WINDOW_MS_CONFIG, Type.LONG, CONSISTENCY_WINDOW_MS_DEFAULT, ConfigDef.Range.atLeast(0),
                Importance.LOW, CONSISTENCY_WINDOW_MS_DOC, POLLING_GROUP, ++order, Width.SHORT,
                "Consistency window (ms)");
        def.define(CONSISTENCY_WINDOW_MIN_MS_CONFIG, Type.LONG, null, Validators.NON_NEGATIVE_OR_UNSET,
                Importance.LOW, CONSISTENCY_WINDOW_MIN_MS_DOC, POLLING_GROUP, ++order,
                Width.SHORT, "Least consistency window (ms)");
    }

    private static void addRecordGroup(ConfigDef def) {
        int order = 0;
        def.define(TOPIC_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, topicValidator(false), Importance.HIGH,
                TOPIC_DOC, RECORD_GROUP, ++order, Width.MEDIUM, "Topic");
        def.define(CHECKPOINT_TOPIC_CONFIG, Type.STRING, "", topicValidator(true), Importance.LOW,
                CHECKPOINT_TOPIC_DOC, RECORD_GROUP, ++order, Width.MEDIUM, "Checkpoint topic");
        def.define(EXECUTION_STATUSES_CONFIG, Type.LIST, allStatuses(),
                ConfigDef.ValidList.in(Arrays.stream(ExecutionStatus.values()).map(Enum::name).toArray(String[]::new)),
                Importance.MEDIUM, EXECUTION_STATUSES_DOC, RECORD_GROUP, ++order, Width.LONG, "Execution statuses");
        def.define(EXECUTION_DETAIL_CONFIG, Type.STRING, EXECUTION_DETAIL_DEFAULT, Validators.EXECUTION_DETAIL,
                Importance.MEDIUM, EXECUTION_DETAIL_DOC, RECORD_GROUP, ++order, Width.SHORT, "Execution detail");
        def.define(PAYLOAD_MAX_BYTES_CONFIG, Type.INT, PAYLOAD_MAX_BYTES_DEFAULT, ConfigDef.Range.atLeast(1_024),
                Importance.LOW, PAYLOAD_MAX_BYTES_DOC, RECORD_GROUP, ++order, Width.SHORT, "Payload limit (bytes)");
        def.define(PAYLOAD_OVERSIZE_BEHAVIOR_CONFIG, Type.STRING, PAYLOAD_OVERSIZE_FAIL,
                ConfigDef.CaseInsensitiveValidString.in(PAYLOAD_OVERSIZE_FAIL, PAYLOAD_OVERSIZE_TRUNCATE),
                Importance.LOW, PAYLOAD_OVERSIZE_BEHAVIOR_DOC, RECORD_GROUP, ++order, Width.SHORT,
                "Oversize payload behavior");
        def.define(STALL_THRESHOLD_MS_CONFIG, Type.LONG, STALL_THRESHOLD_MS_DEFAULT, ConfigDef.Range.atLeast(1_000),
                Importance.LOW, STALL_THRESHOLD_MS_DOC, RECORD_GROUP, ++order, Width.SHORT, "Stall threshold (ms)");
    }

    private static void addMapRunGroup(ConfigDef def) {
        int order = 0;
        def.define(MAP_RUNS_CONFIG, Type.STRING, MAP_RUNS_DEFAULT, Validators.MAP_RUNS, Importance.MEDIUM,
                MAP_RUNS_DOC, MAP_RUN_GROUP, ++order, Width.SHORT, "Map Runs");
        def.define(MAP_RUN_CHILD_DETAIL_CONFIG, Type.STRING, MAP_RUN_CHILD_DETAIL_DEFAULT, Validators.EXECUTION_DETAIL,
                Importance.LOW, MAP_RUN_CHILD_DETAIL_DOC, MAP_RUN_GROUP, ++order, Width.SHORT, "Child detail");
        def.define(MAP_RUN_CHILD_STATUSES_CONFIG, Type.LIST, allStatuses(),
                ConfigDef.ValidList.in(Arrays.stream(ExecutionStatus.values()).map(Enum::name).toArray(String[]::new)),
                Importance.LOW, MAP_RUN_CHILD_STATUSES_DOC, MAP_RUN_GROUP, ++order, Width.LONG, "Child statuses");
        def.define(MAP_RUN_PROGRESS_TOPIC_CONFIG, Type.STRING, "", topicValidator(true), Importance.LOW,
                MAP_RUN_PROGRESS_TOPIC_DOC, MAP_RUN_GROUP, ++order, Width.MEDIUM, "Progress topic");
        def.define(MAP_RUN_DISCOVERY_INTERVAL_MS_CONFIG, Type.LONG, MAP_RUN_DISCOVERY_INTERVAL_MS_DEFAULT,
                ConfigDef.Range.atLeast(1_000), Importance.LOW, MAP_RUN_DISCOVERY_INTERVAL_MS_DOC, MAP_RUN_GROUP,
                ++order, Width.SHORT, "Discovery interval (ms)");
    }

    private static void addMonitoringGroup(ConfigDef def) {
        int order = 0;
        def.define(CLOUDWATCH_METRICS_ENABLED_CONFIG, Type.BOOLEAN, false, Importance.LOW,
                CLOUDWATCH_METRICS_ENABLED_DOC, MONITORING_GROUP, ++order, Width.SHORT, "CloudWatch metrics");
        def.define(CLOUDWATCH_METRICS_NAMESPACE_CONFIG, Type.STRING, "", Validators.CLOUDWATCH_NAMESPACE,
                Importance.LOW, CLOUDWATCH_METRICS_NAMESPACE_DOC, MONITORING_GROUP, ++order, Width.MEDIUM,
                "CloudWatch namespace");
        def.define(CLOUDWATCH_METRICS_ENDPOINT_URL_CONFIG, Type.STRING, "", Validators.OPTIONAL_URL, Importance.LOW,
                CLOUDWATCH_METRICS_ENDPOINT_URL_DOC, MONITORING_GROUP, ++order, Width.LONG, "CloudWatch endpoint");
    }

    private static String allStatuses() {
        return Arrays.stream(ExecutionStatus.values()).map(Enum::name).collect(Collectors.joining(","));
    }

    private static ConfigDef.Validator topicValidator(boolean optional) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                String topic = (String) value;
                if (optional && (topic == null || topic.isEmpty())) {
                    return;
                }
                if (topic == null || !TOPIC_NAME.matcher(topic).matches() || ".".equals(topic) || "..".equals(topic)) {
                    throw new ConfigException(name, value, "Must be a Kafka topic name: 1 to 249 characters among "
                            + "ASCII letters, digits, '.', '_' and '-'");
                }
            }

            @Override
            public String toString() {
                return (optional ? "empty, or " : "") + "a Kafka topic name";
            }
        };
    }

    public String region() {
        return getString(AWS_REGION_CONFIG).trim();
    }

    /** The endpoint override, or null for the regional endpoint. */
    public boolean cloudWatchMetricsEnabled() {
        return getBoolean(CLOUDWATCH_METRICS_ENABLED_CONFIG);
    }

    /** The configured CloudWatch namespace, or one that names the connector. */
    public String cloudWatchMetricsNamespace(String connectorName) {
        String namespace = getString(CLOUDWATCH_METRICS_NAMESPACE_CONFIG).trim();
        if (!namespace.isEmpty()) {
            return namespace;
        }
        String derived = "KafkaConnect/StepFunctions/" + connectorName.replaceAll("[^A-Za-z0-9._/#: -]", "_");
        return derived.length() > 255 ? derived.substring(0, 255) : derived;
    }

    public String cloudWatchMetricsEndpointUrl() {
        return optionalUrl(CLOUDWATCH_METRICS_ENDPOINT_URL_CONFIG);
    }

    public String endpointUrl() {
        return optionalUrl(AWS_ENDPOINT_URL_CONFIG);
    }

    /** An endpoint override, or null for the regional endpoint. */
    private String optionalUrl(String key) {
        String url = getString(key);
        return url == null || url.isBlank() ? null : url.trim();
    }

    public Duration apiCallTimeout() {
        return Duration.ofMillis(getLong(AWS_API_CALL_TIMEOUT_MS_CONFIG));
    }

    public Duration apiAttemptTimeout() {
        return Duration.ofMillis(getLong(AWS_API_ATTEMPT_TIMEOUT_MS_CONFIG));
    }

    public int maxAttempts() {
        return getInt(AWS_MAX_ATTEMPTS_CONFIG);
    }

    public String accessKeyId() {
        return secret(AWS_ACCESS_KEY_ID_CONFIG);
    }

    public String secretAccessKey() {
        return secret(AWS_SECRET_ACCESS_KEY_CONFIG);
    }

    public String sessionToken() {
        return secret(AWS_SESSION_TOKEN_CONFIG);
    }

    public String profile() {
        return blankToNull(getString(AWS_PROFILE_CONFIG));
    }

    public String assumeRoleArn() {
        return blankToNull(getString(AWS_ASSUME_ROLE_ARN_CONFIG));
    }

    public String assumeRoleExternalId() {
        return secret(AWS_ASSUME_ROLE_EXTERNAL_ID_CONFIG);
    }

    public String assumeRoleSessionName() {
        return getString(AWS_ASSUME_ROLE_SESSION_NAME_CONFIG);
    }

    /** The connector-wide ListExecutions rate, in calls per second: as set, or half the region's refill. */
    public double listRateLimit() {
        Double set = getDouble(LIST_RATE_LIMIT_CONFIG);
        return set != null ? set : PublishedQuotas.DEFAULT_SHARE * PublishedQuotas.listExecutionsRefill(region());
    }

    /** The connector-wide DescribeExecution rate, in calls per second: as set, or half the region's refill. */
    public double describeRateLimit() {
        Double set = getDouble(DESCRIBE_RATE_LIMIT_CONFIG);
        return set != null ? set : PublishedQuotas.DEFAULT_SHARE * PublishedQuotas.describeExecutionRefill(region());
    }

    public List<StateMachineArn> stateMachineArns() {
        return getList(STATE_MACHINE_ARNS_CONFIG).stream()
                .filter(s -> !s.isBlank())
                .map(StateMachineArn::parse)
                .collect(Collectors.toList());
    }

    /** The name pattern, or empty when no state machine is selected by name. */
    public Optional<Pattern> stateMachineNamePattern() {
        String pattern = getString(STATE_MACHINE_NAME_PATTERN_CONFIG);
        return pattern == null || pattern.isEmpty() ? Optional.empty()
                : Optional.of(Pattern.compile(pattern));
    }

    /** The tags a selected state machine must all carry; empty when none are asked for. */
    public Map<String, String> stateMachineTags() {
        return Validators.parseTags(getList(STATE_MACHINE_TAGS_CONFIG));
    }

    /** Whether state machines are selected by name or tags, and so looked up every discovery interval. */
    public boolean discoversStateMachines() {
        return stateMachineNamePattern().isPresent() || !stateMachineTags().isEmpty();
    }

    public Duration discoveryInterval() {
        return Duration.ofMillis(getLong(DISCOVERY_INTERVAL_MS_CONFIG));
    }

    public InitialPosition initialPosition() {
        return InitialPosition.parse(getString(INITIAL_POSITION_CONFIG));
    }

    public Duration pollInterval() {
        return Duration.ofMillis(getLong(POLL_INTERVAL_MS_CONFIG));
    }

    /** The longest a quiet state machine waits between checks (never below the poll interval). */
    public Duration pollIntervalMax() {
        return Duration.ofMillis(Math.max(getLong(POLL_INTERVAL_MAX_MS_CONFIG), getLong(POLL_INTERVAL_MS_CONFIG)));
    }

    /**
     * How long a record may wait for Kafka's acknowledgement before the task reports a stall: the configured
     * threshold, plus the transaction interval when exactly-once delivery acknowledges records per interval.
     */
    public long stallThresholdMs() {
        long threshold = getLong(STALL_THRESHOLD_MS_CONFIG);
        Object boundary = originals().get(TRANSACTION_BOUNDARY_CONFIG);
        if (boundary == null || !"interval".equalsIgnoreCase(boundary.toString().trim())) {
            return threshold;
        }
        Object interval = originals().get(TRANSACTION_BOUNDARY_INTERVAL_MS_CONFIG);
        try {
            return threshold + (interval == null ? WORKER_OFFSET_FLUSH_INTERVAL_MS_DEFAULT
                    : Long.parseLong(interval.toString().trim()));
        } catch (NumberFormatException e) {
            return threshold + WORKER_OFFSET_FLUSH_INTERVAL_MS_DEFAULT; // Connect itself refuses such a value
        }
    }

    public int listPageSize() {
        return getInt(LIST_PAGE_SIZE_CONFIG);
    }

    public Duration consistencyWindow() {
        return Duration.ofMillis(getLong(CONSISTENCY_WINDOW_MS_CONFIG));
    }

    /** The least depth of the window listing; at most {@link #consistencyWindow()}. */
    public Duration consistencyWindowMin() {
        Long set = getLong(CONSISTENCY_WINDOW_MIN_MS_CONFIG);
        long windowMs = getLong(CONSISTENCY_WINDOW_MS_CONFIG);
        return Duration.ofMillis(set == null ? windowMs : Math.min(set, windowMs));
    }

    public String topic() {
        return getString(TOPIC_CONFIG);
    }

    public String checkpointTopic() {
        String topic = getString(CHECKPOINT_TOPIC_CONFIG);
        return topic == null || topic.isEmpty() ? topic() + CHECKPOINT_TOPIC_SUFFIX : topic;
    }

    public Set<ExecutionStatus> executionStatuses() {
        return statuses(EXECUTION_STATUSES_CONFIG);
    }

    private Set<ExecutionStatus> statuses(String key) {
        Set<ExecutionStatus> statuses = EnumSet.noneOf(ExecutionStatus.class);
        getList(key).forEach(s -> statuses.add(ExecutionStatus.valueOf(s.trim())));
        return statuses;
    }

    public MapRuns mapRuns() {
        return MapRuns.parse(getString(MAP_RUNS_CONFIG));
    }

    public ExecutionDetail mapRunChildDetail() {
        return ExecutionDetail.parse(getString(MAP_RUN_CHILD_DETAIL_CONFIG));
    }

    public Set<ExecutionStatus> mapRunChildStatuses() {
        return statuses(MAP_RUN_CHILD_STATUSES_CONFIG);
    }

    public String mapRunProgressTopic() {
        String topic = getString(MAP_RUN_PROGRESS_TOPIC_CONFIG);
        return topic == null || topic.isEmpty() ? topic() + MAP_RUN_PROGRESS_TOPIC_SUFFIX : topic;
    }

    public Duration mapRunDiscoveryInterval() {
        return Duration.ofMillis(getLong(MAP_RUN_DISCOVERY_INTERVAL_MS_CONFIG));
    }

    /** The connector-wide rate of ListMapRuns, and of DescribeMapRun, in calls per second. */
    public double mapRunRateLimit() {
        Double set = getDouble(MAP_RUN_RATE_LIMIT_CONFIG);
        return set != null ? set : PublishedQuotas.DEFAULT_SHARE * PublishedQuotas.mapRunRefill(region());
    }

    public ExecutionDetail executionDetail() {
        return ExecutionDetail.parse(getString(EXECUTION_DETAIL_CONFIG));
    }

    public PayloadLimit payloadLimit() {
        return new PayloadLimit(getInt(PAYLOAD_MAX_BYTES_CONFIG),
                PAYLOAD_OVERSIZE_TRUNCATE.equalsIgnoreCase(getString(PAYLOAD_OVERSIZE_BEHAVIOR_CONFIG)));
    }

    private String secret(String key) {
        Password password = getPassword(key);
        return password == null ? null : blankToNull(password.value());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
