package io.github.sfnconnect.emulator;

import java.time.Duration;
import java.time.Instant;

/** How far the API's eventually consistent reads trail the truth; {@link StateStore} asks it on HTTP reads only. */
interface ReadLag {
    /** No lag at all: every read sees the current state. */
    ReadLag NONE = new ReadLag() {
        @Override
        public Duration listLag(ListVariant variant) {
            return Duration.ZERO;
        }

        @Override
        public Duration longestListLag() {
            return Duration.ZERO;
        }

        @Override
        public Duration describeLag() {
            return Duration.ZERO;
        }

        @Override
        public void started(String executionArn, Instant startDate) {
        }

        @Override
        public boolean hiddenFromList(String executionArn, Instant asOf) {
            return false;
        }

        @Override
        public void staleRead(String action) {
        }

        @Override
        public void staleList(ListVariant variant) {
        }
    };

    /** ListExecutions of this variant answers from the state as it was this long ago. */
    Duration listLag(ListVariant variant);

    /** The longest of the list lags. */
    Duration longestListLag();

    /** DescribeExecution answers from the state as it was this long ago. */
    Duration describeLag();

    /** Told of every new execution, however it was started, so it can be chosen to appear late. */
    void started(String executionArn, Instant startDate);

    /** Whether ListExecutions, answering as of {@code asOf}, must still leave out an execution that appears late. */
    boolean hiddenFromList(String executionArn, Instant asOf);

    /** Told when a lagged read of {@code action} answered differently from the current state. */
    void staleRead(String action);

    /** Told when a lagged ListExecutions of this variant answered differently from the current state. */
    void staleList(ListVariant variant);
}
