package io.github.sfnconnect.benchmark;

import java.util.Random;

/**
 * How long a live execution runs: exponential around a mean (the workload's default: most end soon, a few run long),
 * or uniform between two bounds (every one ends within a few seconds, none later).
 */
record RunTimes(String shape, long minMs, long maxMs) {

    static RunTimes exponential(long meanMs) {
        return new RunTimes("exponential", meanMs, meanMs);
    }

    static RunTimes uniform(long minMs, long maxMs) {
        if (minMs < 0 || maxMs < minMs) {
            throw new IllegalArgumentException("uniform run times need 0 <= min <= max, not " + minMs + "-" + maxMs);
        }
        return new RunTimes("uniform", minMs, maxMs);
    }

    /** {@code exponential:<mean ms>} or {@code uniform:<min ms>:<max ms>}. */
    static RunTimes parse(String text) {
        String[] parts = text.split(":");
        if (parts.length == 2 && parts[0].equals("exponential")) {
            return exponential(Long.parseLong(parts[1]));
        }
        if (parts.length == 3 && parts[0].equals("uniform")) {
            return uniform(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        }
        throw new IllegalArgumentException("run times are exponential:<mean ms> or uniform:<min ms>:<max ms>, not "
                + text);
    }

    /** One run time; the exponential one draws exactly as the workload always has, so seeded schedules stay. */
    long draw(Random random) {
        if (shape.equals("exponential")) {
            return minMs == 0 ? 0 : (long) (-Math.log(1 - random.nextDouble()) * minMs);
        }
        return minMs + (long) (random.nextDouble() * (maxMs - minMs));
    }

    @Override
    public String toString() {
        return shape.equals("exponential") ? "exponential, mean " + minMs + " ms"
                : "uniform, " + minMs + " to " + maxMs + " ms";
    }
}
