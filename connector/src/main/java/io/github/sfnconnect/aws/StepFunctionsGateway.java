package io.github.sfnconnect.aws;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;

import io.github.sfnconnect.model.DescribedStateMachine;
import io.github.sfnconnect.model.ExecutionDetails;
import io.github.sfnconnect.model.ExecutionPage;
import io.github.sfnconnect.model.DistributedMap;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.MapRunDetails;
import io.github.sfnconnect.model.MapRunPage;
import io.github.sfnconnect.model.StateMachineInfo;
import io.github.sfnconnect.model.StateMachinePage;

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

    /**
     * The Distributed Map states of the state machine's definition. Reads the definition ({@code ALL_DATA}), so an
     * encrypted one needs {@code kms:Decrypt} on its key.
     */
    List<DistributedMap> distributedMaps(String stateMachineArn) throws InterruptedException;

    /**
     * What {@link #describeStateMachine} and {@link #distributedMaps} tell, in one call where the API allows: a
     * state machine's start then costs one {@code DescribeStateMachine}, whose quota is small. A definition that
     * cannot be read is no failure here: it comes back as {@link DescribedStateMachine#unreadable()}.
     */
    default DescribedStateMachine describeWithDefinition(String stateMachineArn) throws InterruptedException {
        StateMachineInfo info = describeStateMachine(stateMachineArn);
        try {
            return new DescribedStateMachine(info, distributedMaps(stateMachineArn), null);
        } catch (RetriableException | StateMachineMissingException e) {
            throw e;
        } catch (ConnectException e) {
            return new DescribedStateMachine(info, List.of(), e);
        }
    }

    /** One page of the Map Runs the execution started, or empty if the execution no longer exists. */
    Optional<MapRunPage> listMapRuns(String executionArn, int pageSize, String nextToken) throws InterruptedException;

    /** The Map Run's progress, or empty if it no longer exists. */
    Optional<MapRunDetails> describeMapRun(String mapRunArn) throws InterruptedException;

    /**
     * One page of the Map Run's child executions, newest first, as {@link #listExecutions} lists a state machine's;
     * empty if the Map Run no longer exists.
     */
    Optional<ExecutionPage> listMapRunExecutions(String mapRunArn, ExecutionStatus statusFilter, boolean redrivenOnly,
                                                 int pageSize, String nextToken) throws InterruptedException;

    /**
     * How long a {@code ListExecutions} call made now would wait for the client-side rate limit, in ms: the task
     * begins a check only when it would not wait, so that the order of checks stays its own.
     */
    default long listCallWaitMs() {
        return 0;
    }

    /**
     * One page of the account's state machines in the region ({@code ListStateMachines}); {@code nextToken} is null
     * for the first page.
     */
    StateMachinePage listStateMachines(int pageSize, String nextToken) throws InterruptedException;

    /**
     * The state machine's tags ({@code ListTagsForResource}); raises {@link StateMachineMissingException} if it no
     * longer exists.
     */
    Map<String, String> tagsOf(String stateMachineArn) throws InterruptedException;

    @Override
    void close();
}
