package io.github.sfnconnect;

import java.util.Map;

import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** A task's context as Connect gives it, with its offsets read through {@code offsets}. */
final class TaskContexts {

    private TaskContexts() {
    }

    static SourceTaskContext reading(OffsetStorageReader offsets) {
        return new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return Map.of();
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return offsets;
            }
        };
    }
}
