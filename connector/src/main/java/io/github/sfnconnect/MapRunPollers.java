package io.github.sfnconnect;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.sfnconnect.aws.StepFunctionsGateway;
import io.github.sfnconnect.config.ExecutionDetail;
import io.github.sfnconnect.config.StepFunctionsTaskConfig;
import io.github.sfnconnect.metrics.StateMachineMetrics;
import io.github.sfnconnect.metrics.TaskMetrics;
import io.github.sfnconnect.record.MapRunParent;
import io.github.sfnconnect.record.MapRunRecords;
import io.github.sfnconnect.record.RecordFactory;
import io.github.sfnconnect.tracking.ExecutionTracker;

/** Builds the {@link MapRunPoller} of a Map Run that a discovery found or resumed, from the task's parts. */
final class MapRunPollers {

    private static final Logger log = LoggerFactory.getLogger(MapRunPollers.class);

    private final StepFunctionsTaskConfig config;
    private final String taskName;
    private final StepFunctionsGateway gateway;
    private final DescribePool describes;
    private final OffsetReader offsets;
    private final RecordFactory records;
    private final MapRunRecords progressRecords;
    private final StateMachinePoller.AckRegistry acks;
    private final TaskMetrics metrics;
    /** One metrics group for all Map Runs of a state machine: Map Runs come and go by the thousand. */
    private final Map<String, StateMachineMetrics> childMetrics = new HashMap<>();

    MapRunPollers(StepFunctionsTaskConfig config, String taskName, StepFunctionsGateway gateway,
                  DescribePool describes, OffsetReader offsets, RecordFactory records,
                  StateMachinePoller.AckRegistry acks, TaskMetrics metrics) {
        this.config = config;
        this.taskName = taskName;
        this.gateway = gateway;
        this.describes = describes;
        this.offsets = offsets;
        this.records = records;
        this.progressRecords = config.mapRuns().progress() ? new MapRunRecords(config.mapRunProgressTopic()) : null;
        this.acks = acks;
        this.metrics = metrics;
    }

    /**
     * The Map Run's poller: its children listed like the state machine's executions (from the state machine's
     * initial position), and its progress, as {@code map.runs} asks.
     */
    MapRunPoller create(MapRunParent run, StateMachinePoller parent, MapRunDiscovery discovery) {
        StateMachinePoller children = !config.mapRuns().children() ? null : new StateMachinePoller(run.mapRunArn(),
                run, StateMachinePoller.MapRunWatch.NONE, latestMs -> tracker(run, parent), gateway, describes,
                records, acks, childMetrics.computeIfAbsent(parent.stateMachineArn(),
                        arn -> metrics.forStateMachine(arn + "/map-runs")),
                config.listPageSize(), config.mapRunChildDetail(), config.pollInterval().toMillis(), null);
        return new MapRunPoller(run, children, discovery, gateway, offsets, progressRecords, acks,
                config.pollInterval().toMillis(), config.consistencyWindow().toMillis());
    }

    private ExecutionTracker tracker(MapRunParent run, StateMachinePoller parent) {
        ExecutionTracker parentTracker = parent.tracker();
        if (parentTracker == null) {
            throw new RetriableException("Map Run " + run.mapRunArn() + " waits for the offsets of state machine "
                    + parent.stateMachineArn());
        }
        OffsetReader.Stored stored = offsets.scope(run.mapRunArn());
        // children started before the state machine's initial position are not streamed, like its executions
        ExecutionTracker tracker = new ExecutionTracker(run.mapRunArn(), stored.checkpoint(), stored.parts(),
                parentTracker.checkpoint().sinceMs(), config.consistencyWindow().toMillis(),
                config.mapRunChildStatuses(), offsets);
        tracker.listEnded(config.mapRunChildDetail() == ExecutionDetail.SUMMARY);
        log.info("{}: Map Run {} of execution {} {}", taskName, run.mapRunArn(), run.parentExecutionArn(),
                stored.checkpoint() == null ? "streamed from its first child"
                        : "resumed at watermark " + Instant.ofEpochMilli(stored.checkpoint().watermarkMs()));
        return tracker;
    }
}
