package dev.barrage.controlplane.launch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.util.AnnotationLiteral;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.inject.Qualifier;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Which launcher starts runners is configuration, read when the application starts: {@code barrage.launch.kind=local}
 * (the default: processes on this machine) or {@code kubernetes} (an indexed Job per run). Each launcher carries
 * {@link Kind}; everything else injects the plain {@link RunnerLauncher} this class produces.
 */
@ApplicationScoped
public class RunnerLauncherSelection {

    /** Names a launcher for {@code barrage.launch.kind}. */
    @Qualifier
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
    public @interface Kind {
        String value();

        final class Literal extends AnnotationLiteral<Kind> implements Kind {
            private final String value;

            public Literal(String value) {
                this.value = value;
            }

            @Override
            public String value() {
                return value;
            }
        }
    }

    /** {@code barrage.launch.kind}; each launcher's own settings are under {@code barrage.launch.<kind>}. */
    @ConfigMapping(prefix = "barrage.launch")
    public interface Settings {
        @WithDefault("local")
        String kind();
    }

    @Produces
    @ApplicationScoped
    RunnerLauncher launcher(Settings settings, @Any Instance<RunnerLauncher> launchers) {
        String kind = settings.kind().trim();
        Instance<RunnerLauncher> chosen = launchers.select(new Kind.Literal(kind));
        if (!chosen.isResolvable()) {
            throw new IllegalStateException("barrage.launch.kind must be 'local' or 'kubernetes', got '" + kind + "'");
        }
        return chosen.get();
    }
}
