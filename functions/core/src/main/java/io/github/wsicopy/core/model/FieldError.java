package io.github.wsicopy.core.model;

import java.util.ArrayList;
import java.util.List;

/**
 * One violation of the request's shape.
 *
 * @param field JSON path of the offending field, e.g. {@code imageIds[3]} or {@code tags[0].key}
 * @param rule  stable rule name, e.g. {@code pattern}, {@code maxLength}, {@code required}
 * @param text  what is wrong and what to do: words, and the other fields it refers to by their path, which each
 *              surface names in its own {@link Vocabulary} (the API as they are, CloudFormation as properties)
 */
public record FieldError(String field, String rule, List<Part> text) {
    /** A piece of the message. */
    public sealed interface Part permits Words, Field {}

    public record Words(String words) implements Part {}

    /** Another field of the request, by its path in a bulk request. */
    public record Field(String path) implements Part {}

    public FieldError {
        text = List.copyOf(text);
    }

    /** A message that names no other field. */
    public FieldError(String field, String rule, String message) {
        this(field, rule, List.of(new Words(message)));
    }

    /** A message of words ({@code String}) and fields ({@link #ref}). */
    public static FieldError of(String field, String rule, Object... parts) {
        List<Part> text = new ArrayList<>();
        for (Object part : parts) {
            text.add(part instanceof Part p ? p : new Words(String.valueOf(part)));
        }
        return new FieldError(field, rule, text);
    }

    public static Field ref(String path) {
        return new Field(path);
    }

    /** The message in the bulk API's words. */
    public String message() {
        return message(Vocabulary.REQUEST);
    }

    public String message(Vocabulary vocabulary) {
        StringBuilder out = new StringBuilder();
        for (Part part : text) {
            out.append(switch (part) {
                case Words w -> w.words();
                case Field f -> vocabulary.field(f.path());
            });
        }
        return out.toString();
    }
}
