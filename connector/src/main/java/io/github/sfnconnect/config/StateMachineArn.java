package io.github.sfnconnect.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed Step Functions state machine ARN:
 * {@code arn:<partition>:states:<region>:<account>:stateMachine:<name>[:<version or alias>]}.
 */
public record StateMachineArn(String arn, String partition, String region, String accountId, String name, String qualifier) {

    private static final Pattern PATTERN = Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):states:([a-z0-9-]+):(\\d{12}):stateMachine:([^:\\s]{1,80})(?::([^:\\s]{1,80}))?");

    public static final String FORMAT = "arn:aws:states:<region>:<12-digit account id>:stateMachine:<name>";

    /** The state machine's own ARN, without a version or alias qualifier. */
    public String unqualified() {
        return qualifier == null ? arn : arn.substring(0, arn.length() - qualifier.length() - 1);
    }

    /** Parses an ARN, or throws {@link IllegalArgumentException} saying what the expected form is. */
    public static StateMachineArn parse(String value) {
        String trimmed = value == null ? "" : value.trim();
        Matcher m = PATTERN.matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a state machine ARN; expected " + FORMAT
                    + " (copy it from the Step Functions console or 'aws stepfunctions list-state-machines')");
        }
        return new StateMachineArn(trimmed, m.group(1), m.group(2), m.group(3), m.group(4), m.group(5));
    }
}
