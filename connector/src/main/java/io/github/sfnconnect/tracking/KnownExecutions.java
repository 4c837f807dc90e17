package io.github.sfnconnect.tracking;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * The executions a tracker holds, by ARN, and the rules for letting them go: one is held while a listing may still
 * show it changed without its offset telling so, or while its records are not safely stored.
 */
final class KnownExecutions {

    private final long windowMs;
    private final Map<String, KnownExecution> byArn = new HashMap<>();

    KnownExecutions(long windowMs) {
        this.windowMs = windowMs;
    }

    KnownExecution get(String arn) {
        return byArn.get(arn);
    }

    /**
     * Restores the executions a stored checkpoint names ({@code arnPrefix} + name, with its start date or
     * {@link ExecutionOffset#UNKNOWN_START}): their stored states, or unknown states if they have none.
     */
    void restore(Map<String, Long> named, String arnPrefix, OffsetLookup offsets, long unknownStartMs) {
        Map<String, ExecutionOffset> recorded = offsets.executionOffsets(
                named.keySet().stream().map(n -> arnPrefix + n).toList());
        named.forEach((name, start) -> {
            String arn = arnPrefix + name;
            ExecutionOffset o = recorded.get(arn);
            boolean startKnown = start != ExecutionOffset.UNKNOWN_START
                    || o != null && o.startMs() != ExecutionOffset.UNKNOWN_START;
            long startMs = start != ExecutionOffset.UNKNOWN_START ? start : startKnown ? o.startMs() : unknownStartMs;
            KnownExecution k = o == null || !o.sameLife(startMs) ? KnownExecution.unrecorded(startMs)
                    : KnownExecution.stored(o.status(), o.redriveCount(), startMs);
            k.startKnown = startKnown;
            byArn.put(arn, k);
        });
    }

    boolean contains(String arn) {
        return byArn.containsKey(arn);
    }

    void put(String arn, KnownExecution k) {
        byArn.put(arn, k);
    }

    KnownExecution remove(String arn) {
        return byArn.remove(arn);
    }

    int size() {
        return byArn.size();
    }

    /** Executions last seen open (RUNNING or PENDING_REDRIVE). */
    /** Calls {@code action} with the ARN of each execution last recorded open. */
    void forEachOpen(java.util.function.Consumer<String> action) {
        byArn.forEach((arn, k) -> {
            if (k.recorded && k.status.isOpen() && !k.gone) {
                action.accept(arn);
            }
        });
    }

    int open() {
        return (int) byArn.values().stream().filter(k -> k.recorded && k.status.isOpen() && !k.gone).count();
    }

    /**
     * The oldest start date among executions started before {@code belowMs} that the running list must show while
     * they are open (MIN_VALUE if one's start date is unknown), or null if there are none.
     */
    Long oldestWatchedWhileOpen(long belowMs) {
        Long oldest = null;
        for (KnownExecution k : byArn.values()) {
            if (k.watchedWhileOpen() && k.startMs < belowMs) {
                long start = k.startKnown ? k.startMs : Long.MIN_VALUE;
                oldest = oldest == null ? start : Math.min(oldest, start);
            }
        }
        return oldest;
    }

    /** Each execution started before {@code belowMs} that the running list must show while it is open. */
    void forEachWatchedWhileOpen(long belowMs, BiConsumer<String, KnownExecution> action) {
        byArn.forEach((arn, k) -> {
            if (k.watchedWhileOpen() && k.startMs < belowMs) {
                action.accept(arn, k);
            }
        });
    }

    /**
     * A state read from a stored offset has no stop or redrive date, and a closed execution named in a checkpoint is
     * not listed again: "now" stands in for them (both happened before it), so that it is forgotten in time.
     */
    void dateStoredStates(long nowMs) {
        for (KnownExecution k : byArn.values()) {
            if (k.recorded && !k.status.isOpen()) {
                if (k.stopMs == null) {
                    k.stopMs = nowMs;
                }
                if (k.redriveCount > 0 && k.redriveDateMs == null) {
                    k.redriveDateMs = nowMs;
                }
            }
        }
    }

    /** Whether a closed execution waits to be forgotten for the redrive mark to pass a redrive made in [fromMs, toMs). */
    boolean anyRedrivenBetween(long fromMs, long toMs) {
        return byArn.values().stream().anyMatch(k -> k.recorded && k.redriveCount > 0 && !k.status.isOpen()
                && k.redriveDateMs != null && k.redriveDateMs >= fromMs && k.redriveDateMs < toMs);
    }

    /**
     * Executions no listing will show changed without a redrive, whose offsets a lookup could never need: closed
     * longer than a window ago, claimed or started before {@code relistedFromMs}, acknowledged (and, if they had an
     * earlier offset, committed, so that no lookup finds that one), not awaiting a describe; and those whose ARN no
     * longer names them.
     *
     * @param relistedFromMs the oldest start date a restart lists again: the window below the watermark of the
     *                       checkpoint already handed to Connect, which precedes any tombstone written now
     */
    Set<String> forgettable(long nowMs, long commitGeneration, Claims claims, long redriveSettledMs,
                            long relistedFromMs, Predicate<String> describing) {
        Set<String> forgettable = new HashSet<>();
        byArn.forEach((arn, k) -> {
            if (k.inFlight > 0 || describing.test(arn)) {
                return;
            }
            if (!k.gone) {
                // below the relisted start dates no claim is needed: a gap the claims keep for good (a range given
                // up beyond Claims.MAX_RANGES in a throttling storm) must not keep its executions' offsets for ever
                boolean settled = k.recorded && !k.status.isOpen() && k.stopMs != null && k.stopMs + windowMs <= nowMs
                        && (claims.settles(k.startMs, k.redriveCount, k.redriveDateMs, redriveSettledMs)
                        || k.startMs < relistedFromMs
                        && Claims.redriveSettled(k.redriveCount, k.redriveDateMs, redriveSettledMs));
                boolean committed = !(k.loaded && k.records > 0 || k.records > 1)
                        || k.ackGeneration + 2 <= commitGeneration;
                if (!settled || !committed) {
                    return;
                }
            }
            forgettable.add(arn);
        });
        return forgettable;
    }

    /**
     * The open-name parts' content: executions a restart would not list again (started before {@code behindMs}, or
     * claimed) whose offsets are still needed: open ones, and closed ones not yet forgotten, so that no offset is
     * left behind that no task knows of.
     */
    Map<String, Long> wantedNames(Set<String> forgettable, long behindMs, Claims claims) {
        Map<String, Long> wanted = new HashMap<>();
        byArn.forEach((arn, k) -> {
            if (!k.gone && !forgettable.contains(arn) && (k.startMs < behindMs || claims.covers(k.startMs))) {
                wanted.put(nameOf(arn), k.startKnown ? k.startMs : ExecutionOffset.UNKNOWN_START);
            }
        });
        return wanted;
    }

    static String nameOf(String executionArn) {
        return ExecutionArns.nameOf(executionArn);
    }
}
