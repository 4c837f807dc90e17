package io.github.sfnconnect.emulator;

import java.time.Instant;
import java.util.NavigableMap;
import java.util.TreeMap;

/** A state machine and its executions; mutable, guarded by the owning {@link StateStore}. */
final class StateMachine {
    static final String STANDARD = "STANDARD";
    static final String EXPRESS = "EXPRESS";

    final String arn;
    final String name;
    final String definition;
    final String roleArn;
    final String type;
    final Instant creationDate;
    final long sequence;
    boolean deleting;
    final NavigableMap<SortKey, Execution> executions = new TreeMap<>(SortKey.NEWEST_FIRST);

    StateMachine(String arn, String name, String definition, String roleArn, String type, Instant creationDate,
            long sequence) {
        this.arn = arn;
        this.name = name;
        this.definition = definition;
        this.roleArn = roleArn;
        this.type = type;
        this.creationDate = creationDate;
        this.sequence = sequence;
    }

    boolean express() {
        return type.equals(EXPRESS);
    }

    String status() {
        return deleting ? "DELETING" : "ACTIVE";
    }

    SortKey sortKey() {
        return new SortKey(creationDate.toEpochMilli(), sequence);
    }
}
