package io.github.sfnconnect.emulator;

import java.util.Objects;

/**
 * The runtime settings of a Distributed Map state that one Map Run takes: its label, how many items it processes
 * (one child execution each), the type of its children, their maximum concurrency and the tolerated failures.
 * Start from {@link #of(String, long, String)}; the {@code with...} methods return changed copies.
 *
 * <p>{@code label} null means none was given: AWS then generates one, so the Map Run gets a UUID label.
 * {@code maxConcurrency} 0, the default, means no limit of the state's own, so the 10,000 parallel children of the
 * service quota apply. {@code toleratedFailureCount} and {@code toleratedFailurePercentage} are null when not given;
 * see {@link #tolerates(long, long)}.
 */
public record MapRunConfig(String label, long itemCount, String childType, int maxConcurrency,
        Long toleratedFailureCount, Float toleratedFailurePercentage) {

    public MapRunConfig {
        if (label != null && !Names.validLabel(label)) {
            throw new IllegalArgumentException("label must be 1 to " + Names.MAX_LABEL_LENGTH
                    + " characters without whitespace, wildcards, brackets or :;,\\|^~$#%&`\", not '" + label + "'");
        }
        if (itemCount < 0) {
            throw new IllegalArgumentException("itemCount must not be negative, not " + itemCount);
        }
        Objects.requireNonNull(childType, "childType");
        if (!childType.equals(StateMachine.STANDARD) && !childType.equals(StateMachine.EXPRESS)) {
            throw new IllegalArgumentException("childType must be STANDARD or EXPRESS, not " + childType);
        }
        if (maxConcurrency < 0) {
            throw new IllegalArgumentException("maxConcurrency must not be negative, not " + maxConcurrency);
        }
        if (toleratedFailureCount != null && toleratedFailureCount < 0) {
            throw new IllegalArgumentException("toleratedFailureCount must not be negative, not "
                    + toleratedFailureCount);
        }
        if (toleratedFailurePercentage != null
                && !(toleratedFailurePercentage >= 0 && toleratedFailurePercentage <= 100)) {
            throw new IllegalArgumentException("toleratedFailurePercentage must be between 0 and 100, not "
                    + toleratedFailurePercentage);
        }
    }

    /** {@code itemCount} items in children of type {@code "STANDARD"} or {@code "EXPRESS"}, with the defaults. */
    public static MapRunConfig of(String label, long itemCount, String childType) {
        return new MapRunConfig(label, itemCount, childType, 0, null, null);
    }

    public MapRunConfig withMaxConcurrency(int max) {
        return new MapRunConfig(label, itemCount, childType, max, toleratedFailureCount, toleratedFailurePercentage);
    }

    public MapRunConfig withToleratedFailureCount(long count) {
        return new MapRunConfig(label, itemCount, childType, maxConcurrency, count, toleratedFailurePercentage);
    }

    public MapRunConfig withToleratedFailurePercentage(float percentage) {
        return new MapRunConfig(label, itemCount, childType, maxConcurrency, toleratedFailureCount, percentage);
    }

    boolean expressChildren() {
        return childType.equals(StateMachine.EXPRESS);
    }

    /**
     * Whether a Map Run with {@code failures} failed items out of {@code total} still stands. The developer guide
     * ("Setting failure thresholds for Distributed Map states"): the Map Run "fails automatically if it exceeds the
     * threshold. If you specify both values, the workflow fails when it exceeds either value"; the percentage is
     * that of failed items among all items, and "The default percentage value is zero, which means that the workflow
     * fails if any one of its child workflow executions fails or times out". So a threshold left out does not
     * apply, unless both are, when no failure is tolerated.
     */
    boolean tolerates(long failures, long total) {
        if (toleratedFailureCount == null && toleratedFailurePercentage == null) {
            return failures == 0;
        }
        boolean overCount = toleratedFailureCount != null && failures > toleratedFailureCount;
        boolean overPercentage = toleratedFailurePercentage != null && total > 0
                && failures * 100.0 / total > toleratedFailurePercentage;
        return !overCount && !overPercentage;
    }
}
