package io.github.sfnconnect.emulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.sfn.SfnClient;

/** The emulator fixture plus a client without retries, so that each injected fault reaches the test, and a state machine. */
abstract class NoRetryFixture extends EmulatorFixture {
    SfnClient once;
    String machine;

    @BeforeEach
    void connectOnce() {
        once = connectWithoutRetries(emulator);
        machine = emulator.createStateMachine("orders");
    }

    @AfterEach
    void closeOnce() {
        once.close();
    }
}
