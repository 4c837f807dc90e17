package io.github.sfnconnect.model;

/** A Map Run's item or child execution counts, by processing status, as {@code DescribeMapRun} gives them. */
public record MapRunCounts(long pending, long running, long succeeded, long failed, long timedOut, long aborted,
                           long total, long resultsWritten, long failuresNotRedrivable, long pendingRedrive) {
}
