package io.github.sfnconnect.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.ListMapRunsResponse;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;

/**
 * What a user writes by hand to stream the child executions of a parent execution's Map Runs: every poll interval,
 * {@code ListMapRuns} for the parent (all pages), then {@code ListExecutions(mapRunArn)} of each Map Run, all pages
 * (1,000 a page), and send each child whose status or redrive count differs from a local map to Kafka, built from
 * the listed item. It describes nothing: the fair match for the connector's default
 * {@code map.run.child.detail=summary}, whose records are built from the same listed items. A Map Run that
 * {@code ListMapRuns} showed stopped is listed once more in that poll (a Map Run stops only after its children, so
 * that listing has every final state) and then dropped; the poller exits once every Map Run it saw was dropped. Same
 * SDK client, HTTP client and retry strategy as {@link NaiveBaseline}.
 */
final class NaiveMapRunPoller implements Subject {

    /** One poll: when it ran and what it cost. */
    record PollStats(long startMs, long endMs, long listMapRunsCalls, long listCalls, int records, boolean failed) {
        long calls() {
            return listMapRunsCalls + listCalls;
        }
    }

    private final String name;
    private final String topic;
    private final String parentExecutionArn;
    private final long intervalMs;
    private final SfnClient sfn;
    private final KafkaProducer<String, String> producer;
    private final ObjectMapper json = new ObjectMapper();
    private final ThreadCpu cpu;
    private final List<PollStats> polls = new ArrayList<>();
    private final Map<String, String> seen = new HashMap<>();
    private final Set<String> mapRuns = new LinkedHashSet<>();
    private final Set<String> dropped = new HashSet<>();
    private volatile boolean running;
    private volatile boolean finished;
    private Thread thread;

    NaiveMapRunPoller(String topic, SimulatedAccount account, String parentExecutionArn, long intervalMs,
                      String bootstrapServers) {
        this.name = "baseline-" + topic;
        this.topic = topic;
        this.parentExecutionArn = parentExecutionArn;
        this.intervalMs = intervalMs;
        this.cpu = new ThreadCpu(this.name);
        this.sfn = NaiveBaseline.client(account);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, this.name);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    @Override
    public String side() {
        return "baseline";
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join();
        }
        producer.flush();
    }

    @Override
    public void resume() {
        start();
    }

    /** Whether every Map Run it found stopped and was listed once after its stop: the poller has exited. */
    boolean finished() {
        return finished;
    }

    private void loop() {
        while (running && !finished) {
            long start = System.currentTimeMillis();
            PollStats stats = pollOnce(start);
            synchronized (polls) {
                polls.add(stats);
            }
            producer.flush();
            long wait = start + intervalMs - System.currentTimeMillis();
            while (running && !finished && wait > 0) {
                sleep(Math.min(wait, 100));
                wait = start + intervalMs - System.currentTimeMillis();
            }
        }
    }

    private PollStats pollOnce(long start) {
        long listMapRuns = 0;
        long lists = 0;
        int records = 0;
        try {
            List<MapRunListItem> runs = new ArrayList<>();
            String runToken = null;
            do {
                String next = runToken;
                ListMapRunsResponse page = sfn.listMapRuns(b -> b.executionArn(parentExecutionArn).maxResults(1000)
                        .nextToken(next));
                listMapRuns++;
                runs.addAll(page.mapRuns());
                runToken = page.nextToken();
            } while (runToken != null);
            for (MapRunListItem run : runs) {
                if (dropped.contains(run.mapRunArn())) {
                    continue;
                }
                mapRuns.add(run.mapRunArn());
                boolean stopped = run.stopDate() != null;
                String token = null;
                do {
                    String next = token;
                    ListExecutionsResponse page = sfn.listExecutions(b -> b.mapRunArn(run.mapRunArn())
                            .maxResults(1000).nextToken(next));
                    lists++;
                    for (ExecutionListItem item : page.executions()) {
                        int redriveCount = item.redriveCount() == null ? 0 : item.redriveCount();
                        String state = item.statusAsString() + "|" + redriveCount;
                        if (!state.equals(seen.get(item.executionArn()))) {
                            producer.send(new ProducerRecord<>(topic, item.executionArn(), value(item, redriveCount)));
                            seen.put(item.executionArn(), state);
                            records++;
                        }
                    }
                    token = page.nextToken();
                } while (token != null);
                if (stopped) {
                    dropped.add(run.mapRunArn());
                }
            }
            finished = !mapRuns.isEmpty() && dropped.containsAll(mapRuns);
            return new PollStats(start, System.currentTimeMillis(), listMapRuns, lists, records, false);
        } catch (SdkException e) {
            // a cron job logs and tries again at the next poll
            return new PollStats(start, System.currentTimeMillis(), listMapRuns, lists, records, true);
        }
    }

    private String value(ExecutionListItem item, int redriveCount) {
        ObjectNode v = json.createObjectNode();
        v.put("executionArn", item.executionArn());
        v.put("stateMachineArn", item.stateMachineArn());
        v.put("name", item.name());
        v.put("status", item.statusAsString());
        v.put("startDate", item.startDate().toEpochMilli());
        if (item.stopDate() != null) {
            v.put("stopDate", item.stopDate().toEpochMilli());
        }
        v.put("mapRunArn", item.mapRunArn());
        v.put("redriveCount", redriveCount);
        if (item.redriveDate() != null) {
            v.put("redriveDate", item.redriveDate().toEpochMilli());
        }
        return v.toString();
    }

    /** The polls so far, in order. */
    List<PollStats> polls() {
        synchronized (polls) {
            return List.copyOf(polls);
        }
    }

    @Override
    public long cpuNanos() {
        return cpu.read();
    }

    /** Polls that failed (after the SDK's retries); the loop itself goes on. */
    @Override
    public int failures() {
        return (int) polls().stream().filter(PollStats::failed).count();
    }

    @Override
    public void close() {
        try {
            if (running) {
                stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            producer.close(Duration.ofSeconds(10));
            sfn.close();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
