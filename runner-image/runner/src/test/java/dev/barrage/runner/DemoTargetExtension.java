package dev.barrage.runner;

import dev.barrage.runner.demo.DemoTarget;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A demo target on a free port of 127.0.0.1 for the tests of one class:
 * {@code @RegisterExtension static final DemoTargetExtension target = new DemoTargetExtension();}
 */
public final class DemoTargetExtension implements BeforeAllCallback, AfterAllCallback {
    private DemoTarget target;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        target = DemoTarget.start(0);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        target.close();
    }

    public URI uri() {
        return target.uri();
    }

    public int port() {
        return target.port();
    }

    /** Access tokens the target issued since it started. */
    public long issuedAccessTokens() {
        return target.issuedAccessTokens();
    }

    public Map<String, Long> counts() {
        return target.counts();
    }

    public Map<String, Long> statusCounts() {
        return target.statusCounts();
    }

    public Map<String, long[]> sessions() {
        return target.sessions();
    }

    public DemoTarget target() {
        return target;
    }

    public void resetCounts() {
        target.resetCounts();
    }
}
