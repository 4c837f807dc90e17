package io.github.sfnconnect.emulator;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/** A state machine and its executions; mutable, guarded by the owning {@link StateStore}. */
final class StateMachine {
    static final String STANDARD = "STANDARD";
    static final String EXPRESS = "EXPRESS";
    /** ListExecutions order: most recent start first, and of equal starts the later-created first. */
    static final Comparator<Execution> NEWEST_FIRST = Comparator.<Execution>comparingLong(e -> e.startMillis)
            .thenComparingLong(e -> e.sequence).reversed();

    final String arn;
    final String name;
    final String type;
    final Instant creationDate;
    final long sequence;
    /** What every execution ARN of this state machine starts with; the execution's name follows. */
    final String executionArnPrefix;
    String definition;
    String roleArn;
    /** Changes with every update of the definition or role; a version is published from one revision. */
    String revisionId;
    boolean deleting;
    /** How the service encrypts this state machine's data; {@link Encryption#AWS_OWNED} unless given. */
    Encryption encryption = Encryption.AWS_OWNED;
    /** While deleting: when the state machine and its executions are to be removed. */
    Instant removalDue;
    final VersionRegistry registry;
    /** Its tags; they go with the state machine when it is removed. */
    final Tags tags = new Tags();
    private final String initialRevisionId;
    /** In ListExecutions order; the set's entries are the executions themselves, with no key objects. */
    final NavigableSet<Execution> executions = new TreeSet<>(NEWEST_FIRST);
    final Map<String, Execution> byName = new HashMap<>();

    StateMachine(String arn, String name, String definition, String roleArn, String type, Instant creationDate,
            long sequence, String executionArnPrefix) {
        this.arn = arn;
        this.name = name;
        this.definition = definition;
        this.roleArn = roleArn;
        this.type = type;
        this.creationDate = creationDate;
        this.sequence = sequence;
        this.executionArnPrefix = executionArnPrefix;
        this.revisionId = java.util.UUID.randomUUID().toString();
        this.initialRevisionId = revisionId;
        this.registry = new VersionRegistry(arn);
    }

    /** Whether no update changed the state machine since it was created (PublishStateMachineVersion's INITIAL). */
    boolean initialRevision() {
        return revisionId.equals(initialRevisionId);
    }

    boolean express() {
        return type.equals(EXPRESS);
    }

    String status() {
        return deleting ? "DELETING" : "ACTIVE";
    }

    void add(Execution execution) {
        executions.add(execution);
        byName.put(execution.name, execution);
    }

    void remove(Execution execution) {
        executions.remove(execution);
        byName.remove(execution.name, execution);
    }

    /** Whether this very execution is still one of this state machine's (not removed or replaced). */
    boolean holds(Execution execution) {
        return byName.get(execution.name) == execution;
    }
}
