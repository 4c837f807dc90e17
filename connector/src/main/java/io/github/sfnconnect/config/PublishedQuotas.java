package io.github.sfnconnect.config;

import java.util.Set;

/**
 * The refill rates of the account-wide Step Functions token buckets, as AWS publishes them ("Quotas related to API
 * action throttling"), from which the connector's default rate shares are derived. AWS may raise them for an account
 * at any time; a region it does not name gets the lower figures.
 */
public final class PublishedQuotas {

    /** The regions with the larger buckets. */
    static final Set<String> LARGE_REGIONS = Set.of("us-east-1", "us-west-2", "eu-west-1");
    /** The share of a refill the connector takes by default; the rest stays for the console and other clients. */
    public static final double DEFAULT_SHARE = 0.5;

    private PublishedQuotas() {
    }

    /** ListExecutions: bucket 200, refill 5/s in the large regions; bucket 100, refill 2/s elsewhere. */
    public static double listExecutionsRefill(String region) {
        return LARGE_REGIONS.contains(region) ? 5.0 : 2.0;
    }

    /** DescribeExecution: bucket 300, refill 15/s in the large regions; bucket 250, refill 10/s elsewhere. */
    public static double describeExecutionRefill(String region) {
        return LARGE_REGIONS.contains(region) ? 15.0 : 10.0;
    }

    /** ListMapRuns and DescribeMapRun: refill 1/s each, everywhere. */
    public static double mapRunRefill(String region) {
        return 1.0;
    }
}
