package io.github.wsicopy.core.workflow.contract;

import io.github.wsicopy.core.workflow.NextStep;
import io.github.wsicopy.core.workflow.RegionFailure;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Follows a state machine definition's data flow with record shapes instead of values and lists every place where
 * it and {@link WorkflowContract} disagree: a path or Choice variable naming a field the state's input does not have,
 * a compared value its type cannot take, Parameters or an ItemSelector that do not give a task's input record its
 * fields, a Resource that is not the contract's function, and a Route state that does not send each
 * {@link NextStep} where the enum says.
 */
final class AslContract {
    /** The fields a state's input has, and their types (Object when unknown). */
    record Shape(String name, Map<String, Class<?>> fields) {
        static Shape of(Class<? extends Record> type) {
            Map<String, Class<?>> fields = new LinkedHashMap<>();
            for (RecordComponent c : type.getRecordComponents()) {
                fields.put(c.getName(), c.getType());
            }
            return new Shape(type.getSimpleName(), fields);
        }

        Shape with(String field, Class<?> type) {
            Map<String, Class<?>> more = new LinkedHashMap<>(fields);
            more.put(field, type);
            return new Shape(name + " + " + field, more);
        }
    }

    /** Fields a reader defaults when they are absent (RegionInput's first call carries no poll round). */
    private static final Map<Class<?>, Set<String>> DEFAULTED = Map.of(RegionInput.class, Set.of("pollRound"));

    private final List<String> problems = new ArrayList<>();
    private final Set<String> visited = new HashSet<>();
    private final Set<String> taskStatesSeen = new HashSet<>();

    static List<String> check(Map<String, Object> definition) {
        AslContract check = new AslContract();
        check.run(definition, Shape.of(ExecutionInput.class), "");
        for (WorkflowContract.State state : WorkflowContract.TASK_STATES) {
            if (!check.taskStatesSeen.contains(state.name())) {
                check.problems.add("the contract's task state " + state.name() + " is not reached in the definition");
            }
        }
        return check.problems;
    }

    @SuppressWarnings("unchecked")
    private void run(Map<String, Object> machine, Shape input, String where) {
        Map<String, Object> states = (Map<String, Object>) machine.get("States");
        Deque<Map.Entry<String, Shape>> work = new ArrayDeque<>();
        work.add(Map.entry((String) machine.get("StartAt"), input));
        while (!work.isEmpty()) {
            Map.Entry<String, Shape> next = work.poll();
            String name = next.getKey();
            Shape shape = next.getValue();
            if (!visited.add(where + name + "<-" + shape.fields().keySet())) {
                continue;
            }
            Map<String, Object> state = (Map<String, Object>) states.get(name);
            if (state == null) {
                problems.add("no state " + name);
                continue;
            }
            for (Map.Entry<String, Shape> successor : step(name, state, shape, states)) {
                work.add(successor);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private List<Map.Entry<String, Shape>> step(String name, Map<String, Object> state, Shape in,
            Map<String, Object> states) {
        List<Map.Entry<String, Shape>> out = new ArrayList<>();
        String type = (String) state.get("Type");
        String at = name + " (input " + in.name() + ")";
        switch (type) {
            case "Task" -> {
                Optional<WorkflowContract.State> contract = WorkflowContract.taskState(name);
                if (contract.isEmpty()) {
                    problems.add(name + ": a task state the contract does not know");
                    return out;
                }
                taskStatesSeen.add(name);
                String resource = "${" + functionArnName(contract.get().function()) + "}";
                if (!resource.equals(state.get("Resource"))) {
                    problems.add(name + ": Resource " + state.get("Resource") + ", the contract says " + resource);
                }
                Shape given = state.get("Parameters") instanceof Map<?, ?> params
                        ? parameters(at, (Map<String, Object>) params, in) : in;
                requireFields(at, given, contract.get().input());
                catches(state, in, out);
                if (state.get("Next") instanceof String n) {
                    out.add(Map.entry(n, Shape.of(contract.get().output())));
                }
            }
            case "Choice" -> {
                for (Object rule : (List<Object>) state.get("Choices")) {
                    Map<String, Object> choice = (Map<String, Object>) rule;
                    Class<?> field = field(at, in, (String) choice.get("Variable"));
                    if (choice.containsKey("StringEquals") && field != null) {
                        String value = (String) choice.get("StringEquals");
                        if (!field.isEnum()) {
                            problems.add(at + ": compares " + choice.get("Variable") + " (" + field.getSimpleName()
                                    + ") with the string " + value);
                        } else if (Arrays.stream(field.getEnumConstants()).map(Object::toString).noneMatch(value::equals)) {
                            problems.add(at + ": " + choice.get("Variable") + " is never '" + value + "'; "
                                    + field.getSimpleName() + " is one of " + Arrays.toString(field.getEnumConstants()));
                        }
                    }
                    if (choice.containsKey("BooleanEquals") && field != null && field != boolean.class && field != Boolean.class) {
                        problems.add(at + ": compares " + choice.get("Variable") + " (" + field.getSimpleName() + ") with a boolean");
                    }
                    out.add(Map.entry((String) choice.get("Next"), in));
                }
                if (state.get("Default") instanceof String d) {
                    out.add(Map.entry(d, in));
                }
                routes(name, state, in, states);
            }
            case "Wait" -> {
                if (state.get("SecondsPath") instanceof String path) {
                    Class<?> field = field(at, in, path);
                    if (field != null && field != int.class && field != long.class) {
                        problems.add(at + ": SecondsPath " + path + " is a " + field.getSimpleName());
                    }
                }
                out.add(Map.entry((String) state.get("Next"), in));
            }
            case "Pass" -> {
                Shape given = state.get("Parameters") instanceof Map<?, ?> params
                        ? parameters(at, (Map<String, Object>) params, in) : in;
                if (given.fields().containsKey("step") && state.get("Parameters") instanceof Map<?, ?> params
                        && params.get("step") instanceof String step) {
                    try {
                        RegionFailure.Step.of(step);
                    } catch (IllegalArgumentException e) {
                        problems.add(at + ": step '" + step + "' is not a RegionFailure.Step");
                    }
                }
                out.add(Map.entry((String) state.get("Next"), given));
            }
            case "Map" -> {
                Class<?> items = field(at, in, (String) state.get("ItemsPath"));
                if (items != null && !List.class.isAssignableFrom(items)) {
                    problems.add(at + ": ItemsPath " + state.get("ItemsPath") + " is a " + items.getSimpleName());
                }
                Shape item = parameters(at + " ItemSelector", (Map<String, Object>) state.get("ItemSelector"), in);
                requireFields(at + " ItemSelector", item, WorkflowContract.REGION_ITEM);
                run((Map<String, Object>) state.get("ItemProcessor"), Shape.of(WorkflowContract.REGION_ITEM), name + "/");
                catches(state, in, out);
                if (state.get("Next") instanceof String n) {
                    out.add(Map.entry(n, state.containsKey("ResultPath") && state.get("ResultPath") == null ? in
                            : new Shape(name + " output", Map.of())));
                }
            }
            case "Succeed", "Fail" -> { }
            default -> problems.add(name + ": state type " + type + " is not checked");
        }
        return out;
    }

    /** The shape Parameters (or an ItemSelector) build, after checking the paths they read. */
    private Shape parameters(String at, Map<String, Object> params, Shape in) {
        Map<String, Class<?>> fields = new LinkedHashMap<>();
        params.forEach((key, value) -> {
            if (key.endsWith(".$")) {
                String path = (String) value;
                Class<?> type = path.equals("$") ? Map.class : path.startsWith("$$.") ? Object.class : field(at, in, path);
                fields.put(key.substring(0, key.length() - 2), type == null ? Object.class : type);
            } else {
                fields.put(key, value == null ? Object.class : value.getClass());
            }
        });
        return new Shape(at + " Parameters", fields);
    }

    private void requireFields(String at, Shape given, Class<? extends Record> record) {
        Set<String> known = Shape.of(record).fields().keySet();
        for (RecordComponent c : record.getRecordComponents()) {
            boolean optional = c.getType() == Optional.class || DEFAULTED.getOrDefault(record, Set.of()).contains(c.getName());
            if (!optional && !given.fields().containsKey(c.getName())) {
                problems.add(at + ": gives " + given.fields().keySet() + ", but " + record.getSimpleName()
                        + " needs '" + c.getName() + "'");
            }
        }
        if (given.name().endsWith("Parameters")) {
            for (String key : given.fields().keySet()) {
                if (!known.contains(key)) {
                    problems.add(at + ": passes '" + key + "', which " + record.getSimpleName() + " does not read");
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void catches(Map<String, Object> state, Shape in, List<Map.Entry<String, Shape>> out) {
        if (state.get("Catch") instanceof List<?> catches) {
            for (Object c : catches) {
                Map<String, Object> rule = (Map<String, Object>) c;
                String resultPath = (String) rule.get("ResultPath");
                Shape caught = resultPath != null && resultPath.startsWith("$.")
                        ? in.with(resultPath.substring(2), Map.class) : new Shape("caught error", Map.of());
                out.add(Map.entry((String) rule.get("Next"), caught));
            }
        }
    }

    /** The type of the top-level field {@code $.name} of the shape, or null (and a problem) when it has none. */
    private Class<?> field(String at, Shape in, String path) {
        if (path == null || !path.startsWith("$.")) {
            problems.add(at + ": path " + path + " is not a '$.field' path");
            return null;
        }
        String name = path.substring(2).split("[.\\[]", 2)[0];
        Class<?> type = in.fields().get(name);
        if (type == null) {
            problems.add(at + ": reads " + path + ", but its input " + in.name() + " has only " + in.fields().keySet());
        }
        return type;
    }

    /** A Choice on {@code $.next} must send each NextStep to its task state, through a Wait state when it waits. */
    @SuppressWarnings("unchecked")
    private void routes(String name, Map<String, Object> choice, Shape in, Map<String, Object> states) {
        List<Object> rules = (List<Object>) choice.get("Choices");
        if (rules.stream().noneMatch(r -> "$.next".equals(((Map<String, Object>) r).get("Variable")))) {
            return;
        }
        for (NextStep step : NextStep.values()) {
            String target = rules.stream().map(r -> (Map<String, Object>) r)
                    .filter(r -> "$.next".equals(r.get("Variable")) && step.name().equals(r.get("StringEquals")))
                    .map(r -> (String) r.get("Next")).findFirst().orElse((String) choice.get("Default"));
            boolean waited = false;
            Map<String, Object> state = (Map<String, Object>) states.get(target);
            while (state != null && "Wait".equals(state.get("Type"))) {
                waited = true;
                target = (String) state.get("Next");
                state = (Map<String, Object>) states.get(target);
            }
            String reached = state != null && "Task".equals(state.get("Type")) ? target : null;
            // The loop's end is the target's finishing step, never the end of the child execution itself.
            String expected = step.taskState().orElse(WorkflowContract.FINISH_TARGET.name());
            if (!expected.equals(reached) || waited != step.waits()) {
                problems.add(name + ": next " + step + " leads to " + (reached == null ? "no task state" : reached)
                        + (waited ? " after a Wait" : "") + ", but NextStep." + step + " means "
                        + step.taskState().map(s -> s + (step.waits() ? " after a Wait" : ""))
                                .orElse("the loop's end, FinishTarget"));
            }
        }
    }

    /** {@code poll-status} → {@code PollStatusFunctionArn}, the template's substitution name. */
    static String functionArnName(String function) {
        StringBuilder name = new StringBuilder();
        for (String part : function.split("-")) {
            name.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
        }
        return name + "FunctionArn";
    }
}
