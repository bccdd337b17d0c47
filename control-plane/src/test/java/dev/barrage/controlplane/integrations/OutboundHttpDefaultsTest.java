package dev.barrage.controlplane.integrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.barrage.controlplane.BarrageConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * With the settings a hosted control plane runs with (application.properties, production profile), an integration
 * cannot be pointed at the control plane's own machine or network.
 */
class OutboundHttpDefaultsTest {

    static OutboundHttp production() throws IOException {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withProfile("prod").withValidateUnknown(false)
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new PropertiesConfigSource(OutboundHttpDefaultsTest.class.getResource("/application.properties")))
                .withMapping(BarrageConfig.class).build();
        OutboundHttp http = new OutboundHttp();
        http.config = config.getConfigMapping(BarrageConfig.class);
        http.init();
        return http;
    }

    @Test
    void theProductionDefaultRefusesLoopbackAndPrivateAddressesBeforeConnecting() throws IOException {
        OutboundHttp http = production();
        AtomicInteger received = new AtomicInteger();
        HttpServer listener = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        listener.createContext("/", e -> {
            received.incrementAndGet();
            e.sendResponseHeaders(204, -1);
            e.close();
        });
        listener.start();
        try {
            int port = listener.getAddress().getPort();
            for (String url : List.of("http://127.0.0.1:" + port + "/", "http://localhost:" + port + "/",
                    "http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/", "http://[::1]:" + port + "/")) {
                assertThatThrownBy(() -> http.send("GET", URI.create(url), Map.of(), null))
                        .isInstanceOf(OutboundHttp.RefusedDestination.class)
                        .hasMessageContaining("internal address");
            }
        } finally {
            listener.stop(0);
        }
        assertThat(received).hasValue(0);
        assertThat(OutboundHttp.unanswered(new OutboundHttp.RefusedDestination("x"), "GitHub").outcome())
                .as("never tried again").isEqualTo(Attempt.Outcome.FAILED);
    }

    @Test
    void theProductionDefaultAllowsOnlyTheServicesOwnHostsAndHttps() throws IOException {
        OutboundHttp http = production();
        assertThat(http.allowedHost(URI.create("http://127.0.0.1:1/"), List.of("api.github.com"))).isFalse();
        assertThat(http.allowedHost(URI.create("https://api.github.com/"), List.of("api.github.com"))).isTrue();
        assertThat(http.allowedHost(URI.create("https://api.github.com.attacker.example/"), List.of("api.github.com")))
                .isFalse();
    }

    @Test
    void internalRangesAreRecognised() throws IOException {
        for (String a : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                "0.0.0.0", "198.18.0.1", "::1", "fd00::1", "fe80::1", "::ffff:10.0.0.1")) {
            assertThat(PrivateAddresses.isPrivate(InetAddress.getByName(a))).as(a).isTrue();
        }
        for (String a : List.of("140.82.112.6", "8.8.8.8", "100.128.0.1", "2606:4700::1111")) {
            assertThat(PrivateAddresses.isPrivate(InetAddress.getByName(a))).as(a).isFalse();
        }
    }
}
