package io.github.sfnconnect.aws;

import java.util.Optional;

import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.model.ExecutionPage;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.StateMachineInfo;

/**
 * The Step Functions calls the connector makes, in the connector's own types.
 * <p>
 * Transient failures that outlived the SDK's retries (throttling, 5xx, timeouts) surface as
 * {@link org.apache.kafka.connect.errors.RetriableException}; failures that retrying cannot fix (access denied,
 * state machine deleted) as {@link org.apache.kafka.connect.errors.ConnectException} with the fix in the message.
 */
public interface StepFunctionsGateway extends AutoCloseable {

    StateMachineInfo describeStateMachine(String stateMachineArn) throws InterruptedException;

    /**
     * One page, newest first. {@code statusFilter} may be null for every status; {@code redrivenOnly} lists only
     * executions redriven at least once; {@code nextToken} is null for the first page. An expired or invalid token
     * raises {@link PageTokenExpiredException}.
     */
    ExecutionPage listExecutions(String stateMachineArn, ExecutionStatus statusFilter, boolean redrivenOnly,
                                 int pageSize, String nextToken) throws InterruptedException;

    /** The execution's details, or empty if it no longer exists. */
    Optional<ExecutionDetails> describeExecution(String executionArn, boolean includeData) throws InterruptedException;

    @Override
    void close();
}
