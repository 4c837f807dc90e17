package io.github.sfnconnect;

import java.util.List;

import org.apache.kafka.connect.source.SourceRecord;

/** A unit of the task's work that {@code poll()} gives a slice of time in turn. */
interface Pollable {

    /** Does work until the deadline (at least one call's worth), returning the records it produced. */
    List<SourceRecord> poll(long nowMs, long deadlineMs, StateMachinePoller.Clock clock) throws InterruptedException;

    /** When it next has work, in epoch ms; now or earlier if it has work already. */
    long nextWorkMs();
}
