package io.github.sfnconnect.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.EncryptionConfiguration;
import software.amazon.awssdk.services.sfn.model.IncludedData;
import software.amazon.awssdk.services.sfn.model.InvalidEncryptionConfigurationException;
import software.amazon.awssdk.services.sfn.model.KmsAccessDeniedException;
import software.amazon.awssdk.services.sfn.model.KmsInvalidStateException;
import software.amazon.awssdk.services.sfn.model.KmsKeyState;
import software.amazon.awssdk.services.sfn.model.KmsThrottlingException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/** Customer managed KMS keys: the encryption configuration, and KMS errors only where the service needs the key. */
class KmsFaultTest extends NoRetryFixture {
    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String ROLE = "arn:aws:iam::123456789012:role/sfn";
    private String encrypted;
    private String execution;

    @BeforeEach
    void createEncryptedMachine() {
        encrypted = emulator.createStateMachine("secret", "STANDARD", KEY);
        execution = emulator.startExecution(encrypted, "e1", "{\"card\":1}");
    }

    @Test
    void theEncryptionConfigurationIsValidatedAndDescribed() {
        String arn = sfn.createStateMachine(r -> r.name("cmk").definition(StepFunctionsEmulator.DEFAULT_DEFINITION)
                .roleArn(ROLE).encryptionConfiguration(e -> e.type("CUSTOMER_MANAGED_KMS_KEY").kmsKeyId(KEY)
                        .kmsDataKeyReusePeriodSeconds(120))).stateMachineArn();

        EncryptionConfiguration described = sfn.describeStateMachine(r -> r.stateMachineArn(arn))
                .encryptionConfiguration();
        assertThat(described.typeAsString()).isEqualTo("CUSTOMER_MANAGED_KMS_KEY");
        assertThat(described.kmsKeyId()).isEqualTo(KEY);
        assertThat(described.kmsDataKeyReusePeriodSeconds()).isEqualTo(120);
        assertThat(sfn.describeStateMachine(r -> r.stateMachineArn(machine)).encryptionConfiguration().typeAsString())
                .as("the default").isEqualTo("AWS_OWNED_KEY");

        assertThatThrownBy(() -> sfn.createStateMachine(r -> r.name("nokey")
                .definition(StepFunctionsEmulator.DEFAULT_DEFINITION).roleArn(ROLE)
                .encryptionConfiguration(e -> e.type("CUSTOMER_MANAGED_KMS_KEY"))))
                .as("a customer managed key without kmsKeyId")
                .isInstanceOf(InvalidEncryptionConfigurationException.class);
        assertThatThrownBy(() -> sfn.createStateMachine(r -> r.name("short")
                .definition(StepFunctionsEmulator.DEFAULT_DEFINITION).roleArn(ROLE)
                .encryptionConfiguration(e -> e.type("CUSTOMER_MANAGED_KMS_KEY").kmsKeyId(KEY)
                        .kmsDataKeyReusePeriodSeconds(30))))
                .as("a reuse period under 60 s").isInstanceOf(ValidationException.class);
    }

    @Test
    void accessDeniedForTheKeyFailsFullReadsButNotMetadataOnlyOnes() {
        emulator.faults().kmsAccessDenied(KEY);

        KmsAccessDeniedException denied = catchThrowableOfType(KmsAccessDeniedException.class,
                () -> once.describeExecution(r -> r.executionArn(execution)));
        assertThat(denied.statusCode()).isEqualTo(400);
        assertThat(denied.awsErrorDetails().errorMessage()).as("the message names the key").contains(KEY);
        assertThat(once.describeExecution(r -> r.executionArn(execution).includedData(IncludedData.METADATA_ONLY))
                .status().toString()).as("METADATA_ONLY needs no key").isEqualTo("RUNNING");
        assertThatThrownBy(() -> once.describeStateMachine(r -> r.stateMachineArn(encrypted)))
                .as("DescribeStateMachine with ALL_DATA").isInstanceOf(KmsAccessDeniedException.class);
        DescribeStateMachineResponse metadata = once.describeStateMachine(r -> r.stateMachineArn(encrypted)
                .includedData(IncludedData.METADATA_ONLY));
        assertThat(metadata.definition()).isEqualTo("{}");
        assertThatThrownBy(() -> once.startExecution(r -> r.stateMachineArn(encrypted).name("e2")))
                .as("StartExecution encrypts the input").isInstanceOf(KmsAccessDeniedException.class);
        assertThat(emulator.execution(execution.replace(":e1", ":e2"))).as("nothing started").isEmpty();
        assertThat(once.describeExecution(r -> r.executionArn(emulator.startExecution(machine, "plain", null)))
                .status().toString()).as("an AWS-owned key never fails").isEqualTo("RUNNING");
        assertThat(emulator.faults().injectedCounts())
                .containsEntry("KmsAccessDeniedException:DescribeExecution", 1L)
                .containsEntry("KmsAccessDeniedException:DescribeStateMachine", 1L)
                .containsEntry("KmsAccessDeniedException:StartExecution", 1L);
    }

    @Test
    void aDisabledOrDeletedKeyIsAnInvalidState() {
        emulator.faults().kmsKeyState(KEY, Faults.KmsKeyState.PENDING_DELETION);

        KmsInvalidStateException invalid = catchThrowableOfType(KmsInvalidStateException.class,
                () -> once.describeExecution(r -> r.executionArn(execution)));
        assertThat(invalid.kmsKeyState()).as("kmsKeyState member").isEqualTo(KmsKeyState.PENDING_DELETION);
        assertThat(invalid.awsErrorDetails().errorMessage()).contains(KEY).contains("pending deletion");

        emulator.faults().kmsKeyState(KEY, Faults.KmsKeyState.DISABLED);
        assertThat(catchThrowableOfType(KmsInvalidStateException.class,
                () -> once.describeExecution(r -> r.executionArn(execution))).kmsKeyState())
                .isEqualTo(KmsKeyState.DISABLED);

        emulator.faults().clear();
        assertThat(once.describeExecution(r -> r.executionArn(execution)).input()).isEqualTo("{\"card\":1}");
    }

    @Test
    void kmsThrottlingIsRandomAndCounted() {
        emulator.faults().seed(11).kmsThrottling(0.5);
        int throttled = 0;
        for (int i = 0; i < 40; i++) {
            try {
                once.describeExecution(r -> r.executionArn(execution));
            } catch (KmsThrottlingException e) {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.awsErrorDetails().errorMessage()).contains(KEY);
                throttled++;
            }
        }
        assertThat(throttled).as("about half throttled").isBetween(8, 32);
        assertThat(emulator.faults().injectedCounts()).containsEntry("KmsThrottlingException:DescribeExecution",
                (long) throttled);
        for (int i = 0; i < 10; i++) {
            once.describeExecution(r -> r.executionArn(execution).includedData(IncludedData.METADATA_ONLY));
        }
    }

    @Test
    void aMapRunsChildrenAreReadWithTheParentStateMachinesKey() {
        String mapRun = emulator.startMapRun(execution, MapRunConfig.of("Map", 1, "STANDARD"));
        String child = emulator.startChildren(mapRun, List.of("{\"card\":2}")).get(0);
        emulator.faults().kmsAccessDenied(KEY);

        assertThatThrownBy(() -> once.describeExecution(r -> r.executionArn(child)))
                .as("DescribeExecution of a child with its data").isInstanceOf(KmsAccessDeniedException.class);
        assertThat(once.describeExecution(r -> r.executionArn(child).includedData(IncludedData.METADATA_ONLY))
                .mapRunArn()).as("METADATA_ONLY needs no key").isEqualTo(mapRun);
    }
}
