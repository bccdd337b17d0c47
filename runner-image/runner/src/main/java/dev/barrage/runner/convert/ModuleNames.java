package dev.barrage.runner.convert;

import java.util.HashMap;
import java.util.Map;

/** The module-level names of a locustfile that its functions may refer to. */
final class ModuleNames {
    /** Constant name -> Java type (static fields of the scenario class). */
    final Map<String, String> constants = new HashMap<>();
    /** Helper function name -> Java return type (static methods). */
    final Map<String, String> functions = new HashMap<>();
    /** Python class name -> Java class name. */
    final Map<String, String> classes = new HashMap<>();
}
