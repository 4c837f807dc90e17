package io.github.sfnconnect.tracking;

/**
 * Execution names as the tracker stores them (open-name parts, checkpoints), and the execution ARNs they stand for.
 * <p>
 * A state machine's execution is named by the last part of its ARN ({@code ...:execution:<state machine>:<name>}).
 * A Map Run's children have labelled ARNs, {@code ...:execution:<state machine>/<label>:<id>} and, for EXPRESS
 * children, {@code ...:express:<state machine>/<label>:<id>:<express id>}: their name is all that follows the
 * account ({@code execution:<state machine>/<label>:<id>}), so that a stored name gives the ARN back whatever the
 * child's type. Neither form contains ','; the second contains ':', so a stored entry's start date follows its
 * last ':'.
 */
public final class ExecutionArns {

    private static final String STATE_MACHINE = ":stateMachine:";
    private static final String MAP_RUN = ":mapRun:";

    private ExecutionArns() {
    }

    /** Whether the listing scope is a Map Run rather than a state machine. */
    public static boolean isMapRun(String scopeArn) {
        return scopeArn.contains(MAP_RUN);
    }

    /** What a name is prefixed with to give the execution's ARN, for executions listed by {@code scopeArn}. */
    public static String prefixOf(String scopeArn) {
        if (isMapRun(scopeArn)) {
            return accountPrefix(scopeArn);
        }
        int marker = scopeArn.indexOf(STATE_MACHINE);
        String name = scopeArn.substring(marker + STATE_MACHINE.length());
        int qualifier = name.indexOf(':');
        return scopeArn.substring(0, marker) + ":execution:" + (qualifier < 0 ? name : name.substring(0, qualifier))
                + ":";
    }

    /** The name an execution is stored under: see the class comment. */
    public static String nameOf(String executionArn) {
        String account = accountPrefix(executionArn);
        String resource = executionArn.substring(account.length()); // execution:<state machine>[/<label>]:<id>...
        int first = resource.indexOf(':');
        int second = resource.indexOf(':', first + 1);
        if (first > 0 && second > first && resource.substring(first + 1, second).indexOf('/') >= 0) {
            return resource;
        }
        return executionArn.substring(executionArn.lastIndexOf(':') + 1);
    }

    /** {@code arn:<partition>:states:<region>:<account>:}, the first five parts. */
    private static String accountPrefix(String arn) {
        int end = -1;
        for (int i = 0; i < 5; i++) {
            end = arn.indexOf(':', end + 1);
            if (end < 0) {
                throw new IllegalArgumentException("'" + arn + "' is not a Step Functions ARN");
            }
        }
        return arn.substring(0, end + 1);
    }
}
