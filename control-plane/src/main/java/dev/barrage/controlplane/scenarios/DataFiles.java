package dev.barrage.controlplane.scenarios;

import dev.barrage.controlplane.security.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules for data files sent with a scenario: plain names (no folders, so no path escapes), text formats a feeder
 * reads, and bounded sizes. A zip upload is unpacked under the same limits ({@link ZipUpload}); a data file is never
 * an archive.
 */
final class DataFiles {
    static final int MAX_FILES = 10;
    static final int MAX_FILE_BYTES = 1024 * 1024;
    static final int MAX_TOTAL_BYTES = 5 * 1024 * 1024;

    record DataFile(String name, String content) {}

    private DataFiles() {}

    /** The {@code dataFiles} of a single-source upload, its text as UTF-8. */
    static Map<String, byte[]> validate(List<DataFile> files, String scenarioFileName) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (files == null || files.isEmpty()) {
            return out;
        }
        if (files.size() > MAX_FILES) {
            throw tooMany(files.size());
        }
        for (DataFile f : files) {
            String name = f == null || f.name() == null ? "" : f.name();
            requirePlainName(name);
            if (name.equals(scenarioFileName) || out.containsKey(name)) {
                throw ProblemException.badRequest("data file name '" + name + "' is used twice").with("field", "dataFiles");
            }
            out.put(name, f.content() == null ? new byte[0] : f.content().getBytes(StandardCharsets.UTF_8));
        }
        return validate(out, scenarioFileName);
    }

    /** Data files by name: at most {@link #MAX_FILES}, each at most {@link #MAX_FILE_BYTES}, all together at most {@link #MAX_TOTAL_BYTES}. */
    static Map<String, byte[]> validate(Map<String, byte[]> files, String scenarioFileName) {
        if (files.size() > MAX_FILES) {
            throw tooMany(files.size());
        }
        long total = 0;
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String name = f.getKey();
            requirePlainName(name);
            int bytes = f.getValue().length;
            if (bytes > MAX_FILE_BYTES) {
                throw new ProblemException(413, "Content Too Large", "data file " + name + " is " + bytes
                        + " bytes; the limit is " + MAX_FILE_BYTES + " (1 MiB) per file").with("limit", MAX_FILE_BYTES);
            }
            total += bytes;
            if (total > MAX_TOTAL_BYTES) {
                throw new ProblemException(413, "Content Too Large", "the data files add up to more than "
                        + MAX_TOTAL_BYTES + " bytes (5 MiB), the limit for all of a scenario's data files")
                        .with("limit", MAX_TOTAL_BYTES);
            }
        }
        return new LinkedHashMap<>(files);
    }

    private static ProblemException tooMany(int count) {
        return new ProblemException(413, "Content Too Large", "at most " + MAX_FILES + " data files per scenario, got "
                + count).with("limit", MAX_FILES).with("field", "dataFiles");
    }

    private static void requirePlainName(String name) {
        if (!name.matches("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}") || name.contains("..")
                || !name.matches(".*\\.(csv|tsv|txt|json)")) {
            throw ProblemException.badRequest("data file name '" + name + "' is not allowed: use a plain file name"
                    + " (letters, digits, . _ -, no folders) ending in .csv, .tsv, .txt or .json")
                    .with("field", "dataFiles");
        }
    }
}
