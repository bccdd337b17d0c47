package dev.barrage.runner.http;

import dev.barrage.scenario.Tls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Opens the TLS layer of a connection by a scenario's {@link Tls} settings. A settings value is a static field shared
 * by every user, so its SSL context (key stores parsed, session cache) is built once per value, not per user.
 */
final class TlsSockets {
    static final TlsSockets DEFAULT = new TlsSockets(null, null, new String[0], false);

    private static final Logger LOG = Logger.getLogger(TlsSockets.class.getName());
    private static final Map<Tls, TlsSockets> BY_SETTINGS = new ConcurrentHashMap<>();
    private static final AtomicBoolean WARNED_INSECURE = new AtomicBoolean();

    /** Null for the JVM's default context. */
    private final SSLContext context;
    private final SSLSocketFactory factory;
    private final String[] versions;
    private final boolean insecure;

    private TlsSockets(SSLContext context, SSLSocketFactory factory, String[] versions, boolean insecure) {
        this.context = context;
        this.factory = factory;
        this.versions = versions;
        this.insecure = insecure;
    }

    static TlsSockets of(Tls tls) {
        if (tls == null) {
            return DEFAULT;
        }
        return BY_SETTINGS.computeIfAbsent(tls, TlsSockets::build);
    }

    private static TlsSockets build(Tls tls) {
        try {
            TrustManager[] trust = tls.isInsecure() ? new TrustManager[] {new TrustingEveryone()} : trustManagers(tls);
            KeyManagerFactory keys = null;
            if (tls.keyStoreBytes() != null) {
                char[] password = password(tls.keyStorePassword());
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(tls.keyStoreBytes(), password), password);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust, null);
            if (tls.isInsecure() && WARNED_INSECURE.compareAndSet(false, true)) {
                LOG.warning("TLS certificates are not verified (Tls.insecure()): use it for staging hosts only");
            }
            return new TlsSockets(context, context.getSocketFactory(), tls.versions().toArray(String[]::new),
                    tls.isInsecure());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("bad TLS settings: " + e.getMessage(), e);
        }
    }

    /** Null (the JVM's CAs) unless the settings name a CA file or a trust store. */
    private static TrustManager[] trustManagers(Tls tls) throws GeneralSecurityException, IOException {
        KeyStore store;
        if (tls.caPem() != null) {
            store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(tls.caPem()))) {
                store.setCertificateEntry("ca-" + n++, cert);
            }
            if (n == 0) {
                throw new GeneralSecurityException("the CA file holds no certificate");
            }
        } else if (tls.trustStoreBytes() != null) {
            store = load(tls.trustStoreBytes(), password(tls.trustStorePassword()));
        } else {
            return null;
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static KeyStore load(byte[] bytes, char[] password) throws GeneralSecurityException, IOException {
        // KeyStore.getInstance(File) would detect the type; from bytes, PKCS#12 first (the default), then JKS
        for (String type : new String[] {"PKCS12", "JKS"}) {
            try {
                KeyStore store = KeyStore.getInstance(type);
                store.load(new ByteArrayInputStream(bytes), password);
                return store;
            } catch (IOException e) {
                if (type.equals("JKS")) {
                    throw e;
                }
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private static char[] password(String password) {
        return password == null ? new char[0] : password.toCharArray();
    }

    /** Wraps a connected socket in TLS for {@code origin}: SNI by its host name, its certificate checked for it. */
    Socket wrap(Socket plain, Origin origin) throws IOException {
        SSLSocketFactory f = factory != null ? factory : (SSLSocketFactory) SSLSocketFactory.getDefault();
        SSLSocket socket = (SSLSocket) f.createSocket(plain, origin.host(), origin.port(), true);
        socket.setSSLParameters(parameters(socket.getSSLParameters(), null));
        return socket;
    }

    /**
     * A client engine for {@code origin} with the same settings as {@link #wrap}, offering {@code protocols} by ALPN
     * (e.g. {@code h2, http/1.1}); for connections whose TLS runs in Netty.
     */
    SSLEngine engine(Origin origin, String... protocols) {
        SSLContext c;
        try {
            c = context != null ? context : SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM has no default TLS context", e);
        }
        SSLEngine engine = c.createSSLEngine(origin.host(), origin.port());
        engine.setUseClientMode(true);
        engine.setSSLParameters(parameters(engine.getSSLParameters(), protocols));
        return engine;
    }

    private SSLParameters parameters(SSLParameters parameters, String[] applicationProtocols) {
        if (!insecure) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (versions.length > 0) {
            parameters.setProtocols(versions);
        }
        if (applicationProtocols != null) {
            parameters.setApplicationProtocols(applicationProtocols);
        }
        return parameters;
    }

    private static final class TrustingEveryone implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
