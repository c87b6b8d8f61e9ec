package io.github.wsicopy.core.model;

/**
 * One violation of the request's shape.
 *
 * @param field   JSON path of the offending field, e.g. {@code imageIds[3]} or {@code tags[0].key}
 * @param rule    stable rule name, e.g. {@code pattern}, {@code maxLength}, {@code required}
 * @param message what is wrong and what to do, for a human
 */
public record FieldError(String field, String rule, String message) {}
