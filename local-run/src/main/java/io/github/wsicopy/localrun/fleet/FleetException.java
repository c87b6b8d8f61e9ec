package io.github.wsicopy.localrun.fleet;

import java.util.List;

/** A fleet file that cannot be used: every problem found, each naming the field and the rule. */
public final class FleetException extends RuntimeException {
    private final List<String> problems;

    FleetException(String file, List<String> problems) {
        super(message(file, problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static String message(String file, List<String> problems) {
        StringBuilder text = new StringBuilder("the fleet file " + file + " cannot be used (" + problems.size()
                + (problems.size() == 1 ? " problem" : " problems") + "; nothing was started, fix the file and run again):");
        problems.forEach(p -> text.append("\n  - ").append(p));
        return text.toString();
    }
}
