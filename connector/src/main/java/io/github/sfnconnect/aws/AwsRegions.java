package io.github.sfnconnect.aws;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import software.amazon.awssdk.regions.Region;

/** The regions this build of the AWS SDK knows, for validating configuration without importing the SDK elsewhere. */
public final class AwsRegions {

    private static final Set<String> KNOWN = Region.regions().stream()
            .map(Region::id)
            .filter(id -> !id.startsWith("aws-global") && !id.endsWith("-global"))
            .collect(Collectors.toCollection(TreeSet::new));

    private AwsRegions() {
    }

    public static boolean isKnown(String regionId) {
        return regionId != null && KNOWN.contains(regionId);
    }

    public static Set<String> known() {
        return KNOWN;
    }
}
