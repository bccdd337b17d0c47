package dev.barrage.runner.engine;

import dev.barrage.runner.scenario.TestHooks;
import dev.barrage.runner.stats.StatsRecorder;
import dev.barrage.scenario.RequestEvent;
import dev.barrage.scenario.TestContext;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Runs the scenario's test-level hooks on this runner; their exceptions are reported as the scenario's. */
final class TestHookRunner {
    private static final Logger LOG = Logger.getLogger(LoadEngine.class.getName());

    private final TestHooks hooks;
    private final StatsRecorder recorder;
    private final TestContext context;

    TestHookRunner(TestHooks hooks, StatsRecorder recorder, LoadEngine engine) {
        this.hooks = hooks;
        this.recorder = recorder;
        this.context = new TestContext() {
            @Override
            public String host() {
                return engine.options().host() == null ? "" : engine.options().host().toString();
            }

            @Override
            public Optional<String> parameter(String key) {
                return engine.parameter(key);
            }
        };
    }

    void testStart() {
        callAll(hooks.onTestStart(), "@OnTestStart");
    }

    void testStop() {
        callAll(hooks.onTestStop(), "@OnTestStop");
    }

    /** Sends every recorded request to the {@code @OnRequest} methods. */
    void listenToRequests() {
        if (hooks.onRequest().isEmpty()) {
            return;
        }
        recorder.addListener((type, name, micros, bytes, error, phases) -> {
            RequestEvent event = new RequestEvent(type, name, micros / 1000.0, bytes, error,
                    phases == null || !phases.measured() ? null : phases.toTimings());
            for (Method hook : hooks.onRequest()) {
                call(hook, event, "@OnRequest");
            }
        });
    }

    private void callAll(List<Method> methods, String kind) {
        for (Method hook : methods) {
            call(hook, context, kind);
        }
    }

    private void call(Method hook, Object argument, String kind) {
        try {
            TestHooks.call(hook, argument);
        } catch (Throwable t) {
            if (recorder.recordException(t)) {
                LOG.log(Level.SEVERE, kind + " " + hook.getDeclaringClass().getSimpleName() + "." + hook.getName()
                        + " failed: " + t, t);
            }
        }
    }
}
