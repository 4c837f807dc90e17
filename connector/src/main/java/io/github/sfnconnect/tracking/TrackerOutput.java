package io.github.sfnconnect.tracking;

import io.github.sfnconnect.model.ExecutionDetails;

/** What the tracker asks the task to write; each becomes a record whose source offset carries the state. */
public sealed interface TrackerOutput {

    /** A change to emit as an execution record. */
    record Emit(ExecutionDetails details, ExecutionOffset offset) implements TrackerOutput {
    }

    /** A change of a status not to emit: only its offset is stored, so that a restart knows it was seen. */
    record Observe(String executionArn, ExecutionOffset offset) implements TrackerOutput {
    }

    /** The execution can no longer change and is behind the watermark: its offset is deleted (tombstone). */
    record Forget(String executionArn) implements TrackerOutput {
    }

    /** The state machine's new checkpoint. */
    record Store(Checkpoint checkpoint) implements TrackerOutput {
    }
}
