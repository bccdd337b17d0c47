package dev.barrage.runner.secrets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Hides a run's secret values wherever the runner writes text: its log (standard output and error), the names and
 * messages of its interval reports, and the reasons it reports. Each secret is replaced by {@link #MASK}, as written
 * and as a URL carries it (percent-encoded), longest first. The secrets are learned once the runner has fetched them
 * (before any scenario code runs); until then nothing is masked. Masking hides accidents (a key in a URL, a message,
 * a print); scenario code that means to reveal a secret it was given can always transform it first.
 */
public final class SecretMask {
    public static final String MASK = "***";
    private static final byte[] MASK_BYTES = MASK.getBytes(StandardCharsets.UTF_8);

    private volatile List<String> secrets = List.of();
    private volatile List<byte[]> secretBytes = List.of();

    /** Masks these values from now on (empty values are ignored). */
    public void set(Collection<String> values) {
        Set<String> all = new LinkedHashSet<>();
        for (String value : values) {
            if (value != null && !value.isEmpty()) {
                all.add(value);
                all.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
                all.add(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        List<String> sorted = all.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        secretBytes = sorted.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        secrets = sorted;
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    /** The longest secret in bytes: how much of a line a stream must hold back before it can be sure. */
    int longestBytes() {
        List<byte[]> all = secretBytes;
        return all.isEmpty() ? 0 : all.getFirst().length;
    }

    /** The text with every secret replaced by {@link #MASK}; null stays null. */
    public String mask(String text) {
        List<String> all = secrets;
        if (text == null || all.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : all) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    /** The bytes {@code [0, length)} with every secret replaced by {@link #MASK}. */
    byte[] mask(byte[] bytes, int length) {
        List<byte[]> all = secretBytes;
        byte[] out = Arrays.copyOf(bytes, length);
        for (byte[] secret : all) {
            out = replace(out, secret);
        }
        return out;
    }

    private static byte[] replace(byte[] in, byte[] secret) {
        int at = indexOf(in, secret, 0);
        if (at < 0) {
            return in;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(in.length);
        int from = 0;
        while (at >= 0) {
            out.write(in, from, at - from);
            out.writeBytes(MASK_BYTES);
            from = at + secret.length;
            at = indexOf(in, secret, from);
        }
        out.write(in, from, in.length - from);
        return out.toByteArray();
    }

    private static int indexOf(byte[] in, byte[] secret, int from) {
        outer:
        for (int i = from; i <= in.length - secret.length; i++) {
            for (int j = 0; j < secret.length; j++) {
                if (in[i + j] != secret[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
