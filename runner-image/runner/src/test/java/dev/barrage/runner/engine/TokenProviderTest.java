package dev.barrage.runner.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barrage.protocol.EndpointKey;
import dev.barrage.protocol.stats.EndpointTotals;
import dev.barrage.runner.DemoTargetExtension;
import dev.barrage.runner.scenario.ScenarioException;
import dev.barrage.scenario.TokenProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scenario's TokenProvider against the demo target's short-lived tokens (2 s): the users share one token, it is
 * replaced before it expires, fetched once at a time, and the fetches are counted on their own line and by the target.
 */
class TokenProviderTest {
    @RegisterExtension
    static final DemoTargetExtension target = new DemoTargetExtension();

    @TempDir
    Path dir;

    @Test
    void fiftyUsersShareOneTokenRefreshedBeforeItExpires() throws Exception {
        target.resetCounts();
        long issuedBefore = target.issuedAccessTokens();
        EngineRun run = EngineRun.of(EngineRun.model("TokenUsers.java", dir),
                EngineRun.options(target.uri(), 50, 100, Duration.ofSeconds(10), Duration.ofSeconds(5)));

        Map<String, Long> statuses = target.statusCounts();
        long issued = target.issuedAccessTokens() - issuedBefore;
        long fetches = run.count("AUTH", "token");
        long served = target.counts().get("GET /auth/protected");
        // not one request was refused for an expired or unknown token
        assertThat(statuses).doesNotContainKey("GET /auth/protected 401");
        assertThat(statuses.get("GET /auth/protected 200")).isEqualTo(served).isGreaterThan(1000);
        assertThat(run.count("GET", "/auth/protected")).isEqualTo(served);
        assertThat(run.events()).allSatisfy(e -> assertThat(e.error()).isNull());
        // every fetch on the AUTH line is one token the target issued...
        assertThat(fetches).isEqualTo(issued).isEqualTo(statuses.get("POST /auth/token 200"));
        // ...about one per 1.5 s (2 s lifetime, replaced 0.5 s before): 10 s / 1.5 s = 6.7, so 7, give or take one at
        // the edges; not one per user
        assertThat(fetches).isBetween(6L, 8L);
        // the statistics line: type AUTH, name token, with the fetch count
        EndpointTotals auth = run.stats().endpoints().get(new EndpointKey("AUTH", "token"));
        assertThat(auth.requests()).isEqualTo(fetches);
        assertThat(auth.failures()).isZero();
    }

    @Test
    void failedRefreshesAreRecordedAndRetriedWhileTheTokenIsStillValid() throws Exception {
        target.resetCounts();
        EngineRun run = EngineRun.of(EngineRun.model("FlakyTokenUsers.java", dir),
                EngineRun.options(target.uri(), 20, 100, Duration.ofSeconds(6), Duration.ofSeconds(5)));

        Map<String, Long> statuses = target.statusCounts();
        long failedFetches = run.events().stream()
                .filter(e -> e.type().equals("AUTH") && e.name().equals("flaky token") && e.error() != null).count();
        long goodFetches = run.count("AUTH", "flaky token") - failedFetches;
        assertThat(statuses).doesNotContainKey("GET /auth/protected 401");
        assertThat(statuses.get("GET /auth/protected 200")).isEqualTo(run.count("GET", "/auth/protected"));
        // every third token request failed; each failure is on the AUTH line, and was retried
        assertThat(failedFetches).isEqualTo(statuses.get("POST /auth/token 503")).isPositive();
        assertThat(goodFetches).isEqualTo(statuses.get("POST /auth/token 200"));
        assertThat(run.stats().errors().keySet())
                .allSatisfy(k -> assertThat(k.type() + " " + k.name()).isEqualTo("AUTH flaky token"));
        assertThat(run.events().stream().filter(e -> e.error() != null))
                .allSatisfy(e -> assertThat(e.error()).contains("HTTP 503"));
    }

    @Test
    void aTokenProviderMustBeStaticAndThereIsOnlyOne() throws Exception {
        Files.writeString(dir.resolve("Two.java"), """
                import dev.barrage.scenario.*;
                public class Two extends HttpUser {
                    static final TokenProvider A = TokenProvider.fetching(h -> new TokenProvider.Token("a", java.time.Duration.ofSeconds(9)));
                    static final TokenProvider B = TokenProvider.fetching(h -> new TokenProvider.Token("b", java.time.Duration.ofSeconds(9)));
                    @Task void t() {}
                }
                """);
        assertThatThrownBy(() -> dev.barrage.runner.scenario.ScenarioModel.of(
                        new dev.barrage.runner.scenario.ScenarioCompiler().compile(dir.resolve("Two.java"))))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("more than one TokenProvider: [Two.A, Two.B]");
    }

    @Test
    void refreshAndRetryTimesFollowTheSettings() {
        TokenProvider p = TokenProvider.fetching(h -> null).refreshBefore(Duration.ofSeconds(30))
                .retryBackoff(Duration.ofMillis(100), Duration.ofMillis(700));
        assertThat(p.refreshAfter(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(270));
        assertThat(p.refreshAfter(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(1)); // never before half its life
        assertThat(p.retryDelay(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(p.retryDelay(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(p.retryDelay(9)).isEqualTo(Duration.ofMillis(700));
    }
}
