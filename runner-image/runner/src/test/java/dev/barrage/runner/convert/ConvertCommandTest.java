package dev.barrage.runner.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What barrage convert says about the parts it cannot convert, and when it cannot convert at all. */
class ConvertCommandTest {
    static final String LOCUSTFILE = """
            from locust import HttpUser, task
            from pyquery import PyQuery


            class Docs(HttpUser):
                @task
                def index(self):
                    r = self.client.get("/")
                    links = PyQuery(r.text)("a")
                    self.client.get("/fast", timeout=3)
            """;

    @TempDir
    Path dir;

    @Test
    void whatCannotBeConvertedIsATodoAtItsPlaceAndAWarningWithLineAndColumn() throws IOException {
        Path py = Files.writeString(dir.resolve("docs_site.py"), LOCUSTFILE);

        LocustfileCorpusTest.Cli run = LocustfileCorpusTest.Cli.run("convert", py.toString(), "-o", dir.toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err().lines()).containsExactly(
                py + ":9:17: not converted: the call PyQuery(...)()",
                py + ":10:42: not converted: the request option timeout= (the request is converted without it)");
        String java = Files.readString(dir.resolve("DocsSite.java"));
        assertThat(java).contains("""
                            var r = client.get("/").send();
                            // TODO(convert) the call PyQuery(...)()
                            //     links = PyQuery(r.text)("a")
                            // TODO(convert) the request option timeout= (the request is converted without it)
                            //     self.client.get("/fast", timeout=3)
                            client.get("/fast").send();
                """);
    }

    @Test
    void strictFailsOnAnyWarningAndWritesNothing() throws IOException {
        Path py = Files.writeString(dir.resolve("docs_site.py"), LOCUSTFILE);

        LocustfileCorpusTest.Cli run = LocustfileCorpusTest.Cli.run("convert", py.toString(), "-o", dir.toString(), "--strict");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().lines().toList().getLast())
                .isEqualTo("barrage convert: --strict: 2 part(s) of " + py + " not converted (listed above); nothing written");
        assertThat(dir.resolve("DocsSite.java")).doesNotExist();
    }

    @Test
    void noUserClassNotPythonThreeAndNoPythonAreBadInput() throws IOException {
        Path none = Files.writeString(dir.resolve("none.py"), "x = 1\n");
        Path py2 = Files.writeString(dir.resolve("old.py"), "class A(HttpLocust):\n    print 'hello'\n");

        assertThat(LocustfileCorpusTest.Cli.run("convert", none.toString()).err()).contains("no user class");
        LocustfileCorpusTest.Cli old = LocustfileCorpusTest.Cli.run("convert", py2.toString());
        assertThat(old.code()).isEqualTo(2);
        assertThat(old.err()).startsWith("barrage convert: old.py:2:5: not Python 3");
        assertThatThrownBy(() -> new PythonSyntaxTree("/nonexistent/python3").parse(none))
                .isInstanceOf(ConvertException.class)
                .hasMessageContaining("needs Python 3").hasMessageContaining("BARRAGE_PYTHON");
    }
}
