package io.github.sfnconnect.config;

import static io.github.sfnconnect.config.StepFunctionsSourceConfig.AWS_ACCESS_KEY_ID_CONFIG;
import static io.github.sfnconnect.config.StepFunctionsSourceConfig.AWS_ASSUME_ROLE_ARN_CONFIG;
import static io.github.sfnconnect.config.StepFunctionsSourceConfig.AWS_ASSUME_ROLE_EXTERNAL_ID_CONFIG;
import static io.github.sfnconnect.config.StepFunctionsSourceConfig.AWS_PROFILE_CONFIG;
import static io.github.sfnconnect.config.StepFunctionsSourceConfig.AWS_REGION_CONFIG;
import static io.github.sfnconnect.config.StepFunctionsSourceConfig.AWS_SECRET_ACCESS_KEY_CONFIG;
import static io.github.sfnconnect.config.StepFunctionsSourceConfig.AWS_SESSION_TOKEN_CONFIG;
import static io.github.sfnconnect.config.StepFunctionsSourceConfig.CHECKPOINT_TOPIC_CONFIG;
import static io.github.sfnconnect.config.StepFunctionsSourceConfig.EXECUTION_STATUSES_CONFIG;
import static io.github.sfnconnect.config.StepFunctionsSourceConfig.STATE_MACHINE_ARNS_CONFIG;
import static io.github.sfnconnect.config.StepFunctionsSourceConfig.TOPIC_CONFIG;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.kafka.common.config.ConfigValue;

/**
 * Checks that span several keys, run by the connector's {@code validate()} after the single-key validators.
 * Each failure is attached to the key the user should change, with the fix in the message.
 */
public final class ConfigChecks {

    private static final Pattern ROLE_ARN = Pattern.compile("arn:[a-z-]+:iam::\\d{12}:role/.+");

    private ConfigChecks() {
    }

    public static void check(Map<String, ConfigValue> values) {
        if (hasErrors(values)) {
            // the single-key errors already say what to fix; cross-key checks on bad values only add noise
            return;
        }
        StepFunctionsSourceConfig config = StepFunctionsSourceConfig.quiet(rawValues(values));
        checkCredentials(config, values);
        checkRegion(config, values);
        if (config.stateMachineArns().isEmpty() && !config.discoversStateMachines()) {
            error(values, STATE_MACHINE_ARNS_CONFIG, "Selects no state machine: set at least one of '"
                    + STATE_MACHINE_ARNS_CONFIG + "' (comma-separated ARNs, e.g. " + StateMachineArn.FORMAT + "), '"
                    + StepFunctionsSourceConfig.STATE_MACHINE_NAME_PATTERN_CONFIG + "' (e.g. orders-.*) or '"
                    + StepFunctionsSourceConfig.STATE_MACHINE_TAGS_CONFIG + "' (e.g. team=data)");
        }
        if (config.executionStatuses().isEmpty()) {
            error(values, EXECUTION_STATUSES_CONFIG, "Lists no status, so the connector would never emit a record; "
                    + "remove the key to emit every status, or list some of RUNNING, SUCCEEDED, FAILED, TIMED_OUT, "
                    + "ABORTED, PENDING_REDRIVE");
        }
        if (config.mapRuns().children() && config.mapRunChildStatuses().isEmpty()) {
            error(values, StepFunctionsSourceConfig.MAP_RUN_CHILD_STATUSES_CONFIG, "Lists no status, so no child "
                    + "execution would ever be emitted; remove the key to emit every status, set 'map.runs' to "
                    + "'progress' or 'off' if no child records are wanted, or list some of RUNNING, SUCCEEDED, FAILED, "
                    + "TIMED_OUT, ABORTED, PENDING_REDRIVE");
        }
        if (config.mapRuns().progress() && (config.mapRunProgressTopic().equals(config.topic())
                || config.mapRunProgressTopic().equals(config.checkpointTopic()))) {
            error(values, StepFunctionsSourceConfig.MAP_RUN_PROGRESS_TOPIC_CONFIG, "Must differ from '" + TOPIC_CONFIG
                    + "' and '" + CHECKPOINT_TOPIC_CONFIG + "': progress records have their own schema; leave it "
                    + "empty for '" + config.topic() + StepFunctionsSourceConfig.MAP_RUN_PROGRESS_TOPIC_SUFFIX + "'");
        }
        long fastMs = config.getLong(StepFunctionsSourceConfig.POLL_INTERVAL_MS_CONFIG);
        if (config.getLong(StepFunctionsSourceConfig.POLL_INTERVAL_MAX_MS_CONFIG) < fastMs) {
            error(values, StepFunctionsSourceConfig.POLL_INTERVAL_MAX_MS_CONFIG, "Must be at least '"
                    + StepFunctionsSourceConfig.POLL_INTERVAL_MS_CONFIG + "' (" + fastMs + "): it bounds how far a "
                    + "quiet state machine's interval grows from it; set it to " + fastMs + " to check every state "
                    + "machine alike");
        }
        if (config.checkpointTopic().equals(config.topic())) {
            error(values, CHECKPOINT_TOPIC_CONFIG, "Must differ from '" + TOPIC_CONFIG + "' so that checkpoint records "
                    + "do not mix with execution records; leave it empty for '" + config.topic()
                    + StepFunctionsSourceConfig.CHECKPOINT_TOPIC_SUFFIX + "'");
        }
    }

    private static void checkCredentials(StepFunctionsSourceConfig config, Map<String, ConfigValue> values) {
        boolean hasKeyId = config.accessKeyId() != null;
        boolean hasSecret = config.secretAccessKey() != null;
        if (hasKeyId && !hasSecret) {
            error(values, AWS_SECRET_ACCESS_KEY_CONFIG, "Is required when '" + AWS_ACCESS_KEY_ID_CONFIG
                    + "' is set; set both, or neither to use the default credential chain");
        }
        if (hasSecret && !hasKeyId) {
            error(values, AWS_ACCESS_KEY_ID_CONFIG, "Is required when '" + AWS_SECRET_ACCESS_KEY_CONFIG
                    + "' is set; set both, or neither to use the default credential chain");
        }
        if (config.sessionToken() != null && !hasKeyId) {
            error(values, AWS_SESSION_TOKEN_CONFIG, "Only applies to static credentials; set '" + AWS_ACCESS_KEY_ID_CONFIG
                    + "' and '" + AWS_SECRET_ACCESS_KEY_CONFIG + "' too, or remove it");
        }
        if ((hasKeyId || hasSecret) && config.profile() != null) {
            error(values, AWS_PROFILE_CONFIG, "Conflicts with the static credentials in '" + AWS_ACCESS_KEY_ID_CONFIG
                    + "'/'" + AWS_SECRET_ACCESS_KEY_CONFIG + "'; choose one source of credentials and remove the other");
        }
        String roleArn = config.assumeRoleArn();
        if (roleArn != null && !ROLE_ARN.matcher(roleArn).matches()) {
            error(values, AWS_ASSUME_ROLE_ARN_CONFIG, "'" + roleArn + "' is not an IAM role ARN; expected "
                    + "arn:aws:iam::<12-digit account id>:role/<name>");
        }
        if (roleArn == null && config.assumeRoleExternalId() != null) {
            error(values, AWS_ASSUME_ROLE_EXTERNAL_ID_CONFIG, "Only applies when assuming a role; set '"
                    + AWS_ASSUME_ROLE_ARN_CONFIG + "' or remove it");
        }
    }

    private static void checkRegion(StepFunctionsSourceConfig config, Map<String, ConfigValue> values) {
        String region = config.region();
        List<String> elsewhere = config.stateMachineArns().stream()
                .filter(arn -> !arn.region().equals(region))
                .map(StateMachineArn::arn)
                .toList();
        if (!elsewhere.isEmpty()) {
            error(values, STATE_MACHINE_ARNS_CONFIG, "State machines " + elsewhere + " are not in region '" + region
                    + "' set by '" + AWS_REGION_CONFIG + "'; run one connector per region");
        }
    }

    private static boolean hasErrors(Map<String, ConfigValue> values) {
        return values.values().stream().anyMatch(v -> !v.errorMessages().isEmpty());
    }

    private static Map<String, Object> rawValues(Map<String, ConfigValue> values) {
        Map<String, Object> raw = new HashMap<>();
        values.forEach((k, v) -> {
            if (v.value() != null) {
                raw.put(k, v.value());
            }
        });
        return raw;
    }

    private static void error(Map<String, ConfigValue> values, String key, String message) {
        values.get(key).addErrorMessage(message);
    }
}
