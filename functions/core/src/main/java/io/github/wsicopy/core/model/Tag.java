package io.github.wsicopy.core.model;

public record Tag(String key, String value) {}
