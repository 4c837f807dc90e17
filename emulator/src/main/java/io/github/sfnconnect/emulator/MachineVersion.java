package io.github.sfnconnect.emulator;

import java.time.Instant;

/** A published, immutable version of a state machine: {@code <stateMachineArn>:<number>}. */
record MachineVersion(int number, String arn, String definition, String roleArn, String description,
        String revisionId, Instant creationDate) {
}
