package dev.barrage.runner.scenario;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a scenario is made of: one {@code .java} file, or a folder of them (user classes and the helper classes they
 * share) with its test data files. Either way all its {@code .java} files are compiled together as one scenario, and
 * its data files are read from the folder they are in. Only the files directly in a folder count: subfolders are not
 * read, and neither are hidden files (an editor's {@code .#Shop.java}).
 *
 * @param location the {@code .java} file or the folder
 * @param folder whether the scenario is a folder
 * @param sources each {@code .java} file's text by its file name, in name order
 */
public record ScenarioSources(Path location, boolean folder, Map<String, String> sources) {
    public ScenarioSources {
        sources = Collections.unmodifiableMap(new TreeMap<>(sources));
    }

    /** The scenario at this path, a {@code .java} file or a folder holding one or more. */
    public static ScenarioSources read(Path path) throws ScenarioException {
        if (Files.isDirectory(path)) {
            Map<String, String> sources = new TreeMap<>();
            for (Path file : javaFiles(path)) {
                sources.put(file.getFileName().toString(), text(file));
            }
            if (sources.isEmpty()) {
                throw new ScenarioException(path + " holds no .java file: a scenario folder holds the scenario's .java "
                        + "files (its user classes and the helper classes they share) and its data files, side by side");
            }
            return new ScenarioSources(path, true, sources);
        }
        if (!Files.isRegularFile(path)) {
            throw new ScenarioException("scenario file not found: " + path);
        }
        if (!path.getFileName().toString().endsWith(".java")) {
            throw new ScenarioException("a scenario is a .java file or a folder of them, got " + path);
        }
        return new ScenarioSources(path, false, Map.of(path.getFileName().toString(), text(path)));
    }

    /** The {@code .java} files directly in a folder, in name order. */
    public static List<Path> javaFiles(Path folder) throws ScenarioException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".java") && !f.getFileName().toString().startsWith(".")
                    && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException e) {
            throw new ScenarioException("cannot read the folder " + folder + ": " + e.getMessage());
        }
    }

    /** How messages name the scenario: {@code Shop.java}, or {@code shop/} for a folder. */
    public String name() {
        return name(location, folder);
    }

    static String name(Path location, boolean folder) {
        Path fileName = location.toAbsolutePath().normalize().getFileName();
        String name = fileName == null ? location.toString() : fileName.toString();
        return folder ? name + "/" : name;
    }

    /** Where its data files are: the folder, or the folder the file is in. */
    public Path dataFolder() {
        return folder ? location : location.toAbsolutePath().getParent();
    }

    /** The path of one of its {@code .java} files. */
    public Path path(String fileName) {
        return folder ? location.resolve(fileName) : location;
    }

    private static String text(Path file) throws ScenarioException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new ScenarioException(file + " is not UTF-8 text: save it as UTF-8");
        } catch (IOException e) {
            throw new ScenarioException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
