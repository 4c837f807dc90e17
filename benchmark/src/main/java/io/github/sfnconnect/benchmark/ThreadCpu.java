package io.github.sfnconnect.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CPU time of the threads whose names contain a marker (a connector's task and producer threads carry its name).
 * Threads that ended are remembered with the last time read, so call {@link #read()} at least at the start and
 * end of what is measured.
 */
final class ThreadCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final String marker;
    private final Map<Long, Long> lastSeen = new ConcurrentHashMap<>();

    ThreadCpu(String marker) {
        this.marker = marker;
    }

    /** Total CPU nanoseconds of the marked threads, alive or seen alive before. */
    long read() {
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains(marker)) {
                long cpu = THREADS.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    lastSeen.put(info.getThreadId(), cpu);
                }
            }
        }
        return lastSeen.values().stream().mapToLong(Long::longValue).sum();
    }
}
