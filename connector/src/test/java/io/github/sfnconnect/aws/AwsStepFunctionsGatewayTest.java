package io.github.sfnconnect.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.github.sfnconnect.config.StepFunctionsSourceConfig;
import io.github.sfnconnect.model.DescribedStateMachine;
import io.github.sfnconnect.model.DistributedMap;
import io.github.sfnconnect.model.ExecutionPage;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.StateMachinePage;
import io.github.sfnconnect.model.StateMachineSummary;

/**
 * The gateway's SDK client against scripted HTTP answers: proves that throttling, 5xx and slow responses are
 * retried by the SDK's retry strategy, and how failures that outlive the retries are classified.
 */
class AwsStepFunctionsGatewayTest {

    private static final String SM = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";
    private static final String EXEC = "arn:aws:states:us-east-1:123456789012:execution:orders:e1";
    private static final String LIST_OK = "{\"executions\":[{\"executionArn\":\"" + EXEC + "\",\"stateMachineArn\":\""
            + SM + "\",\"name\":\"e1\",\"status\":\"RUNNING\",\"startDate\":1764000000.123,\"redriveCount\":0}]}";

    private record Answer(int status, String body, long delayMs) {
    }

    private HttpServer server;
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<String> targets = new ArrayList<>();
    private AwsStepFunctionsGateway gateway;
    private final RecordedCalls calls = new RecordedCalls();

    /** What the gateway told its listener, one line per call. */
    private static final class RecordedCalls implements ApiCallListener {
        final List<String> completed = new ArrayList<>();
        final List<String> limited = new ArrayList<>();

        @Override
        public synchronized void callCompleted(String action, long durationMs, int attempts, int throttledAttempts,
                                               boolean succeeded) {
            completed.add(action + " attempts=" + attempts + " throttled=" + throttledAttempts + " ok=" + succeeded);
        }

        @Override
        public synchronized void rateLimited(String action, long waitedNanos) {
            limited.add(action);
        }

        final List<Long> dates = new ArrayList<>();

        @Override
        public synchronized void serviceDate(long epochMs) {
            dates.add(epochMs);
        }
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            Answer answer;
            synchronized (script) {
                targets.add(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
                answer = script.isEmpty() ? new Answer(200, LIST_OK, 0) : script.poll();
            }
            try {
                Thread.sleep(answer.delayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            try {
                exchange.sendResponseHeaders(answer.status(), body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (IOException e) {
                // the client gave up on a slow answer
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        StepFunctionsSourceConfig config = new StepFunctionsSourceConfig(Map.of(
                "aws.region", "us-east-1",
                "aws.endpoint.url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "aws.access.key.id", "test",
                "aws.secret.access.key", "test",
                "aws.max.attempts", "4",
                "aws.api.attempt.timeout.ms", "500",
                "state.machine.arns", SM,
                "topic", "t"));
        gateway = AwsStepFunctionsGateway.create(config, 1000, 1000, calls);
    }

    @AfterEach
    void stop() {
        gateway.close();
        server.stop(0);
    }

    private void answer(int status, String type, String message) {
        script.add(new Answer(status, "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}", 0));
    }

    private ExecutionPage list() throws InterruptedException {
        return gateway.listExecutions(SM, null, false, 100, null);
    }

    @Test
    void throttlingIsRetriedByTheSdk() throws InterruptedException {
        answer(400, "ThrottlingException", "Rate exceeded");
        answer(400, "ThrottlingException", "Rate exceeded");
        ExecutionPage page = list();
        assertThat(page.executions()).hasSize(1);
        assertThat(page.executions().get(0).status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(page.executions().get(0).startDateMs()).isEqualTo(1764000000123L);
        assertThat(targets).as("two throttled attempts, then success").hasSize(3)
                .allMatch("AWSStepFunctions.ListExecutions"::equals);
        assertThat(calls.completed).as("one call, its three attempts, two throttled (the metrics' source)")
                .containsExactly("ListExecutions attempts=3 throttled=2 ok=true");
        assertThat(calls.limited).containsExactly("ListExecutions");
    }

    @Test
    void listedStateMachinesCarryTheirTypeAndCreationDate() throws InterruptedException {
        script.add(new Answer(200, "{\"stateMachines\":[{\"stateMachineArn\":\"" + SM + "\",\"name\":\"orders\","
                + "\"type\":\"STANDARD\",\"creationDate\":1764000000.456}],\"nextToken\":\"t2\"}", 0));
        StateMachinePage page = gateway.listStateMachines(1000, null);
        assertThat(page.stateMachines()).containsExactly(new StateMachineSummary(SM, "orders", "STANDARD",
                1764000000456L));
        assertThat(page.nextToken()).isEqualTo("t2");
        assertThat(targets).containsExactly("AWSStepFunctions.ListStateMachines");
    }

    @Test
    void serverErrorsAreRetriedByTheSdk() throws InterruptedException {
        answer(500, "InternalFailure", "oops");
        answer(503, "ServiceUnavailable", "busy");
        assertThat(list().executions()).hasSize(1);
        assertThat(targets).hasSize(3);
        assertThat(calls.completed).as("retried, but not throttled")
                .containsExactly("ListExecutions attempts=3 throttled=0 ok=true");
    }

    @Test
    void slowAttemptIsAbandonedAndRetried() throws InterruptedException {
        script.add(new Answer(200, LIST_OK, 2_000));
        assertThat(list().executions()).hasSize(1);
        // a loaded machine may time out the retry too; what matters is that the slow attempt was abandoned
        assertThat(targets).as("the slow attempt timed out after 500 ms and was retried").hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void throttlingThatOutlivesTheRetriesIsRetriableForTheTask() {
        for (int i = 0; i < 4; i++) {
            answer(400, "ThrottlingException", "Rate exceeded");
        }
        assertThatThrownBy(this::list).isInstanceOf(RetriableException.class)
                .hasMessageContaining("ThrottlingException").hasMessageContaining("will retry at the next poll");
        assertThat(targets).as("aws.max.attempts=4").hasSize(4);
        assertThat(calls.completed).containsExactly("ListExecutions attempts=4 throttled=4 ok=false");
    }

    @Test
    void vanishedExecutionIsEmpty() throws InterruptedException {
        answer(400, "ExecutionDoesNotExist", "Execution Does Not Exist: '" + EXEC + "'");
        assertThat(gateway.describeExecution(EXEC, true)).isEmpty();
    }

    @Test
    void accessDeniedFailsWithTheMissingPermissions() {
        answer(400, "AccessDeniedException", "User is not authorized to perform: states:ListExecutions");
        assertThatThrownBy(this::list).isInstanceOf(ConnectException.class)
                .isNotInstanceOf(RetriableException.class)
                .hasMessageContaining("was denied").hasMessageContaining("states:ListExecutions");
        assertThat(targets).as("not retried").hasSize(1);
    }

    @Test
    void deletedStateMachineFailsWithTheFix() {
        answer(400, "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + SM + "'");
        assertThatThrownBy(this::list).isInstanceOf(ConnectException.class)
                .isNotInstanceOf(RetriableException.class)
                .hasMessageContaining("does not exist").hasMessageContaining("state.machine.arns");
    }

    @Test
    void finding3KmsThrottlingIsRetriedByTheSdkThenRetriableForTheTask() {
        for (int i = 0; i < 4; i++) {
            answer(400, "KmsThrottlingException", "Rate exceeded for key arn:aws:kms:us-east-1:123456789012:key/k1");
        }
        assertThatThrownBy(() -> gateway.describeExecution(EXEC, true)).isInstanceOf(RetriableException.class)
                .hasMessageContaining("KmsThrottlingException").hasMessageContaining("will retry");
        assertThat(targets).as("retried like throttling, aws.max.attempts=4").hasSize(4);
    }

    @Test
    void finding3KmsAccessDeniedAndInvalidStateSayWhatToDo() {
        answer(400, "KmsAccessDeniedException", "Access denied to key arn:aws:kms:us-east-1:123456789012:key/k1");
        assertThatThrownBy(() -> gateway.describeExecution(EXEC, true)).isInstanceOf(KmsKeyException.class)
                .isNotInstanceOf(RetriableException.class)
                .hasMessageContaining("kms:Decrypt").hasMessageContaining("execution.detail=metadata")
                .hasMessageContaining("key/k1");
        answer(400, "KmsInvalidStateException", "Key arn:aws:kms:us-east-1:123456789012:key/k1 is disabled");
        assertThatThrownBy(() -> gateway.describeExecution(EXEC, true)).isInstanceOf(KmsKeyException.class)
                .hasMessageContaining("enable the key").hasMessageContaining("execution.detail=metadata");
        assertThat(targets).as("neither is retried").hasSize(2);
    }

    @Test
    void everyAnswerTellsTheServiceClock() throws InterruptedException {
        long before = System.currentTimeMillis();
        list();
        answer(400, "AccessDeniedException", "no");
        assertThatThrownBy(this::list).isInstanceOf(ConnectException.class);
        assertThat(calls.dates).as("the Date header of a success and of an error").hasSize(2)
                .allSatisfy(d -> assertThat(d).isBetween(before - 2_000, System.currentTimeMillis() + 1_000));
    }

    private static String describedStateMachine(String definition) {
        return "{\"stateMachineArn\":\"" + SM + "\",\"name\":\"orders\",\"type\":\"STANDARD\",\"status\":"
                + "\"ACTIVE\",\"definition\":" + definition + ",\"roleArn\":\"arn:aws:iam::123456789012:role/r\","
                + "\"creationDate\":1.7E9,\"encryptionConfiguration\":{\"type\":\"CUSTOMER_MANAGED_KMS_KEY\","
                + "\"kmsKeyId\":\"arn:aws:kms:us-east-1:123456789012:key/k1\"}}";
    }

    @Test
    void aDescribeWithTheDefinitionIsOneCallForTheTypeAndTheDistributedMaps() throws InterruptedException {
        String definition = "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ItemProcessor\":"
                + "{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"},"
                + "\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}}}";
        script.add(new Answer(200, describedStateMachine("\"" + definition.replace("\"", "\\\"") + "\""), 0));

        DescribedStateMachine described = gateway.describeWithDefinition(SM);

        assertThat(described.info().type()).isEqualTo("STANDARD");
        assertThat(described.info().kmsKeyId()).isEqualTo("arn:aws:kms:us-east-1:123456789012:key/k1");
        assertThat(described.distributedMaps()).extracting(DistributedMap::statePath).containsExactly("M");
        assertThat(described.unreadable()).isNull();
        assertThat(targets).containsExactly("AWSStepFunctions.DescribeStateMachine");
    }

    @Test
    void aDefinitionKmsWillNotDecryptIsAskedAgainWithoutIt() throws InterruptedException {
        answer(400, "KmsAccessDeniedException", "Access denied to key arn:aws:kms:us-east-1:123456789012:key/k1");
        script.add(new Answer(200, describedStateMachine("\"{}\""), 0));

        DescribedStateMachine described = gateway.describeWithDefinition(SM);

        assertThat(described.info().type()).as("the metadata, which needs no kms:Decrypt").isEqualTo("STANDARD");
        assertThat(described.distributedMaps()).isEmpty();
        assertThat(described.unreadable()).isInstanceOf(KmsKeyException.class).hasMessageContaining("kms:Decrypt");
        assertThat(targets).hasSize(2);
    }

    @Test
    void aDescribeWithTheDefinitionOfAMissingStateMachineFailsWithTheFix() {
        answer(400, "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + SM + "'");
        assertThatThrownBy(() -> gateway.describeWithDefinition(SM)).isInstanceOf(StateMachineMissingException.class)
                .hasMessageContaining("state.machine.arns");
    }
}
