package dev.barrage.runner.scenario;

import dev.barrage.scenario.User;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Loads a scenario: its compiled classes from memory and its {@code //DEPS} jars. Above it, scenario code sees only
 * the JDK and the scenario API, not the runner's own libraries, so that a scenario's dependencies never clash with
 * them (a scenario may bring another Jackson or SLF4J).
 */
final class ScenarioClassLoader extends URLClassLoader {
    private static final String API_PACKAGE = "dev.barrage.scenario.";

    private final Map<String, byte[]> classes;

    ScenarioClassLoader(Map<String, byte[]> classes, List<Path> dependencyJars) {
        super("scenario", urls(dependencyJars), new ApiOnly(User.class.getClassLoader()));
        this.classes = classes;
    }

    private static URL[] urls(List<Path> jars) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("not a jar path: " + jars.get(i), e);
            }
        }
        return urls;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            return super.findClass(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        if (name.endsWith(".class")) {
            byte[] bytes = classes.get(name.substring(0, name.length() - 6).replace('/', '.'));
            if (bytes != null) {
                return new ByteArrayInputStream(bytes);
            }
        }
        return super.getResourceAsStream(name);
    }

    /** The JDK's classes, and the scenario API's from the runner. */
    private static final class ApiOnly extends ClassLoader {
        private final ClassLoader runner;

        ApiOnly(ClassLoader runner) {
            super("scenario-api", ClassLoader.getPlatformClassLoader());
            this.runner = runner;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (name.startsWith(API_PACKAGE)) {
                return runner.loadClass(name);
            }
            throw new ClassNotFoundException(name);
        }
    }
}
