package io.github.sfnconnect.emulator;

/**
 * Building and parsing Step Functions ARNs in the exact forms AWS uses.
 *
 * <p>Map Runs and their children have "labelled" ARNs, as the Service Authorization Reference lists the resource
 * types of Step Functions ("Resource types defined by AWS Step Functions",
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsstepfunctions.html):
 * <ul>
 * <li>maprun: {@code arn:${Partition}:states:${Region}:${Account}:mapRun:${StateMachineName}/${MapRunLabel}:
 *     ${MapRunId}}
 * <li>labelled execution: {@code arn:${Partition}:states:${Region}:${Account}:execution:
 *     ${StateMachineName}/${MapRunLabel}:${ExecutionId}}
 * <li>labelled express: {@code arn:${Partition}:states:${Region}:${Account}:express:
 *     ${StateMachineName}/${MapRunLabel}:${ExecutionId}:${ExpressId}}
 * </ul>
 * A child's state machine is the labelled one, {@code arn:...:stateMachine:<stateMachineName>/<label>} (developer
 * guide, "Viewing a Distributed Map Run execution": child workflow executions have "a labelled State Machine ARN
 * with the following format: arn:partition:states:region:account:stateMachine:stateMachineName/MapRunLabel or
 * UUID").
 */
final class Arns {
    private Arns() {
    }

    /** A parsed {@code arn:<partition>:states:<region>:<account>:<resourceType>:...} ARN. */
    record Parsed(String region, String account, String resourceType, String[] resource) {
    }

    static String stateMachine(String region, String account, String name) {
        return "arn:aws:states:" + region + ":" + account + ":stateMachine:" + name;
    }

    /** The state machine of a Map Run's children: the parent's, labelled with the Map Run's label. */
    static String labelledStateMachine(String region, String account, String stateMachineName, String label) {
        return stateMachine(region, account, stateMachineName + "/" + label);
    }

    static String mapRun(String region, String account, String stateMachineName, String label, String id) {
        return "arn:aws:states:" + region + ":" + account + ":mapRun:" + stateMachineName + "/" + label + ":" + id;
    }

    static String execution(String region, String account, String stateMachineName, String name, boolean express) {
        return "arn:aws:states:" + region + ":" + account + ":" + (express ? "express" : "execution") + ":"
                + stateMachineName + ":" + name;
    }

    /** Accepts unqualified, version- and alias-qualified state machine ARNs, as the API does. */
    static Parsed parseStateMachine(String field, String arn) {
        Parsed parsed = parse(field, arn);
        if (!parsed.resourceType().equals("stateMachine")
                || parsed.resource().length < 1 || parsed.resource().length > 2) {
            throw invalid(arn);
        }
        return parsed;
    }

    /** STANDARD execution ARNs end in the execution's name; an EXPRESS one may carry its express id after it. */
    static Parsed parseExecution(String field, String arn) {
        Parsed parsed = parse(field, arn);
        int parts = parsed.resource().length;
        boolean valid = parsed.resourceType().equals("execution") ? parts == 2
                : parsed.resourceType().equals("express") && (parts == 2 || parts == 3);
        if (!valid) {
            throw invalid(arn);
        }
        return parsed;
    }

    static Parsed parseMapRun(String field, String arn) {
        Parsed parsed = parse(field, arn);
        if (!parsed.resourceType().equals("mapRun") || parsed.resource().length != 2) {
            throw invalid(arn);
        }
        return parsed;
    }

    /**
     * A {@code resourceArn} of the tagging actions: "The Amazon Resource Name (ARN) for the Step Functions state
     * machine or activity" (API reference, TagResource). Any other resource type is InvalidArn; whether the ARN
     * names a taggable resource is the store's to decide.
     */
    static Parsed parseTaggable(String field, String arn) {
        Parsed parsed = parse(field, arn);
        if (!parsed.resourceType().equals("stateMachine") && !parsed.resourceType().equals("activity")) {
            throw invalid(arn);
        }
        return parsed;
    }

    static void requireArnSyntax(String field, String arn) {
        Constraints.length(field, arn, 1, 256);
        String[] parts = arn.split(":", -1);
        if (parts.length < 6 || !parts[0].equals("arn") || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw invalid(arn);
        }
    }

    private static Parsed parse(String field, String arn) {
        Constraints.length(field, arn, 1, field.equals("mapRunArn") ? 2000 : 256);
        String[] parts = arn.split(":", -1);
        if (parts.length < 7 || !parts[0].equals("arn") || parts[1].isEmpty() || !parts[2].equals("states")
                || parts[3].isEmpty() || !parts[4].matches("\\d{12}")) {
            throw invalid(arn);
        }
        String[] resource = new String[parts.length - 6];
        System.arraycopy(parts, 6, resource, 0, resource.length);
        for (String piece : resource) {
            if (piece.isEmpty()) {
                throw invalid(arn);
            }
        }
        return new Parsed(parts[3], parts[4], parts[5], resource);
    }

    private static ApiException invalid(String arn) {
        return new ApiException(ErrorType.INVALID_ARN, "Invalid Arn: '" + arn + "'");
    }
}
