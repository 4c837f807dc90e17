package io.github.sfnconnect;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.connect.source.SourceRecord;

import io.github.sfnconnect.record.MapRunParent;
import io.github.sfnconnect.tracking.ExecutionTracker;

/**
 * Streams one Map Run: its child executions, through a {@link StateMachinePoller} that lists them by Map Run, until
 * it stopped and everything of it is stored ({@link #finished()}); then the task drops it and the Map Run leaves the
 * registry.
 */
final class MapRunPoller implements Pollable {

    private final MapRunParent run;
    private final StateMachinePoller children;
    private final MapRunDiscovery discovery;
    private boolean sealed;
    private boolean finished;

    MapRunPoller(MapRunParent run, StateMachinePoller children, MapRunDiscovery discovery) {
        this.run = run;
        this.children = children;
        this.discovery = discovery;
    }

    MapRunParent run() {
        return run;
    }

    MapRunDiscovery discovery() {
        return discovery;
    }

    /** Whether the Map Run stopped and all of it is stored, or it is gone: the task drops it. */
    boolean finished() {
        return finished;
    }

    boolean vanished() {
        return children.vanished();
    }

    @Override
    public List<SourceRecord> poll(long nowMs, long deadlineMs, StateMachinePoller.Clock clock)
            throws InterruptedException {
        List<SourceRecord> out = new ArrayList<>(children.poll(nowMs, deadlineMs, clock));
        if (children.vanished()) {
            finished = true;
            return out;
        }
        ExecutionTracker tracker = children.tracker();
        Long stoppedMs = discovery.stoppedMs(run.mapRunArn());
        boolean wasSealed = sealed; // a poll after the seal stores the checkpoint that claims it all
        if (stoppedMs == null) {
            sealed = false; // running, or running again after a redrive
        } else if (!sealed && tracker != null) {
            sealed = tracker.seal(stoppedMs);
        }
        finished = wasSealed && sealed && tracker.isDrained();
        return out;
    }

    @Override
    public long nextWorkMs() {
        return children.nextWorkMs();
    }
}
