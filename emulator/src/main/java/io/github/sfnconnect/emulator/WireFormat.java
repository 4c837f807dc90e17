package io.github.sfnconnect.emulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of the API's responses, built from the emulator's snapshots. */
final class WireFormat {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WireFormat() {
    }

    /** awsJson1_0 timestamps are epoch seconds as a JSON number; BigDecimal keeps the millis exact. */
    static BigDecimal timestamp(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    /** DescribeExecutionOutput; METADATA_ONLY leaves out the input and output payloads. */
    static ObjectNode describeExecution(ExecutionView e, boolean includeData) {
        ObjectNode out = executionBasics(e);
        if (includeData) {
            out.put("input", e.input());
        }
        out.putObject("inputDetails").put("included", includeData);
        // output "is set only if the execution succeeds"
        if (e.status() == ExecutionStatus.SUCCEEDED && e.output() != null) {
            if (includeData) {
                out.put("output", e.output());
            }
            out.putObject("outputDetails").put("included", includeData);
        }
        putText(out, "error", e.error());
        putText(out, "cause", e.cause());
        putText(out, "traceHeader", e.traceHeader());
        putText(out, "mapRunArn", e.mapRunArn());
        putText(out, "stateMachineVersionArn", e.stateMachineVersionArn());
        putText(out, "stateMachineAliasArn", e.stateMachineAliasArn());
        out.put("redriveCount", e.redriveCount());
        putTime(out, "redriveDate", e.redriveDate());
        out.put("redriveStatus", e.redriveStatus());
        putText(out, "redriveStatusReason", e.redriveStatusReason());
        return out;
    }

    /** The members that DescribeExecutionOutput and ExecutionListItem share. */
    private static ObjectNode executionBasics(ExecutionView e) {
        ObjectNode out = NODES.objectNode()
                .put("executionArn", e.executionArn())
                .put("stateMachineArn", e.stateMachineArn())
                .put("name", e.name())
                .put("status", e.status().name())
                .put("startDate", timestamp(e.startDate()));
        putTime(out, "stopDate", e.stopDate());
        return out;
    }

    /** ExecutionListItem as returned when listing by state machine (so without mapRunArn and itemCount). */
    static ObjectNode executionListItem(ExecutionView e) {
        ObjectNode out = executionBasics(e);
        putText(out, "stateMachineVersionArn", e.stateMachineVersionArn());
        putText(out, "stateMachineAliasArn", e.stateMachineAliasArn());
        out.put("redriveCount", e.redriveCount());
        putTime(out, "redriveDate", e.redriveDate());
        return out;
    }

    /**
     * ExecutionListItem as returned when listing by Map Run: with mapRunArn and itemCount, which ListExecutions
     * returns "only if mapRunArn was specified".
     */
    static ObjectNode childListItem(ExecutionView e) {
        return executionListItem(e)
                .put("mapRunArn", e.mapRunArn())
                .put("itemCount", MapRun.ITEMS_PER_CHILD);
    }

    /** MapRunListItem: stopDate only once the Map Run stopped. */
    static ObjectNode mapRunListItem(MapRunView m) {
        ObjectNode out = NODES.objectNode()
                .put("executionArn", m.executionArn())
                .put("mapRunArn", m.mapRunArn())
                .put("stateMachineArn", m.stateMachineArn())
                .put("startDate", timestamp(m.startDate()));
        putTime(out, "stopDate", m.stopDate());
        return out;
    }

    /** DescribeMapRunOutput. */
    static ObjectNode describeMapRun(MapRunView m) {
        ObjectNode out = NODES.objectNode()
                .put("mapRunArn", m.mapRunArn())
                .put("executionArn", m.executionArn())
                .put("status", m.status().name())
                .put("startDate", timestamp(m.startDate()));
        putTime(out, "stopDate", m.stopDate());
        out.put("maxConcurrency", m.maxConcurrency())
                .put("toleratedFailurePercentage", m.toleratedFailurePercentage())
                .put("toleratedFailureCount", m.toleratedFailureCount());
        out.set("itemCounts", counts(m.itemCounts()));
        out.set("executionCounts", counts(m.executionCounts()));
        out.put("redriveCount", m.redriveCount());
        putTime(out, "redriveDate", m.redriveDate());
        return out;
    }

    /** MapRunItemCounts and MapRunExecutionCounts, whose members are all required. */
    private static ObjectNode counts(MapRunCounts c) {
        return NODES.objectNode()
                .put("pending", c.pending())
                .put("running", c.running())
                .put("succeeded", c.succeeded())
                .put("failed", c.failed())
                .put("timedOut", c.timedOut())
                .put("aborted", c.aborted())
                .put("total", c.total())
                .put("resultsWritten", c.resultsWritten())
                .put("failuresNotRedrivable", c.failuresNotRedrivable())
                .put("pendingRedrive", c.pendingRedrive());
    }

    /** DescribeStateMachineOutput; METADATA_ONLY returns the definition as {@code {}}, as documented. */
    static ObjectNode describeStateMachine(StateMachineView m, boolean includeData) {
        ObjectNode out = NODES.objectNode()
                .put("stateMachineArn", m.arn())
                .put("name", m.name())
                .put("status", m.status())
                .put("definition", includeData ? m.definition() : "{}")
                .put("roleArn", m.roleArn())
                .put("type", m.type())
                .put("creationDate", timestamp(m.creationDate()));
        out.putObject("loggingConfiguration").put("level", "OFF").put("includeExecutionData", false);
        out.putObject("tracingConfiguration").put("enabled", false);
        putText(out, "revisionId", m.revisionId());
        putText(out, "description", m.description());
        ObjectNode encryption = out.putObject("encryptionConfiguration").put("type", m.encryption().type());
        putText(encryption, "kmsKeyId", m.encryption().kmsKeyId());
        if (m.encryption().kmsDataKeyReusePeriodSeconds() != null) {
            encryption.put("kmsDataKeyReusePeriodSeconds", m.encryption().kmsDataKeyReusePeriodSeconds());
        }
        return out;
    }

    static ObjectNode describeAlias(Alias alias) {
        ObjectNode out = NODES.objectNode()
                .put("stateMachineAliasArn", alias.arn())
                .put("name", alias.name());
        putText(out, "description", alias.description());
        var routes = out.putArray("routingConfiguration");
        alias.routes().forEach(r -> routes.addObject().put("stateMachineVersionArn", r.versionArn())
                .put("weight", r.weight()));
        out.put("creationDate", timestamp(alias.creationDate()));
        out.put("updateDate", timestamp(alias.updateDate()));
        return out;
    }

    static ObjectNode stateMachineListItem(StateMachineView m) {
        return NODES.objectNode()
                .put("stateMachineArn", m.arn())
                .put("name", m.name())
                .put("type", m.type())
                .put("creationDate", timestamp(m.creationDate()));
    }

    /** ListTagsForResourceOutput: {@code {"tags": [{"key": ..., "value": ...}]}}. */
    static ObjectNode tags(List<Tags.Tag> tags) {
        ObjectNode out = NODES.objectNode();
        var items = out.putArray("tags");
        tags.forEach(t -> items.addObject().put("key", t.key()).put("value", t.value()));
        return out;
    }

    private static void putText(ObjectNode out, String field, String value) {
        if (value != null) {
            out.put(field, value);
        }
    }

    private static void putTime(ObjectNode out, String field, Instant value) {
        if (value != null) {
            out.put(field, timestamp(value));
        }
    }
}
