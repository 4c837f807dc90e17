package io.github.sfnconnect.benchmark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Issue 9's bounded backfill: {@code initial.position=earliest} over a large retained history ({@link LargeHistory},
 * 1,000,000 closed executions over 89 days in the full run) by the connector in a Connect worker in a JVM of its own
 * with a 512 MiB heap ({@link WorkerProcess}), loaded from its Hub archive on plugin.path.
 * <p>
 * The main case is {@code execution.detail=summary}: one {@code ListExecutions} page per 1,000 executions and no
 * describes, so the listing is the limit. It runs to the end (or a time cap), then {@code full} runs for a bounded
 * time in a fresh worker on the same account. For each, from the moment the connector is created over the REST API:
 * when the first record and the first checkpoint-topic record became readable, what was written in the first minute,
 * records/s, the total time, API calls, the worker's heap from its GC log, whether it stayed alive, and how far the
 * committed checkpoints (the worker's offsets topic, read as the worker wrote it) claim the history over time.
 */
final class LargeBackfillRun {

    private static final long MINUTE_MS = 60_000;
    private final ObjectMapper json = new ObjectMapper();

    private final Settings settings;
    private final BenchCluster cluster;
    private final LargeHistory history;

    private LargeBackfillRun(Settings settings, BenchCluster cluster, LargeHistory history) {
        this.settings = settings;
        this.cluster = cluster;
        this.history = history;
    }

    /** Seeds the history, then streams it in summary mode and, if asked, in full mode; returns the details. */
    static Map<String, Object> run(Settings settings, BenchCluster cluster) throws Exception {
        Settings.LargeBackfill large = settings.largeBackfill();
        Map<String, Object> out = new LinkedHashMap<>();
        try (LargeHistory history = new LargeHistory(large.executions(), large.stateMachines(), large.span(),
                settings.workload().seed())) {
            Benchmark.progress("large backfill: seeding " + String.format(Locale.ROOT, "%,d", large.executions())
                    + " closed executions over " + large.span().toDays() + " days in " + large.stateMachines()
                    + " state machine(s)");
            long seedMs = history.write();
            Map<String, Object> seeding = new LinkedHashMap<>();
            seeding.put("executions", large.executions());
            seeding.put("state_machines", large.stateMachines());
            seeding.put("span_days", large.span().toHours() / 24.0);
            seeding.put("seconds", seedMs / 1000.0);
            seeding.put("executions_per_second", large.executions() / Math.max(0.001, seedMs / 1000.0));
            seeding.put("method", "direct emulator calls (startExecution, then succeed/fail/timeOut/abort) with the"
                    + " emulator's clock pinned to each start and stop date, oldest first");
            out.put("seeding", seeding);
            Benchmark.progress("large backfill: seeded in " + seedMs / 1000.0 + " s");
            LargeBackfillRun run = new LargeBackfillRun(settings, cluster, history);
            out.put("summary", run.stream("summary", large.cap()));
            if (!large.fullDetailFor().isZero()) {
                out.put("full", run.stream("full", large.fullDetailFor()));
            }
        }
        return out;
    }

    /** Streams the whole history with one execution.detail, until every execution is in Kafka or for {@code cap}. */
    @SuppressWarnings("try") // the offsets timeline reads in the background for as long as its block runs
    private Map<String, Object> stream(String detail, Duration cap) throws Exception {
        Settings.LargeBackfill large = settings.largeBackfill();
        String name = "large-backfill-" + detail;
        String topic = name;
        // execution records carry their stop date, up to 89 days back: the default 7-day retention would delete them
        cluster.connect().kafka().createTopic(topic, 1, 1, Map.of("retention.ms", "-1"));
        cluster.connect().kafka().createTopic(topic + ".checkpoints", 1);
        int n = history.executions();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("execution_detail", detail);
        row.put("executions", n);
        row.put("time_cap_seconds", cap.toSeconds());
        Benchmark.progress("large backfill (" + detail + "): starting a Connect worker JVM with -Xmx"
                + large.workerHeap());
        Path directory = settings.output().resolve("large-backfill");
        Records records = new Records(n);
        Checkpoints checkpoints = new Checkpoints();
        try (WorkerProcess worker = new WorkerProcess(name + "-worker", directory, cluster.bootstrapServers(),
                large.workerHeap(), large.workerJvmOptions(),
                Map.of("offset.flush.interval.ms", Long.toString(large.offsetFlushMs())));
             TopicTimeline recordTopic = new TopicTimeline(cluster.bootstrapServers(), topic, records::accept);
             TopicTimeline checkpointTopic = new TopicTimeline(cluster.bootstrapServers(), topic + ".checkpoints",
                     checkpoints::accept)) {
            row.put("worker_ready_ms", worker.uptimeMs());
            Map<String, String> props = new HashMap<>();
            props.put("connector.class", ConnectorSubject.CONNECTOR_CLASS);
            props.put("tasks.max", "1");
            props.put("topic", topic);
            props.put("aws.region", history.emulator().region());
            props.put("aws.endpoint.url", history.emulator().endpoint().toString());
            props.put("aws.access.key.id", "test");
            props.put("aws.secret.access.key", "test");
            props.put("state.machine.arns", String.join(",", history.stateMachineArns()));
            props.put("initial.position", "earliest");
            props.put("aws.list.executions.rate.limit", "10000");
            props.put("aws.describe.execution.rate.limit", "10000");
            props.putAll(settings.connectorProperties());
            props.put("execution.detail", detail);
            row.put("connector_properties", new java.util.TreeMap<>(redacted(props)));

            ApiCalls.Snapshot calls = ApiCalls.from(history.emulator());
            long cpuAtStart = worker.cpuMs();
            long t0 = System.currentTimeMillis();
            worker.putConnector(name, props);
            long created = System.currentTimeMillis();
            row.put("create_request_ms", created - t0);
            Commits commits = new Commits(name);
            try (TopicTimeline offsets = new TopicTimeline(cluster.bootstrapServers(), worker.offsetsTopic(),
                    commits::accept)) {
                List<long[]> listTimeline = new ArrayList<>(); // (ms since t0, ListExecutions so far)
                long deadline = t0 + cap.toMillis();
                long runningAt = -1;
                long listsAtFirstRecord = -1;
                long nextStatus = 0;
                String stopped = "time cap";
                long cpuMs = 0;
                while (true) {
                    long now = System.currentTimeMillis();
                    long cpu = worker.cpuMs();
                    if (cpu >= 0) {
                        cpuMs = cpu - cpuAtStart; // the last reading while the JVM was alive
                    }
                    long lists = calls.sinceThen().lists();
                    listTimeline.add(new long[] {now - t0, lists});
                    if (listsAtFirstRecord < 0 && recordTopic.count() > 0) {
                        listsAtFirstRecord = lists;
                    }
                    if (records.distinct() >= n) {
                        stopped = "complete";
                        break;
                    }
                    if (!worker.isAlive()) {
                        stopped = "worker exited";
                        break;
                    }
                    if (now >= nextStatus) {
                        List<String> states = worker.taskStates(name);
                        if (runningAt < 0 && states.contains("RUNNING")) {
                            runningAt = now - t0;
                        }
                        if (states.contains("FAILED")) {
                            stopped = "task failed";
                            break;
                        }
                        nextStatus = now + (runningAt < 0 ? 200 : 2_000);
                    }
                    if (now >= deadline) {
                        break;
                    }
                    Thread.sleep(100);
                }
                // what stopped the run is the end of the figures; the worker goes on during the wait below
                long endMs = Math.max(recordTopic.lastReadMs(), t0);
                ApiCalls api = calls.sinceThen();
                long recordCount = recordTopic.count();
                int distinct = records.distinct();
                long duplicates = records.duplicates();
                Benchmark.progress("large backfill (" + detail + "): " + stopped + ", " + records.distinct()
                        + " executions in Kafka; waiting for the last offset commit");
                if (worker.isAlive()) {
                    Thread.sleep(large.offsetFlushMs() + 2_000); // the last checkpoint committed, for the claims
                }
                long firstRecord = recordTopic.firstReadMs();
                long firstCheckpoint = checkpointTopic.firstReadMs();
                row.put("stopped", stopped);
                row.put("complete", distinct >= n);
                row.put("task_running_ms", runningAt);
                row.put("time_to_first_record_ms", firstRecord < 0 ? null : firstRecord - t0);
                row.put("time_to_first_checkpoint_ms", firstCheckpoint < 0 ? null : firstCheckpoint - t0);
                row.put("time_to_first_claiming_commit_ms", commits.firstClaimMs() < 0 ? null
                        : commits.firstClaimMs() - t0);
                row.put("list_calls_when_first_record_read", listsAtFirstRecord);
                row.put("records_first_minute", recordTopic.countBy(t0 + MINUTE_MS));
                row.put("checkpoint_records_first_minute", checkpointTopic.countBy(t0 + MINUTE_MS));
                row.put("checkpoints_first_minute", checkpoints.checkpointsBy(t0 + MINUTE_MS));
                row.put("executions_claimed_by_commits_first_minute", commits.claimedBy(t0 + MINUTE_MS));
                row.put("list_calls_first_minute", listsBy(listTimeline, MINUTE_MS));
                row.put("records", recordCount);
                row.put("distinct_executions", distinct);
                row.put("duplicates", duplicates);
                row.put("foreign_records", records.foreign());
                row.put("seconds_to_last_record", (endMs - t0) / 1000.0);
                row.put("records_per_second", recordCount / Math.max(0.001, (endMs - t0) / 1000.0));
                row.put("records_per_second_from_first_record", firstRecord < 0 || endMs <= firstRecord ? null
                        : recordCount / ((endMs - firstRecord) / 1000.0));
                row.put("checkpoint_topic_records", checkpointTopic.count());
                row.put("checkpoint_topic_by_kind", checkpoints.byKind());
                row.put("max_open_names_carried_by_a_checkpoint", checkpoints.maxOpenNames());
                row.put("execution_offsets_deleted_per_1000_executions",
                        checkpoints.byKind().getOrDefault("TOMBSTONE", 0L) * 1000.0 / Math.max(1, distinct));
                row.put("committed_offsets", commits.offsets());
                row.put("executions_claimed_by_last_commit", commits.claimed());
                row.put("records_after_the_commit_wait", recordTopic.count());
                row.put("api_calls", api.byAction());
                row.put("list_calls_per_1000_executions", api.lists() * 1000.0 / Math.max(1, recordCount));
                row.put("describe_calls_per_record", (double) api.describes() / Math.max(1, recordCount));
                row.put("worker_cpu_seconds", cpuMs / 1000.0); // the whole JVM: task, producer, Connect, GC
                row.put("worker_cpu_us_per_record", cpuMs * 1000.0 / Math.max(1, recordCount));
                row.put("progress_every_10s", progress(recordTopic, commits, listTimeline, t0, endMs));
                boolean alive = worker.isAlive();
                row.put("worker_alive", alive);
                row.put("worker_exit_code", worker.exitCode());
                List<String> states = alive ? worker.taskStates(name) : List.of();
                row.put("task_states", states);
                String trace = alive ? worker.taskTrace(name) : null;
                row.put("task_failure", trace == null ? null : trace.lines().findFirst().orElse(trace));
                worker.fullGc();
                row.put("worker_heap", worker.heapFromGcLog());
                row.put("worker_out_of_memory_lines", worker.outOfMemoryLines());
                row.put("worker_error_log_lines", worker.errorLines());
                row.put("worker_offset_commit_failures", worker.logLines("Failed to commit offsets"));
                row.put("worker_first_error", worker.firstErrorCause());
                row.put("worker_log", worker.logFile().toString());
                row.put("load", Machine.load());
            }
        }
        Benchmark.progress("large backfill (" + detail + "): " + row);
        return row;
    }

    private static Map<String, String> redacted(Map<String, String> props) {
        Map<String, String> out = new HashMap<>(props);
        out.replace("aws.secret.access.key", "(hidden)");
        return out;
    }

    private static long listsBy(List<long[]> timeline, long sinceStartMs) {
        long lists = 0;
        for (long[] p : timeline) {
            if (p[0] > sinceStartMs) {
                break;
            }
            lists = p[1];
        }
        return lists;
    }

    /** Records, claimed executions and list calls every 10 s from the start: what progress looked like. */
    private static List<Map<String, Object>> progress(TopicTimeline records, Commits commits, List<long[]> lists,
                                                      long t0, long endMs) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (long s = 10_000; s < endMs - t0 + 10_000; s += 10_000) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("seconds", s / 1000);
            p.put("records", records.countBy(t0 + s));
            p.put("claimed_by_commits", commits.claimedBy(t0 + s));
            p.put("list_calls", listsBy(lists, s));
            out.add(p);
        }
        return out;
    }

    /** The execution topic: which executions came, once or more (by the index in their names). */
    private static final class Records {
        private final BitSet seen;
        private final int n;
        private volatile int distinct;
        private volatile long duplicates;
        private volatile long foreign;

        Records(int n) {
            this.n = n;
            this.seen = new BitSet(n);
        }

        void accept(ConsumerRecord<String, byte[]> r) {
            int index = r.key() == null ? -1 : LargeHistory.indexOf(r.key());
            if (index < 0 || index >= n) {
                foreign++;
            } else if (seen.get(index)) {
                duplicates++;
            } else {
                seen.set(index);
                distinct++;
            }
        }

        int distinct() {
            return distinct;
        }

        long duplicates() {
            return duplicates;
        }

        long foreign() {
            return foreign;
        }
    }

    /** The checkpoint topic: records by kind, and when each CHECKPOINT came. */
    private final class Checkpoints {
        private final Map<String, Long> kinds = new java.util.concurrent.ConcurrentHashMap<>();
        private final List<Long> checkpointTimes = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile long maxOpenNames;

        void accept(ConsumerRecord<String, byte[]> r) {
            String kind;
            if (r.value() == null) {
                kind = "TOMBSTONE";
            } else {
                try {
                    kind = json.readTree(r.value()).path("kind").asText("?");
                } catch (java.io.IOException e) {
                    kind = "?";
                }
            }
            kinds.merge(kind, 1L, Long::sum);
            if (kind.equals("CHECKPOINT")) {
                checkpointTimes.add(System.currentTimeMillis());
                try {
                    // the open-execution names the checkpoint's offset carries (not yet in their parts)
                    long names = json.readTree(r.value()).path("openExecutions").asLong(0);
                    maxOpenNames = Math.max(maxOpenNames, names);
                } catch (java.io.IOException e) {
                    // counted above as a checkpoint all the same
                }
            }
        }

        long maxOpenNames() {
            return maxOpenNames;
        }

        Map<String, Long> byKind() {
            return new java.util.TreeMap<>(kinds);
        }

        long checkpointsBy(long ms) {
            return checkpointTimes.stream().filter(t -> t <= ms).count();
        }
    }

    /**
     * The worker's offsets topic: each committed checkpoint of a state machine, and how many of the history's
     * executions its claims cover (a restart would not emit those again); execution offsets (a backfill's claimed
     * executions need none) and their deletions; the largest checkpoint offset and how many open-execution names it
     * carried.
     */
    private final class Commits {
        private final String connector;
        private final Map<String, Integer> claimedByMachine = new HashMap<>();
        /** (read ms, executions claimed over all state machines) per commit. */
        private final List<long[]> timeline = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile long firstClaimMs = -1;
        private volatile long commits;
        private final java.util.Set<String> executionOffsets = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private volatile long executionOffsetDeletions;
        private volatile long openPartOffsets;
        private volatile long largestCheckpointBytes;
        private volatile long namesInLargestCheckpoint;

        Commits(String connector) {
            this.connector = connector;
        }

        void accept(ConsumerRecord<String, byte[]> r) {
            if (r.key() == null) {
                return;
            }
            try {
                JsonNode key = json.readTree(r.key());
                if (!key.isArray() || !connector.equals(key.path(0).asText())) {
                    return;
                }
                JsonNode partition = key.path(1);
                if (partition.has("execution_arn")) {
                    if (r.value() == null) {
                        executionOffsetDeletions++;
                    } else {
                        executionOffsets.add(partition.get("execution_arn").asText());
                    }
                    return;
                }
                if (r.value() != null && partition.has("open_names")) {
                    openPartOffsets++;
                    return;
                }
                if (r.value() == null || !partition.has("state_machine_arn")) {
                    return;
                }
                String machine = partition.get("state_machine_arn").asText();
                JsonNode offset = json.readTree(new String(r.value(), StandardCharsets.UTF_8));
                if (r.value().length > largestCheckpointBytes) {
                    largestCheckpointBytes = r.value().length;
                    String open = offset.path("open").asText("");
                    namesInLargestCheckpoint = open.isEmpty() ? 0 : open.split(",").length;
                }
                int claimed = 0;
                String claims = offset.path("claims").asText("");
                for (String range : claims.isEmpty() ? new String[0] : claims.split(",")) {
                    String[] f = range.split(":", -1);
                    long low = f[0].isEmpty() ? Long.MIN_VALUE : Long.parseLong(f[0]);
                    claimed += history.startedBetween(machine, low, Long.parseLong(f[1]));
                }
                long total;
                synchronized (claimedByMachine) {
                    claimedByMachine.put(machine, claimed);
                    total = claimedByMachine.values().stream().mapToLong(Integer::longValue).sum();
                }
                long now = System.currentTimeMillis();
                commits++;
                timeline.add(new long[] {now, total});
                if (total > 0 && firstClaimMs < 0) {
                    firstClaimMs = now;
                }
            } catch (java.io.IOException | RuntimeException e) {
                // not a checkpoint of ours
            }
        }

        Map<String, Object> offsets() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("checkpoint_commits", commits);
            out.put("execution_offsets_committed", executionOffsets.size());
            out.put("execution_offsets_deleted", executionOffsetDeletions);
            out.put("open_name_part_commits", openPartOffsets);
            out.put("largest_checkpoint_offset_bytes", largestCheckpointBytes);
            out.put("open_names_in_largest_checkpoint", namesInLargestCheckpoint);
            return out;
        }

        long firstClaimMs() {
            return firstClaimMs;
        }

        long commits() {
            return commits;
        }

        long claimed() {
            return timeline.isEmpty() ? 0 : timeline.get(timeline.size() - 1)[1];
        }

        long claimedBy(long ms) {
            long claimed = 0;
            for (long[] p : timeline) {
                if (p[0] > ms) {
                    break;
                }
                claimed = p[1];
            }
            return claimed;
        }
    }
}
