package io.github.sfnconnect.emulator;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One execution: its fixed members and the versions of its changing state, guarded by the owning {@link StateStore}.
 *
 * <p>Kept lean, as a state machine may retain a million closed executions for their 90 days: the ARN is derived
 * from the state machine's prefix and the name, the start date is epoch millis, the default input is one shared
 * string, the version and alias ARNs are the shared strings of their resources, and the redrive tickets exist only
 * once a redrive carried a client token.
 *
 * <p>A Map Run's child belongs to the Map Run's labelled state machine ({@code <stateMachineName>/<label>}), which
 * gives it its ARN prefix, and carries a {@link MapRunChild}; every other execution has none.
 */
final class Execution {
    /** A successful redrive remembered for clientToken idempotency. */
    record RedriveTicket(String clientToken, Instant firstUsed, Instant redriveDate) {
    }

    final StateMachine stateMachine;
    final String name;
    final long sequence;
    final long startMillis;
    final String input;
    final String traceHeader;
    /** The version the execution runs, when it was started through a version or an alias; else null. */
    final String versionArn;
    /** The alias it was started through; else null. */
    final String aliasArn;
    /** The Map Run that dispatched this execution; null for an execution that StartExecution started. */
    final MapRunChild child;
    private final Versions<ExecutionState> states;
    private Deque<RedriveTicket> redriveTickets;
    /** How many entries the {@link RetentionQueue} holds for this execution (one per close not yet swept). */
    int retentionEntries;

    Execution(StateMachine stateMachine, String name, long sequence, Instant startDate, String input,
            String traceHeader, String versionArn, String aliasArn) {
        this(stateMachine, name, sequence, startDate, input, traceHeader, versionArn, aliasArn, null);
    }

    private Execution(StateMachine stateMachine, String name, long sequence, Instant startDate, String input,
            String traceHeader, String versionArn, String aliasArn, MapRunChild child) {
        this.stateMachine = stateMachine;
        this.child = child;
        this.name = name;
        this.sequence = sequence;
        this.startMillis = startDate.toEpochMilli();
        this.input = input;
        this.traceHeader = traceHeader;
        this.versionArn = versionArn;
        this.aliasArn = aliasArn;
        this.states = new Versions<>(startDate, ExecutionState.STARTED);
    }

    /** A stand-in at a list position, to seek the executions after it; never stored. */
    static Execution probe(StateMachine machine, SortKey position) {
        return new Execution(machine, "", position.sequence(), Instant.ofEpochMilli(position.millis()), "", null,
                null, null);
    }

    /** A Map Run's child execution, in the Map Run's labelled state machine. */
    static Execution child(MapRunChild child, String name, long sequence, Instant startDate, String input) {
        return new Execution(child.mapRun().children, name, sequence, startDate, input, null, null, null, child);
    }

    String arn() {
        String arn = stateMachine.executionArnPrefix + name;
        return child == null || child.expressId() == null ? arn : arn + ":" + child.expressId();
    }

    /**
     * Whether the execution-level API actions see the execution, and retention keeps it until 90 days after it
     * closes: every STANDARD execution, and every child of a Map Run, EXPRESS ones included (DescribeExecution:
     * "This API action is not supported by EXPRESS state machine executions unless they were dispatched by a Map
     * Run"; "The retention policy for child workflow executions is 90 days", developer guide, "Viewing a
     * Distributed Map Run execution"). Other EXPRESS executions are invisible and not retained.
     */
    boolean visible() {
        return child != null || !stateMachine.express();
    }

    /** The state machine the execution is one of: its own, or for a Map Run's child that of the parent. */
    StateMachine rootMachine() {
        return child == null ? stateMachine : child.mapRun().parent.stateMachine;
    }

    Instant startDate() {
        return Instant.ofEpochMilli(startMillis);
    }

    SortKey sortKey() {
        return new SortKey(startMillis, sequence);
    }

    ExecutionState state() {
        return states.current();
    }

    /** The state as of an earlier time; only meaningful for times at or after {@link #startDate}. */
    ExecutionState stateAsOf(Instant at) {
        return states.asOf(at);
    }

    /** Records a change at {@code at}, keeping the replaced states that reads as of {@code keepFrom} or later need. */
    void change(ExecutionState next, Instant at, Instant keepFrom) {
        states.set(at, next, keepFrom);
    }

    void pruneHistory(Instant keepFrom) {
        states.prune(keepFrom);
    }

    /** The client tokens of recent redrives, created on first use. */
    Deque<RedriveTicket> redriveTickets() {
        if (redriveTickets == null) {
            redriveTickets = new ArrayDeque<>(2);
        }
        return redriveTickets;
    }

    boolean hasRedriveTickets() {
        return redriveTickets != null && !redriveTickets.isEmpty();
    }
}
