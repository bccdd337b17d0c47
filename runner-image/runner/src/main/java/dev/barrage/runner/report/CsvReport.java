package dev.barrage.runner.report;

import dev.barrage.protocol.stats.HistoryRow;
import dev.barrage.protocol.stats.Percentiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Locust's CSV files, with its header lines and column order, so tools that read Locust results read ours:
 * {@code PREFIX_stats.csv}, {@code PREFIX_stats_history.csv}, {@code PREFIX_failures.csv},
 * {@code PREFIX_exceptions.csv}. Like Python's csv module: minimal quoting, CRLF line ends.
 */
public final class CsvReport {
    public static final List<String> STATS_HEADER;
    public static final List<String> HISTORY_HEADER;
    public static final List<String> FAILURES_HEADER = List.of("Method", "Name", "Error", "Occurrences");
    public static final List<String> EXCEPTIONS_HEADER = List.of("Count", "Message", "Traceback", "Nodes");

    static {
        List<String> stats = new ArrayList<>(List.of("Type", "Name", "Request Count", "Failure Count",
                "Median Response Time", "Average Response Time", "Min Response Time", "Max Response Time",
                "Average Content Size", "Requests/s", "Failures/s"));
        stats.addAll(Percentiles.LABELS);
        STATS_HEADER = List.copyOf(stats);
        List<String> history = new ArrayList<>(List.of("Timestamp", "User Count", "Type", "Name", "Requests/s",
                "Failures/s"));
        history.addAll(Percentiles.LABELS);
        history.addAll(List.of("Total Request Count", "Total Failure Count", "Total Median Response Time",
                "Total Average Response Time", "Total Min Response Time", "Total Max Response Time",
                "Total Average Content Size"));
        HISTORY_HEADER = List.copyOf(history);
    }

    private CsvReport() {}

    /** Writes the four files; {@code fullHistory} adds per-endpoint rows to the history (Locust's --csv-full-history). */
    /** The four files, by the suffix Locust gives them. */
    public static final List<String> FILES = List.of("stats", "stats_history", "failures", "exceptions");

    public static void write(RunReport report, String prefix, boolean fullHistory, String nodeName) throws IOException {
        for (String file : FILES) {
            AtomicFiles.write(Path.of(prefix + "_" + file + ".csv"), render(report, file, fullHistory, nodeName));
        }
    }

    /** One of {@link #FILES}, as text. */
    public static String render(RunReport report, String file, boolean fullHistory, String nodeName) {
        return switch (file) {
            case "stats" -> stats(report);
            case "stats_history" -> history(report, fullHistory);
            case "failures" -> failures(report);
            case "exceptions" -> exceptions(report, nodeName);
            default -> throw new IllegalArgumentException("no Locust CSV file '" + file + "'; there are " + FILES);
        };
    }

    static String stats(RunReport report) {
        StringBuilder out = new StringBuilder();
        line(out, STATS_HEADER);
        for (EndpointRow row : report.endpoints()) {
            line(out, statsRow(row));
        }
        line(out, statsRow(report.aggregated()));
        return out.toString();
    }

    private static List<String> statsRow(EndpointRow row) {
        List<String> cells = new ArrayList<>(List.of(
                row.type(),
                row.name(),
                String.valueOf(row.requests()),
                String.valueOf(row.failures()),
                Numbers.plain(row.medianMillis(), 3),
                Numbers.pyFloat(row.avgMillis(), 6),
                Numbers.pyFloat(row.minMillis(), 3),
                Numbers.pyFloat(row.maxMillis(), 3),
                Numbers.pyFloat(row.avgContentSize(), 6),
                Numbers.pyFloat(row.rps(), 6),
                Numbers.pyFloat(row.failuresPerSecond(), 6)));
        for (String label : Percentiles.LABELS) {
            cells.add(row.requests() == 0 ? "N/A" : Numbers.plain(row.percentile(label), 3));
        }
        return cells;
    }

    static String history(RunReport report, boolean fullHistory) {
        StringBuilder out = new StringBuilder();
        line(out, HISTORY_HEADER);
        for (HistoryRow h : report.history()) {
            if (!fullHistory && !h.aggregated()) {
                continue;
            }
            List<String> cells = new ArrayList<>(List.of(
                    String.valueOf(h.epochMillis() / 1000),
                    String.valueOf(h.users()),
                    h.aggregated() ? "" : h.key().type(),
                    h.aggregated() ? "Aggregated" : h.key().name(),
                    String.format(java.util.Locale.ROOT, "%.6f", h.currentRps()),
                    String.format(java.util.Locale.ROOT, "%.6f", h.currentFailuresPerSecond())));
            for (double p : h.windowPercentilesMillis()) {
                cells.add(h.totalRequests() == 0 ? "N/A" : Numbers.plain(p, 3));
            }
            cells.addAll(List.of(
                    String.valueOf(h.totalRequests()),
                    String.valueOf(h.totalFailures()),
                    Numbers.plain(h.totalMedianMillis(), 3),
                    Numbers.pyFloat(h.totalAvgMillis(), 6),
                    Numbers.pyFloat(h.totalMinMillis(), 3),
                    Numbers.pyFloat(h.totalMaxMillis(), 3),
                    Numbers.pyFloat(h.totalAvgContentSize(), 6)));
            line(out, cells);
        }
        return out.toString();
    }

    static String failures(RunReport report) {
        StringBuilder out = new StringBuilder();
        line(out, FAILURES_HEADER);
        for (RunReport.Failure f : report.failures()) {
            line(out, List.of(f.type(), f.name(), f.error(), String.valueOf(f.occurrences())));
        }
        return out.toString();
    }

    static String exceptions(RunReport report, String nodeName) {
        StringBuilder out = new StringBuilder();
        line(out, EXCEPTIONS_HEADER);
        for (RunReport.ExceptionRow e : report.exceptions()) {
            line(out, List.of(String.valueOf(e.count()), e.message(), e.traceback(), nodeName));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quote(cells.get(i)));
        }
        out.append("\r\n");
    }

    static String quote(String cell) {
        if (cell == null) {
            return "";
        }
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }
}
