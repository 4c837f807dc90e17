package io.github.sfnconnect.it;

import java.util.Date;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.connect.data.Struct;

/** An execution record read back from Kafka. */
public record ExecutionRecord(String key, Struct value, long timestamp, Headers headers) {

    public String arn() {
        return value.getString("executionArn");
    }

    public String status() {
        return value.getString("status");
    }

    public int redriveCount() {
        return value.getInt32("redriveCount");
    }

    /** The change this record represents: the dedup key of the topic. */
    public String change() {
        return arn() + "|" + status() + "|" + redriveCount();
    }

    public Date date(String field) {
        return (Date) value.get(field);
    }
}
