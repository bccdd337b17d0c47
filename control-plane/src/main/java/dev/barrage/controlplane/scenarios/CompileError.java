package dev.barrage.controlplane.scenarios;

/** One compiler error, placed at its line and column. */
public record CompileError(String file, int line, int column, String message) {}
