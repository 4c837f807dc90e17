package io.github.sfnconnect.emulator;

import java.time.Instant;

/** An immutable snapshot of a state machine, as DescribeStateMachine and ListStateMachines report it. */
record StateMachineView(String arn, String name, String definition, String roleArn, String type, String status,
        Instant creationDate) {
}
