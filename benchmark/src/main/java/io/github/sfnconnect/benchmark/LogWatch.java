package io.github.sfnconnect.benchmark;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Counts ERROR lines that Kafka, Connect and the connector wrote to the run's log file (slf4j-simple's
 * {@code org.slf4j.simpleLogger.logFile}) since a mark. Without a log file, counts are unknown (-1).
 */
final class LogWatch {
    private static final Pattern ERROR = Pattern.compile("\\] ERROR ");
    /** The embedded cluster's test assertions log a 404 at ERROR while a connector is being created: not the run's. */
    private static final String HARNESS_LOGGERS = "ERROR org.apache.kafka.connect.util.clusters.";

    private final Path file;

    LogWatch() {
        String name = System.getProperty("org.slf4j.simpleLogger.logFile");
        this.file = name == null || name.equals("System.err") || name.equals("System.out") ? null : Path.of(name);
    }

    Path file() {
        return file;
    }

    /** The current end of the log, to count from. */
    long mark() {
        try {
            return file != null && Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** ERROR lines written since the mark; -1 if there is no log file to read. */
    long errorsSince(long mark) {
        if (file == null || !Files.exists(file)) {
            return -1;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            if (length <= mark) {
                return 0;
            }
            byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 8, length - mark)];
            raf.seek(mark);
            raf.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines()
                    .filter(l -> ERROR.matcher(l).find() && !l.contains(HARNESS_LOGGERS))
                    .count();
        } catch (IOException e) {
            return -1;
        }
    }
}
