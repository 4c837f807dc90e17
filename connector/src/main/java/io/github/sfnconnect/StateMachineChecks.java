package io.github.sfnconnect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.sfnconnect.aws.ApiAccessDeniedException;
import io.github.sfnconnect.aws.StateMachineMissingException;
import io.github.sfnconnect.aws.StepFunctionsGateway;
import io.github.sfnconnect.config.StateMachineArn;
import io.github.sfnconnect.config.StepFunctionsSourceConfig;
import io.github.sfnconnect.model.StateMachineInfo;

/**
 * {@code validate()}'s look at AWS: one {@code DescribeStateMachine} (metadata only) per state machine, so that a
 * wrong ARN, a missing permission or an EXPRESS state machine fails connector creation, with the fix, instead of a
 * task later. AWS that cannot be reached or throttles is only a warning in the log: a passing fault must not refuse a
 * config, and the worker's REST call must not hang on it.
 */
final class StateMachineChecks {

    private static final Logger log = LoggerFactory.getLogger(StateMachineChecks.class);

    /** Short timeouts and one retry: validate() runs inside a REST request that Connect gives up on after 90 s. */
    private static final Map<String, String> QUICK = Map.of(
            StepFunctionsSourceConfig.AWS_API_CALL_TIMEOUT_MS_CONFIG, "10000",
            StepFunctionsSourceConfig.AWS_API_ATTEMPT_TIMEOUT_MS_CONFIG, "5000",
            StepFunctionsSourceConfig.AWS_MAX_ATTEMPTS_CONFIG, "2");
    /** Checks stop after this long (the rest are left to the tasks, which fail on them with the same message). */
    static final long BUDGET_MS = 30_000;

    private final Function<StepFunctionsSourceConfig, StepFunctionsGateway> gateways;

    StateMachineChecks(Function<StepFunctionsSourceConfig, StepFunctionsGateway> gateways) {
        this.gateways = gateways;
    }

    /** Adds an error to {@code arnsValue} for each state machine that cannot be streamed. */
    void check(Map<String, String> props, ConfigValue arnsValue) {
        Map<String, String> quick = new HashMap<>(props);
        quick.putAll(QUICK);
        StepFunctionsSourceConfig config = StepFunctionsSourceConfig.quiet(quick);
        List<String> errors = new ArrayList<>();
        long deadline = System.currentTimeMillis() + BUDGET_MS;
        try (StepFunctionsGateway gateway = gateways.apply(config)) {
            for (StateMachineArn arn : config.stateMachineArns()) {
                if (System.currentTimeMillis() > deadline) {
                    log.warn("validate() stopped checking state machines in AWS after {} ms; the tasks check the rest",
                            BUDGET_MS);
                    break;
                }
                String error = check(gateway, arn);
                if (error != null) {
                    errors.add(error);
                }
            }
        } catch (RetriableException e) {
            log.warn("validate() could not check the state machines in AWS, so the tasks will ({}); the connector "
                    + "is created anyway", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("validate() could not check the state machines in AWS ({}); the connector is created anyway",
                    e.toString());
        }
        errors.forEach(arnsValue::addErrorMessage);
    }

    /**
     * When state machines are selected by name pattern or tags, puts those that match now into the recommended values
     * of 'state.machine.arns' (a ConfigValue has no room for information other than errors and recommendations; the
     * REST API shows them as recommended_values), and logs them with the EXPRESS ones skipped. Matching none is no
     * error: the connector may be created before its state machines. Denied access is an error on the selector.
     */
    void reportMatches(Map<String, String> props, Map<String, ConfigValue> values) {
        Map<String, String> quick = new HashMap<>(props);
        quick.putAll(QUICK);
        StepFunctionsSourceConfig config = StepFunctionsSourceConfig.quiet(quick);
        StateMachineSelector selector = StepFunctionsSourceConnector.selector(config);
        if (!selector.discovers()) {
            return;
        }
        String selectorKey = config.stateMachineNamePattern().isPresent()
                ? StepFunctionsSourceConfig.STATE_MACHINE_NAME_PATTERN_CONFIG
                : StepFunctionsSourceConfig.STATE_MACHINE_TAGS_CONFIG;
        try (StepFunctionsGateway gateway = gateways.apply(config)) {
            StateMachineSelector.Selection selection = StateMachineDiscovery.lookUp(gateway, selector,
                    System.nanoTime() + BUDGET_MS * 1_000_000);
            values.get(StepFunctionsSourceConfig.STATE_MACHINE_ARNS_CONFIG)
                    .recommendedValues(new ArrayList<>(selection.stateMachineArns()));
            log.info("validate(): {} state machines are selected now: {}{}", selection.stateMachineArns().size(),
                    selection.stateMachineArns(), selection.express().isEmpty() ? ""
                            : "; EXPRESS ones skipped (their executions cannot be listed): " + selection.express()
                            .stream().map(m -> m.stateMachineArn()).toList());
        } catch (ApiAccessDeniedException e) {
            values.get(selectorKey).addErrorMessage("Cannot look up the state machines it selects: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("validate() could not look up the state machines selected by name pattern or tags ({}); the "
                    + "connector is created anyway", e.getMessage());
        }
    }

    /** The error for one state machine, or null; a fault of AWS (throttling, 5xx, unreachable) propagates. */
    private static String check(StepFunctionsGateway gateway, StateMachineArn arn) throws InterruptedException {
        try {
            StateMachineInfo info = gateway.describeStateMachine(arn.unqualified());
            if (info.isExpress()) {
                return "State machine " + arn.arn() + " is an EXPRESS state machine: Step Functions does not list or "
                        + "describe EXPRESS executions through its API. Remove it (stream its CloudWatch Logs instead)";
            }
            return null;
        } catch (StateMachineMissingException e) {
            return "State machine " + arn.arn() + " does not exist in region " + arn.region() + " of account "
                    + arn.accountId() + " as the connector's AWS identity sees it: check the name, region and account "
                    + "in the ARN, create the state machine before the connector, or remove it";
        } catch (ApiAccessDeniedException e) {
            return "State machine " + arn.arn() + ": " + e.getMessage() + " (the policy is in docs/security.md)";
        } catch (RetriableException e) {
            throw e;
        } catch (ConnectException e) {
            return "State machine " + arn.arn() + ": " + e.getMessage();
        }
    }
}
