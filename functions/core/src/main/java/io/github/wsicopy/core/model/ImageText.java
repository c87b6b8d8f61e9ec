package io.github.wsicopy.core.model;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The two free texts of a WorkSpaces image and their constraints, copied from the service model
 * ({@code WorkspaceImageName}, {@code WorkspaceImageDescription}). The request parser checks the literal
 * text of templates against them; the rules engine checks the rendered text.
 */
public enum ImageText {
    /** Model pattern {@code ^[a-zA-Z0-9_./()\\-]+$}: the model allows a backslash, so we do too. */
    NAME("image name", 64, Pattern.compile("^[a-zA-Z0-9_./()\\\\-]+$"), "letters, digits and _ . / ( ) \\ -"),
    /** Model pattern {@code ^[a-zA-Z0-9_./() -]+$}: spaces allowed, backslash not. */
    DESCRIPTION("image description", 256, Pattern.compile("^[a-zA-Z0-9_./() -]+$"),
            "letters, digits, spaces and _ . / ( ) -");

    public static final int MIN_LENGTH = 1;

    private final String label;
    private final int maxLength;
    private final Pattern pattern;
    private final String allowedCharacters;

    ImageText(String label, int maxLength, Pattern pattern, String allowedCharacters) {
        this.label = label;
        this.maxLength = maxLength;
        this.pattern = pattern;
        this.allowedCharacters = allowedCharacters;
    }

    public String label() {
        return label;
    }

    public int maxLength() {
        return maxLength;
    }

    public Pattern pattern() {
        return pattern;
    }

    public String allowedCharacters() {
        return allowedCharacters;
    }

    /** One character judged by the model's own pattern, so the two can never disagree. */
    public boolean allows(int codePoint) {
        return pattern.matcher(Character.toString(codePoint)).matches();
    }

    /** The characters of {@code text} this field does not allow, each once, in order of appearance. */
    public Set<Integer> disallowedIn(String text) {
        return text.codePoints().filter(cp -> !allows(cp)).boxed()
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Why {@code text} cannot be used as this field, or empty when WorkSpaces will accept it. */
    public Optional<String> problem(String text) {
        int length = text.codePointCount(0, text.length());
        if (length < MIN_LENGTH) {
            return Optional.of("an " + label + " must not be empty");
        }
        if (length > maxLength) {
            return Optional.of("is " + length + " characters; an " + label + " can have at most " + maxLength);
        }
        Set<Integer> bad = disallowedIn(text);
        if (!bad.isEmpty()) {
            return Optional.of("contains " + describe(bad) + "; an " + label + " can contain only "
                    + allowedCharacters);
        }
        return Optional.empty();
    }

    /** Characters named so a reader can see them: {@code ':'}, {@code space}, {@code U+00E9 'é'}. */
    public static String describe(Set<Integer> codePoints) {
        return codePoints.stream().map(ImageText::describe).collect(Collectors.joining(", "));
    }

    static String describe(int cp) {
        if (cp == ' ') {
            return "space";
        }
        if (cp > 0x20 && cp < 0x7f) {
            return "'" + Character.toString(cp) + "'";
        }
        String code = String.format("U+%04X", cp);
        return Character.isISOControl(cp) || Character.isWhitespace(cp) ? code : code + " '" + Character.toString(cp) + "'";
    }
}
