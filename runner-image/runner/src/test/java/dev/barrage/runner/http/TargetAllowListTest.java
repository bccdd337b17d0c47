package dev.barrage.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A hosted run's HTTP client sends to its targets only; anything else fails before a connection is asked for. */
class TargetAllowListTest {
    final List<UserHttpClientTest.Recorded> recorded = new CopyOnWriteArrayList<>();

    @Test
    void absoluteUrlsToOtherHostsOrPortsFailBeforeAnythingIsSent() throws Exception {
        try (ScriptedServer target = new ScriptedServer(r -> UserHttpClientTest.ok("mine"));
                ScriptedServer other = new ScriptedServer(r -> UserHttpClientTest.ok("stolen"));
                UserHttpClient http = new UserHttpClient(URI.create("http://127.0.0.1:" + target.port()),
                        (type, name, micros, bytes, error) -> recorded.add(new UserHttpClientTest.Recorded(type, name, micros, bytes, error)),
                        TargetAllowList.of(List.of(new TargetAllowList.HostPort("127.0.0.1", target.port()),
                                new TargetAllowList.HostPort("[::1]", 6379))))) {
            assertThat(http.get("/a").send().text()).isEqualTo("mine");
            assertThat(http.get("http://127.0.0.1:" + target.port() + "/b").send().text()).isEqualTo("mine");
            var refused = http.get("http://127.0.0.1:" + other.port() + "/steal").send();
            assertThat(refused.status()).isZero();
            assertThat(refused.ok()).isFalse();
            http.get("https://other.example/steal").name("elsewhere").send();
            http.get("http://[::1]:" + other.port() + "/steal").send();

            assertThat(other.connections.get()).isZero();
            assertThat(target.requests).hasSize(2);
            assertThat(recorded).extracting(UserHttpClientTest.Recorded::error).containsExactly(null, null,
                    "host not allowed for this run: 127.0.0.1:" + other.port(),
                    "host not allowed for this run: other.example",
                    "host not allowed for this run: [::1]:" + other.port());
        }
    }

    @Test
    void aRedirectToAnotherHostFailsBeforeTheHopIsSent() throws Exception {
        try (ScriptedServer other = new ScriptedServer(r -> UserHttpClientTest.ok("stolen"));
                ScriptedServer target = new ScriptedServer(r -> r.startsWith("GET /away")
                        ? new ScriptedServer.Answer("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:" + other.port()
                                + "/steal\r\nContent-Length: 0\r\n\r\n", false)
                        : UserHttpClientTest.ok("mine"));
                UserHttpClient http = new UserHttpClient(URI.create("http://127.0.0.1:" + target.port()),
                        (type, name, micros, bytes, error) -> recorded.add(new UserHttpClientTest.Recorded(type, name, micros, bytes, error)),
                        TargetAllowList.of(List.of(new TargetAllowList.HostPort("127.0.0.1", target.port()))))) {
            http.get("/away").send();
            assertThat(other.connections.get()).isZero();
            assertThat(recorded).singleElement().satisfies(r -> assertThat(r.error())
                    .isEqualTo("host not allowed for this run: 127.0.0.1:" + other.port()));
        }
    }

    @Test
    void withoutTargetsARequestGoesWhereTheScenarioPointsIt() throws Exception {
        try (ScriptedServer other = new ScriptedServer(r -> UserHttpClientTest.ok("there"));
                UserHttpClient http = new UserHttpClient(URI.create("http://127.0.0.1:1"),
                        (type, name, micros, bytes, error) -> recorded.add(new UserHttpClientTest.Recorded(type, name, micros, bytes, error)))) {
            assertThat(http.get("http://127.0.0.1:" + other.port() + "/x").send().text()).isEqualTo("there");
            assertThat(other.connections.get()).isEqualTo(1);
        }
    }
}
