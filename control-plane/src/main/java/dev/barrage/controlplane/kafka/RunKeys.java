package dev.barrage.controlplane.kafka;

import dev.barrage.controlplane.BarrageConfig;
import dev.barrage.protocol.messages.MessageMac;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Each run's key, which its records' MACs are made with ({@link MessageMac}): HMAC-SHA256 of the run's (random) id
 * under the control plane's message secret. Derived rather than stored, so a restarted control plane (or another
 * instance) knows the key of every run in progress, and nothing about it is written anywhere.
 */
@ApplicationScoped
public class RunKeys {
    @Inject
    BarrageConfig config;

    private volatile byte[] secret;

    public byte[] of(UUID runId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret(), "HmacSHA256"));
            return mac.doFinal(("barrage run key\0" + runId).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private byte[] secret() {
        byte[] s = secret;
        if (s == null) {
            synchronized (this) {
                if (secret == null) {
                    secret = load();
                }
                s = secret;
            }
        }
        return s;
    }

    private byte[] load() {
        String configured = config.kafka().messageKey().filter(k -> !k.isBlank()).orElse(null);
        if (configured == null) {
            Path file = Path.of(config.kafka().messageKeyFile().orElseThrow(() -> new IllegalStateException(
                    "set barrage.kafka.message-key (BARRAGE_KAFKA_MESSAGE_KEY): 32 random bytes in base64")));
            configured = readOrMake(file);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(configured.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("barrage.kafka.message-key is not base64");
        }
        if (key.length < MessageMac.KEY_BYTES) {
            throw new IllegalStateException("barrage.kafka.message-key must be " + MessageMac.KEY_BYTES
                    + " bytes or more in base64, it is " + key.length + " (openssl rand -base64 32)");
        }
        return key;
    }

    private static String readOrMake(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".message", ".key",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tmp, Base64.getEncoder().encodeToString(MessageMac.newKey()), StandardOpenOption.WRITE);
                try {
                    Files.move(tmp, file); // not replacing: a concurrent first start keeps the key that came first
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    Files.delete(tmp);
                }
            }
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the message key in " + file
                    + " (barrage.kafka.message-key-file): " + e.getMessage(), e);
        }
    }
}
