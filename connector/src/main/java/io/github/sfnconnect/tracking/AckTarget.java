package io.github.sfnconnect.tracking;

/** What waits for Kafka's acknowledgement of the records it had sent, each under a key of its own choosing. */
public interface AckTarget {

    /** @param commitGeneration how many offset commits the task had seen when the acknowledgement was handled */
    void acknowledged(String key, long commitGeneration);
}
