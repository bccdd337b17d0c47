package dev.barrage.scenario;

import dev.barrage.scenario.spi.DataFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test data from a CSV file next to the scenario, shared by all users of this runner. The first line names the
 * columns; each {@link #next()} hands out one row as a map from column name to value. Declare it in a static field,
 * so that it is read (and a missing file reported) when the scenario loads:
 *
 * <pre>{@code static final Feeder ACCOUNTS = Feeder.csv("accounts.csv", Feeder.Order.ONCE);}</pre>
 */
public final class Feeder {
    /** How rows are handed out. */
    public enum Order {
        /** In file order, starting over after the last row. */
        CIRCULAR,
        /** A row picked at random each time. */
        RANDOM,
        /**
         * Each row once, in file order; in a run on several runners each runner takes every n-th row, so no row is
         * used twice in the whole run. What happens after the last row is {@link WhenExhausted}.
         */
        ONCE
    }

    /** What a {@link Order#ONCE} feeder does once every row has been handed out. */
    public enum WhenExhausted {
        /** The user asking is stopped (the default); the others go on until they ask. */
        STOP_USER,
        /** The whole run stops (on every runner of a platform run). */
        STOP_RUN,
        /** Start over from this runner's first row: rows are reused, which the report says. */
        WRAP
    }

    private final String file;
    private final List<Map<String, String>> rows;
    private final Order order;
    private final WhenExhausted whenExhausted;
    private final String shareText;
    private final AtomicLong next = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean reported = new java.util.concurrent.atomic.AtomicBoolean();
    private final long loadedNanos = System.nanoTime();

    private Feeder(String file, List<Map<String, String>> rows, Order order, WhenExhausted whenExhausted,
            String shareText) {
        this.file = file;
        this.rows = rows;
        this.order = order;
        this.whenExhausted = whenExhausted;
        this.shareText = shareText;
    }

    /** The rows of {@code file} in circular order. */
    public static Feeder csv(String file) {
        return csv(file, Order.CIRCULAR);
    }

    public static Feeder csv(String file, Order order) {
        return csv(file, order, WhenExhausted.STOP_USER);
    }

    /** Rows each used once across the whole run, and what to do when they run out. */
    public static Feeder csv(String file, Order order, WhenExhausted whenExhausted) {
        Path path = DataFiles.resolve(file);
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("test data file " + file + " not found (looked for " + path + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read test data file " + path + ": " + e.getMessage(), e);
        }
        List<List<String>> lines = Csv.parse(text);
        if (lines.size() < 2) {
            throw new IllegalArgumentException("test data file " + file + " needs a header line and at least one row");
        }
        List<String> header = lines.getFirst();
        List<Map<String, String>> rows = new ArrayList<>(lines.size() - 1);
        for (int i = 1; i < lines.size(); i++) {
            List<String> cells = lines.get(i);
            if (cells.size() != header.size()) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " has " + cells.size()
                        + " fields, the header has " + header.size());
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c), cells.get(c));
            }
            rows.add(Collections.unmodifiableMap(row));
        }
        String shareText = "";
        if (order == Order.ONCE) {
            DataFiles.Share share = DataFiles.share();
            if (share.count() > 1) {
                int all = rows.size();
                List<Map<String, String>> mine = new ArrayList<>();
                for (int i = share.index(); i < all; i += share.count()) {
                    mine.add(rows.get(i));
                }
                rows = mine;
                shareText = " on runner " + share.index() + " of " + share.count() + " (of " + all + " in all)";
            }
        }
        return new Feeder(file, List.copyOf(rows), order, whenExhausted, shareText);
    }

    /** The next row; with {@link Order#ONCE}, stops the calling user when every row has been handed out. */
    public Map<String, String> next() {
        return switch (order) {
            case CIRCULAR -> rows.get((int) (next.getAndIncrement() % rows.size()));
            case RANDOM -> rows.get(ThreadLocalRandom.current().nextInt(rows.size()));
            case ONCE -> {
                long i = next.getAndIncrement();
                if (i >= rows.size()) {
                    yield exhausted(i);
                }
                yield rows.get((int) i);
            }
        };
    }

    private Map<String, String> exhausted(long i) {
        if (reported.compareAndSet(false, true)) {
            long seconds = (System.nanoTime() - loadedNanos) / 1_000_000_000L;
            DataFiles.exhausted(file + " ran out of rows " + String.format("%d:%02d", seconds / 60, seconds % 60)
                    + " after loading (" + rows.size() + " rows" + shareText + ", each used once); "
                    + switch (whenExhausted) {
                        case STOP_USER -> "users asking for more are stopped";
                        case STOP_RUN -> "the run stops";
                        case WRAP -> "rows are used again from the first";
                    }, whenExhausted == WhenExhausted.STOP_RUN);
        }
        if (whenExhausted == WhenExhausted.WRAP && !rows.isEmpty()) {
            return rows.get((int) (i % rows.size()));
        }
        throw new StopUser("no more rows in " + file + " (" + rows.size() + " rows" + shareText + ", each used once)");
    }

    public int size() {
        return rows.size();
    }

    /** RFC 4180: commas, double quotes doubled inside quoted fields, CRLF or LF line ends; blank lines skipped. */
    static final class Csv {
        private Csv() {}

        static List<List<String>> parse(String text) {
            List<List<String>> lines = new ArrayList<>();
            List<String> line = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            boolean any = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                    any = true;
                } else if (c == ',') {
                    line.add(cell.toString());
                    cell.setLength(0);
                    any = true;
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    if (any || cell.length() > 0) {
                        line.add(cell.toString());
                        lines.add(line);
                    }
                    line = new ArrayList<>();
                    cell.setLength(0);
                    any = false;
                } else {
                    cell.append(c);
                    any = true;
                }
            }
            if (any || cell.length() > 0) {
                line.add(cell.toString());
                lines.add(line);
            }
            return lines;
        }
    }
}
