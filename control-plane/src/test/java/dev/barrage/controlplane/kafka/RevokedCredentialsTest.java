package dev.barrage.controlplane.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barrage.controlplane.InfraServices;
import dev.barrage.controlplane.KafkaLogin;
import dev.barrage.controlplane.launch.RunnerKafkaAccess;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;

/**
 * Finished runs' Kafka credentials stop working, and stay so across a broker restart, which must not lock anybody
 * else out: with Kafka 4.1, deleting a few SCRAM credentials made a restarted broker forget the admin's too.
 */
@QuarkusTest
class RevokedCredentialsTest {
    @Inject
    RunnerAccess access;

    @Test
    void revokedRunnersCannotSignInAndTheBrokerRestartsWithEveryoneElse() throws Exception {
        List<RunnerKafkaAccess> revoked = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            UUID run = UUID.randomUUID();
            RunnerKafkaAccess granted = access.grant(run);
            assertThat(signIn(granted)).as("a run's own credential works while it runs").isTrue();
            access.revoke(run);
            revoked.add(granted);
        }

        assertThat(InfraServices.run("down", "kafka").exitCode()).isZero();
        // infra/up signs in as the admin before it says the broker is ready
        assertThat(InfraServices.run("up", "kafka").exitCode()).isZero();
        try (Admin admin = Admin.create(KafkaLogin.admin())) {
            assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS)).isNotBlank();
        }
        for (RunnerKafkaAccess r : revoked) {
            assertThat(signIn(r)).as("the revoked credential of " + r.username()).isFalse();
        }
    }

    private static boolean signIn(RunnerKafkaAccess access) throws Exception {
        Properties login = KafkaLogin.as(access.username(), access.password());
        login.put("request.timeout.ms", "10000");
        login.put("default.api.timeout.ms", "15000");
        try (Admin admin = Admin.create(login)) {
            admin.listTopics().names().get(20, TimeUnit.SECONDS); // a metadata request: any signed-in user may make it
            return true;
        } catch (ExecutionException e) {
            assertThatThrownBy(() -> { throw e.getCause(); }).isInstanceOf(SaslAuthenticationException.class);
            return false;
        }
    }
}
