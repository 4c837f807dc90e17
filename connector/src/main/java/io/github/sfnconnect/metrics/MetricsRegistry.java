package io.github.sfnconnect.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.MetricNameTemplate;

/**
 * Every metric the connector reports, as templates (the style of Connect's own {@code ConnectMetricsRegistry}), so
 * that the names live in one place and the reference page ({@code docs/metrics.md}) is generated from them.
 */
public final class MetricsRegistry {

    /** The JMX domain: {@code kafka.connect.stepfunctions:type=<group>,<tags>}. */
    public static final String JMX_DOMAIN = "kafka.connect.stepfunctions";
    public static final String STATE_MACHINE_GROUP = "state-machine-metrics";
    public static final String STATUS_GROUP = "state-machine-status-metrics";
    public static final String API_GROUP = "api-metrics";
    public static final String DELIVERY_GROUP = "delivery-metrics";
    public static final String MAP_RUN_GROUP = "map-run-metrics";
    public static final String SCHEDULE_GROUP = "schedule-metrics";

    public static final String CONNECTOR_TAG = "connector";
    public static final String TASK_TAG = "task";
    public static final String STATE_MACHINE_TAG = "state-machine";
    public static final String STATUS_TAG = "status";
    public static final String ACTION_TAG = "action";

    private final List<MetricNameTemplate> all = new ArrayList<>();

    // per state machine
    public final MetricNameTemplate listCalls;
    public final MetricNameTemplate describeCalls;
    public final MetricNameTemplate recordsTotal;
    public final MetricNameTemplate recordsRate;
    public final MetricNameTemplate recordLagAvg;
    public final MetricNameTemplate recordLagMax;
    public final MetricNameTemplate behindSource;
    public final MetricNameTemplate openExecutions;
    public final MetricNameTemplate trackedExecutions;
    public final MetricNameTemplate windowDepth;
    public final MetricNameTemplate pollFailures;
    public final MetricNameTemplate consecutivePollFailures;
    public final MetricNameTemplate lastCycleTimestamp;
    public final MetricNameTemplate timeSinceLastCycle;
    public final MetricNameTemplate checkInterval;
    // per state machine and execution status
    public final MetricNameTemplate recordsByStatus;
    // per task and API action
    public final MetricNameTemplate apiCalls;
    public final MetricNameTemplate apiCallLatencyAvg;
    public final MetricNameTemplate apiCallLatencyMax;
    public final MetricNameTemplate apiCallErrors;
    public final MetricNameTemplate apiAttempts;
    public final MetricNameTemplate apiRetries;
    public final MetricNameTemplate apiThrottled;
    public final MetricNameTemplate rateLimitWait;
    // per state machine with a Distributed Map state
    public final MetricNameTemplate mapRunsStreamed;
    public final MetricNameTemplate mapRunsFound;
    public final MetricNameTemplate mapRunsVanished;
    public final MetricNameTemplate endsWaitingForMapRuns;
    // per task: when its state machines are checked
    public final MetricNameTemplate stateMachinesScheduled;
    public final MetricNameTemplate roundRobinInterval;
    public final MetricNameTemplate quietCheckInterval;
    public final MetricNameTemplate checks;
    public final MetricNameTemplate checksWithoutChange;
    // per task: records handed to Connect
    public final MetricNameTemplate awaitingAcknowledgement;
    public final MetricNameTemplate oldestUnacknowledgedAge;
    public final MetricNameTemplate deliveryStalled;
    public final MetricNameTemplate recordsDropped;

    public MetricsRegistry() {
        Set<String> machine = tags(CONNECTOR_TAG, TASK_TAG, STATE_MACHINE_TAG);
        listCalls = add("list-executions-calls-total", STATE_MACHINE_GROUP,
                "ListExecutions calls made for the state machine (each page is one call)", machine);
        describeCalls = add("describe-execution-calls-total", STATE_MACHINE_GROUP,
                "DescribeExecution calls made for the state machine's executions", machine);
        recordsTotal = add("records-emitted-total", STATE_MACHINE_GROUP,
                "Execution records emitted (one per observed status change)", machine);
        recordsRate = add("records-emitted-rate", STATE_MACHINE_GROUP,
                "Execution records emitted per second", machine);
        recordLagAvg = add("record-lag-ms-avg", STATE_MACHINE_GROUP,
                "Time from an execution's change (start, stop or redrive date) to its record, average", machine);
        recordLagMax = add("record-lag-ms-max", STATE_MACHINE_GROUP,
                "Time from an execution's change to its record, maximum", machine);
        behindSource = add("milliseconds-behind-source", STATE_MACHINE_GROUP,
                "Time from the change of the last emitted record to its emission (as Debezium's "
                        + "MilliSecondsBehindSource); -1 before the first record", machine);
        openExecutions = add("open-executions", STATE_MACHINE_GROUP,
                "Executions the task tracks as open (RUNNING or PENDING_REDRIVE)", machine);
        trackedExecutions = add("tracked-executions", STATE_MACHINE_GROUP,
                "Executions the task holds in memory (open, and final ones inside the consistency window)", machine);
        windowDepth = add("window-depth-ms", STATE_MACHINE_GROUP,
                "How far below the newest execution already seen the next poll re-lists (between "
                        + "consistency.window.min.ms and consistency.window.ms); -1 before the first poll", machine);
        pollFailures = add("poll-failures-total", STATE_MACHINE_GROUP,
                "Polls that failed after the SDK's retries (throttling, 5xx, timeouts)", machine);
        consecutivePollFailures = add("consecutive-poll-failures", STATE_MACHINE_GROUP,
                "Polls failed in a row; above 0 the state machine is not making progress", machine);
        lastCycleTimestamp = add("last-successful-poll-timestamp", STATE_MACHINE_GROUP,
                "When the last complete poll cycle ended (epoch ms); 0 before the first", machine);
        timeSinceLastCycle = add("time-since-last-cycle-ms", STATE_MACHINE_GROUP,
                "Time since the last complete poll cycle (or since the task started)", machine);
        checkInterval = add("check-interval-ms", STATE_MACHINE_GROUP,
                "The state machine's interval between checks now: poll.interval.ms after a change, a quarter of its quiet time "
                        + "(or of its recent mean time between changes, if shorter) after a check that found nothing, up "
                        + "to quiet-check-interval-ms", machine);
        recordsByStatus = add("records-emitted-total", STATUS_GROUP,
                "Execution records emitted with this status", tags(CONNECTOR_TAG, TASK_TAG, STATE_MACHINE_TAG,
                        STATUS_TAG));
        mapRunsStreamed = add("map-runs-streamed", MAP_RUN_GROUP,
                "Map Runs of the state machine's executions being streamed now (found, not yet stopped and stored)",
                machine);
        mapRunsFound = add("map-runs-found-total", MAP_RUN_GROUP,
                "Map Runs found by ListMapRuns (again after a redrive of one dropped before)", machine);
        mapRunsVanished = add("map-runs-vanished-total", MAP_RUN_GROUP,
                "Map Runs that were gone (ResourceNotFound) while streamed: their remaining changes are not in Kafka",
                machine);
        endsWaitingForMapRuns = add("ends-waiting-for-map-runs", MAP_RUN_GROUP,
                "Executions whose end waits to be recorded until their Map Runs were looked for (ListMapRuns, within "
                        + "aws.map.run.rate.limit); growing means executions end faster than that rate", machine);
        Set<String> action = tags(CONNECTOR_TAG, TASK_TAG, ACTION_TAG);
        apiCalls = add("calls-total", API_GROUP,
                "API calls made (a call and its retries count once)", action);
        apiCallLatencyAvg = add("call-latency-ms-avg", API_GROUP,
                "Duration of a call including its retries and backoff, average", action);
        apiCallLatencyMax = add("call-latency-ms-max", API_GROUP,
                "Duration of a call including its retries and backoff, maximum", action);
        apiCallErrors = add("call-errors-total", API_GROUP,
                "Calls that failed after the SDK's retries", action);
        apiAttempts = add("attempts-total", API_GROUP,
                "HTTP requests sent: each call's first attempt and its retries (what the AWS quota counts)", action);
        apiRetries = add("retries-total", API_GROUP,
                "Attempts retried after throttling, a 5xx, a timeout or a connection failure", action);
        apiThrottled = add("throttled-attempts-total", API_GROUP,
                "Attempts that AWS refused with a throttling error", action);
        rateLimitWait = add("rate-limit-wait-ms-total", API_GROUP,
                "Time spent waiting for the connector's own rate limit (aws.*.rate.limit) before calls", action);
        Set<String> task = tags(CONNECTOR_TAG, TASK_TAG);
        stateMachinesScheduled = add("state-machines", SCHEDULE_GROUP,
                "State machines the task checks", task);
        roundRobinInterval = add("round-robin-interval-ms", SCHEDULE_GROUP,
                "How long checking each of the task's state machines once takes at its share of "
                        + "aws.list.executions.rate.limit, from the list calls their checks cost lately: above "
                        + "poll.interval.ms, not every state machine can be checked that often, and those with changes "
                        + "go first", task);
        quietCheckInterval = add("quiet-check-interval-ms", SCHEDULE_GROUP,
                "The longest a quiet state machine waits between checks now: poll.interval.max.ms, or longer when "
                        + "checking them all that often would take more than 80% of the task's list rate", task);
        checks = add("checks-total", SCHEDULE_GROUP,
                "Checks (poll cycles) of the task's state machines", task);
        checksWithoutChange = add("checks-without-change-total", SCHEDULE_GROUP,
                "Checks that found no change; their share is what the list budget spent on quiet state machines",
                task);
        awaitingAcknowledgement = add("records-awaiting-acknowledgement", DELIVERY_GROUP,
                "Records handed to Connect that Kafka has not acknowledged yet", task);
        oldestUnacknowledgedAge = add("oldest-unacknowledged-record-age-ms", DELIVERY_GROUP,
                "How long the oldest record handed to Connect has waited for Kafka's acknowledgement; 0 if none waits",
                task);
        deliveryStalled = add("delivery-stalled", DELIVERY_GROUP,
                "1 while a record has waited longer than stall.threshold.ms for Kafka's acknowledgement (a missing "
                        + "topic, a missing Write ACL, an unavailable broker), else 0: alert on it", task);
        recordsDropped = add("records-dropped-total", DELIVERY_GROUP,
                "Records Connect acknowledged without writing them (KIP-779: filtered by a transform, or skipped by "
                        + "errors.tolerance=all); each is a change that is not in Kafka", task);
    }

    private MetricNameTemplate add(String name, String group, String description, Set<String> tags) {
        MetricNameTemplate template = new MetricNameTemplate(name, group, description, tags);
        all.add(template);
        return template;
    }

    private static Set<String> tags(String... tags) {
        return new LinkedHashSet<>(List.of(tags));
    }

    public List<MetricNameTemplate> all() {
        return Collections.unmodifiableList(all);
    }
}
