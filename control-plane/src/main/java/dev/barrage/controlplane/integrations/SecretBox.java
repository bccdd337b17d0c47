package dev.barrage.controlplane.integrations;

import dev.barrage.controlplane.BarrageConfig;
import dev.barrage.controlplane.security.ProblemException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals integration secrets with AES-256-GCM under {@code barrage.secrets.key}. A sealed value is
 * {@code v1:<key id>:<base64 of nonce and ciphertext>}; the key id (the start of the key's SHA-256) says which key
 * sealed it, so a changed key is reported as such instead of as corrupt data. The context (project and kind) is
 * authenticated with it, so a sealed value copied to another project's row does not open.
 */
@ApplicationScoped
public class SecretBox {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private final SecureRandom random = new SecureRandom();

    @Inject
    BarrageConfig config;

    private volatile SecretKey key;
    private volatile String keyId;

    /** A key that is set but unusable stops the start, with the reason; a missing key only disables integrations. */
    void check(@Observes StartupEvent event) {
        config.secrets().key().filter(k -> !k.isBlank()).ifPresent(this::load);
    }

    public boolean configured() {
        return config.secrets().key().filter(k -> !k.isBlank()).isPresent();
    }

    public String seal(String plaintext, String context) {
        SecretKey k = key();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, k, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return "v1:" + keyId + ":" + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public String open(String sealed, String context) {
        SecretKey k = key();
        String[] parts = sealed.split(":", 3);
        if (parts.length != 3 || !parts[0].equals("v1")) {
            throw new IllegalStateException("not a sealed secret");
        }
        if (!parts[1].equals(keyId)) {
            throw new IllegalStateException("the secret was sealed with another key (" + parts[1] + "; this one is "
                    + keyId + "); set it again");
        }
        byte[] all = Base64.getDecoder().decode(parts[2]);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, k, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the sealed secret does not open (changed or moved)");
        }
    }

    private SecretKey key() {
        if (key == null) {
            String text = config.secrets().key().filter(k -> !k.isBlank()).orElseThrow(() -> new ProblemException(503,
                    "Integrations Unavailable", "integrations need a key to seal their secrets: set barrage.secrets.key"
                            + " (BARRAGE_SECRETS_KEY) to 32 random bytes in base64, e.g. from 'openssl rand -base64 32'"));
            load(text);
        }
        return key;
    }

    private synchronized void load(String text) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("barrage.secrets.key is not base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("barrage.secrets.key must be 32 bytes in base64 (AES-256), it is "
                    + bytes.length + " bytes");
        }
        try {
            keyId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        key = new SecretKeySpec(bytes, "AES");
    }
}
