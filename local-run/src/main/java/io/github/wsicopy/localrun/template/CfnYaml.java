package io.github.wsicopy.localrun.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;

/**
 * A CloudFormation template as plain maps, lists and strings, read with SnakeYAML Engine. CloudFormation's short
 * tags are kept as they are written: a tagged scalar is the text {@code "!Ref JobsTable"} or {@code "!GetAtt
 * CopyFunction.Arn"}, a tagged list or map is a one-entry map from the tag to its value ({@code {"!Sub": [...]}}).
 * Every other scalar stays text, as the template wrote it.
 */
public final class CfnYaml {
    private CfnYaml() {}

    /** The document's root mapping. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parse(String yaml) {
        Node root = new Compose(LoadSettings.builder().setLabel("template.yaml").build()).composeString(yaml)
                .orElseThrow(() -> new IllegalArgumentException("the template is empty"));
        if (!(toJava(root) instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("the template is not a mapping");
        }
        return (Map<String, Object>) map;
    }

    private static Object toJava(Node node) {
        String tag = node.getTag().getValue();
        boolean intrinsic = tag.startsWith("!");
        Object value = switch (node) {
            case ScalarNode scalar -> intrinsic ? tag + " " + scalar.getValue() : scalar.getValue();
            case SequenceNode sequence -> {
                List<Object> list = new ArrayList<>();
                sequence.getValue().forEach(item -> list.add(toJava(item)));
                yield list;
            }
            case MappingNode mapping -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (NodeTuple entry : mapping.getValue()) {
                    map.put(String.valueOf(toJava(entry.getKeyNode())), toJava(entry.getValueNode()));
                }
                yield map;
            }
            default -> throw new IllegalArgumentException("unsupported YAML node " + node.getNodeType());
        };
        return intrinsic && !(node instanceof ScalarNode) ? Map.of(tag, value) : value;
    }
}
