package io.github.sfnconnect.aws;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.sfnconnect.config.StepFunctionsSourceConfig;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.metrics.publishers.cloudwatch.CloudWatchMetricPublisher;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;

/**
 * The opt-in CloudWatch metric publisher ({@code cloudwatch.metrics.enabled}): the SDK's own publisher, which
 * aggregates the per-call metrics and uploads them once a minute, for platforms where JMX cannot be read.
 */
final class CloudWatchPublishing {

    private static final Logger log = LoggerFactory.getLogger(CloudWatchPublishing.class);

    /** The publisher, and what closes it: the publisher first (it flushes), then its client. */
    record Publishing(CloudWatchMetricPublisher publisher, List<AutoCloseable> resources) {
    }

    private CloudWatchPublishing() {
    }

    static Optional<Publishing> create(StepFunctionsSourceConfig config, String connectorName, Region region,
                                       AwsCredentialsProvider credentials) {
        if (!config.cloudWatchMetricsEnabled()) {
            return Optional.empty();
        }
        var client = CloudWatchAsyncClient.builder().region(region).credentialsProvider(credentials);
        String endpoint = config.cloudWatchMetricsEndpointUrl();
        if (endpoint != null) {
            client.endpointOverride(URI.create(endpoint));
        }
        CloudWatchAsyncClient cloudWatch = client.build();
        String namespace = config.cloudWatchMetricsNamespace(connectorName);
        CloudWatchMetricPublisher publisher = CloudWatchMetricPublisher.builder()
                .cloudWatchClient(cloudWatch)
                .namespace(namespace)
                .build();
        log.info("Publishing the AWS SDK's Step Functions call metrics to CloudWatch namespace '{}' every minute",
                namespace);
        return Optional.of(new Publishing(publisher, List.of(publisher, cloudWatch)));
    }
}
