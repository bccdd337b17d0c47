package dev.barrage.protocol.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * What the pod that checks an upload fetches from the control plane, in one response and with a token it can use
 * once: a zip of the scenario ({@code scenario/Name.java}; a folder scenario's files all under {@code scenario/},
 * after a first entry {@code folder/Name} that names the folder), its data files ({@code files/name}) and the jars its
 * //DEPS were resolved to, in class path order ({@code deps/0-name.jar}). Both sides use this class, so the layout
 * is written down once.
 */
public final class CheckInputs {
    /** The check pod's one setting besides its arguments: the token of its inputs. */
    public static final String TOKEN_ENVIRONMENT = "BARRAGE_CHECK_TOKEN";
    public static final String TOKEN_HEADER = "X-Barrage-Check-Token";
    public static final String CONTENT_TYPE = "application/zip";
    /**
     * The check pod's exit code when it could not fetch its inputs (sysexits' EX_TEMPFAIL): the platform's trouble,
     * not the scenario's, so the upload is answered 503 rather than 422.
     */
    public static final int UNAVAILABLE = 75;

    private static final String SCENARIO = "scenario/";
    private static final String DATA = "files/";
    private static final String JARS = "deps/";
    private static final String FOLDER = "folder/";
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_$][A-Za-z0-9_$.+-]{0,199}");

    /**
     * Where {@link #read} put the inputs: the scenario (a file with its data files beside it, or the folder holding a
     * folder scenario's files) and the jars, in order.
     */
    public record Unpacked(Path scenario, List<Path> jars) {}

    private CheckInputs() {}

    /** A scenario of one file. */
    public static void write(OutputStream out, String scenarioFileName, String source, Map<String, byte[]> dataFiles,
            List<Path> jars) throws IOException {
        write(out, null, Map.of(scenarioFileName, source), dataFiles, jars);
    }

    /**
     * A scenario of one {@code .java} file ({@code folder} null), or a folder scenario of one or more, named
     * {@code folder}.
     */
    public static void write(OutputStream out, String folder, Map<String, String> sources, Map<String, byte[]> dataFiles,
            List<Path> jars) throws IOException {
        if (folder == null && sources.size() != 1) {
            throw new IllegalArgumentException("a scenario of several files is a folder: name it");
        }
        ZipOutputStream zip = new ZipOutputStream(out);
        if (folder != null) {
            put(zip, FOLDER + plain(folder), new byte[0]);
        }
        for (Map.Entry<String, String> source : sources.entrySet()) {
            put(zip, SCENARIO + plain(source.getKey()), source.getValue().getBytes(StandardCharsets.UTF_8));
        }
        for (Map.Entry<String, byte[]> data : dataFiles.entrySet()) {
            put(zip, DATA + plain(data.getKey()), data.getValue());
        }
        for (int i = 0; i < jars.size(); i++) {
            zip.putNextEntry(new ZipEntry(JARS + i + "-" + plain(jars.get(i).getFileName().toString()
                    .replaceAll("[^A-Za-z0-9_$.+-]", "_"))));
            Files.copy(jars.get(i), zip);
            zip.closeEntry();
        }
        zip.finish();
    }

    /**
     * Unpacks into {@code dir}: the scenario and its data files into {@code dir/scenario}, the jars into
     * {@code dir/deps}. Refuses any other entry, a name that is not a plain file name, and more than {@code maxBytes}.
     */
    public static Unpacked read(InputStream in, Path dir, long maxBytes) throws IOException {
        Path scenarioDir = Files.createDirectories(dir.resolve("scenario"));
        Path jarDir = Files.createDirectories(dir.resolve("deps"));
        Path scenario = null;
        Path folder = null;
        List<String> jarNames = new ArrayList<>();
        long total = 0;
        boolean first = true;
        ZipInputStream zip = new ZipInputStream(in);
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry(), first = false) {
            String name = entry.getName();
            Path target;
            if (name.startsWith(FOLDER)) {
                if (!first) {
                    throw new IOException("the check's inputs name their folder after other entries: " + name);
                }
                folder = scenarioDir = Files.createDirectory(scenarioDir.resolve(plain(name.substring(FOLDER.length()))));
                continue;
            } else if (name.startsWith(SCENARIO) && name.endsWith(".java")) {
                if (scenario != null && folder == null) {
                    throw new IOException("the check's inputs hold two scenarios: " + scenario.getFileName() + " and " + name);
                }
                target = scenario = scenarioDir.resolve(plain(name.substring(SCENARIO.length())));
            } else if (name.startsWith(DATA)) {
                target = scenarioDir.resolve(plain(name.substring(DATA.length())));
            } else if (name.startsWith(JARS)) {
                target = jarDir.resolve(plain(name.substring(JARS.length())));
                jarNames.add(target.getFileName().toString());
            } else {
                throw new IOException("unexpected entry in the check's inputs: " + name);
            }
            if (Files.exists(target)) {
                throw new IOException("the check's inputs hold " + name + " twice");
            }
            try (OutputStream file = Files.newOutputStream(target)) {
                byte[] buffer = new byte[65536];
                for (int n = zip.read(buffer); n >= 0; n = zip.read(buffer)) {
                    total += n;
                    if (total > maxBytes) {
                        throw new IOException("the check's inputs are larger than " + maxBytes + " bytes");
                    }
                    file.write(buffer, 0, n);
                }
            }
        }
        if (scenario == null) {
            throw new IOException("the check's inputs hold no scenario");
        }
        // deps/<index>-<name>: the class path order is the order of the //DEPS resolution
        List<Path> jars = jarNames.stream()
                .sorted(java.util.Comparator.comparingInt(CheckInputs::index))
                .map(jarDir::resolve).toList();
        return new Unpacked(folder != null ? folder : scenario, jars);
    }

    private static int index(String jarName) {
        int dash = jarName.indexOf('-');
        try {
            return dash < 0 ? Integer.MAX_VALUE : Integer.parseInt(jarName.substring(0, dash));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static String plain(String name) throws IOException {
        if (!PLAIN_NAME.matcher(name).matches() || name.contains("..")) {
            throw new IOException("not a plain file name in the check's inputs: '" + name + "'");
        }
        return name;
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }
}
