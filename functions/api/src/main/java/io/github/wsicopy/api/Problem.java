package io.github.wsicopy.api;

import io.github.wsicopy.core.model.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code application/problem+json} answer: a stable type, a title, the status, a detail that says what to do,
 * and, for a bad request, every field error. Never carries a stack trace or an internal message.
 */
public record Problem(ProblemType type, String detail, List<FieldError> errors) {
    public Problem {
        errors = List.copyOf(errors);
    }

    public static Problem of(ProblemType type, String detail) {
        return new Problem(type, detail, List.of());
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type.uri());
        json.put("title", type.title());
        json.put("status", type.status());
        json.put("detail", detail);
        if (!errors.isEmpty()) {
            List<Object> list = new ArrayList<>();
            for (FieldError e : errors) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("field", e.field());
                error.put("rule", e.rule());
                error.put("message", e.message());
                list.add(error);
            }
            json.put("errors", list);
        }
        return json;
    }
}
