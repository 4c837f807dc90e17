package io.github.sfnconnect.model;

/** What {@code DescribeStateMachine} tells the connector: whether it can be tracked at all. */
public record StateMachineInfo(String stateMachineArn, String name, String type, String status) {

    public boolean isExpress() {
        return "EXPRESS".equalsIgnoreCase(type);
    }
}
