package dev.barrage.runner.convert;

import java.util.LinkedHashMap;
import java.util.Map;

/** A class of the generated scenario, as far as translating expressions needs it: its name, kind and fields. */
final class JavaClass {
    enum Kind { USER, TASK_SET, SEQUENTIAL_TASK_SET, SHAPE }

    final String pythonName;
    final String javaName;
    final Kind kind;
    /** Python attribute name -> Java type, in the order first seen. */
    final Map<String, String> fields = new LinkedHashMap<>();
    /** Python attribute name -> Java initializer (class attributes). */
    final Map<String, String> initializers = new LinkedHashMap<>();
    /** Helper method name -> Java return type. */
    final Map<String, String> methods = new LinkedHashMap<>();

    JavaClass(String pythonName, String javaName, Kind kind) {
        this.pythonName = pythonName;
        this.javaName = javaName;
        this.kind = kind;
    }

    boolean isTaskSet() {
        return kind == Kind.TASK_SET || kind == Kind.SEQUENTIAL_TASK_SET;
    }
}
