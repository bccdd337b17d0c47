package dev.barrage.controlplane.scenarios;

import dev.barrage.controlplane.security.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * A scenario folder sent as a zip: its files, flat, or all in one top folder (what {@code zip -r shop.zip shop}
 * makes), whose name then names the scenario. What the archive claims about sizes is not believed: every entry is
 * read with a count of the bytes it really gives, and reading stops as soon as a file, the files together or their
 * number pass the upload's limits, so a small zip that inflates to gigabytes costs at most those limits. The system
 * files archivers add ({@code __MACOSX/}, {@code .DS_Store}, other hidden files) are left out.
 */
final class ZipUpload {
    /** Most entries read: every .java and data file a scenario may have, and a few system files besides. */
    static final int MAX_ENTRIES = ScenarioUpload.MAX_SOURCE_FILES + DataFiles.MAX_FILES + 10;

    /** The files, and the one top folder they were all in (null when they were at the top). */
    record Contents(Map<String, byte[]> files, String folder) {}

    private ZipUpload() {}

    static Contents read(InputStream body, int maxSourceBytes) {
        long perFile = Math.max(DataFiles.MAX_FILE_BYTES, maxSourceBytes);
        long total = (long) DataFiles.MAX_TOTAL_BYTES + maxSourceBytes;
        Map<String, byte[]> files = new LinkedHashMap<>();
        long read = 0;
        int entries = 0;
        try (ZipInputStream zip = new ZipInputStream(body)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (++entries > MAX_ENTRIES) {
                    throw new ProblemException(413, "Content Too Large", "the zip holds more than " + MAX_ENTRIES
                            + " entries; a scenario has at most " + ScenarioUpload.MAX_SOURCE_FILES + " .java files and "
                            + DataFiles.MAX_FILES + " data files").with("limit", MAX_ENTRIES);
                }
                String name = e.getName();
                if (e.isDirectory() || systemFile(name)) {
                    continue;
                }
                byte[] bytes = readAtMost(zip, perFile, name);
                read += bytes.length;
                if (read > total) {
                    throw new ProblemException(413, "Content Too Large", "the zip's files add up to more than " + total
                            + " bytes: a scenario's .java files may have " + maxSourceBytes + " bytes, its data files "
                            + DataFiles.MAX_TOTAL_BYTES + " (5 MiB)").with("limit", total);
                }
                if (files.put(name, bytes) != null) {
                    throw ProblemException.badRequest("the zip holds " + name + " twice").with("field", "files");
                }
            }
        } catch (ZipException e) {
            throw ProblemException.badRequest("the body is not a zip archive that can be read (" + e.getMessage()
                    + "): send a zip of the scenario's folder, e.g. made with 'zip -r shop.zip shop'");
        } catch (IOException e) {
            throw ProblemException.badRequest("the zip could not be read: " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw ProblemException.badRequest(entries == 0 ? "the body is not a zip archive, or an empty one: send a zip "
                    + "of the scenario's folder, e.g. made with 'zip -r shop.zip shop'" : "the zip holds no files")
                    .with("field", "files");
        }
        return flatten(files);
    }

    /** macOS's resource forks and every hidden file: an archiver's, not the scenario's. */
    private static boolean systemFile(String name) {
        String last = name.substring(name.lastIndexOf('/') + 1);
        return name.startsWith("__MACOSX/") || last.startsWith(".");
    }

    private static byte[] readAtMost(InputStream in, long limit, String name) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (bytes.length > limit) {
            throw new ProblemException(413, "Content Too Large", "zip entry " + name + " is more than " + limit
                    + " bytes: a data file may have " + DataFiles.MAX_FILE_BYTES + " bytes (1 MiB)")
                    .with("limit", limit);
        }
        return bytes;
    }

    /** Files at the top, or all in one top folder; nothing deeper. */
    private static Contents flatten(Map<String, byte[]> files) {
        String folder = null;
        String first = files.keySet().iterator().next();
        if (first.contains("/")) {
            String candidate = first.substring(0, first.indexOf('/'));
            if (files.keySet().stream().allMatch(n -> n.startsWith(candidate + "/"))) {
                folder = candidate;
            }
        }
        Map<String, byte[]> flat = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String name = folder == null ? f.getKey() : f.getKey().substring(folder.length() + 1);
            if (name.contains("/") || name.contains("\\") || name.isEmpty()) {
                throw ProblemException.badRequest("zip entry " + f.getKey() + " is in a subfolder: a scenario folder is "
                        + "flat, its .java files and data files side by side (one top folder around them is fine)")
                        .with("field", "files");
            }
            flat.put(name, f.getValue());
        }
        return new Contents(flat, folder);
    }
}
