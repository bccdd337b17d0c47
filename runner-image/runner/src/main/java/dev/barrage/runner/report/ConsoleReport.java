package dev.barrage.runner.report;

import dev.barrage.protocol.Phase;
import dev.barrage.protocol.stats.Percentiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The terminal tables, laid out as Locust prints them. */
public final class ConsoleReport {
    private static final int TYPE_WIDTH = 8;
    private static final int NAME_WIDTH = 80;

    private ConsoleReport() {}

    /**
     * The statistics table; with {@code current} the rates are those of the last seconds (the live view), else of
     * the whole run.
     */
    public static List<String> statsTable(RunReport report, boolean current) {
        int nameWidth = NAME_WIDTH - TYPE_WIDTH + 4;
        String format = "%-" + TYPE_WIDTH + "s %-" + nameWidth + "s %7s %12s |%7s %7s %7s%7s | %7s %11s";
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, format,
                "Type", "Name", "# reqs", "# fails", "Avg", "Min", "Max", "Med", "req/s", "failures/s"));
        String separator = "-".repeat(TYPE_WIDTH) + "|" + "-".repeat(nameWidth) + "|" + "-".repeat(7) + "|"
                + "-".repeat(13) + "|" + "-".repeat(7) + "|" + "-".repeat(7) + "|" + "-".repeat(7) + "|"
                + "-".repeat(7) + "|" + "-".repeat(8) + "|" + "-".repeat(11);
        lines.add(separator);
        for (EndpointRow row : report.endpoints()) {
            lines.add(statsLine(format, row, current));
        }
        lines.add(separator);
        lines.add(statsLine(format, report.aggregated(), current));
        return lines;
    }

    private static String statsLine(String format, EndpointRow row, boolean current) {
        double rps = current ? row.currentRps() : row.rps();
        double fps = current ? row.currentFailuresPerSecond() : row.failuresPerSecond();
        return String.format(Locale.ROOT, format,
                row.type(),
                fit(row.name(), NAME_WIDTH - TYPE_WIDTH + 4),
                row.requests(),
                String.format(Locale.ROOT, "%d(%.2f%%)", row.failures(), row.failRatio() * 100),
                Numbers.millis(row.avgMillis()),
                Numbers.millis(row.minMillis()),
                Numbers.millis(row.maxMillis()),
                Numbers.millis(row.medianMillis()),
                String.format(Locale.ROOT, "%.2f", rps),
                String.format(Locale.ROOT, "%.2f", fps));
    }

    public static List<String> percentileTable(RunReport report) {
        StringBuilder format = new StringBuilder("%-" + TYPE_WIDTH + "s %-" + NAME_WIDTH + "s %8s");
        for (int i = 1; i < Percentiles.LABELS.size(); i++) {
            format.append(" %6s");
        }
        format.append(" %6s");
        List<String> lines = new ArrayList<>();
        lines.add("Response time percentiles (approximated)");
        List<Object> header = new ArrayList<>(List.of("Type", "Name"));
        header.addAll(Percentiles.LABELS);
        header.add("# reqs");
        lines.add(String.format(Locale.ROOT, format.toString(), header.toArray()));
        StringBuilder separator = new StringBuilder("-".repeat(TYPE_WIDTH) + "|" + "-".repeat(NAME_WIDTH) + "|"
                + "-".repeat(8) + "|");
        for (int i = 1; i < Percentiles.LABELS.size(); i++) {
            separator.append("-".repeat(6)).append('|');
        }
        separator.append("-".repeat(6));
        lines.add(separator.toString());
        for (EndpointRow row : report.endpoints()) {
            lines.add(percentileLine(format.toString(), row));
        }
        lines.add(separator.toString());
        if (report.aggregated().requests() > 0) {
            lines.add(percentileLine(format.toString(), report.aggregated()));
        }
        return lines;
    }

    private static String percentileLine(String format, EndpointRow row) {
        List<Object> values = new ArrayList<>(List.of(row.type(), fit(row.name(), NAME_WIDTH)));
        for (String label : Percentiles.LABELS) {
            values.add(Numbers.millis(row.percentile(label)));
        }
        values.add(String.valueOf(row.requests()));
        return String.format(Locale.ROOT, format, values.toArray());
    }

    /**
     * The HTTP requests' phases, median / 95th percentile in ms (k6's timings), and the connections opened and
     * reused; empty when no request was timed.
     */
    public static List<String> phaseTable(RunReport report) {
        List<String> lines = new ArrayList<>();
        if (report.aggregated().timings() == null) {
            return lines;
        }
        int nameWidth = 40;
        StringBuilder format = new StringBuilder("%-" + TYPE_WIDTH + "s %-" + nameWidth + "s %8s %8s");
        List<Object> header = new ArrayList<>(List.of("Type", "Name", "new conn", "reused"));
        for (Phase p : Phase.all()) {
            format.append(" %15s");
            header.add(p.key() + " med/p95");
        }
        lines.add("Request phases, ms (median / 95%)");
        lines.add(String.format(Locale.ROOT, format.toString(), header.toArray()));
        String separator = "-".repeat(TYPE_WIDTH) + "|" + "-".repeat(nameWidth) + "|" + "-".repeat(8) + "|"
                + "-".repeat(8) + ("|" + "-".repeat(15)).repeat(Phase.all().length);
        lines.add(separator);
        for (EndpointRow row : report.endpoints()) {
            if (row.timings() != null) {
                lines.add(phaseLine(format.toString(), row, nameWidth));
            }
        }
        lines.add(separator);
        lines.add(phaseLine(format.toString(), report.aggregated(), nameWidth));
        return lines;
    }

    private static String phaseLine(String format, EndpointRow row, int nameWidth) {
        PhaseSummary t = row.timings();
        List<Object> values = new ArrayList<>(List.of(row.type(), fit(row.name(), nameWidth),
                String.valueOf(t.newConnections()), String.valueOf(t.reusedConnections())));
        for (Phase p : Phase.all()) {
            values.add(Numbers.millis(t.phase(p).medianMillis()) + " / " + Numbers.millis(t.phase(p).p95Millis()));
        }
        return String.format(Locale.ROOT, format, values.toArray());
    }

    public static List<String> errorReport(RunReport report) {
        List<String> lines = new ArrayList<>();
        if (report.failures().isEmpty()) {
            return lines;
        }
        lines.add("Error report");
        lines.add(String.format(Locale.ROOT, "%-18s %-100s", "# occurrences", "Error"));
        String separator = "-".repeat(18) + "|" + "-".repeat(NAME_WIDTH + 80 - 19);
        lines.add(separator);
        for (RunReport.Failure f : report.failures()) {
            lines.add(String.format(Locale.ROOT, "%-18d %-100s", f.occurrences(), f.type() + " " + f.name() + ": " + f.error()));
        }
        lines.add(separator);
        return lines;
    }

    public static List<String> exceptionReport(RunReport report) {
        List<String> lines = new ArrayList<>();
        if (report.exceptions().isEmpty()) {
            return lines;
        }
        lines.add("Exceptions in scenario code");
        lines.add(String.format(Locale.ROOT, "%-18s %s", "# occurrences", "Exception"));
        String separator = "-".repeat(18) + "|" + "-".repeat(NAME_WIDTH + 80 - 19);
        lines.add(separator);
        for (RunReport.ExceptionRow e : report.exceptions()) {
            String[] trace = e.traceback().split("\n");
            String where = trace.length > 1 ? " (" + trace[1].strip() + ")" : "";
            lines.add(String.format(Locale.ROOT, "%-18d %s%s", e.count(), e.message(), where));
        }
        lines.add(separator);
        return lines;
    }

    /** The findings, the pass/fail table of the thresholds, and the open model's dropped iterations. */
    public static List<String> outcome(RunReport report) {
        List<String> lines = new ArrayList<>();
        if (report.findings() != null && !report.findings().isEmpty()) {
            lines.add("Findings:");
            report.findings().forEach(f -> lines.add("  " + f.summary()));
            lines.add("");
        }
        if (report.iterations() != null) {
            lines.addAll(List.of(report.iterations().summary().split("\\R")));
            lines.add("");
        }
        if (report.thresholds().isEmpty()) {
            return lines;
        }
        String format = "%-60s %-24s %-6s";
        lines.add("Thresholds");
        lines.add(String.format(Locale.ROOT, format, "Threshold", "Actual", "Result"));
        String separator = "-".repeat(60) + "|" + "-".repeat(25) + "|" + "-".repeat(6);
        lines.add(separator);
        for (var t : report.thresholds()) {
            lines.add(String.format(Locale.ROOT, format, fit(t.threshold(), 60), t.actualText(), t.passed() ? "pass" : "FAIL"));
        }
        lines.add(separator);
        long failed = report.thresholds().stream().filter(t -> !t.passed()).count();
        lines.add(failed == 0 ? "All " + report.thresholds().size() + " thresholds passed"
                : failed + " of " + report.thresholds().size() + " thresholds failed");
        return lines;
    }

    private static String fit(String name, int width) {
        return name.length() <= width ? name : name.substring(0, width - 3) + "...";
    }
}
