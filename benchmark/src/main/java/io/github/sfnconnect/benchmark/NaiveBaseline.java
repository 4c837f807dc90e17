package io.github.sfnconnect.benchmark;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;

/**
 * What a user writes by hand instead of the connector: every poll interval, list every execution of every state
 * machine (all pages), describe every one, and send what differs from a local map to Kafka. The map lives in memory,
 * so a restarted process starts empty. Uses the same SDK, HTTP client and retry strategy as the connector, so that
 * the difference in the figures is the algorithm.
 * <p>
 * {@linkplain #listOnly List-only}, it describes nothing and builds each record from the listed item: the fair match
 * for the connector's {@code execution.detail=summary}, whose records hold the same fields.
 */
final class NaiveBaseline implements Subject {

    /** One poll: when it ran and what it cost. */
    record PollStats(long startMs, long endMs, long listCalls, long describeCalls, int records, boolean failed) {
    }

    private final String name;
    private final String topic;
    private final List<String> stateMachines;
    private final long intervalMs;
    private final boolean describe;
    private final SfnClient sfn;
    private final KafkaProducer<String, String> producer;
    private final ObjectMapper json = new ObjectMapper();
    private final ThreadCpu cpu;
    private final List<PollStats> polls = new ArrayList<>();
    private Map<String, String> seen = new HashMap<>();
    private volatile boolean running;
    private Thread thread;

    NaiveBaseline(String name, String topic, SimulatedAccount account, long intervalMs, String bootstrapServers) {
        this(name, topic, account, intervalMs, bootstrapServers, true);
    }

    /** The baseline that describes nothing: records from the listed items (all pages, every poll). */
    static NaiveBaseline listOnly(String name, String topic, SimulatedAccount account, long intervalMs,
                                  String bootstrapServers) {
        return new NaiveBaseline(name, topic, account, intervalMs, bootstrapServers, false);
    }

    private NaiveBaseline(String name, String topic, SimulatedAccount account, long intervalMs,
                          String bootstrapServers, boolean describe) {
        this.describe = describe;
        this.name = "baseline-" + name;
        this.topic = topic;
        this.stateMachines = account.stateMachineArns();
        this.intervalMs = intervalMs;
        this.cpu = new ThreadCpu(this.name);
        this.sfn = client(account);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, this.name);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** The SDK client a user would build: same HTTP client and retry strategy as the connector, nothing else. */
    static SfnClient client(SimulatedAccount account) {
        return SfnClient.builder()
                .region(Region.of(account.emulator().region()))
                .endpointOverride(URI.create(account.emulator().endpoint().toString()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(Apache5HttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(
                        AwsRetryStrategy.adaptiveRetryStrategy().toBuilder().maxAttempts(10).build()))
                .build();
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
        seen = new HashMap<>(); // a (re)started process has an empty map
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

    private void loop() {
        while (running) {
            long start = System.currentTimeMillis();
            PollStats stats = pollOnce(start);
            synchronized (polls) {
                polls.add(stats);
            }
            long wait = start + intervalMs - System.currentTimeMillis();
            while (running && wait > 0) {
                sleep(Math.min(wait, 100));
                wait = start + intervalMs - System.currentTimeMillis();
            }
        }
    }

    private PollStats pollOnce(long start) {
        long lists = 0;
        long describes = 0;
        int records = 0;
        try {
            for (String machine : stateMachines) {
                String token = null;
                do {
                    String next = token;
                    ListExecutionsResponse page = sfn.listExecutions(b -> b.stateMachineArn(machine)
                            .maxResults(1000).nextToken(next));
                    lists++;
                    for (ExecutionListItem item : page.executions()) {
                        if (!running) {
                            return new PollStats(start, System.currentTimeMillis(), lists, describes, records, false);
                        }
                        if (!describe) {
                            String state = item.statusAsString() + "|"
                                    + (item.redriveCount() == null ? 0 : item.redriveCount());
                            if (!state.equals(seen.get(item.executionArn()))) {
                                producer.send(new ProducerRecord<>(topic, item.executionArn(), value(item)));
                                seen.put(item.executionArn(), state);
                                records++;
                            }
                            continue;
                        }
                        DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(item.executionArn()));
                        describes++;
                        String state = d.statusAsString() + "|" + (d.redriveCount() == null ? 0 : d.redriveCount());
                        if (!state.equals(seen.get(d.executionArn()))) {
                            producer.send(new ProducerRecord<>(topic, d.executionArn(), value(d)));
                            seen.put(d.executionArn(), state);
                            records++;
                        }
                    }
                    token = page.nextToken();
                } while (token != null);
            }
            return new PollStats(start, System.currentTimeMillis(), lists, describes, records, false);
        } catch (SdkException e) {
            // a cron job logs and tries again at the next poll
            return new PollStats(start, System.currentTimeMillis(), lists, describes, records, true);
        }
    }

    private String value(DescribeExecutionResponse d) {
        ObjectNode v = json.createObjectNode();
        v.put("executionArn", d.executionArn());
        v.put("stateMachineArn", d.stateMachineArn());
        v.put("name", d.name());
        v.put("status", d.statusAsString());
        v.put("startDate", d.startDate().toEpochMilli());
        if (d.stopDate() != null) {
            v.put("stopDate", d.stopDate().toEpochMilli());
        }
        v.put("input", d.input());
        v.put("output", d.output());
        v.put("error", d.error());
        v.put("cause", d.cause());
        v.put("redriveCount", d.redriveCount() == null ? 0 : d.redriveCount());
        if (d.redriveDate() != null) {
            v.put("redriveDate", d.redriveDate().toEpochMilli());
        }
        return v.toString();
    }

    /** A record of the listed item's fields, as the connector's summary records have them. */
    private String value(ExecutionListItem item) {
        ObjectNode v = json.createObjectNode();
        v.put("executionArn", item.executionArn());
        v.put("stateMachineArn", item.stateMachineArn());
        v.put("name", item.name());
        v.put("status", item.statusAsString());
        v.put("startDate", item.startDate().toEpochMilli());
        if (item.stopDate() != null) {
            v.put("stopDate", item.stopDate().toEpochMilli());
        }
        v.put("redriveCount", item.redriveCount() == null ? 0 : item.redriveCount());
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
