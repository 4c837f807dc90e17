package io.github.sfnconnect.emulator;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** One execution: its fixed members and the versions of its changing state, guarded by the owning {@link StateStore}. */
final class Execution {
    /** A successful redrive remembered for clientToken idempotency. */
    record RedriveTicket(String clientToken, Instant firstUsed, Instant redriveDate) {
    }

    final String arn;
    final StateMachine stateMachine;
    final String name;
    final long sequence;
    final Instant startDate;
    final String input;
    final String traceHeader;
    final Deque<RedriveTicket> redriveTickets = new ArrayDeque<>();
    private final Versions<ExecutionState> states;

    Execution(String arn, StateMachine stateMachine, String name, long sequence, Instant startDate, String input,
            String traceHeader) {
        this.arn = arn;
        this.stateMachine = stateMachine;
        this.name = name;
        this.sequence = sequence;
        this.startDate = startDate;
        this.input = input;
        this.traceHeader = traceHeader;
        this.states = new Versions<>(startDate, ExecutionState.STARTED);
    }

    SortKey sortKey() {
        return new SortKey(startDate.toEpochMilli(), sequence);
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
}
