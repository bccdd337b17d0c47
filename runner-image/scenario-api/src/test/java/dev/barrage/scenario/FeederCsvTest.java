package dev.barrage.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barrage.scenario.spi.DataFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeederCsvTest {
    @TempDir
    Path dir;

    @Test
    void readsRfc4180QuotingAndBothLineEnds() {
        assertThat(Feeder.Csv.parse("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\nlast,\"multi\nline\"")).containsExactly(
                List.of("a", "b"), List.of("x, y", "say \"hi\""), List.of("last", "multi\nline"));
        assertThat(Feeder.Csv.parse("a,b\n1,\n")).containsExactly(List.of("a", "b"), List.of("1", ""));
    }

    private Feeder load(String text, Feeder.Order order) throws Exception {
        Files.writeString(dir.resolve("data.csv"), text);
        return DataFiles.resolvingWith(dir::resolve, () -> Feeder.csv("data.csv", order));
    }

    @Test
    void handsOutRowsAsMapsInTheChosenOrder() throws Exception {
        Feeder circular = load("id,name\n1,a\n2,b\n", Feeder.Order.CIRCULAR);
        assertThat(List.of(circular.next(), circular.next(), circular.next())).containsExactly(
                Map.of("id", "1", "name", "a"), Map.of("id", "2", "name", "b"), Map.of("id", "1", "name", "a"));

        Feeder once = load("id\n1\n2\n", Feeder.Order.ONCE);
        assertThat(once.next()).containsEntry("id", "1");
        assertThat(once.next()).containsEntry("id", "2");
        assertThatThrownBy(once::next).isInstanceOf(StopUser.class).hasMessage("no more rows in data.csv (2 rows, each used once)");
    }

    @Test
    void refusesFilesItCannotUse() throws Exception {
        assertThatThrownBy(() -> load("id,name\n1\n", Feeder.Order.RANDOM))
                .hasMessage("data.csv line 2 has 1 fields, the header has 2");
        assertThatThrownBy(() -> load("id\n", Feeder.Order.RANDOM)).hasMessageContaining("needs a header line and at least one row");
        assertThatThrownBy(() -> DataFiles.resolvingWith(dir::resolve, () -> Feeder.csv("nope.csv")))
                .hasMessageStartingWith("test data file nope.csv not found");
        assertThatThrownBy(() -> Feeder.csv("data.csv")).hasMessageContaining("declare it in a static field");
    }
}
