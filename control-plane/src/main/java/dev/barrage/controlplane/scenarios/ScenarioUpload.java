package dev.barrage.controlplane.scenarios;

import dev.barrage.controlplane.security.ProblemException;
import dev.barrage.protocol.scenarios.ScenarioDigest;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One upload, whichever form it came in (one source with its data files, a list of files, a zip): the scenario's name,
 * its {@code .java} files and its data files, each checked against the limits. A scenario of one {@code .java} file is
 * a file scenario; of several, a folder scenario, compiled as one.
 *
 * @param name the scenario's name, under which its versions are numbered ({@code Shop} for {@code Shop.java})
 * @param sources each {@code .java} file's text by name
 * @param dataFiles each data file's bytes by name
 */
public record ScenarioUpload(String name, Map<String, String> sources, Map<String, byte[]> dataFiles) {
    /** How many {@code .java} files one scenario may have. */
    static final int MAX_SOURCE_FILES = 50;
    static final String NAME = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}";
    /** A folder's {@code .java} files: plain Java file names (runners fetch them by these names). */
    static final String FOLDER_SOURCE_NAME = "[A-Za-z_][A-Za-z0-9_]{0,99}\\.java";

    public ScenarioUpload {
        sources = Collections.unmodifiableMap(new TreeMap<>(sources));
        dataFiles = Collections.unmodifiableMap(new TreeMap<>(dataFiles));
    }

    /** Several {@code .java} files: compiled together as a folder named after the scenario. */
    public boolean folder() {
        return sources.size() > 1;
    }

    /**
     * The file runners are handed first and the version is listed by: the one named after the scenario, else the
     * first by name.
     */
    public String primaryFile() {
        return sources.containsKey(name + ".java") ? name + ".java" : sources.keySet().iterator().next();
    }

    /** Every file but the primary one: the folder's other {@code .java} files and the data files. */
    public Map<String, byte[]> otherFiles() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        sources.forEach((n, code) -> {
            if (!n.equals(primaryFile())) {
                out.put(n, code.getBytes(StandardCharsets.UTF_8));
            }
        });
        out.putAll(dataFiles);
        return out;
    }

    /** The digest of the whole set of files (see {@link ScenarioDigest}). */
    public String digest() {
        Map<String, byte[]> all = new LinkedHashMap<>(otherFiles());
        all.put(primaryFile(), sources.get(primaryFile()).getBytes(StandardCharsets.UTF_8));
        return ScenarioDigest.of(all);
    }

    /** Today's single source, with its data files: {@code {"fileName", "source", "dataFiles"}}. */
    static ScenarioUpload single(String fileName, String source, List<DataFiles.DataFile> dataFiles, int maxSourceBytes) {
        if (source == null || source.isBlank()) {
            throw ProblemException.badRequest("send the scenario as JSON: {\"fileName\": \"Shop.java\", \"source\": "
                    + "\"...\"}, or its files: {\"name\": \"shop\", \"files\": [{\"name\": \"Shop.java\", \"content\": "
                    + "\"...\"}, ...]}, or a zip of its folder (Content-Type: application/zip)");
        }
        String name = fileName == null ? "" : fileName.trim();
        if (!name.matches("[A-Za-z_$][A-Za-z0-9_$]{0,99}\\.java")) {
            throw ProblemException.badRequest("fileName must be a Java file name such as Shop.java, got '" + name + "'")
                    .with("field", "fileName");
        }
        SourceText.requireWellFormed(source, name);
        requireSourceSize(source.getBytes(StandardCharsets.UTF_8).length, "the scenario is ", maxSourceBytes);
        return new ScenarioUpload(name.substring(0, name.length() - ".java".length()), Map.of(name, source),
                DataFiles.validate(dataFiles, name));
    }

    /**
     * A scenario's files, as a list or read from a zip: {@code .java} files (UTF-8 text) and data files (.csv, .tsv,
     * .txt, .json), flat. {@code name} defaults to the one {@code .java} file's, or {@code folder} (a zip's one top
     * folder).
     */
    static ScenarioUpload files(String name, String folder, Map<String, byte[]> files, int maxSourceBytes) {
        TreeMap<String, String> sources = new TreeMap<>();
        Map<String, byte[]> data = new LinkedHashMap<>();
        long sourceBytes = 0;
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String fileName = f.getKey();
            if (fileName.endsWith(".java")) {
                if (!fileName.matches(FOLDER_SOURCE_NAME)) {
                    throw ProblemException.badRequest("'" + fileName + "' is not allowed as a scenario's .java file: use a"
                            + " Java file name (letters, digits and _, no folders) such as Shop.java").with("field", "files");
                }
                sources.put(fileName, SourceText.decode(f.getValue(), fileName));
                sourceBytes += f.getValue().length;
            } else {
                data.put(fileName, f.getValue());
            }
        }
        if (sources.isEmpty()) {
            throw ProblemException.badRequest("the upload holds no .java file" + (files.isEmpty() ? " (it is empty)"
                    : ", only " + String.join(", ", files.keySet())) + ": a scenario is one or more .java files (its "
                    + "user classes and the helper classes they share) with its data files").with("field", "files");
        }
        if (sources.size() > MAX_SOURCE_FILES) {
            throw new ProblemException(413, "Content Too Large", "the scenario has " + sources.size() + " .java files; "
                    + "the limit is " + MAX_SOURCE_FILES).with("limit", MAX_SOURCE_FILES).with("field", "files");
        }
        requireSourceSize(sourceBytes, sources.size() == 1 ? "the scenario is " : "its .java files add up to ",
                maxSourceBytes);
        String scenarioName = name != null && !name.isBlank() ? name.trim()
                : sources.size() == 1 ? sources.firstKey().substring(0, sources.firstKey().length() - ".java".length())
                : folder;
        if (scenarioName == null) {
            throw ProblemException.badRequest("name the scenario: its " + sources.size() + " .java files are one scenario, "
                    + "whose versions are numbered under its name (\"name\": \"shop\", or ?name=shop with a zip)")
                    .with("field", "name");
        }
        if (!scenarioName.matches(NAME)) {
            throw ProblemException.badRequest("name must be letters, digits, _ . - (up to 100, not starting with . or -)"
                    + ", such as shop, got '" + scenarioName + "'").with("field", "name");
        }
        return new ScenarioUpload(scenarioName, sources, DataFiles.validate(data, null));
    }

    private static void requireSourceSize(long bytes, String what, int limit) {
        if (bytes > limit) {
            throw new ProblemException(413, "Content Too Large", what + bytes + " bytes; the limit is " + limit)
                    .with("limit", limit);
        }
    }
}
