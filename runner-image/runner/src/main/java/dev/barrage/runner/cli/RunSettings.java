package dev.barrage.runner.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The flags of {@code barrage run} that are not on its command line, taken where Locust takes them, in Locust's
 * order (each overriding the one before): {@code ~/.locust.conf}, {@code ~/.barrage.conf}, {@code ./locust.conf},
 * {@code ./barrage.conf}, the {@code --config} file, then the {@code LOCUST_*} and {@code BARRAGE_*} environment
 * variables; the command line overrides them all. Files use Locust's (ConfigArgParse's) format: {@code key = value}
 * lines, keys the long flag names without dashes ({@code spawn-rate = 10}), {@code #} and {@code ;} comments, lists
 * as {@code [a, b]}, a flag's {@code true}/{@code false}.
 */
final class RunSettings {
    private static final Pattern LINE = Pattern.compile("^([^:=;#\\s]+)\\s*(?:[:=\\s]\\s*(.*?))?\\s*(?:\\s[;#]\\s*.*)?$");

    /** Where a value came from, for messages: {@code locust.conf:3} or {@code LOCUST_USERS}. */
    record Setting(String value, String origin) {}

    private final CommandSpec spec;
    private final List<String> ignored = new ArrayList<>();

    RunSettings(CommandSpec spec) {
        this.spec = spec;
    }

    /** Lines saying what was ignored in the config files (keys barrage run does not have). */
    List<String> ignored() {
        return ignored;
    }

    /**
     * Arguments to put before the command line's: one per option not given there, from the config files and the
     * environment, highest precedence winning.
     */
    List<String> arguments(Predicate<OptionSpec> onCommandLine, Map<String, String> env, Path home, Path cwd, Path config)
            throws IOException {
        Map<String, Setting> settings = new LinkedHashMap<>();
        for (Path file : List.of(home.resolve(".locust.conf"), home.resolve(".barrage.conf"), cwd.resolve("locust.conf"),
                cwd.resolve("barrage.conf"))) {
            if (Files.isRegularFile(file)) {
                read(file, settings);
            }
        }
        if (config != null) {
            if (!Files.isRegularFile(config)) {
                throw new IllegalArgumentException("--config " + config + ": no such file");
            }
            read(config, settings);
        }
        for (String prefix : List.of("LOCUST_", "BARRAGE_")) {
            for (OptionSpec option : options()) {
                for (String key : keys(option)) {
                    String name = prefix + key.toUpperCase(Locale.ROOT).replace('-', '_');
                    String value = env.get(name);
                    if (value != null) {
                        settings.put(canonical(option), new Setting(value, name));
                    }
                }
            }
        }
        List<String> args = new ArrayList<>();
        for (OptionSpec option : options()) {
            Setting s = settings.get(canonical(option));
            if (s == null || onCommandLine.test(option)) {
                continue;
            }
            String flag = option.longestName();
            if (option.arity().max() == 0) {
                if (isTrue(s)) {
                    args.add(flag);
                }
            } else if (option.isMultiValue()) {
                for (String item : items(s.value(), option.arity().max() > 1)) {
                    args.add(flag);
                    args.add(item);
                }
            } else {
                args.add(flag);
                args.add(s.value());
            }
        }
        return args;
    }

    private List<OptionSpec> options() {
        return spec.options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp() && !o.longestName().equals("--config"))
                .toList();
    }

    private static String canonical(OptionSpec option) {
        return option.longestName();
    }

    /** The names a file or variable may use for the option: its long names without the dashes. */
    private static List<String> keys(OptionSpec option) {
        List<String> keys = new ArrayList<>();
        for (String name : option.names()) {
            if (name.startsWith("--")) {
                keys.add(name.substring(2));
            }
        }
        return keys;
    }

    private void read(Path file, Map<String, Setting> settings) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";") || line.startsWith("[")) {
                continue;
            }
            String origin = file.getFileName() + ":" + (i + 1);
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException(origin + ": not a 'key = value' line: " + line);
            }
            String key = m.group(1);
            String value = m.group(2) == null || m.group(2).isEmpty() ? "true" : unquote(m.group(2));
            OptionSpec option = options().stream().filter(o -> keys(o).contains(key)).findFirst().orElse(null);
            if (option == null) {
                ignored.add(origin + ": ignored: " + key + " (not a barrage run option)");
                continue;
            }
            settings.put(canonical(option), new Setting(value, origin));
        }
    }

    private static boolean isTrue(Setting s) {
        return switch (s.value().strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException(s.origin() + ": '" + s.value() + "' is not true or false");
        };
    }

    /** [a, b] or a,b; for a flag taking several values per use (--tags a b) also a b. */
    private static List<String> items(String value, boolean spaceSeparated) {
        String v = value.strip();
        if (v.startsWith("[") && v.endsWith("]")) {
            v = v.substring(1, v.length() - 1);
        }
        List<String> out = new ArrayList<>();
        for (String item : v.split(spaceSeparated && !v.contains(",") ? "\\s+" : ",")) {
            String s = unquote(item.strip());
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}
