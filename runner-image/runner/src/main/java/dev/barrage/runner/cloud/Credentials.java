package dev.barrage.runner.cloud;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

/**
 * What {@code barrage cloud login} keeps: the control plane's URL, the API token and, when the token sees one project,
 * that project. Stored in {@code credentials} under the config folder ({@code ~/.config/barrage} unless
 * {@code BARRAGE_CONFIG_DIR} or {@code XDG_CONFIG_HOME} say otherwise), readable by its owner only (0600).
 * {@code BARRAGE_TOKEN}, {@code BARRAGE_URL} and {@code BARRAGE_PROJECT} win over the file, options over both.
 */
public record Credentials(String url, String token, String project) {
    public static final String DEFAULT_URL = "http://127.0.0.1:18090";
    static final String FILE = "credentials";

    /** The config folder: the option, else BARRAGE_CONFIG_DIR, else $XDG_CONFIG_HOME/barrage, else ~/.config/barrage. */
    public static Path configDir(Map<String, String> env, Path option) {
        if (option != null) {
            return option;
        }
        if (notBlank(env.get("BARRAGE_CONFIG_DIR"))) {
            return Path.of(env.get("BARRAGE_CONFIG_DIR"));
        }
        if (notBlank(env.get("XDG_CONFIG_HOME"))) {
            return Path.of(env.get("XDG_CONFIG_HOME"), "barrage");
        }
        return Path.of(System.getProperty("user.home"), ".config", "barrage");
    }

    /** What the file holds; all null when there is none. */
    public static Credentials load(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return new Credentials(null, null, null);
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return new Credentials(p.getProperty("url"), p.getProperty("token"), p.getProperty("project"));
    }

    /**
     * The settings a command uses: options, then the environment, then the file, then the default URL.
     *
     * @throws CloudException when there is no token at all
     */
    public static Credentials resolve(Map<String, String> env, Path dir, String urlOption, String projectOption)
            throws IOException, CloudException {
        Credentials stored = load(dir);
        String token = first(env.get("BARRAGE_TOKEN"), stored.token);
        if (token == null) {
            throw new CloudException(0, "No Token", "no API token: run 'barrage cloud login' or set BARRAGE_TOKEN "
                    + "(a project admin creates one with POST /api/projects/{projectId}/tokens)", null);
        }
        String url = first(urlOption, env.get("BARRAGE_URL"), stored.url, DEFAULT_URL);
        String project = first(projectOption, env.get("BARRAGE_PROJECT"), stored.project);
        return new Credentials(url, token.strip(), project);
    }

    /** The control plane's URL alone (for login, before there is a token): option, environment, file, default. */
    public static String url(Map<String, String> env, Path dir, String urlOption) throws IOException {
        return first(urlOption, env.get("BARRAGE_URL"), load(dir).url, DEFAULT_URL);
    }

    /** Writes the file readable by its owner only; the token never exists on disk with wider permissions. */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        Properties p = new Properties();
        p.setProperty("url", url);
        p.setProperty("token", token);
        if (project != null) {
            p.setProperty("project", project);
        }
        StringWriter text = new StringWriter();
        p.store(text, "barrage cloud login");
        Path tmp = dir.resolve(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp); // not a POSIX file system: its own access rules apply
        } catch (FileAlreadyExistsException e) {
            throw new IOException("another login is writing " + tmp, e);
        }
        Files.writeString(tmp, text.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The token as it may be shown: its prefix, as the project's token list shows it. */
    public String tokenHint() {
        return token == null ? "none" : token.substring(0, Math.min(12, token.length())) + "…";
    }

    private static String first(String... values) {
        for (String v : values) {
            if (notBlank(v)) {
                return v.strip();
            }
        }
        return null;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
