package io.github.wsicopy.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A name or description template: literal text with {@code {placeholder}}s. The parser rejects a
 * template whose literal text could never make a valid image name or description; the rules engine
 * renders it per (image, destination) pair and checks the result, because placeholder values
 * (a long source name, say) can still break the limits.
 *
 * <p>There is no escape for braces: neither names nor descriptions may contain them, so a brace is
 * always part of a placeholder.
 */
public record Template(List<Part> parts) {

    public Template {
        parts = List.copyOf(parts);
    }

    public enum Placeholder {
        SOURCE_NAME("sourceName", 1),
        SOURCE_IMAGE_ID("sourceImageId", 13),
        SOURCE_REGION("sourceRegion", 1),
        DESTINATION_REGION("destinationRegion", 1),
        /** ISO yyyy-MM-dd: digits and dashes, valid in names and descriptions alike. */
        DATE("date", 10),
        JOB_ID("jobId", 1);

        private final String token;
        private final int minRenderedLength;

        Placeholder(String token, int minRenderedLength) {
            this.token = token;
            this.minRenderedLength = minRenderedLength;
        }

        /** The name between the braces, e.g. {@code sourceName}. */
        public String token() {
            return token;
        }

        /** The shortest value it can render to ({@code wsi-} + 9 for an image id, 10 for a date). */
        public int minRenderedLength() {
            return minRenderedLength;
        }

        public String braced() {
            return "{" + token + "}";
        }

        public static Optional<Placeholder> byToken(String token) {
            return Arrays.stream(values()).filter(p -> p.token.equals(token)).findFirst();
        }

        public static String allBraced() {
            return Arrays.stream(values()).map(Placeholder::braced).collect(Collectors.joining(", "));
        }
    }

    public sealed interface Part permits Literal, Slot {}

    public record Literal(String text) implements Part {}

    public record Slot(Placeholder placeholder) implements Part {}

    /** One thing wrong with a template; {@code rule} is a stable {@link FieldError} rule name. */
    public record Problem(String rule, String message) {}

    public sealed interface Parsed permits Valid, Invalid {}

    public record Valid(Template template) implements Parsed {}

    public record Invalid(List<Problem> problems) implements Parsed {
        public Invalid {
            problems = List.copyOf(problems);
        }
    }

    /** Parses {@code text} as a template for {@code target}, reporting every problem found. */
    public static Parsed parse(String text, ImageText target) {
        List<Problem> problems = new ArrayList<>();
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '}') {
                problems.add(new Problem("placeholder", "'}' at position " + i
                        + " closes no placeholder; remove it (braces are allowed only around a placeholder)"));
                i++;
            } else if (c == '{') {
                int close = text.indexOf('}', i + 1);
                int nextOpen = text.indexOf('{', i + 1);
                if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
                    problems.add(new Problem("placeholder", "'{' at position " + i
                            + " is never closed; write placeholders as {name}, one of " + Placeholder.allBraced()));
                    i++;
                    continue;
                }
                String token = text.substring(i + 1, close);
                Optional<Placeholder> placeholder = Placeholder.byToken(token);
                if (placeholder.isPresent()) {
                    flush(literal, parts);
                    parts.add(new Slot(placeholder.get()));
                } else {
                    problems.add(new Problem("placeholder", "{" + token + "} is not a known placeholder; use "
                            + Placeholder.allBraced()));
                }
                i = close + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        flush(literal, parts);
        Template template = new Template(parts);
        problems.addAll(literalProblems(template, target));
        if (text.isEmpty()) {
            problems.add(new Problem("minLength", "must not be empty; an " + target.label()
                    + " needs at least one character"));
        }
        return problems.isEmpty() ? new Valid(template) : new Invalid(problems);
    }

    /** Problems of the fixed text alone: characters the target never allows, and guaranteed overflow. */
    private static List<Problem> literalProblems(Template template, ImageText target) {
        List<Problem> problems = new ArrayList<>();
        Set<Integer> bad = new LinkedHashSet<>();
        for (Part part : template.parts) {
            if (part instanceof Literal l) {
                bad.addAll(target.disallowedIn(l.text()));
            }
        }
        if (!bad.isEmpty()) {
            problems.add(new Problem("pattern", "the text around the placeholders contains "
                    + ImageText.describe(bad) + "; an " + target.label() + " can contain only "
                    + target.allowedCharacters()));
        }
        int shortest = template.minRenderedLength();
        if (shortest > target.maxLength()) {
            problems.add(new Problem("maxLength", "renders to at least " + shortest + " characters, but an "
                    + target.label() + " can have at most " + target.maxLength() + "; shorten the template"));
        }
        return problems;
    }

    private static void flush(StringBuilder literal, List<Part> parts) {
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
            literal.setLength(0);
        }
    }

    /** Length in characters with every placeholder at its shortest value. */
    public int minRenderedLength() {
        int length = 0;
        for (Part part : parts) {
            length += switch (part) {
                case Literal l -> l.text().codePointCount(0, l.text().length());
                case Slot s -> s.placeholder().minRenderedLength();
            };
        }
        return length;
    }

    /** Fills the placeholders; a placeholder without a value renders as empty text. */
    public String render(Map<Placeholder, String> values) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            switch (part) {
                case Literal l -> out.append(l.text());
                case Slot s -> out.append(values.getOrDefault(s.placeholder(), ""));
            }
        }
        return out.toString();
    }

    public boolean uses(Placeholder placeholder) {
        return parts.contains(new Slot(placeholder));
    }
}
