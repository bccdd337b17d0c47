package dev.barrage.controlplane;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The control plane's own settings (application.properties, prefix {@code barrage}). */
@ConfigMapping(prefix = "barrage")
public interface BarrageConfig {
    /** The repository folder on a development machine (state, logs and the runner build live under it). */
    @WithDefault("..")
    String root();

    /** How runners and links reach this control plane. */
    String publicUrl();

    Kafka kafka();

    Launch launch();

    Limits limits();

    Operator operator();

    interface Operator {
        /** The platform operators' token for {@code /operator-api}; without it, that API does not exist. */
        java.util.Optional<String> token();
    }

    interface Kafka {
        String bootstrap();

        String reportsTopic();

        String controlTopic();

        @io.smallrye.config.WithDefault("barrage.run-events")
        String eventsTopic();

        String groupId();
    }

    interface Launch {
        Local local();

        interface Local {
            /** The runner's jar; its dependencies are in lib/ beside it. */
            String runnerJar();

            String logDir();
        }
    }

    interface Limits {
        int maxRunners();

        int maxScenarioBytes();
    }
}
