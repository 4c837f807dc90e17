package io.github.sfnconnect.emulator;

import java.time.Instant;

/**
 * An immutable snapshot of a state machine or one of its versions, as DescribeStateMachine and ListStateMachines
 * report it: for a version, {@code arn} is the version ARN, {@code description} the version's description, and
 * {@code creationDate} the time it was published.
 */
record StateMachineView(String arn, String name, String definition, String roleArn, String type, String status,
        Instant creationDate, String revisionId, String description, Encryption encryption) {
}
