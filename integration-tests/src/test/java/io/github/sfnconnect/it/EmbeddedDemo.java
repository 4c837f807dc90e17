package io.github.sfnconnect.it;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;

import io.github.sfnconnect.emulator.StepFunctionsEmulator;

/**
 * Runs the connector end to end on an embedded default: a KRaft broker and a Connect worker in-process, the Step
 * Functions emulator with a small simulated workload, and a consumer printing the records as they arrive.
 * <p>
 * {@code mvn -q -Pdemo verify -DskipTests} from the project root; {@code -Ddemo.args="--seconds 60"} runs longer.
 * With {@code DEMO_STATE_MACHINE_ARNS} (comma-separated) and {@code AWS_REGION} set, it streams those real state
 * machines with the default AWS credential chain instead, and simulates nothing.
 */
public final class EmbeddedDemo {

    private EmbeddedDemo() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = 30;
        for (int i = 0; i + 1 < args.length; i++) {
            if ("--seconds".equals(args[i])) {
                seconds = Integer.parseInt(args[i + 1]);
            }
        }
        String realArns = System.getenv("DEMO_STATE_MACHINE_ARNS");
        System.out.println("Starting a Kafka broker, a Connect worker and the Step Functions emulator...");
        try (ConnectHarness harness = new ConnectHarness()) {
            StepFunctionsEmulator sfn = harness.emulator();
            Map<String, String> props;
            Workload workload = null;
            if (realArns != null && !realArns.isBlank()) {
                props = harness.connectorProps(1, List.of(realArns.split(",")));
                props.put("aws.region", System.getenv().getOrDefault("AWS_REGION", "us-east-1"));
                props.remove("aws.endpoint.url");
                props.remove("aws.access.key.id");
                props.remove("aws.secret.access.key");
                props.put("aws.list.executions.rate.limit", "2");
                props.put("aws.describe.execution.rate.limit", "8");
                props.put("poll.interval.ms", "5000");
                System.out.println("Streaming real AWS state machines " + realArns + " in " + props.get("aws.region"));
            } else {
                List<String> machines = List.of(sfn.createStateMachine("orders"), sfn.createStateMachine("payments"));
                props = harness.connectorProps(2, machines);
                props.put("poll.interval.ms", "1000");
                workload = new Workload(sfn, machines, new Random(42));
                System.out.println("Emulator at " + sfn.endpoint() + " with state machines " + machines);
            }
            harness.connect().configureConnector("stepfunctions-demo", props);
            harness.connect().assertions().assertConnectorAndAtLeastNumTasksAreRunning("stepfunctions-demo", 1,
                    "the connector did not start");
            System.out.printf("Connector running; printing records of topic %s for %d s%n%n", ConnectHarness.TOPIC,
                    seconds);
            int printed = printRecords(harness, workload, Duration.ofSeconds(seconds));
            System.out.printf("%nDone: %d records; Step Functions API calls by the connector: %s%n", printed,
                    sfn.callCounts());
        }
    }

    private static int printRecords(ConnectHarness harness, Workload workload, Duration duration) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, harness.connect().kafka().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "demo-printer");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), false);
        int printed = 0;
        long end = System.currentTimeMillis() + duration.toMillis();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(ConnectHarness.TOPIC));
            while (System.currentTimeMillis() < end) {
                if (workload != null) {
                    workload.step();
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    Struct v = (Struct) converter.toConnectData(r.topic(), r.value()).value();
                    System.out.printf("%s  %-9s redrive=%d  %s  %s%n", Instant.ofEpochMilli(r.timestamp()),
                            v.getString("status"), v.getInt32("redriveCount"), r.key(), detail(v));
                    printed++;
                }
            }
        }
        return printed;
    }

    private static String detail(Struct v) {
        return switch (v.getString("status")) {
            case "SUCCEEDED" -> "output=" + v.getString("output");
            case "FAILED", "TIMED_OUT", "ABORTED" -> "error=" + v.getString("error") + " cause=" + v.getString("cause");
            default -> "input=" + v.getString("input");
        };
    }

    /** A small random workload: executions start, then succeed, fail, time out, or get aborted; some are redriven. */
    private static final class Workload {
        private final StepFunctionsEmulator sfn;
        private final List<String> machines;
        private final Random random;
        private final List<String> running = new ArrayList<>();
        private final List<String> redrivable = new ArrayList<>();
        private int started;

        Workload(StepFunctionsEmulator sfn, List<String> machines, Random random) {
            this.sfn = sfn;
            this.machines = machines;
            this.random = random;
        }

        void step() {
            if (random.nextInt(3) > 0) {
                String machine = machines.get(random.nextInt(machines.size()));
                running.add(sfn.startExecution(machine, "demo-" + (++started),
                        "{\"customer\":" + random.nextInt(1000) + "}"));
            }
            if (!running.isEmpty() && random.nextBoolean()) {
                String arn = running.remove(random.nextInt(running.size()));
                switch (random.nextInt(6)) {
                    case 0 -> { sfn.fail(arn, "PaymentDeclined", "insufficient funds"); redrivable.add(arn); }
                    case 1 -> sfn.timeOut(arn);
                    case 2 -> sfn.abort(arn, "Cancelled", "customer cancelled");
                    default -> sfn.succeed(arn, "{\"shipped\":true}");
                }
            }
            if (!redrivable.isEmpty() && random.nextInt(4) == 0) {
                String arn = redrivable.remove(0);
                sfn.redrive(arn);
                running.add(arn);
            }
        }
    }
}
