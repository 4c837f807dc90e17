package io.github.sfnconnect.aws;

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

    private CredentialsFactory() {
    }

    static AwsCredentialsProvider create(StepFunctionsSourceConfig config, Region region) {
        AwsCredentialsProvider base = baseCredentials(config);
        String roleArn = config.assumeRoleArn();
        if (roleArn == null) {
            return base;
        }
        StsClient sts = StsClient.builder().region(region).credentialsProvider(base).build();
        return StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(r -> {
                    r.roleArn(roleArn).roleSessionName(config.assumeRoleSessionName());
                    if (config.assumeRoleExternalId() != null) {
                        r.externalId(config.assumeRoleExternalId());
                    }
                })
                .asyncCredentialUpdateEnabled(false)
                .build();
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
