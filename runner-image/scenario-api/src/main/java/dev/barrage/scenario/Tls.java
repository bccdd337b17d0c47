package dev.barrage.scenario;

import dev.barrage.scenario.spi.DataFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/**
 * TLS settings for a user's HTTPS connections (Locust's {@code verify=} and {@code cert=}), an immutable value:
 * declare it in a static field, where its files are read next to the scenario while it loads, and hand it to
 * {@link Http#tls} in {@code onStart()}. Without one, the JVM's trusted CAs verify the server, with its host name.
 *
 * <pre>{@code
 * static final Tls STAGING = Tls.trustingCa("staging-ca.pem").clientCertificate("client.p12", "secret");
 * }</pre>
 */
public final class Tls {
    private final byte[] caPem;
    private final byte[] trustStore;
    private final String trustStorePassword;
    private final byte[] keyStore;
    private final String keyStorePassword;
    private final List<String> versions;
    private final boolean insecure;

    private Tls(byte[] caPem, byte[] trustStore, String trustStorePassword, byte[] keyStore, String keyStorePassword,
            List<String> versions, boolean insecure) {
        this.caPem = caPem;
        this.trustStore = trustStore;
        this.trustStorePassword = trustStorePassword;
        this.keyStore = keyStore;
        this.keyStorePassword = keyStorePassword;
        this.versions = versions;
        this.insecure = insecure;
    }

    /** The JVM's defaults: its trusted CAs, its TLS versions, no client certificate. */
    public static Tls defaults() {
        return new Tls(null, null, null, null, null, List.of(), false);
    }

    /** Trust the CA certificates of a PEM file (instead of the JVM's), e.g. a staging CA. */
    public static Tls trustingCa(String pemFile) {
        return defaults().trustCa(pemFile);
    }

    /**
     * Trust any certificate and skip the host name check: for staging hosts with self-signed certificates only.
     * The run warns about it once.
     */
    public static Tls insecure() {
        return new Tls(null, null, null, null, null, List.of(), true);
    }

    /** The same settings, trusting the CA certificates of a PEM file. */
    public Tls trustCa(String pemFile) {
        return new Tls(read(pemFile), null, null, keyStore, keyStorePassword, versions, insecure);
    }

    /** The same settings, trusting the certificates of a PKCS#12 (or JKS) trust store. */
    public Tls trustStore(String file, String password) {
        return new Tls(null, read(file), password, keyStore, keyStorePassword, versions, insecure);
    }

    /** The same settings, showing the client certificate and key of a PKCS#12 file when the server asks (mTLS). */
    public Tls clientCertificate(String pkcs12File, String password) {
        return new Tls(caPem, trustStore, trustStorePassword, read(pkcs12File), password, versions, insecure);
    }

    /** The same settings, offering only these protocol versions, e.g. {@code "TLSv1.3"}. */
    public Tls versions(String... versions) {
        return new Tls(caPem, trustStore, trustStorePassword, keyStore, keyStorePassword, List.of(versions), insecure);
    }

    private static byte[] read(String file) {
        try {
            return Files.readAllBytes(DataFiles.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read TLS file " + file + ": " + e.getMessage(), e);
        }
    }

    // read by the engine

    public byte[] caPem() {
        return caPem;
    }

    public byte[] trustStoreBytes() {
        return trustStore;
    }

    public String trustStorePassword() {
        return trustStorePassword;
    }

    public byte[] keyStoreBytes() {
        return keyStore;
    }

    public String keyStorePassword() {
        return keyStorePassword;
    }

    public List<String> versions() {
        return versions;
    }

    public boolean isInsecure() {
        return insecure;
    }
}
