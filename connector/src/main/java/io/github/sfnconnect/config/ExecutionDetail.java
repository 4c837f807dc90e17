package io.github.sfnconnect.config;

import java.util.Arrays;
import java.util.Locale;

/**
 * How much of each execution its records carry ({@code execution.detail}), and so what a change costs: a
 * {@code DescribeExecution} with all data, one with metadata only, or none (the {@code ListExecutions} item).
 */
public enum ExecutionDetail {
    /** {@code DescribeExecution(includedData=ALL_DATA)}: input and output included. */
    FULL,
    /** {@code DescribeExecution(includedData=METADATA_ONLY)}: no input or output, no kms:Decrypt. */
    METADATA,
    /** The {@code ListExecutions} item: no {@code DescribeExecution} for changes the list shows. */
    SUMMARY;

    /** The value as written in a configuration. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Case-insensitive, surrounding blanks ignored. */
    public static ExecutionDetail parse(String value) {
        String v = value == null ? "" : value.trim();
        return Arrays.stream(values()).filter(d -> d.configValue().equalsIgnoreCase(v)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + value + "' is not a level of detail; use 'full' "
                        + "(input and output: DescribeExecution with ALL_DATA), 'metadata' (no input or output: "
                        + "DescribeExecution with METADATA_ONLY) or 'summary' (what ListExecutions shows: no "
                        + "DescribeExecution per change)"));
    }
}
