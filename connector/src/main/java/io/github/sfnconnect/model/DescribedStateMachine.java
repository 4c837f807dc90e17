package io.github.sfnconnect.model;

import java.util.List;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * A state machine as one {@code DescribeStateMachine} with its definition tells it: what it is, and the Distributed
 * Map states of its definition.
 *
 * @param distributedMaps empty if the definition has none, or could not be read
 * @param unreadable      why the definition could not be read (KMS, or not parsable), with the fix; null if it was
 */
public record DescribedStateMachine(StateMachineInfo info, List<DistributedMap> distributedMaps,
                                    ConnectException unreadable) {
}
