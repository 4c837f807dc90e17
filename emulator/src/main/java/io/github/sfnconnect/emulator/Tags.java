package io.github.sfnconnect.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A resource's tags, and the API's rules for them: TagResource, UntagResource, ListTagsForResource and
 * CreateStateMachine's {@code tags}. Mutable, guarded by the owning {@link StateStore}.
 *
 * <p>The rules, by source:
 * <ul>
 * <li>Key 1-128 and value 0-256 characters: the API model's {@code TagKey} and {@code TagValue} (botocore
 *     {@code stepfunctions/2016-11-23/service-2.json}). The model gives {@code TagList} no bounds of its own.
 * <li>"Tags may only contain Unicode letters, digits, white space, or these symbols: {@code _ . : / = + - @}"
 *     (API reference, TagResource and CreateStateMachine {@code tags}): checked on keys and values as the
 *     pattern {@value #PATTERN}, the one AWS uses for this rule elsewhere; white space is the Unicode separators.
 * <li>"Maximum number of tags per resource: 50", "Do not use the {@code aws:} prefix in your tag names or values
 *     because it is reserved for AWS use" (developer guide, service quotas, "Restrictions related to tagging"). More
 *     than 50 is {@code TooManyTags}, whose shape carries {@code resourceName} (the model's {@code TooManyTags}).
 * </ul>
 * Keys are case-sensitive; TagResource replaces the value of a key the resource already has (the rule of AWS
 * tags generally; the Step Functions reference does not spell it out). What the reference leaves open, chosen here to
 * be strict (UNVERIFIED against the service): a tag without a {@code value} and a key starting with {@code aws:}
 * (any case) are ValidationException; of two tags with one key in a request, the later wins; values are not
 * checked for the {@code aws:} prefix. Tags are kept and listed in the order their keys were first added.
 */
final class Tags {
    static final int MAX_TAGS_PER_RESOURCE = 50;
    static final int MAX_KEY_LENGTH = 128;
    static final int MAX_VALUE_LENGTH = 256;
    static final String PATTERN = "^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$";
    private static final Pattern ALLOWED = Pattern.compile(PATTERN);
    private static final String RESERVED_PREFIX = "aws:";

    /** One tag as the API's {@code Tag} shape has it; either member may be missing (null) in a request. */
    record Tag(String key, String value) {
    }

    private final Map<String, String> byKey = new LinkedHashMap<>();

    /** Checks a request's {@code tags} member by the model's constraints, as {@code tags.<n>.member.key}. */
    static void validate(List<Tag> tags) {
        for (int i = 0; i < tags.size(); i++) {
            String prefix = "tags." + (i + 1) + ".member.";
            Tag tag = tags.get(i);
            validateKey(prefix + "key", tag.key());
            if (tag.value() == null) {
                throw Constraints.violation(prefix + "value", null, "Member must not be null");
            }
            Constraints.length(prefix + "value", tag.value(), 0, MAX_VALUE_LENGTH);
            requireAllowedCharacters(prefix + "value", tag.value());
        }
    }

    /** Checks UntagResource's {@code tagKeys}, as {@code tagKeys.<n>.member}. */
    static void validateKeys(List<String> keys) {
        for (int i = 0; i < keys.size(); i++) {
            validateKey("tagKeys." + (i + 1) + ".member", keys.get(i));
        }
    }

    private static void validateKey(String field, String key) {
        if (key == null) {
            throw Constraints.violation(field, null, "Member must not be null");
        }
        Constraints.length(field, key, 1, MAX_KEY_LENGTH);
        requireAllowedCharacters(field, key);
        if (key.regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length())) {
            throw Constraints.violation(field, key, "Tag keys starting with '" + RESERVED_PREFIX
                    + "' are reserved for AWS use");
        }
    }

    private static void requireAllowedCharacters(String field, String text) {
        if (!ALLOWED.matcher(text).matches()) {
            throw Constraints.violation(field, text, "Member must satisfy regular expression pattern: " + PATTERN);
        }
    }

    /**
     * Adds validated tags, replacing the values of keys already present; nothing changes if the resource would
     * then have more than {@link #MAX_TAGS_PER_RESOURCE} tags ({@code TooManyTags} for {@code resourceArn}).
     */
    void add(List<Tag> tags, String resourceArn) {
        Set<String> keys = new LinkedHashSet<>(byKey.keySet());
        tags.forEach(t -> keys.add(t.key()));
        if (keys.size() > MAX_TAGS_PER_RESOURCE) {
            throw tooMany(resourceArn, keys.size());
        }
        tags.forEach(t -> byKey.put(t.key(), t.value()));
    }

    /** The {@code TooManyTags} a new resource with these tags would cause, if it would. */
    static void requireWithinLimit(List<Tag> tags, String resourceArn) {
        Set<String> keys = new LinkedHashSet<>();
        tags.forEach(t -> keys.add(t.key()));
        if (keys.size() > MAX_TAGS_PER_RESOURCE) {
            throw tooMany(resourceArn, keys.size());
        }
    }

    /** Removes these keys; keys the resource does not have are ignored. */
    void remove(List<String> keys) {
        keys.forEach(byKey::remove);
    }

    List<Tag> list() {
        List<Tag> out = new ArrayList<>(byKey.size());
        byKey.forEach((k, v) -> out.add(new Tag(k, v)));
        return out;
    }

    private static ApiException tooMany(String resourceArn, int count) {
        return new ApiException(ErrorType.TOO_MANY_TAGS, "Too many tags: the resource would have " + count
                + " tags, more than the " + MAX_TAGS_PER_RESOURCE + " allowed: '" + resourceArn + "'",
                Map.of("resourceName", resourceArn));
    }
}
