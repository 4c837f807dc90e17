package io.github.sfnconnect.aws;

import java.util.ArrayList;
import java.util.List;

import io.github.sfnconnect.config.StepFunctionsSourceConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Chooses the credentials: static keys, a named profile or the default chain, optionally used to assume a role.
 * Conflicting settings were refused by {@code validate()} already.
 */
final class CredentialsFactory {

    /** The provider, and what must be closed with the client that uses it (SDK clients do not close them). */
    record Credentials(AwsCredentialsProvider provider, List<AutoCloseable> resources) {
    }

    private CredentialsFactory() {
    }

    static Credentials create(StepFunctionsSourceConfig config, Region region) {
        List<AutoCloseable> resources = new ArrayList<>();
        AwsCredentialsProvider base = baseCredentials(config);
        if (base instanceof AutoCloseable closeable) {
            resources.add(closeable);
        }
        String roleArn = config.assumeRoleArn();
        if (roleArn == null) {
            return new Credentials(base, resources);
        }
        StsClient sts = StsClient.builder().region(region).credentialsProvider(base).build();
        StsAssumeRoleCredentialsProvider assumed = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(r -> {
                    r.roleArn(roleArn).roleSessionName(config.assumeRoleSessionName());
                    if (config.assumeRoleExternalId() != null) {
                        r.externalId(config.assumeRoleExternalId());
                    }
                })
                .build();
        resources.add(0, sts);
        resources.add(0, assumed);
        return new Credentials(assumed, resources);
    }

    private static AwsCredentialsProvider baseCredentials(StepFunctionsSourceConfig config) {
        if (config.accessKeyId() != null) {
            return StaticCredentialsProvider.create(config.sessionToken() == null
                    ? AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey())
                    : AwsSessionCredentials.create(config.accessKeyId(), config.secretAccessKey(), config.sessionToken()));
        }
        if (config.profile() != null) {
            return ProfileCredentialsProvider.create(config.profile());
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
