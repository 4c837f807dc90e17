package io.github.sfnconnect;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.sfnconnect.aws.StepFunctionsGateway;
import io.github.sfnconnect.model.DistributedMap;
import io.github.sfnconnect.model.ExecutionPage;
import io.github.sfnconnect.model.ExecutionStatus;
import io.github.sfnconnect.model.MapRunDetails;
import io.github.sfnconnect.model.MapRunPage;
import io.github.sfnconnect.model.StateMachinePage;

/** A test gateway for state machines without a Distributed Map state: no Map Run call is expected of it. */
abstract class StandardOnlyGateway implements StepFunctionsGateway {

    @Override
    public List<DistributedMap> distributedMaps(String stateMachineArn) {
        return List.of();
    }

    @Override
    public Optional<MapRunPage> listMapRuns(String executionArn, int pageSize, String nextToken) {
        throw new AssertionError("ListMapRuns of " + executionArn + " for a state machine without a Distributed Map");
    }

    @Override
    public Optional<MapRunDetails> describeMapRun(String mapRunArn) {
        throw new AssertionError("DescribeMapRun of " + mapRunArn + " for a state machine without a Distributed Map");
    }

    @Override
    public Optional<ExecutionPage> listMapRunExecutions(String mapRunArn, ExecutionStatus statusFilter,
                                                        boolean redrivenOnly, int pageSize, String nextToken) {
        throw new AssertionError("ListExecutions of " + mapRunArn + " for a state machine without a Distributed Map");
    }

    @Override
    public StateMachinePage listStateMachines(int pageSize, String nextToken) {
        throw new AssertionError("ListStateMachines without a name pattern or tags");
    }

    @Override
    public Map<String, String> tagsOf(String stateMachineArn) {
        throw new AssertionError("ListTagsForResource of " + stateMachineArn + " without a name pattern or tags");
    }
}
