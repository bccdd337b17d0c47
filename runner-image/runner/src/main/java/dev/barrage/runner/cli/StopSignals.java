package dev.barrage.runner.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP during a local run. The first one stops the run the way {@code -t} does, and the
 * command then writes its reports and says so before it exits with 128 + the signal's number; a second one quits at
 * once without reports.
 *
 * <p>Handled here rather than in a shutdown hook: once the JVM shuts down, java.util.logging's own hook closes the
 * handlers (the lines saying where the reports went were lost) and the JVM's exit code is fixed, whatever the run
 * found. A signal ignored when the JVM started (a run under {@code nohup}, or started in the background by a
 * non-interactive shell) stays ignored.
 */
final class StopSignals implements AutoCloseable {
    /** The signal that stopped the run: its name, how a person would call it, and the exit code it gives. */
    record Stop(String name, String described, int exitCode) {}

    private static final List<Stop> HANDLED = List.of(
            new Stop("INT", "Ctrl-C (SIGINT)", 130),
            new Stop("TERM", "SIGTERM", 143),
            new Stop("HUP", "SIGHUP", 129));

    private final AtomicReference<Stop> received = new AtomicReference<>();
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    private StopSignals() {}

    /**
     * Handles the stop signals from now on: the first calls {@code stop} (after saying what happens on {@code err});
     * a second one quits at once.
     */
    static StopSignals install(Runnable stop, PrintWriter err) {
        StopSignals signals = new StopSignals();
        for (Stop s : HANDLED) {
            try {
                Signal signal = new Signal(s.name());
                signals.previous.put(signal, Signal.handle(signal, ignored -> signals.received(s, stop, err)));
            } catch (IllegalArgumentException unavailable) {
                // -Xrs, or a platform without this signal: the JVM's default (exit without reports) stays
            }
        }
        return signals;
    }

    private void received(Stop signal, Runnable stop, PrintWriter err) {
        if (!received.compareAndSet(null, signal)) {
            err.println("barrage run: " + signal.described() + " again: quitting now, without reports");
            err.flush();
            Runtime.getRuntime().halt(received.get().exitCode());
            return;
        }
        err.println("barrage run: " + signal.described() + ": stopping; requests already sent are answered and counted, "
                + "then the reports are written (" + (signal.name().equals("INT") ? "Ctrl-C" : "the signal")
                + " again quits at once, without reports)");
        err.flush();
        stop.run();
    }

    /** Gives the signals back to the handlers they had before (the JVM's: shut down without reports). */
    @Override
    public void close() {
        previous.forEach(Signal::handle);
        previous.clear();
    }

    /** The signal that stopped the run, if one did. */
    Optional<Stop> received() {
        return Optional.ofNullable(received.get());
    }
}
