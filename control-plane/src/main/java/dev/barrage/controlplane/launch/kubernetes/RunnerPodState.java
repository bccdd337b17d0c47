package dev.barrage.controlplane.launch.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a runner pod's status means for its run, in words a person can act on: the scheduler's reason for a pod that
 * finds no node, the kubelet's for a container that cannot start, the exit code and termination message of one that
 * failed.
 */
record RunnerPodState(Kind kind, String detail, int exitCode, Instant since) {
    enum Kind {
        /** Waiting for something that normally comes: a node, an image, a container start. */
        PENDING,
        /** The scheduler found no node for it. */
        UNSCHEDULABLE,
        /** The kubelet gave up starting the container (these do not heal on their own). */
        CANNOT_START,
        RUNNING,
        SUCCEEDED,
        FAILED
    }

    /** Waiting reasons that stay until someone changes the Job, the image or the Secret. */
    private static final Set<String> FATAL_WAITING = Set.of("ImagePullBackOff", "ErrImageNeverPull", "InvalidImageName",
            "CreateContainerConfigError", "CreateContainerError", "RunContainerError");
    /** The end of a long termination message (the log's tail) is where the reason is. */
    private static final int MAX_MESSAGE = 1000;

    boolean ended() {
        return kind == Kind.SUCCEEDED || kind == Kind.FAILED || kind == Kind.CANNOT_START;
    }

    /** One line for the log: what changed. */
    String summary() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + (detail.isEmpty() ? "" : ": " + detail);
    }

    static RunnerPodState of(Pod pod) {
        return of(pod, RunnerJob.CONTAINER);
    }

    /** The same for a pod whose container has another name (an upload's check). */
    static RunnerPodState of(Pod pod, String containerName) {
        String name = pod.getMetadata().getName();
        PodStatus status = pod.getStatus();
        Instant since = created(pod);
        String phase = status == null || status.getPhase() == null ? "Pending" : status.getPhase();
        Optional<ContainerStatus> container = status == null ? Optional.empty() : Optional.ofNullable(status.getContainerStatuses())
                .orElse(List.of()).stream().filter(c -> containerName.equals(c.getName())).findFirst();
        switch (phase) {
            case "Succeeded":
                return new RunnerPodState(Kind.SUCCEEDED, "", 0, since);
            case "Failed": {
                ContainerStateTerminated done = container.map(c -> c.getState() == null ? null : c.getState().getTerminated())
                        .orElse(null);
                if (done != null) {
                    int code = done.getExitCode() == null ? -1 : done.getExitCode();
                    String reason = done.getReason() == null || done.getReason().equals("Error") ? "" : " (" + done.getReason() + ")";
                    // the runner's guard says why it ended the scenario; the JVM says when memory ran out first
                    String explained = dev.barrage.controlplane.launch.RunnerFailures.explain(done.getMessage(),
                            "heap limit 75% of the pod's memory limit");
                    String message = explained != null ? explained : tail(done.getMessage());
                    return new RunnerPodState(Kind.FAILED, "pod " + name + " failed with exit code " + code + reason
                            + (message.isEmpty() ? "" : ": " + message), code, since);
                }
                return new RunnerPodState(Kind.FAILED, "pod " + name + " failed" + reasonAndMessage(status.getReason(),
                        status.getMessage()), -1, since);
            }
            case "Running":
                return new RunnerPodState(Kind.RUNNING, "on node " + pod.getSpec().getNodeName(), 0, since);
            default:
                break;
        }
        ContainerStateWaiting waiting = container.map(c -> c.getState() == null ? null : c.getState().getWaiting()).orElse(null);
        if (waiting != null && waiting.getReason() != null && FATAL_WAITING.contains(waiting.getReason())) {
            return new RunnerPodState(Kind.CANNOT_START, "pod " + name + " cannot start" + reasonAndMessage(waiting.getReason(),
                    waiting.getMessage()), -1, since);
        }
        Optional<PodCondition> scheduled = status == null ? Optional.empty() : Optional.ofNullable(status.getConditions())
                .orElse(List.of()).stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst();
        if (scheduled.isPresent() && "False".equals(scheduled.get().getStatus())) {
            return new RunnerPodState(Kind.UNSCHEDULABLE, "pod " + name + " cannot be scheduled"
                    + reasonAndMessage(null, scheduled.get().getMessage()), -1, since);
        }
        if (waiting != null && waiting.getReason() != null) {
            return new RunnerPodState(Kind.PENDING, "pod " + name + " is waiting" + reasonAndMessage(waiting.getReason(),
                    waiting.getMessage()), -1, since);
        }
        return new RunnerPodState(Kind.PENDING, "pod " + name + (scheduled.isPresent() ? " is starting" : " is not scheduled yet"),
                -1, since);
    }

    private static String reasonAndMessage(String reason, String message) {
        String r = reason == null || reason.isBlank() ? "" : reason;
        String m = tail(message);
        return r.isEmpty() && m.isEmpty() ? "" : ": " + r + (!r.isEmpty() && !m.isEmpty() ? ": " : "") + m;
    }

    private static String tail(String message) {
        if (message == null) {
            return "";
        }
        String m = message.strip();
        return m.length() <= MAX_MESSAGE ? m : "…" + m.substring(m.length() - MAX_MESSAGE);
    }

    private static Instant created(Pod pod) {
        String t = pod.getMetadata().getCreationTimestamp();
        try {
            return t == null ? Instant.now() : Instant.parse(t);
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }
}
