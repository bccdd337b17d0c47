package dev.barrage.controlplane.kafka;

import dev.barrage.controlplane.BarrageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The settings every Kafka client of the control plane starts from: the brokers and the control plane's own login. */
@ApplicationScoped
public class KafkaClients {
    @Inject
    BarrageConfig config;

    /** Bootstrap servers, client id and the control plane's SASL login. */
    public Properties properties(String clientId) {
        BarrageConfig.Kafka kafka = config.kafka();
        Properties p = login(kafka.securityProtocol(), kafka.saslMechanism(),
                kafka.username().orElse(null), authenticated() ? password() : null);
        p.put("bootstrap.servers", kafka.bootstrap());
        p.put("client.id", clientId);
        return p;
    }

    /** False only for a broker configured without authentication (security protocol PLAINTEXT or SSL). */
    public boolean authenticated() {
        return config.kafka().securityProtocol().startsWith("SASL_");
    }

    /** The SASL client settings of one principal (none for a broker without authentication). */
    public static Properties login(String securityProtocol, String mechanism, String username, String password) {
        Properties p = new Properties();
        p.put("security.protocol", securityProtocol);
        if (securityProtocol.startsWith("SASL_")) {
            if (username == null || username.isBlank() || password == null || password.isEmpty()) {
                throw new IllegalStateException("Kafka's security protocol is " + securityProtocol
                        + ": set barrage.kafka.username and barrage.kafka.password (or password-file)");
            }
            p.put("sasl.mechanism", mechanism);
            String module = mechanism.startsWith("SCRAM-") ? "org.apache.kafka.common.security.scram.ScramLoginModule"
                    : "org.apache.kafka.common.security.plain.PlainLoginModule";
            p.put("sasl.jaas.config", module + " required username=\"" + quoted(username) + "\" password=\""
                    + quoted(password) + "\";");
        }
        return p;
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private String password() {
        BarrageConfig.Kafka kafka = config.kafka();
        if (kafka.password().filter(p -> !p.isEmpty()).isPresent()) {
            return kafka.password().get();
        }
        Path file = Path.of(kafka.passwordFile().orElseThrow(() -> new IllegalStateException(
                "set barrage.kafka.password (BARRAGE_KAFKA_PASSWORD) or barrage.kafka.password-file")));
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Kafka's password from " + file + " (barrage.kafka.password-file;"
                    + " infra/up kafka makes it): " + e.getMessage(), e);
        }
    }
}
