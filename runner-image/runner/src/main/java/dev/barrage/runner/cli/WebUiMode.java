package dev.barrage.runner.cli;

import dev.barrage.runner.engine.RunOptions;
import dev.barrage.runner.scenario.ScenarioModel;
import dev.barrage.runner.webui.Swarm;
import dev.barrage.runner.webui.WebUiServer;
import dev.barrage.runner.webui.WebUiSession;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code barrage run} without {@code --headless}: its flags, as parsed by {@link RunCommand}, served as a web UI. */
final class WebUiMode {
    private final RunCommand cmd;

    WebUiMode(RunCommand cmd) {
        this.cmd = cmd;
    }

    /**
     * Locust without --headless: a web UI (the page and Locust's web API) on --web-host:--web-port, runs started from
     * it (or at once with --autostart); each run writes the reports asked for, the second and later ones with their
     * number in the name. Ctrl-C stops the running run and writes its reports; --autoquit ends the runner after a run.
     */
    int run(ScenarioModel scenario, boolean needsHost) throws InterruptedException {
        if (cmd.autoquit != null && cmd.autoquit < 0) {
            return cmd.usageError("--autoquit must be 0 or more seconds, got " + cmd.autoquit);
        }
        if (cmd.autostart && needsHost && cmd.host == null) {
            return cmd.usageError("no host to test: pass -H/--host with --autostart, e.g. -H http://127.0.0.1:8099");
        }
        WebUiSession.RunFactory runs = (swarm, number) -> {
            URI target = null;
            if (swarm.host() != null) {
                try {
                    target = RunCommand.parseHost(swarm.host());
                } catch (IllegalArgumentException e) {
                    throw new Swarm.BadField(e.getMessage().replace("-H/--host", "host"));
                }
            }
            if (needsHost && target == null) {
                throw new Swarm.BadField("no host to test: give the host, e.g. http://127.0.0.1:8099");
            }
            if (needsHost && !cmd.skipPreflight) {
                var problem = HostPreflight.problem(target, Duration.ofSeconds(3));
                if (problem.isPresent()) {
                    throw new Swarm.BadField(problem.get() + "; check the host");
                }
            }
            RunOptions options = new RunOptions(target, swarm.users(), swarm.spawnRate(), swarm.runTime(), cmd.stopTimeout,
                    Duration.ofSeconds(1), cmd.parameters);
            return new LocalRun(scenario, options, new LocalRun.Outputs(numbered(cmd.csvPrefix, number), cmd.csvFullHistory,
                    numbered(cmd.html, number), numbered(cmd.json, number), true, cmd.printInterval.toMillis()),
                    cmd.spec.commandLine().getOut());
        };
        Swarm defaults = new Swarm(cmd.users, cmd.spawnRate, cmd.host, cmd.runTime);
        WebUiSession session = new WebUiSession(runs, defaults, cmd.stopTimeout.plusSeconds(75),
                cmd.autoquit == null ? null : Duration.ofSeconds(cmd.autoquit));
        if (cmd.autostart) {
            // before the server listens, so that no request can start another run first
            try {
                session.swarm(defaults);
            } catch (Swarm.BadField e) {
                return cmd.usageError(e.getMessage());
            }
        }
        WebUiServer server;
        try {
            server = WebUiServer.start(cmd.webHost, cmd.webPort, session, scenario, cmd.csvFullHistory, LocalRun.nodeName(),
                    Durations::parse);
        } catch (IOException | RuntimeException e) {
            session.shutdown();
            return cmd.usageError("cannot serve the web UI on " + cmd.webHost + ":" + cmd.webPort + ": " + e.getMessage()
                    + "; pick another address with --web-port or --web-host, or pass --headless");
        }
        cmd.spec.commandLine().getOut().println("Web UI at " + server.url() + " (on " + cmd.webHost + " only; --web-host to "
                + "change), Locust's web API too: POST /swarm, GET /stop, GET /stats/requests. Ctrl-C quits.");
        if (cmd.runTime != null && !cmd.autostart) {
            // before the web UI, barrage run without --headless ran at once: say what changed
            cmd.spec.commandLine().getOut().println("-t/--run-time is the form's run time here: nothing starts until the form "
                    + "is sent; pass --headless (or --autostart) to start at once");
        }
        cmd.spec.commandLine().getOut().flush();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                session.shutdown();
                finished.await(cmd.stopTimeout.toSeconds() + 15, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "barrage-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            session.awaitQuit();
            session.shutdown();
        } finally {
            server.close();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for us
            }
        }
        List<WebUiSession.FinishedRun> done = session.finished();
        if (done.isEmpty()) {
            return 0;
        }
        WebUiSession.FinishedRun last = done.getLast();
        if (last.report() == null) {
            return cmd.usageError("run " + last.number() + " failed: " + last.error());
        }
        int code = cmd.exitCode(last.report());
        if (code != 0) {
            cmd.spec.commandLine().getErr().println(RunCommand.exitReason(last.report(), code));
            cmd.spec.commandLine().getErr().flush();
        }
        return code;
    }

    /** The reports of the session's run {@code number}: the names asked for, then name-2, name-3 ... */
    static String numbered(String prefix, int number) {
        return prefix == null || number == 1 ? prefix : prefix + "-" + number;
    }

    static Path numbered(Path file, int number) {
        if (file == null || number == 1) {
            return file;
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String numberedName = dot <= 0 ? name + "-" + number : name.substring(0, dot) + "-" + number + name.substring(dot);
        return file.resolveSibling(numberedName);
    }
}
