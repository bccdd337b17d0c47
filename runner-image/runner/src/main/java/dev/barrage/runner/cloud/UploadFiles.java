package dev.barrage.runner.cloud;

import com.sun.source.tree.LiteralTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreeScanner;
import dev.barrage.protocol.scenarios.ScenarioDigest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * What {@code barrage cloud upload/run -f} sends: everything the scenario needs. For a folder, every {@code .java}
 * and data file directly in it ({@code .csv}, {@code .tsv}, {@code .txt}, {@code .json}); for one {@code .java} file,
 * the file and the data files beside it that it names in a string literal ({@code Feeder.csv("accounts.csv")}), read
 * from the source with javac's own parser. Other files of a folder are left out, and said so.
 *
 * @param name the scenario's name on the platform: the folder's, or the file's without {@code .java}
 * @param shown how the scenario is named in messages: {@code Shop.java} or {@code shop/}
 * @param files every file sent, by name
 * @param left out files of the folder that are not part of a scenario
 */
public record UploadFiles(String name, String shown, Map<String, byte[]> files, List<String> left) {
    static final Set<String> DATA_EXTENSIONS = Set.of(".csv", ".tsv", ".txt", ".json");

    public static UploadFiles of(Path path) throws IOException {
        Path location = path.toAbsolutePath().normalize();
        Map<String, byte[]> files = new TreeMap<>();
        List<String> left = new ArrayList<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> entries = Files.list(location)) {
                for (Path f : entries.sorted().toList()) {
                    String fileName = f.getFileName().toString();
                    if (fileName.startsWith(".") || !Files.isRegularFile(f)) {
                        continue;
                    }
                    if (fileName.endsWith(".java") || isData(fileName)) {
                        files.put(fileName, Files.readAllBytes(f));
                    } else {
                        left.add(fileName);
                    }
                }
            }
            String name = location.getFileName().toString();
            return new UploadFiles(name, name + "/", files, left);
        }
        if (!Files.isRegularFile(location)) {
            throw new IOException("scenario not found: " + path + " (give a .java file or a folder of them)");
        }
        String fileName = location.getFileName().toString();
        if (!fileName.endsWith(".java")) {
            throw new IOException("a scenario is a .java file or a folder of them, got " + path);
        }
        byte[] source = Files.readAllBytes(location);
        files.put(fileName, source);
        for (String literal : stringLiterals(fileName, new String(source, java.nio.charset.StandardCharsets.UTF_8))) {
            Path data = location.resolveSibling(literal);
            if (isData(literal) && !literal.contains("/") && Files.isRegularFile(data)) {
                files.put(literal, Files.readAllBytes(data));
            }
        }
        return new UploadFiles(fileName.substring(0, fileName.length() - ".java".length()), fileName, files, left);
    }

    private static boolean isData(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 && DATA_EXTENSIONS.contains(fileName.substring(dot));
    }

    /** The data files among them, by name. */
    public List<String> dataFiles() {
        return files.keySet().stream().filter(n -> !n.endsWith(".java")).toList();
    }

    /** The digest the platform gives the version these files become. */
    public String digest() {
        return ScenarioDigest.of(files);
    }

    public long bytes() {
        return files.values().stream().mapToLong(b -> b.length).sum();
    }

    /** The files as a zip, flat, as the upload API takes a folder. */
    public byte[] zip() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** Every string literal of the source (text blocks included), as javac parses it; none when there is no javac. */
    static Set<String> stringLiterals(String fileName, String source) {
        Set<String> found = new LinkedHashSet<>();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            return found;
        }
        JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + fileName), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        try {
            JavacTask task = (JavacTask) javac.getTask(null, null, d -> { }, List.of("-proc:none"), null, List.of(unit));
            for (var tree : task.parse()) {
                tree.accept(new TreeScanner<Void, Void>() {
                    @Override
                    public Void visitLiteral(LiteralTree literal, Void unused) {
                        if (literal.getValue() instanceof String s) {
                            found.add(s);
                        }
                        return null;
                    }
                }, null);
            }
        } catch (IOException | RuntimeException e) {
            // a source javac cannot parse is sent alone; the platform's compile error says what is wrong with it
        }
        return found;
    }
}
