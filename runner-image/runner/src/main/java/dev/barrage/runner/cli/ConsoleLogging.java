package dev.barrage.runner.cli;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One-line log records on stderr at the level chosen with {@code --loglevel}, Locust's level names accepted. */
final class ConsoleLogging {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    private ConsoleLogging() {}

    static Level parseLevel(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "DEBUG" -> Level.FINE;
            case "INFO" -> Level.INFO;
            case "WARNING", "WARN" -> Level.WARNING;
            case "ERROR", "CRITICAL" -> Level.SEVERE;
            default -> throw new IllegalArgumentException(
                    "unknown log level '" + name + "': use DEBUG, INFO, WARNING, ERROR or CRITICAL");
        };
    }

    static void configure(Level level, PrintStream err) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        // A handler of our own: ConsoleHandler.setOutputStream would close System.err.
        Handler handler = new Handler() {
            @Override
            public synchronized void publish(LogRecord record) {
                if (record.getLevel().intValue() >= getLevel().intValue()) {
                    err.print(getFormatter().format(record));
                    err.flush();
                }
            }

            @Override
            public void flush() {
                err.flush();
            }

            @Override
            public void close() {
                flush();
            }
        };
        handler.setLevel(level);
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                String name = r.getLoggerName() == null ? "" : r.getLoggerName();
                name = name.substring(name.lastIndexOf('.') + 1);
                StringBuilder sb = new StringBuilder()
                        .append('[').append(TIME.format(LocalDateTime.now())).append("] ")
                        .append(r.getLevel() == Level.SEVERE ? "ERROR" : r.getLevel() == Level.FINE ? "DEBUG" : r.getLevel().getName())
                        .append('/').append(name).append(": ").append(formatMessage(r)).append('\n');
                if (r.getThrown() != null && level.intValue() <= Level.FINE.intValue()) {
                    java.io.StringWriter w = new java.io.StringWriter();
                    r.getThrown().printStackTrace(new java.io.PrintWriter(w));
                    sb.append(w);
                }
                return sb.toString();
            }
        });
        root.addHandler(handler);
        root.setLevel(level);
    }
}
