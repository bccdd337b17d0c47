package dev.barrage.runner.scenario;

import java.util.Map;

/** Defines the compiled scenario classes from memory; the scenario API comes from the parent loader. */
final class InMemoryClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    InMemoryClassLoader(ClassLoader parent, Map<String, byte[]> classes) {
        super("scenario", parent);
        this.classes = classes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }
}
