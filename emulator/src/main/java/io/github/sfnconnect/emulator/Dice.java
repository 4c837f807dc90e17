package io.github.sfnconnect.emulator;

import java.util.Random;
import java.util.SplittableRandom;

/**
 * Seeded random decisions, with one stream per kind of random fault so that switching one fault on never
 * shifts another's draws: the same seed and the same sequence of calls give the same decisions.
 */
final class Dice {
    /** The random faults, each drawing from its own stream. */
    enum Stream {
        CONNECTION_RESET,
        SERVER_ERROR,
        INVALID_TOKEN,
        VANISH_ON_DESCRIBE,
        SLOW_RESPONSE,
        LATE_APPEARANCE,
        // not a fault: which version an alias with two routes starts; seeded like the faults for repeatable runs
        ALIAS_ROUTING,
        KMS_THROTTLING,
        SHORT_PAGES
    }

    /** A uniform draw in [0, bound) from the stream. */
    double uniform(Stream stream, double bound) {
        return streams[stream.ordinal()].nextDouble() * bound;
    }

    private volatile long seed;
    private volatile Random[] streams;

    Dice(long seed) {
        reseed(seed);
    }

    synchronized void reseed(long newSeed) {
        SplittableRandom root = new SplittableRandom(newSeed);
        Random[] fresh = new Random[Stream.values().length];
        for (int i = 0; i < fresh.length; i++) {
            fresh[i] = new Random(root.nextLong());
        }
        streams = fresh;
        seed = newSeed;
    }

    long seed() {
        return seed;
    }

    /** True with the given probability; certain outcomes draw nothing. */
    boolean roll(Stream stream, double probability) {
        if (probability <= 0) {
            return false;
        }
        if (probability >= 1) {
            return true;
        }
        return streams[stream.ordinal()].nextDouble() < probability;
    }
}
