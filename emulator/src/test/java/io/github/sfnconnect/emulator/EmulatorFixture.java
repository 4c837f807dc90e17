package io.github.sfnconnect.emulator;

import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

/** A fresh emulator on a mutable clock and a real SDK client pointed at it, for each test. */
abstract class EmulatorFixture {
    /** A start time with a millisecond part, so truncation or rounding errors show. */
    static final Instant T0 = Instant.parse("2024-05-01T10:00:00.123Z");

    MutableClock clock;
    StepFunctionsEmulator emulator;
    SfnClient sfn;

    @BeforeEach
    void startEmulator() {
        clock = new MutableClock(T0);
        emulator = StepFunctionsEmulator.start(clock);
        sfn = connect(emulator);
    }

    @AfterEach
    void stopEmulator() {
        sfn.close();
        emulator.close();
    }

    /** A client with the SDK's default retries, over the same HTTP client as the connector's (Apache 5). */
    static SfnClient connect(StepFunctionsEmulator emulator) {
        return connect(emulator, o -> { });
    }

    /** A client with its own override configuration, e.g. retries off or a short attempt timeout. */
    static SfnClient connect(StepFunctionsEmulator emulator, Consumer<ClientOverrideConfiguration.Builder> overrides) {
        return SfnClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(Apache5HttpClient.create())
                .overrideConfiguration(overrides)
                .build();
    }

    /** A client that makes one attempt per call, so each injected fault reaches the caller. */
    static SfnClient connectWithoutRetries(StepFunctionsEmulator emulator) {
        return connect(emulator, o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    }

    DescribeExecutionResponse describe(String executionArn) {
        return sfn.describeExecution(r -> r.executionArn(executionArn));
    }

    String start(String stateMachineArn, String name) {
        return sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(name)).executionArn();
    }
}
