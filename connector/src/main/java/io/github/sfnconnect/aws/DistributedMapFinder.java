package io.github.sfnconnect.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.sfnconnect.model.DistributedMap;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Finds the Distributed Map states in an Amazon States Language definition: {@code Map} states whose
 * {@code ItemProcessor.ProcessorConfig.Mode} is {@code DISTRIBUTED}, wherever they are nested (in {@code Parallel}
 * branches, in inline Map processors, in another Distributed Map's child workflow). Only state machines with one
 * cost Map Run calls. Parsed with the SDK's own JSON reader, which the plugin ships anyway.
 */
final class DistributedMapFinder {

    private DistributedMapFinder() {
    }

    /**
     * The Distributed Map states of the definition, in document order.
     *
     * @throws IllegalArgumentException if the definition is not a JSON object with {@code States}
     */
    static List<DistributedMap> find(String definition) {
        JsonNode root;
        try {
            root = JsonNode.parser().parse(definition);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the state machine definition is not valid JSON: " + e.getMessage(), e);
        }
        Optional<JsonNode> states = objectField(root, "States");
        if (states.isEmpty()) {
            throw new IllegalArgumentException("the state machine definition has no \"States\" object");
        }
        List<DistributedMap> found = new ArrayList<>();
        visit(states.get(), "", false, found);
        return found;
    }

    private static void visit(JsonNode states, String prefix, boolean inChildWorkflow, List<DistributedMap> found) {
        for (Map.Entry<String, JsonNode> entry : states.asObject().entrySet()) {
            JsonNode state = entry.getValue();
            if (!state.isObject()) {
                continue;
            }
            String path = prefix + entry.getKey();
            String type = text(state, "Type");
            if ("Parallel".equals(type)) {
                state.field("Branches").filter(JsonNode::isArray).ifPresent(branches -> branches.asArray().forEach(
                        branch -> objectField(branch, "States").ifPresent(s -> visit(s, path + "/", inChildWorkflow,
                                found))));
            } else if ("Map".equals(type)) {
                // "Iterator" is the older name of an inline Map's processor
                Optional<JsonNode> processor = objectField(state, "ItemProcessor").or(() -> objectField(state, "Iterator"));
                Optional<JsonNode> config = processor.flatMap(p -> objectField(p, "ProcessorConfig"));
                boolean distributed = config.map(c -> "DISTRIBUTED".equals(text(c, "Mode"))).orElse(false);
                if (distributed) {
                    // ASL requires ExecutionType in DISTRIBUTED mode; a definition without it is read as STANDARD
                    String executionType = config.map(c -> text(c, "ExecutionType")).orElse(null);
                    found.add(new DistributedMap(path, text(state, "Label"),
                            executionType == null ? "STANDARD" : executionType, inChildWorkflow));
                }
                processor.flatMap(p -> objectField(p, "States")).ifPresent(s -> visit(s, path + "/",
                        inChildWorkflow || distributed, found));
            }
        }
    }

    private static Optional<JsonNode> objectField(JsonNode node, String name) {
        return node.isObject() ? node.field(name).filter(JsonNode::isObject) : Optional.empty();
    }

    private static String text(JsonNode node, String name) {
        return node.field(name).filter(JsonNode::isString).map(JsonNode::asString).orElse(null);
    }
}
