package io.github.sfnconnect.emulator;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Closed executions in the order they closed, so that those whose retention ran out are found at the head and a
 * sweep costs nothing while none has: one reference per close, no per-execution collection.
 *
 * <p>An execution that closes again after a redrive is queued again; its older entry is dropped when it reaches the
 * head ({@link Execution#retentionEntries} says a later one stands for it). A Map Run's child waiting to run again
 * after a redrive is dropped too, and queued anew when it closes. Executions removed some other way are dropped as
 * stale. A clock set back can leave entries out of order: the sweep then stops early, which only delays
 * freeing memory, since every read checks expiry itself.
 */
final class RetentionQueue {
    private final ArrayDeque<Execution> closed = new ArrayDeque<>();

    void closed(Execution execution) {
        execution.retentionEntries++;
        closed.addLast(execution);
    }

    /**
     * Removes from the head every execution that is expired (then handed to {@code expire}), stale, or running (or
     * waiting to run) again after a redrive (it is queued anew when it closes), up to the first one still retained.
     */
    void sweep(Predicate<Execution> live, Predicate<Execution> expired, Consumer<Execution> expire) {
        Execution head;
        while ((head = closed.peekFirst()) != null) {
            boolean latestEntry = head.retentionEntries == 1;
            boolean retained = latestEntry && live.test(head) && !expired.test(head)
                    && !head.state().status().open();
            if (retained) {
                return;
            }
            closed.pollFirst();
            head.retentionEntries--;
            if (latestEntry && live.test(head) && expired.test(head)) {
                expire.accept(head);
            }
        }
    }

    /**
     * Drops every entry of a removed state machine at once, its Map Runs' children included, so its executions do
     * not wait for the head to pass.
     */
    void forget(StateMachine machine) {
        closed.removeIf(e -> {
            if (e.rootMachine() == machine) {
                e.retentionEntries--;
                return true;
            }
            return false;
        });
    }

    int size() {
        return closed.size();
    }
}
