package dev.barrage.controlplane.scenarios;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Where and how an upload's check runs ({@code barrage.check.*}). The check loads the scenario's classes, so runs
 * its static initializers: tenant code, kept away from everything of the control plane's.
 */
@ConfigMapping(prefix = "barrage.check")
public interface CheckSettings {
    /** {@code local}: a sandboxed process on this machine (the only kind so far). */
    @WithDefault("local")
    String kind();

    /**
     * For local checks: {@code required} (a hosted deployment, and the tests) runs each check as {@link #uid()},
     * without network, environment or the control plane's processes, and refuses to start where that cannot be
     * made; {@code off} runs it as the control plane's user, with its network (a developer's machine that is not
     * root).
     */
    @WithDefault("required")
    String sandbox();

    /** The sandbox user: a uid no one else uses, that owns none of the control plane's files (needs no passwd entry). */
    @WithDefault("64100")
    int uid();

    /** Its group; by default the same number as the uid. */
    Optional<Integer> gid();
}
