package io.github.sfnconnect.tracking;

import io.github.sfnconnect.model.ExecutionDetails;

/** What the tracker asks the task to write; each becomes a record whose source offset carries the state. */
public sealed interface TrackerOutput {

    /**
     * A change to emit as an execution record. With {@code claimed} null, the record carries the execution's
     * offset; otherwise the execution was new and can no longer change without a redrive, and the record carries
     * the state machine's checkpoint instead (which claims it), so that no offset is written for it, nor later
     * deleted.
     */
    record Emit(ExecutionDetails details, ExecutionOffset offset, Checkpoint claimed) implements TrackerOutput {
    }

    /** A change of a status not to emit: only its offset is stored, so that a restart knows it was seen. */
    record Observe(String executionArn, ExecutionOffset offset) implements TrackerOutput {
    }

    /** The execution's offset is no longer needed (or belongs to an earlier life of its ARN): delete it. */
    record Forget(String executionArn) implements TrackerOutput {
    }

    /** The state machine's new checkpoint. */
    record Store(Checkpoint checkpoint) implements TrackerOutput {
    }

    /** A new content of one part of the names of open executions behind the window. */
    record StoreNames(OpenNamesPart part) implements TrackerOutput {
    }
}
