package dev.barrage.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Kafka client settings for the tests' own clients. infra/kafka takes only authenticated clients: {@link #admin()} is
 * its super user (the control plane's principal, password in the state folder), {@link #as} any other SCRAM user.
 */
public final class KafkaLogin {
    private KafkaLogin() {}

    public static String bootstrap() {
        return "127.0.0.1:" + System.getenv().getOrDefault("BARRAGE_KAFKA_PORT", "19092");
    }

    /** The super user's settings: bootstrap servers and SASL/SCRAM login. */
    public static Properties admin() {
        return as("barrage", adminPassword());
    }

    public static Properties as(String username, String password) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap());
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + username + "\" password=\"" + password + "\";");
        return p;
    }

    /** No login at all, as a client that knows only where the brokers are. */
    public static Properties anonymous() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap());
        return p;
    }

    static String adminPassword() {
        String dir = System.getenv("BARRAGE_STATE_DIR");
        Path state = dir == null || dir.isBlank() ? InfraServices.root().resolve(".state") : Path.of(dir);
        try {
            return Files.readString(state.resolve("kafka/client.password")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("infra/up kafka keeps the Kafka password in " + state.resolve("kafka"), e);
        }
    }
}
