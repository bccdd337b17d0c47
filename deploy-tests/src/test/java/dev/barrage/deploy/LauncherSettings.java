package dev.barrage.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings the Kubernetes launcher and the upload check read, from their configuration interfaces' source, as
 * environment variable names: so that a chart that sets a misspelt one fails here instead of being ignored in a
 * cluster.
 */
final class LauncherSettings {
    private static final Path SOURCE = Path.of("control-plane/src/main/java/dev/barrage/controlplane/launch/kubernetes/KubernetesLaunchConfig.java");
    private static final Path CHECK_SOURCE = Path.of("control-plane/src/main/java/dev/barrage/controlplane/scenarios/CheckSettings.java");
    private static final Pattern GROUP = Pattern.compile("^\\s*interface (\\w+) \\{");
    private static final Pattern SETTING = Pattern.compile("^\\s*[\\w<>, ]+ (\\w+)\\(\\);");

    private LauncherSettings() {}

    static Set<String> environmentNames() {
        return environmentNames(SOURCE, "BARRAGE_LAUNCH_KUBERNETES_");
    }

    /** {@code barrage.check.*}. */
    static Set<String> checkEnvironmentNames() {
        return environmentNames(CHECK_SOURCE, "BARRAGE_CHECK_");
    }

    private static Set<String> environmentNames(Path source, String prefix) {
        Set<String> names = new LinkedHashSet<>();
        String group = "";
        try {
            for (String line : Files.readAllLines(Repo.root().resolve(source))) {
                Matcher g = GROUP.matcher(line);
                if (g.find()) {
                    group = g.group(1) + "_";
                    continue;
                }
                Matcher s = SETTING.matcher(line);
                if (s.find()) {
                    names.add(prefix + snake(group) + snake(s.group(1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
    }
}
