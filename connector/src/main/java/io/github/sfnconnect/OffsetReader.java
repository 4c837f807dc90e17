package io.github.sfnconnect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.storage.OffsetStorageReader;

import io.github.sfnconnect.tracking.Checkpoint;
import io.github.sfnconnect.tracking.ExecutionOffset;
import io.github.sfnconnect.tracking.OffsetLookup;
import io.github.sfnconnect.tracking.OpenNamesPart;
import io.github.sfnconnect.tracking.SourcePartitions;

/**
 * Reads stored offsets through Connect's reader with a time limit. Each read is a round trip to the broker (the
 * reader reads the offsets topic to its end and waits without a timeout), so it runs on its own thread: while the
 * offsets topic cannot be reached, a read fails retriably after {@code timeoutMs} and the task's {@code poll()} still
 * returns (and stops) in time. Connect cancels reads in flight when it closes the reader.
 * <p>
 * A task's state machines are read ahead ({@link #readAhead}): the first lookup of one reads the stored offsets of up
 * to {@link #READ_AHEAD} state machines not read yet in one round trip, so that a start of thousands of state machines
 * costs dozens of round trips, not thousands. Each read-ahead result is taken once; a later lookup reads afresh.
 */
final class OffsetReader implements OffsetLookup, AutoCloseable {

    /** What a listing scope (state machine or Map Run) has stored: its checkpoint (null if none), its open-name parts. */
    record Stored(Checkpoint checkpoint, List<OpenNamesPart> parts) {
    }

    /**
     * State machines read ahead per round trip: 257 or 258 partitions each (checkpoint, open-name parts, Map Run
     * registry), so one read serializes and looks up about 26,000 keys, well within the time limit.
     */
    static final int READ_AHEAD = 100;

    /** What one state machine has stored, as read ahead: its raw checkpoint (null if none) and its parts. */
    private record Ahead(Map<String, Object> checkpoint, List<OpenNamesPart> parts) {
    }

    private final OffsetStorageReader reader;
    private final long timeoutMs;
    private final ExecutorService thread;
    /** The state machines to read ahead, in the order the task polls them; null entries are read already. */
    private final List<String> aheadOrder = new ArrayList<>();
    private final Map<String, Integer> aheadIndex = new HashMap<>();
    private boolean aheadMapRuns;
    private int aheadNext;
    /** Read ahead and not yet taken, by state machine ARN. */
    private final Map<String, Ahead> ahead = new HashMap<>();
    /** Map Run registries read ahead and not yet taken; one not stored is there as null. */
    private final Map<String, Map<String, Object>> aheadMapRunsOffsets = new HashMap<>();
    /** Reads made and the time they took, for the task's start-up log. */
    private long reads;
    private long readNanos;

    OffsetReader(OffsetStorageReader reader, long timeoutMs, String threadName) {
        this.reader = reader;
        this.timeoutMs = timeoutMs;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public Map<String, ExecutionOffset> executionOffsets(Collection<String> executionArns) {
        List<Map<String, Object>> partitions = executionArns.stream().map(SourcePartitions::execution).toList();
        Map<Map<String, Object>, Map<String, Object>> stored = read(() -> reader.offsets(partitions),
                executionArns.size() + " execution offsets");
        Map<String, ExecutionOffset> result = new HashMap<>();
        stored.forEach((partition, offset) -> {
            String arn = (String) partition.get(SourcePartitions.EXECUTION_ARN_KEY);
            ExecutionOffset parsed = ExecutionOffset.fromMap(offset, arn);
            if (parsed != null) {
                result.put(arn, parsed);
            }
        });
        return result;
    }

    /**
     * The scope's checkpoint and open-name parts, in one read; a state machine's checkpoint written by a 0.1.0
     * snapshot also takes the names of that version's parts (see {@link #snapshotNames}).
     */
    Stored scope(String stateMachineArn) {
        Ahead taken = takeAhead(stateMachineArn);
        Map<String, Object> checkpointOffset;
        List<OpenNamesPart> parts;
        if (taken != null) {
            checkpointOffset = taken.checkpoint();
            parts = taken.parts();
        } else {
            List<Map<String, Object>> partitions = scopePartitions(stateMachineArn);
            Map<Map<String, Object>, Map<String, Object>> stored = read(() -> reader.offsets(partitions),
                    "the checkpoint of " + stateMachineArn);
            checkpointOffset = stored.get(partitions.get(0));
            parts = parts(partitions.subList(1, partitions.size()), stored);
        }
        Checkpoint checkpoint = Checkpoint.fromMap(checkpointOffset, stateMachineArn);
        if (Checkpoint.reliesOnSnapshotParts(checkpointOffset, stateMachineArn)) {
            checkpoint = checkpoint.withMoreOpenNames(snapshotNames(stateMachineArn));
        }
        return new Stored(checkpoint, parts);
    }

    /** The stored registry of the Map Runs of the state machine's executions ({@link SourcePartitions#mapRuns}). */
    Map<String, Object> mapRuns(String stateMachineArn) {
        readAheadOf(stateMachineArn); // reads nothing if read already (or not to be read ahead)
        if (aheadMapRunsOffsets.containsKey(stateMachineArn)) {
            return aheadMapRunsOffsets.remove(stateMachineArn);
        }
        return offset(SourcePartitions.mapRuns(stateMachineArn), "the Map Runs of " + stateMachineArn);
    }

    /**
     * Reads these state machines' stored offsets ahead, a chunk at a time, as their lookups come ({@link #scope},
     * and {@link #mapRuns} if {@code withMapRuns}); nothing is read here.
     */
    void readAhead(List<String> stateMachineArns, boolean withMapRuns) {
        aheadMapRuns = withMapRuns;
        for (String arn : stateMachineArns) {
            if (!aheadIndex.containsKey(arn)) {
                aheadIndex.put(arn, aheadOrder.size());
                aheadOrder.add(arn);
            }
        }
    }

    /** The state machine's read-ahead offsets, reading its chunk first if due; null once taken or if never due. */
    private Ahead takeAhead(String stateMachineArn) {
        readAheadOf(stateMachineArn);
        return ahead.remove(stateMachineArn);
    }

    /**
     * If the state machine is to be read ahead and is not yet, reads it and the next {@code READ_AHEAD - 1} not read
     * yet (in the task's order) in one round trip. A failed read leaves them all to be read again.
     */
    private void readAheadOf(String stateMachineArn) {
        Integer index = aheadIndex.get(stateMachineArn);
        if (index == null || aheadOrder.get(index) == null) {
            return;
        }
        List<String> chunk = new ArrayList<>(List.of(stateMachineArn));
        for (int i = aheadNext; i < aheadOrder.size() && chunk.size() < READ_AHEAD; i++) {
            String next = aheadOrder.get(i);
            if (next != null && !next.equals(stateMachineArn)) {
                chunk.add(next);
            }
        }
        List<Map<String, Object>> partitions = new ArrayList<>();
        for (String arn : chunk) {
            partitions.addAll(scopePartitions(arn));
            if (aheadMapRuns) {
                partitions.add(SourcePartitions.mapRuns(arn));
            }
        }
        Map<Map<String, Object>, Map<String, Object>> stored = read(() -> reader.offsets(partitions),
                "the checkpoints of " + chunk.size() + " state machines");
        int perScope = aheadMapRuns ? OpenNamesPart.PARTS + 2 : OpenNamesPart.PARTS + 1;
        for (int c = 0; c < chunk.size(); c++) {
            String arn = chunk.get(c);
            List<Map<String, Object>> own = partitions.subList(c * perScope, (c + 1) * perScope);
            ahead.put(arn, new Ahead(stored.get(own.get(0)), parts(own.subList(1, OpenNamesPart.PARTS + 1), stored)));
            if (aheadMapRuns) {
                aheadMapRunsOffsets.put(arn, stored.get(own.get(perScope - 1)));
            }
            aheadOrder.set(aheadIndex.get(arn), null);
        }
        while (aheadNext < aheadOrder.size() && aheadOrder.get(aheadNext) == null) {
            aheadNext++;
        }
    }

    /** The checkpoint's partition, then the open-name parts' in order. */
    private static List<Map<String, Object>> scopePartitions(String scopeArn) {
        List<Map<String, Object>> partitions = new ArrayList<>();
        partitions.add(SourcePartitions.checkpoint(scopeArn));
        for (int part = 0; part < OpenNamesPart.PARTS; part++) {
            partitions.add(SourcePartitions.openNames(scopeArn, part));
        }
        return partitions;
    }

    /**
     * The since_ms (resolved initial position) of the stored checkpoint of each of these listing scopes that has one,
     * in one read: the connector's way to tell when it first started ({@link DiscoveredStart}).
     */
    Map<String, Long> checkpointSince(Collection<String> scopeArns) {
        List<Map<String, Object>> partitions = scopeArns.stream().map(SourcePartitions::checkpoint).toList();
        Map<Map<String, Object>, Map<String, Object>> stored = read(() -> reader.offsets(partitions),
                "the checkpoints of " + scopeArns.size() + " state machines");
        Map<String, Long> since = new HashMap<>();
        for (String arn : scopeArns) {
            Checkpoint checkpoint = Checkpoint.fromMap(stored.get(SourcePartitions.checkpoint(arn)), arn);
            if (checkpoint != null) {
                since.put(arn, checkpoint.sinceMs());
            }
        }
        return since;
    }

    /** The offset stored for one partition, or null. */
    Map<String, Object> offset(Map<String, Object> partition, String what) {
        return read(() -> reader.offset(partition), what);
    }

    /**
     * Every name in the open-name parts of 0.1.0 snapshots, under both key orders those wrote (one per worker
     * process). They go into the checkpoint's own names, which the task stores in today's parts before it writes a
     * version 3 checkpoint; after that they are never read again. A name that one process had already dropped may
     * come back from the other order: the task then asks about it once, and a closed execution whose offset was
     * deleted is emitted once more (a repeat, never a loss).
     */
    private Map<String, Long> snapshotNames(String stateMachineArn) {
        Map<String, Long> names = new HashMap<>();
        for (int order = 0; order < 2; order++) {
            // one read per order: Connect answers in a map keyed by partition, where the two orders are equal
            int o = order;
            List<Map<String, Object>> partitions = new ArrayList<>();
            for (int part = 0; part < OpenNamesPart.PARTS; part++) {
                partitions.add(SourcePartitions.snapshotOpenNames(stateMachineArn, part).get(o));
            }
            Map<Map<String, Object>, Map<String, Object>> stored = read(() -> reader.offsets(partitions),
                    "the open-name parts of " + stateMachineArn + " written by a 0.1.0 snapshot");
            parts(partitions, stored).forEach(part -> names.putAll(part.names()));
        }
        return names;
    }

    /** The stored parts among {@code partitions}, the partition of part {@code i} at index {@code i}. */
    private static List<OpenNamesPart> parts(List<Map<String, Object>> partitions,
                                             Map<Map<String, Object>, Map<String, Object>> stored) {
        List<OpenNamesPart> parts = new ArrayList<>();
        for (int part = 0; part < partitions.size(); part++) {
            Map<String, Object> offset = stored.get(partitions.get(part));
            if (offset != null) {
                parts.add(OpenNamesPart.fromMap(part, offset, partitions.get(part)));
            }
        }
        return parts;
    }

    /** How many reads were made so far. */
    long reads() {
        return reads;
    }

    /** How long the reads so far took, in ms. */
    long readMs() {
        return TimeUnit.NANOSECONDS.toMillis(readNanos);
    }

    private <T> T read(Callable<T> read, String what) {
        long started = System.nanoTime();
        reads++;
        Future<T> future = thread.submit(read);
        try {
            return future.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new RetriableException("Reading " + what + " from the offsets topic took longer than " + timeoutMs
                    + " ms; is the Kafka cluster reachable? Will retry", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("Interrupted while reading " + what + " from the offsets topic", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException invalid) {
                throw new ConnectException(invalid.getMessage() + "; correct or reset the connector's offsets "
                        + "(PATCH or DELETE /connectors/<name>/offsets)", invalid);
            }
            throw new RetriableException("Reading " + what + " from the offsets topic failed: "
                    + e.getCause().getMessage() + "; will retry", e.getCause());
        } finally {
            readNanos += System.nanoTime() - started;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
