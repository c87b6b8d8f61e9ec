package io.github.wsicopy.localrun.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The block structure of a YAML document as plain "key: value" nodes nested by indentation: enough to read
 * the keys of a SAM template (handlers, environment variables, parameters, substitutions) without a YAML
 * library, which would also need to be taught CloudFormation's {@code !Ref}/{@code !GetAtt} tags. Values stay
 * text ({@code "!Ref JobsTable"}); block scalars ({@code >-}, {@code |}) are folded into one line; list items
 * are nodes named {@code "-"}; flow collections ({@code [a, b]}, {@code {a: b}}) stay unparsed text.
 */
public final class YamlOutline {

    /** One "key: value" line and the lines indented under it. */
    public record Node(String key, String value, List<Node> children) {

        /** The child named {@code key}, if any. */
        public Optional<Node> child(String key) {
            return children.stream().filter(c -> c.key.equals(key)).findFirst();
        }

        /** The node at {@code path} below this one. */
        public Optional<Node> at(String... path) {
            Optional<Node> node = Optional.of(this);
            for (String key : path) {
                node = node.flatMap(n -> n.child(key));
            }
            return node;
        }

        /** The scalar value at {@code path}, if present and not empty. */
        public Optional<String> text(String... path) {
            return at(path).map(Node::value).filter(v -> !v.isEmpty());
        }
    }

    private record Line(int indent, String text) {}

    private YamlOutline() {}

    /** The document as a root node (key "") whose children are the top-level keys. */
    public static Node parse(String yaml) {
        List<Line> lines = new ArrayList<>();
        for (String raw : yaml.split("\r?\n", -1)) {
            lines.add(new Line(indentOf(raw), raw.strip()));
        }
        Node root = new Node("", "", new ArrayList<>());
        parseBlock(lines, new int[] {0}, -1, root.children());
        return root;
    }

    /** Reads the lines indented deeper than {@code parentIndent} into {@code into}; {@code at} is the cursor. */
    private static void parseBlock(List<Line> lines, int[] at, int parentIndent, List<Node> into) {
        while (at[0] < lines.size()) {
            Line line = lines.get(at[0]);
            if (isBlank(line)) {
                at[0]++;
                continue;
            }
            if (line.indent() <= parentIndent) {
                return;
            }
            at[0]++;
            String text = stripComment(line.text());
            String key;
            String value;
            if (text.equals("-") || text.startsWith("- ")) {
                key = "-";
                value = text.substring(1).strip();
            } else {
                int colon = keyEnd(text);
                key = colon < 0 ? text : unquote(text.substring(0, colon).strip());
                value = colon < 0 ? "" : text.substring(colon + 1).strip();
            }
            Node node = new Node(key, "", new ArrayList<>());
            if (value.startsWith(">") || value.startsWith("|")) {
                node = new Node(key, foldBlockScalar(lines, at, line.indent()), List.of());
            } else {
                node = new Node(key, unquote(value), node.children());
                parseBlock(lines, at, line.indent(), node.children());
            }
            into.add(node);
        }
    }

    /** The lines of a block scalar (everything indented deeper than its key), joined with spaces. */
    private static String foldBlockScalar(List<Line> lines, int[] at, int keyIndent) {
        StringBuilder folded = new StringBuilder();
        while (at[0] < lines.size() && (isBlank(lines.get(at[0])) || lines.get(at[0]).indent() > keyIndent)) {
            String text = lines.get(at[0]).text();
            if (!text.isEmpty()) {
                folded.append(folded.isEmpty() ? "" : " ").append(text);
            }
            at[0]++;
        }
        return folded.toString();
    }

    /** The colon that ends a key: followed by a space or the end of the line, outside quotes. */
    private static int keyEnd(String text) {
        return firstOutsideQuotes(text, i -> text.charAt(i) == ':'
                && (i + 1 == text.length() || text.charAt(i + 1) == ' '));
    }

    /** Drops a " # comment" that is not inside quotes. */
    private static String stripComment(String text) {
        int hash = firstOutsideQuotes(text, i -> text.charAt(i) == '#' && (i == 0 || text.charAt(i - 1) == ' '));
        return hash < 0 ? text : text.substring(0, hash).strip();
    }

    /** The first index outside '...' or "..." where {@code matches} holds, or -1. */
    private static int firstOutsideQuotes(String text, java.util.function.IntPredicate matches) {
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (matches.test(i)) {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static boolean isBlank(Line line) {
        return line.text().isEmpty() || line.text().startsWith("#");
    }

    private static int indentOf(String raw) {
        int i = 0;
        while (i < raw.length() && raw.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
