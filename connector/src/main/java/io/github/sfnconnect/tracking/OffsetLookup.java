package io.github.sfnconnect.tracking;

import java.util.Collection;
import java.util.Map;

/** Reads the stored offsets of executions; backed by Connect's offset storage reader in the task. */
@FunctionalInterface
public interface OffsetLookup {

    /** The stored offsets of those executions that have one. */
    Map<String, ExecutionOffset> executionOffsets(Collection<String> executionArns);
}
