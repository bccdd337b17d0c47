package dev.barrage.controlplane.launch;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's runners' Kafka login (their own credential; username and password null for a broker without authentication)
 * and the run's key (base64), which their records' MACs are made with. Password and key are secret: launchers pass
 * them in the environment only, from a Secret on Kubernetes.
 */
public record RunnerKafkaAccess(String securityProtocol, String mechanism, String username, String password, String runKey) {

    /** What a runner may show: how it signs in and as whom. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("BARRAGE_KAFKA_SECURITY_PROTOCOL", securityProtocol);
        env.put("BARRAGE_KAFKA_SASL_MECHANISM", mechanism);
        if (username != null) {
            env.put("BARRAGE_KAFKA_USERNAME", username);
        }
        return env;
    }

    /** The secrets, by environment variable. */
    public Map<String, String> secrets() {
        Map<String, String> env = new LinkedHashMap<>();
        if (password != null) {
            env.put("BARRAGE_KAFKA_PASSWORD", password);
        }
        env.put("BARRAGE_RUN_KEY", runKey);
        return env;
    }

    @Override
    public String toString() {
        return "RunnerKafkaAccess[" + securityProtocol + " " + mechanism + " " + username + ", password=(hidden), runKey=(hidden)]";
    }
}
