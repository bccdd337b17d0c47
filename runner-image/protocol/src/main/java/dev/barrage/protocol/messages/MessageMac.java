package dev.barrage.protocol.messages;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates a record between runners and the control plane: HMAC-SHA256 under the run's key over the direction,
 * the run id the record is keyed with, and the record's bytes (which hold the runner id and the sequence). The MAC
 * travels in the record's {@link #HEADER} header. The direction is in the MAC so that a report can never pass for a
 * command, nor the other way round; the run id is in it so that a record of one run is worth nothing under another's.
 */
public final class MessageMac {
    /** The Kafka record header that carries the MAC. */
    public static final String HEADER = "barrage-mac";
    public static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    public enum Direction {
        /** From a runner: interval reports and statuses. */
        REPORT,
        /** From the control plane: commands. */
        COMMAND
    }

    private MessageMac() {}

    /** A fresh random run key. */
    public static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    public static byte[] mac(byte[] runKey, Direction direction, String runId, byte[] value) {
        if (runKey == null || runKey.length < KEY_BYTES) {
            throw new IllegalArgumentException("a run key has " + KEY_BYTES + " bytes or more");
        }
        byte[] label = ("barrage/v" + ProtocolCodec.VERSION + "/" + direction.name()).getBytes(StandardCharsets.US_ASCII);
        byte[] run = runId.getBytes(StandardCharsets.UTF_8);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(runKey, "HmacSHA256"));
            mac.update(label);
            // lengths first, so that no two (run id, bytes) pairs feed the same input
            mac.update(ByteBuffer.allocate(8).putInt(run.length).putInt(value.length).array());
            mac.update(run);
            return mac.doFinal(value);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** True when {@code mac} is the record's MAC under the run key; compared in constant time. */
    public static boolean verify(byte[] runKey, Direction direction, String runId, byte[] value, byte[] mac) {
        return mac != null && value != null && runId != null
                && MessageDigest.isEqual(mac(runKey, direction, runId, value), mac);
    }
}
