package io.github.sfnconnect.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.ExecutionSummary;
import io.github.sfnconnect.tracking.ExecutionTracker.Candidate;

/** Executions waiting for their describe: in detection order, a failed one to the back, the latest listing kept. */
class DescribeQueueTest {

    private static ExecutionSummary listed(String arn, long startMs, ExecutionStatus status) {
        return new ExecutionSummary(arn, "sm", arn, status, startMs, null, 0, null, null, null);
    }

    @Test
    void keepsDetectionOrderAndPostponesAFailedDescribeBehindTheOthers() {
        DescribeQueue queue = new DescribeQueue();
        queue.add("a", 30, null);
        queue.add("b", 10, null);
        queue.add("c", 20, null);
        assertThat(queue.all()).extracting(Candidate::executionArn).containsExactly("a", "b", "c");
        queue.postpone("a");
        assertThat(queue.all()).extracting(Candidate::executionArn).containsExactly("b", "c", "a");
        assertThat(queue.take("c").startDateMs()).isEqualTo(20);
        assertThat(queue.contains("c")).isFalse();
        assertThat(queue.size()).isEqualTo(2);
    }

    @Test
    void relistingKeepsTheLatestItemOfTheSameExecutionOnly() {
        DescribeQueue queue = new DescribeQueue();
        queue.add("a", 10, listed("a", 10, ExecutionStatus.RUNNING));
        queue.relisted(queue.get("a"), listed("a", 10, ExecutionStatus.SUCCEEDED));
        assertThat(queue.get("a").summary().status()).as("its describe sees the latest").isEqualTo(ExecutionStatus.SUCCEEDED);
        queue.relisted(queue.get("a"), listed("a", 99, ExecutionStatus.RUNNING));
        assertThat(queue.get("a").startDateMs()).as("another execution under the same name: the describe tells which")
                .isEqualTo(10);

        queue.add("b", 20, null); // detected by its absence from the running list
        queue.relisted(queue.get("b"), listed("b", 20, ExecutionStatus.FAILED));
        assertThat(queue.get("b").summary()).isNotNull();
    }

    @Test
    void prefersThoseStartedAfterAGivenDateWhenThereAreAny() {
        DescribeQueue queue = new DescribeQueue();
        queue.add("old", 5, null);
        queue.add("new", 50, null);
        assertThat(queue.preferStartedAfter(10)).extracting(Candidate::executionArn).containsExactly("new");
        assertThat(queue.preferStartedAfter(100)).as("none after: all").hasSize(2);
    }
}
