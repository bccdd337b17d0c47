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
    /**
     * {@code local}: a sandboxed process on this machine; {@code kubernetes}: a pod of its own in the runner
     * namespace. Unset: where runners run ({@code barrage.launch.kind}).
     */
    Optional<String> kind();

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

    /**
     * Checks as pods ({@code kind=kubernetes}): made with the runner image, namespace, node pool and service account
     * of {@code barrage.launch.kubernetes.*}; these are the check's own.
     */
    Kubernetes kubernetes();

    interface Kubernetes {
        /**
         * This instance's address as pods of the runner namespace reach it: a check pod fetches its inputs from the
         * instance that holds them. The chart sets the pod's IP; unset, this host's address.
         */
        Optional<String> controlPlaneAddress();

        /** The port of this instance's HTTP server there. */
        @WithDefault("${quarkus.http.port}")
        int controlPlanePort();

        /** The check pod's CPU, request and limit: its JVM is told it has one processor. */
        @WithDefault("1000")
        int cpuMillis();

        /**
         * The pod's memory beyond the check's heap ({@code barrage.limits.check-heap}): the check JVM's class data and
         * code, and the small JVM that fetched its inputs. Memory request = limit = heap + this.
         */
        @WithDefault("320")
        int memoryOverheadMib();
    }
}
