package dev.barrage.runner.webui;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code barrage} in a process of its own (this test JVM's classpath), so that it can be sent SIGTERM. */
record RunnerProcess(Process process, String url, List<String> output) implements AutoCloseable {
    private static final Pattern ADDRESS = Pattern.compile("Web UI at (http://\\S+)");

    /** Starts {@code barrage ARGS} (a run with the web UI) and waits until it says where the UI is. */
    static RunnerProcess start(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "dev.barrage.runner.cli.BarrageCommand"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> address = new CompletableFuture<>();
        List<String> seen = new ArrayList<>();
        Thread.ofVirtual().start(() -> {
            try {
                for (String line; (line = lines.readLine()) != null; ) {
                    synchronized (seen) {
                        seen.add(line);
                    }
                    Matcher m = ADDRESS.matcher(line);
                    if (m.find()) {
                        address.complete(m.group(1));
                    }
                }
                address.completeExceptionally(new AssertionError("the runner ended without a web UI: " + seen));
            } catch (IOException e) {
                address.completeExceptionally(e);
            }
        });
        try {
            return new RunnerProcess(process, address.get(120, TimeUnit.SECONDS), seen);
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
