package dev.barrage.controlplane.scenarios;

import dev.barrage.controlplane.security.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules for data files sent with a scenario: plain names (no folders, so no path escapes), text formats a feeder
 * reads, and bounded sizes. Archives are not accepted at all, which rules out zip bombs.
 */
final class DataFiles {
    static final int MAX_FILES = 10;
    static final int MAX_FILE_BYTES = 1024 * 1024;
    static final int MAX_TOTAL_BYTES = 5 * 1024 * 1024;

    record DataFile(String name, String content) {}

    private DataFiles() {}

    static Map<String, byte[]> validate(List<DataFile> files, String scenarioFileName) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (files == null || files.isEmpty()) {
            return out;
        }
        if (files.size() > MAX_FILES) {
            throw ProblemException.badRequest("at most " + MAX_FILES + " data files per scenario, got " + files.size())
                    .with("field", "dataFiles");
        }
        Set<String> names = new HashSet<>();
        long total = 0;
        for (DataFile f : files) {
            String name = f == null || f.name() == null ? "" : f.name();
            if (!name.matches("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}") || name.contains("..")
                    || !name.matches(".*\\.(csv|tsv|txt|json)")) {
                throw ProblemException.badRequest("data file name '" + name + "' is not allowed: use a plain file name"
                        + " (letters, digits, . _ -, no folders) ending in .csv, .tsv, .txt or .json")
                        .with("field", "dataFiles");
            }
            if (name.equals(scenarioFileName) || !names.add(name)) {
                throw ProblemException.badRequest("data file name '" + name + "' is used twice").with("field", "dataFiles");
            }
            byte[] bytes = f.content() == null ? new byte[0] : f.content().getBytes(StandardCharsets.UTF_8);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new ProblemException(413, "Content Too Large", "data file " + name + " is " + bytes.length
                        + " bytes; the limit is " + MAX_FILE_BYTES).with("limit", MAX_FILE_BYTES);
            }
            total += bytes.length;
            if (total > MAX_TOTAL_BYTES) {
                throw new ProblemException(413, "Content Too Large", "the data files add up to more than "
                        + MAX_TOTAL_BYTES + " bytes").with("limit", MAX_TOTAL_BYTES);
            }
            out.put(name, bytes);
        }
        return out;
    }
}
