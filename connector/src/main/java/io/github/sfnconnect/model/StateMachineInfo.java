package io.github.sfnconnect.model;

/**
 * What {@code DescribeStateMachine} tells the connector: whether it can be tracked at all, and the customer managed
 * KMS key that encrypts its executions' data, if any (null otherwise).
 */
public record StateMachineInfo(String stateMachineArn, String name, String type, String status, String kmsKeyId) {

    public StateMachineInfo(String stateMachineArn, String name, String type, String status) {
        this(stateMachineArn, name, type, status, null);
    }

    public boolean isExpress() {
        return "EXPRESS".equalsIgnoreCase(type);
    }
}
