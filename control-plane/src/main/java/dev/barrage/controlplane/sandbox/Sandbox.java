package dev.barrage.controlplane.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program of ours that loads tenant code as an unprivileged user of its own, with none of the control plane's
 * environment, groups or capabilities, in a PID namespace of its own (it sees no other process, so not the control
 * plane's either), and, when asked, in a network namespace of its own that has nothing but a loopback interface that
 * is down. Made of util-linux's {@code unshare} and {@code setpriv}; creating the namespaces and changing the user
 * needs root.
 */
public final class Sandbox {
    static final Path UNSHARE = Path.of("/usr/bin/unshare");
    static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    /** With the host's network (a runner, whose egress nftables limits) or with none at all (the upload check). */
    public enum Network { HOST, NONE }

    private final int uid;
    private final int gid;
    private final Network network;

    public Sandbox(int uid, int gid, Network network) {
        if (uid <= 0 || gid <= 0) {
            throw new IllegalArgumentException("a sandbox user must not be root: uid " + uid + ", gid " + gid);
        }
        this.uid = uid;
        this.gid = gid;
        this.network = network;
    }

    public int uid() {
        return uid;
    }

    public int gid() {
        return gid;
    }

    /** The command line that runs {@code command} in this sandbox. Start it with an emptied environment. */
    public List<String> wrap(List<String> command) {
        List<String> argv = new ArrayList<>(List.of(UNSHARE.toString()));
        if (network == Network.NONE) {
            argv.add("--net");
        }
        // --kill-child: the namespace's first process dies with unshare, and every other process of it with that one
        argv.addAll(List.of("--pid", "--fork", "--mount-proc", "--kill-child", "--",
                SETPRIV.toString(), "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--no-new-privs",
                "--inh-caps=-all", "--bounding-set=-all",
                // changing the user clears the parent-death signal that unshare set: set it again after the change
                "--pdeathsig=KILL", "--"));
        argv.addAll(command);
        return argv;
    }

    /** Ends the sandboxed process and everything it started (setpriv's child survives its parent otherwise). */
    public static void destroy(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** A folder that only the sandbox user (and root) may enter, for the sandboxed program to read and write. */
    public Path ownFolder(Path parent, String name) throws IOException {
        Path dir = Files.createDirectory(parent.resolve(name), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        own(dir);
        return dir;
    }

    /** Gives a file or folder to the sandbox user. */
    public void own(Path path) throws IOException {
        Files.setAttribute(path, "unix:uid", uid);
        Files.setAttribute(path, "unix:gid", gid);
    }

    /**
     * Why this sandbox cannot be made here, in words that say what to install or change; null when it can. Runs a
     * sandboxed {@code test -r} of the given files, so that what the sandboxed program needs is checked too.
     */
    public String unavailable(List<Path> mustRead) {
        for (Path tool : List.of(UNSHARE, SETPRIV)) {
            if (!Files.isExecutable(tool)) {
                return tool + " is missing (install Debian's util-linux package)";
            }
        }
        long self = currentUid();
        if (self != 0) {
            return "the control plane runs as uid " + self + ", not root: creating namespaces and switching to uid "
                    + uid + " needs root";
        }
        List<String> probe = new ArrayList<>(List.of("/bin/sh", "-c",
                "for f in \"$@\"; do test -r \"$f\" || { echo \"uid " + uid + " cannot read $f\"; exit 3; }; done", "probe"));
        mustRead.forEach(p -> probe.add(p.toAbsolutePath().toString()));
        try {
            ProcessBuilder pb = new ProcessBuilder(wrap(probe)).redirectErrorStream(true);
            pb.environment().clear();
            Process p = pb.start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                destroy(p);
                return "a sandboxed test command did not end within 20 s";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.exitValue() == 0 ? null : "a sandboxed test command failed (exit code " + p.exitValue() + "): " + out
                    + (p.exitValue() == 3 ? " (make it and its folders readable to others)" : "");
        } catch (IOException e) {
            return "cannot start " + UNSHARE + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while testing the sandbox";
        }
    }

    private static long currentUid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }
}
