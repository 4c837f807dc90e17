package io.github.sfnconnect.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ListExecutionsRequest;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.MapRunExecutionCounts;
import software.amazon.awssdk.services.sfn.model.MapRunItemCounts;

/** The emulator fixture with a STANDARD state machine "orders" and a running parent execution for Map Runs. */
abstract class MapRunFixture extends EmulatorFixture {
    static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    static final String PREFIX = "arn:aws:states:us-east-1:123456789012:";

    String machine;
    String parent;
    /** The Map Run that {@link #startWithChildren} started last. */
    String mapRun;

    @BeforeEach
    void startParent() {
        machine = emulator.createStateMachine("orders");
        parent = emulator.startExecution(machine, "parent", null);
    }

    String startMapRun(MapRunConfig config) {
        return emulator.startMapRun(parent, config);
    }

    /** Starts a Map Run, kept in {@link #mapRun}, and children for its first items; returns their ARNs. */
    List<String> startWithChildren(MapRunConfig config, int children) {
        mapRun = startMapRun(config);
        return emulator.startChildren(mapRun, children);
    }

    DescribeMapRunResponse describeMapRun(String mapRunArn) {
        return sfn.describeMapRun(r -> r.mapRunArn(mapRunArn));
    }

    /** Every page of ListExecutions with these arguments, followed through its tokens. */
    List<ExecutionListItem> listAll(Consumer<ListExecutionsRequest.Builder> request) {
        List<ExecutionListItem> all = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            ListExecutionsResponse page = sfn.listExecutions(r -> {
                request.accept(r);
                r.nextToken(next);
            });
            all.addAll(page.executions());
            token = page.nextToken();
        } while (token != null);
        return all;
    }

    List<String> childNames(String mapRunArn, Consumer<ListExecutionsRequest.Builder> filters) {
        return listAll(r -> filters.accept(r.mapRunArn(mapRunArn))).stream().map(ExecutionListItem::name).toList();
    }

    static String nameOf(String executionArn) {
        String[] parts = executionArn.split(":");
        return parts[7];
    }

    /** The counts in one line, so that a mismatch shows every count at once. */
    static String counts(MapRunItemCounts c) {
        return line(c.pending(), c.running(), c.succeeded(), c.failed(), c.timedOut(), c.aborted(), c.total(),
                c.resultsWritten(), c.failuresNotRedrivable(), c.pendingRedrive());
    }

    static String counts(MapRunExecutionCounts c) {
        return line(c.pending(), c.running(), c.succeeded(), c.failed(), c.timedOut(), c.aborted(), c.total(),
                c.resultsWritten(), c.failuresNotRedrivable(), c.pendingRedrive());
    }

    /**
     * Counts in one line: pending, running, succeeded, failed, timedOut, aborted, total, resultsWritten,
     * failuresNotRedrivable, pendingRedrive.
     */
    static String line(long... values) {
        return String.format("pending=%d running=%d succeeded=%d failed=%d timedOut=%d aborted=%d total=%d "
                + "resultsWritten=%d failuresNotRedrivable=%d pendingRedrive=%d", values[0], values[1], values[2],
                values[3], values[4], values[5], values[6], values[7], values[8], values[9]);
    }
}
