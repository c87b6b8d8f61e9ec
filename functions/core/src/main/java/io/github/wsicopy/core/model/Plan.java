package io.github.wsicopy.core.model;

import java.util.List;

/** The rules engine's answer: what to copy and what not, with why. */
public record Plan(List<PlannedCopy> copies, List<Rejection> rejections) {
    public Plan {
        copies = List.copyOf(copies);
        rejections = List.copyOf(rejections);
    }
}
