package io.github.sfnconnect.config;

import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import io.github.sfnconnect.aws.AwsRegions;

/** Single-key validators; each says what a valid value looks like, which also shows in the generated docs. */
final class Validators {

    private Validators() {
    }

    static final ConfigDef.Validator REGION = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            String region = (String) value;
            if (region == null || region.isBlank()) {
                throw new ConfigException(name, value, "Set it to the AWS region of the state machines, e.g. us-east-1");
            }
            if (!AwsRegions.isKnown(region.trim())) {
                throw new ConfigException(name, value, "Unknown AWS region. Use a region code such as us-east-1 or "
                        + "eu-west-1 (the same region as in the state machine ARNs)");
            }
        }

        @Override
        public String toString() {
            return "an AWS region code, e.g. us-east-1";
        }
    };

    static final ConfigDef.Validator OPTIONAL_URL = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            String url = (String) value;
            if (url == null || url.isBlank()) {
                return;
            }
            try {
                URI uri = new URI(url.trim());
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw new ConfigException(name, value, "Must be an absolute http:// or https:// URL, "
                            + "e.g. https://vpce-0123-abcd.states.us-east-1.vpce.amazonaws.com, or empty for the regional endpoint");
                }
            } catch (java.net.URISyntaxException e) {
                throw new ConfigException(name, value, "Not a valid URL: " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "empty, or an http(s) URL";
        }
    };

    private static final Pattern CLOUDWATCH_NAMESPACE_PATTERN = Pattern.compile("[A-Za-z0-9._/#: -]{1,255}");

    static final ConfigDef.Validator CLOUDWATCH_NAMESPACE = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            String namespace = value == null ? "" : value.toString().trim();
            if (!namespace.isEmpty() && (!CLOUDWATCH_NAMESPACE_PATTERN.matcher(namespace).matches()
                    || namespace.startsWith("AWS/"))) {
                throw new ConfigException(name, value, "A CloudWatch namespace has 1 to 255 letters, digits and "
                        + "'. _ / # : - ' and does not start with 'AWS/', e.g. KafkaConnect/StepFunctions/orders; "
                        + "leave it empty for 'KafkaConnect/StepFunctions/<connector name>'");
            }
        }

        @Override
        public String toString() {
            return "empty, or a CloudWatch namespace not starting with AWS/";
        }
    };

    static final ConfigDef.Validator STATE_MACHINE_ARNS = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            @SuppressWarnings("unchecked")
            List<String> arns = (List<String>) value;
            if (arns == null) {
                return; // empty is allowed here; ConfigChecks requires some selector
            }
            Map<String, String> seen = new HashMap<>();
            for (String arn : arns) {
                StateMachineArn parsed;
                try {
                    parsed = StateMachineArn.parse(arn);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
                String earlier = seen.putIfAbsent(parsed.unqualified(), parsed.arn());
                if (earlier != null && earlier.equals(parsed.arn())) {
                    throw new ConfigException(name, value, "'" + arn.trim() + "' is listed twice; list each state "
                            + "machine once");
                }
                if (earlier != null) {
                    // their executions overlap (and share offsets): each would be emitted twice
                    throw new ConfigException(name, value, "'" + earlier + "' and '" + parsed.arn() + "' are the same "
                            + "state machine; list it once: its unqualified ARN streams every execution, including "
                            + "those started through a version or alias, while a version ARN (<arn>:<number>) or an "
                            + "alias ARN (<arn>:<alias>) streams only the executions started with that version or "
                            + "alias");
                }
            }
        }

        @Override
        public String toString() {
            return "a list of " + StateMachineArn.FORMAT;
        }
    };

    static final ConfigDef.Validator NAME_PATTERN = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            String pattern = (String) value;
            if (pattern == null || pattern.isEmpty()) {
                return;
            }
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new ConfigException(name, value, "Not a Java regular expression (" + e.getDescription()
                        + " at index " + e.getIndex() + "); it is matched against the whole state machine name, e.g. "
                        + "orders-.* or (orders|payments)-prod");
            }
        }

        @Override
        public String toString() {
            return "empty, or a Java regular expression matching whole state machine names";
        }
    };

    static final ConfigDef.Validator TAGS = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            @SuppressWarnings("unchecked")
            List<String> tags = (List<String>) value;
            try {
                parseTags(tags == null ? List.of() : tags);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "a list of key=value";
        }
    };

    /** Parses key=value tags (split at the first '='), in order; throws with the expected form on a bad one. */
    static Map<String, String> parseTags(List<String> tags) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String tag : tags) {
            String trimmed = tag.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + trimmed + "' is not a tag; write key=value (e.g. team=data), "
                        + "comma-separated, or key= for an empty value");
            }
            String key = trimmed.substring(0, eq).trim();
            if (key.length() > 128) {
                throw new IllegalArgumentException("Tag key '" + key + "' is longer than AWS allows (128 characters)");
            }
            if (parsed.put(key, trimmed.substring(eq + 1).trim()) != null) {
                throw new IllegalArgumentException("Tag key '" + key + "' is listed twice; a state machine has one "
                        + "value per key, so list it once");
            }
        }
        return parsed;
    }

    static final ConfigDef.Validator INITIAL_POSITION = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                InitialPosition.parse((String) value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "latest, earliest, or an ISO-8601 instant (2026-01-31T00:00:00Z)";
        }
    };

    static final ConfigDef.Validator MAP_RUNS = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                MapRuns.parse((String) value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "off, children, progress or both";
        }
    };

    static final ConfigDef.Validator EXECUTION_DETAIL = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                ExecutionDetail.parse((String) value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "full, metadata or summary";
        }
    };

    /** Rates are per second; a non-positive rate would stall the connector for ever. */
    /** A duration of 0 or more milliseconds, or unset (null): the default is then derived from another key. */
    static final ConfigDef.Validator NON_NEGATIVE_OR_UNSET = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null && (Long) value < 0) {
                throw new ConfigException(name, value, "Must be 0 or more milliseconds, or left unset");
            }
        }

        @Override
        public String toString() {
            return "[0,...] or unset";
        }
    };

    /** A positive rate, or unset (null): the default is then derived from the region's published refill. */
    static final ConfigDef.Validator POSITIVE_RATE_OR_UNSET = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null) {
                POSITIVE_RATE.ensureValid(name, value);
            }
        }

        @Override
        public String toString() {
            return POSITIVE_RATE.toString();
        }
    };

    static final ConfigDef.Validator POSITIVE_RATE = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            Double rate = (Double) value;
            if (rate == null || rate <= 0 || rate.isNaN() || rate.isInfinite()) {
                throw new ConfigException(name, value, "Must be a positive number of calls per second, e.g. 2 or 0.5");
            }
        }

        @Override
        public String toString() {
            return "a positive number of calls per second";
        }
    };
}
