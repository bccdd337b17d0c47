package dev.barrage.runner.checkpod;

import dev.barrage.protocol.launch.CheckInputs;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What runs in the pod that checks an upload ({@code barrage check-pod}): it fetches the upload's inputs once (the
 * token is spent then, before any scenario code runs), then runs {@code barrage check} on them in a JVM of its own,
 * with the check's limits and an empty environment. The output goes to the pod's log and, fitted to 4096 bytes, to
 * its termination message, where the control plane reads it; the exit code is the check's.
 */
public final class CheckPod {
    /** More than any scenario with its data files and //DEPS needs; the pod's /tmp is bounded as well. */
    static final long MAX_INPUT_BYTES = 512L * 1024 * 1024;
    /** How much of a check's output is kept: its start and its end, half each. */
    static final int MAX_OUTPUT_BYTES = 1024 * 1024;

    /**
     * @param fetchPatience how long to keep trying to connect: the pod's egress policy may be enforced a moment after
     *     the pod starts
     * @param mainClass the runner's command line, which the check's JVM runs with {@code check}
     */
    public record Settings(URI inputs, String token, boolean hosted, List<String> jvmOptions, Path terminationLog,
            Duration fetchPatience, String mainClass) {}

    private final Settings settings;
    private final PrintStream out;

    public CheckPod(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public int run() throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("barrage-check-");
        CheckInputs.Unpacked inputs;
        try {
            inputs = fetch(work.resolve("box"));
        } catch (IOException e) {
            return finish("barrage check-pod: cannot fetch the upload's inputs from " + settings.inputs() + ": "
                    + e.getMessage() + "\n", CheckInputs.UNAVAILABLE);
        }
        Path output = work.resolve("check.log");
        Process check = start(inputs, work.resolve("box"), output);
        // the kubelet stops the whole container; this is for whoever ends this process alone
        Thread stop = new Thread(() -> {
            check.descendants().forEach(ProcessHandle::destroyForcibly);
            check.destroyForcibly();
        });
        Runtime.getRuntime().addShutdownHook(stop);
        int code = check.waitFor();
        Runtime.getRuntime().removeShutdownHook(stop);
        String text = readCapped(output);
        if (code > 128) {
            text = "the check's JVM was killed by signal " + (code - 128)
                    + (code == 137 ? " (out of the pod's memory?)" : "") + "\n" + text;
        }
        return finish(text, code);
    }

    private CheckInputs.Unpacked fetch(Path box) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(settings.inputs()).timeout(Duration.ofSeconds(60))
                .header(CheckInputs.TOKEN_HEADER, settings.token()).GET().build();
        long deadline = System.nanoTime() + settings.fetchPatience().toNanos();
        while (true) {
            HttpResponse<InputStream> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (ConnectException | HttpConnectTimeoutException e) {
                // nothing reached the control plane, so the token is not spent yet
                if (System.nanoTime() > deadline) {
                    throw new IOException("no connection within " + settings.fetchPatience().toSeconds() + " s: " + e, e);
                }
                Thread.sleep(250);
                continue;
            }
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    String detail = new String(body.readNBytes(2000), StandardCharsets.UTF_8);
                    throw new IOException("HTTP " + response.statusCode() + " " + detail);
                }
                return CheckInputs.read(body, box, MAX_INPUT_BYTES);
            }
        }
    }

    private Process start(CheckInputs.Unpacked inputs, Path box, Path output) throws IOException {
        Path tmp = Files.createDirectories(box.resolve("tmp"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(settings.jvmOptions());
        command.addAll(List.of("-Duser.home=" + box, "-Djava.io.tmpdir=" + tmp, "-cp", classPath(), settings.mainClass(),
                "check"));
        if (settings.hosted()) {
            command.add("--hosted");
        }
        command.addAll(List.of("-f", inputs.scenario().toString()));
        if (!inputs.jars().isEmpty()) {
            command.add("--dependencies=" + inputs.jars().stream().map(Path::toString).collect(Collectors.joining(":")));
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(inputs.scenario().getParent().toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        // the check sees no setting of this pod's, the token least of all
        pb.environment().clear();
        return pb.start();
    }

    /** This JVM's class path, absolute: the check's JVM starts in another folder. */
    private static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(p -> Path.of(p).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
    }

    private int finish(String output, int code) throws IOException {
        out.print(output);
        out.flush();
        Files.writeString(settings.terminationLog(), TerminationMessage.fit(output, code), StandardCharsets.UTF_8);
        return code;
    }

    /** The output, or its first and last half megabyte when a scenario printed more. */
    static String readCapped(Path file) throws IOException {
        long size = Files.size(file);
        if (size <= MAX_OUTPUT_BYTES) {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        byte[] head = new byte[MAX_OUTPUT_BYTES / 2];
        byte[] tail = new byte[MAX_OUTPUT_BYTES / 2];
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.readFully(head);
            f.seek(size - tail.length);
            f.readFully(tail);
        }
        return new String(head, StandardCharsets.UTF_8) + "\n… (" + (size - head.length - tail.length)
                + " bytes left out)\n" + new String(tail, StandardCharsets.UTF_8);
    }
}
