package io.github.wsicopy.localrun.template;

import io.github.wsicopy.localrun.template.YamlOutline.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the local run takes from {@code template.yaml}, so that it cannot drift from what is deployed: each
 * function's handler class, timeout and environment (with parameter defaults), and the state machine's
 * definition file and substitutions. A function is known locally by its logical id, as the substitutions
 * name it ({@code ${CopyFunctionArn}} is {@code !Ref CopyFunction.Alias}, the function's SnapStart alias).
 */
public record SamTemplate(Map<String, FunctionSpec> functions, Map<String, String> substitutions,
        String definitionUri) {

    /**
     * One {@code AWS::Serverless::Function}.
     *
     * @param environment its variables as the template writes them ({@code !Ref X} unresolved), globals first
     */
    public record FunctionSpec(String logicalId, String handlerClass, int timeoutSeconds,
            Map<String, String> environment) {

        /** The kebab-case short name: {@code PollStatusFunction} is {@code poll-status}, as in {@code events/}. */
        public String shortName() {
            String base = logicalId.endsWith("Function") ? logicalId.substring(0, logicalId.length() - 8) : logicalId;
            return base.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final String FUNCTION = "AWS::Serverless::Function";
    private static final String STATE_MACHINE = "AWS::Serverless::StateMachine";

    public SamTemplate {
        functions = Map.copyOf(functions);
        substitutions = Map.copyOf(substitutions);
    }

    public static SamTemplate read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static SamTemplate parse(String yaml, String source) {
        Node root = YamlOutline.parse(yaml);
        Map<String, String> parameters = new LinkedHashMap<>();
        root.at("Parameters").ifPresent(ps -> ps.children().forEach(
                p -> p.text("Default").or(() -> Optional.of("")).ifPresent(d -> parameters.put(p.key(), d))));
        Node globals = root.at("Globals", "Function").orElse(new Node("", "", List.of()));
        Node resources = root.at("Resources").orElseThrow(() -> new IllegalArgumentException(source + ": no Resources"));

        Map<String, FunctionSpec> functions = new LinkedHashMap<>();
        Map<String, String> substitutions = new LinkedHashMap<>();
        String definitionUri = null;
        for (Node resource : resources.children()) {
            String type = resource.text("Type").orElse("");
            if (type.equals(FUNCTION)) {
                functions.put(resource.key(), function(resource, globals, parameters, source));
            } else if (type.equals(STATE_MACHINE)) {
                if (definitionUri != null) {
                    throw new IllegalArgumentException(source + ": more than one state machine");
                }
                definitionUri = resource.text("Properties", "DefinitionUri").orElseThrow(
                        () -> new IllegalArgumentException(source + ": " + resource.key() + " has no DefinitionUri"));
                resource.at("Properties", "DefinitionSubstitutions").ifPresent(subs -> subs.children().forEach(
                        s -> substitutions.put(s.key(), functionOf(s, source))));
            }
        }
        if (definitionUri == null) {
            throw new IllegalArgumentException(source + ": no " + STATE_MACHINE);
        }
        substitutions.forEach((name, function) -> {
            if (!functions.containsKey(function)) {
                throw new IllegalArgumentException(source + ": substitution " + name + " names " + function
                        + ", which is not a function of the template");
            }
        });
        return new SamTemplate(functions, substitutions, definitionUri);
    }

    /** The function a short name or logical id means ({@code copy} or {@code CopyFunction}). */
    public FunctionSpec function(String name) {
        FunctionSpec byId = functions.get(name);
        if (byId != null) {
            return byId;
        }
        return functions.values().stream().filter(f -> f.shortName().equals(name)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("no function '" + name + "' in template.yaml; known: "
                        + functions.values().stream().map(f -> f.shortName() + " (" + f.logicalId() + ")").toList()));
    }

    private static FunctionSpec function(Node resource, Node globals, Map<String, String> parameters, String source) {
        String where = source + ": " + resource.key();
        String handler = resource.text("Properties", "Handler").or(() -> globals.text("Handler"))
                .orElseThrow(() -> new IllegalArgumentException(where + " has no Handler"));
        int timeout = Integer.parseInt(resource.text("Properties", "Timeout").or(() -> globals.text("Timeout")).orElse("3"));
        Map<String, String> environment = new LinkedHashMap<>();
        globals.at("Environment", "Variables").ifPresent(vars -> vars.children().forEach(v -> environment.put(v.key(), v.value())));
        resource.at("Properties", "Environment", "Variables").ifPresent(vars -> vars.children().forEach(
                v -> environment.put(v.key(), v.value())));
        // Parameter references resolve to the parameter's default now; other references (resources) are
        // resolved by the local stack, which knows its table and topic.
        environment.replaceAll((name, value) -> {
            String ref = refOf(value);
            return ref != null && parameters.containsKey(ref) ? parameters.get(ref) : value;
        });
        return new FunctionSpec(resource.key(), handlerClassOf(handler, where), timeout, environment);
    }

    /** {@code pkg.Class::handleRequest} → {@code pkg.Class}; the project's handlers are all RequestStreamHandlers. */
    private static String handlerClassOf(String handler, String where) {
        int separator = handler.indexOf("::");
        if (separator >= 0 && !handler.substring(separator + 2).equals("handleRequest")) {
            throw new IllegalArgumentException(where + ": Handler " + handler + " is not a handleRequest method");
        }
        return separator < 0 ? handler : handler.substring(0, separator);
    }

    /** The function a substitution names: {@code !GetAtt <Function>.Arn} or its alias, {@code !Ref <Function>.Alias}. */
    private static String functionOf(Node substitution, String source) {
        String value = substitution.value();
        if (value.startsWith("!GetAtt ") && value.endsWith(".Arn")) {
            return value.substring("!GetAtt ".length(), value.length() - ".Arn".length()).strip();
        }
        if (value.startsWith("!Ref ") && value.endsWith(".Alias")) {
            return value.substring("!Ref ".length(), value.length() - ".Alias".length()).strip();
        }
        throw new IllegalArgumentException(source + ": substitution " + substitution.key()
                + " is not '!GetAtt <Function>.Arn' or '!Ref <Function>.Alias': " + value);
    }

    /** {@code "!Ref Name"} → {@code Name}; anything else → null. */
    public static String refOf(String value) {
        return value.startsWith("!Ref ") ? value.substring(5).strip() : null;
    }
}
