package dev.barrage.protocol.scenarios;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SHA-256 of a scenario version as a whole: of its manifest, one line {@code <sha-256 of the file>  <name>} per
 * file ({@code .java} and data files alike), sorted by name, as {@code sha256sum} writes them. Any changed, added,
 * removed or renamed file changes it, so the command line and the control plane agree on whether a folder is
 * unchanged since a version without sending it. From a shell:
 * {@code cd DIR && sha256sum * | LC_ALL=C sort -k2 | sha256sum}.
 */
public final class ScenarioDigest {
    private ScenarioDigest() {}

    /** The digest of these files (name to content), in hex. */
    public static String of(Map<String, byte[]> files) {
        StringBuilder manifest = new StringBuilder();
        for (Map.Entry<String, byte[]> file : new TreeMap<>(files).entrySet()) {
            manifest.append(sha256(file.getValue())).append("  ").append(file.getKey()).append('\n');
        }
        return sha256(manifest.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
