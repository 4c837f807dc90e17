package io.github.sfnconnect.emulator;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** One execution's mutable state, guarded by the owning {@link StateStore}. */
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
    ExecutionStatus status = ExecutionStatus.RUNNING;
    Instant stopDate;
    String output;
    String error;
    String cause;
    int redriveCount;
    Instant redriveDate;
    final Deque<RedriveTicket> redriveTickets = new ArrayDeque<>();

    Execution(String arn, StateMachine stateMachine, String name, long sequence, Instant startDate, String input,
            String traceHeader) {
        this.arn = arn;
        this.stateMachine = stateMachine;
        this.name = name;
        this.sequence = sequence;
        this.startDate = startDate;
        this.input = input;
        this.traceHeader = traceHeader;
    }

    SortKey sortKey() {
        return new SortKey(startDate.toEpochMilli(), sequence);
    }

    void end(ExecutionStatus endStatus, Instant at, String endOutput, String endError, String endCause) {
        status = endStatus;
        stopDate = at;
        output = endOutput;
        error = endError;
        cause = endCause;
    }
}
