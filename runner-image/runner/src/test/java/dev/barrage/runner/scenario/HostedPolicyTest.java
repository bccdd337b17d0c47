package dev.barrage.runner.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barrage.runner.cli.BarrageCommandAccess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules for scenarios run on the platform: each forbidden API is refused at its line and column, with a message
 * that names it and says what to use instead; ordinary scenario code passes; a scenario run from one's own machine is
 * not checked at all.
 */
class HostedPolicyTest {
    /** Where the error must point: just after this comment in the snippet. */
    private static final String MARK = "/*>*/";

    @TempDir
    Path dir;

    static Stream<Arguments> forbidden() {
        return Stream.of(
                Arguments.of("System./*>*/exit(3);", "System.exit", "throw new StopUser()"),
                Arguments.of("Runtime.getRuntime()./*>*/halt(1);", "Runtime.halt", "cannot end the runner"),
                Arguments.of("Runtime.getRuntime()./*>*/addShutdownHook(null);", "Runtime.addShutdownHook", "cannot end"),
                Arguments.of("Runtime.getRuntime()./*>*/exec(new String[] {\"ls\"});", "Runtime.exec", "other processes"),
                Arguments.of("/*>*/new ProcessBuilder(\"ls\").start();", "new ProcessBuilder", "other processes"),
                Arguments.of("ProcessHandle./*>*/current();", "ProcessHandle.current", "other processes"),
                Arguments.of("/*>*/new java.io.File(\"/etc/passwd\").exists();", "new File", "Feeder.csv"),
                Arguments.of("java.nio.file.Files./*>*/readString(null);", "Files.readString", "Feeder.csv"),
                Arguments.of("java.nio.file.Path./*>*/of(\"/etc/passwd\");", "Path.of", "Feeder.csv"),
                Arguments.of("java.nio.file.Paths./*>*/get(\"/etc\");", "Paths.get", "Feeder.csv"),
                Arguments.of("/*>*/new java.io.FileInputStream(\"/etc/passwd\").close();", "new FileInputStream", "Feeder.csv"),
                Arguments.of("/*>*/new java.io.FileWriter(\"../x\").close();", "new FileWriter", "Feeder.csv"),
                Arguments.of("/*>*/new java.io.RandomAccessFile(\"/tmp/x\", \"rw\").close();", "new RandomAccessFile", "Feeder.csv"),
                Arguments.of("java.nio.channels.FileChannel./*>*/open(null);", "FileChannel.open", "Feeder.csv"),
                Arguments.of("/*>*/new Thread(() -> {}).start();", "new Thread", "background(...)"),
                Arguments.of("/*>*/new Thread() { public void run() {} }.start();", "new Thread", "background(...)"),
                Arguments.of("Thread./*>*/ofPlatform().start(() -> {});", "Thread.ofPlatform", "background(...)"),
                Arguments.of("Thread./*>*/startVirtualThread(() -> {});", "Thread.startVirtualThread", "background(...)"),
                Arguments.of("java.util.concurrent.Executors./*>*/newFixedThreadPool(4);", "Executors.newFixedThreadPool",
                        "background(...)"),
                Arguments.of("/*>*/new java.util.concurrent.ForkJoinPool(4);", "new ForkJoinPool", "background(...)"),
                Arguments.of("/*>*/new java.util.Timer();", "new Timer", "background(...)"),
                Arguments.of("Runnable r = /*>*/Thread::new;", "new Thread", "background(...)"),
                Arguments.of("java.util.function.IntConsumer exit = /*>*/System::exit;", "System.exit", "StopUser"),
                Arguments.of("System./*>*/loadLibrary(\"evil\");", "System.loadLibrary", "native code"),
                Arguments.of("String.class.getDeclaredFields()[0]./*>*/setAccessible(true);", "Field.setAccessible",
                        "reflection"),
                Arguments.of("Class./*>*/forName(\"java.lang.System\");", "Class.forName", "reflection"),
                Arguments.of("sun.misc.Unsafe./*>*/getUnsafe();", "Unsafe.getUnsafe", "native code"),
                Arguments.of("java.lang.management.ManagementFactory./*>*/getRuntimeMXBean();",
                        "ManagementFactory.getRuntimeMXBean", "runner's JVM"),
                Arguments.of("com.sun.tools.attach.VirtualMachine./*>*/list();", "VirtualMachine.list", "runner's JVM"),
                Arguments.of("System./*>*/setOut(null);", "System.setOut", "whole runner"),
                Arguments.of("new java.net.URL(\"file:///etc/passwd\")./*>*/openStream();", "URL.openStream", "client"),
                // the gaps of the old deny list, and what an allow list closes besides
                Arguments.of("String home = System./*>*/getenv(\"HOME\");", "System.getenv", "parameter(\"KEY\")"),
                Arguments.of("var all = System./*>*/getenv();", "System.getenv", "run's credentials"),
                Arguments.of("java.util.function.Supplier<?> env = /*>*/System::getenv;", "System.getenv", "parameter("),
                Arguments.of("System./*>*/getProperties().list(System.out);", "System.getProperties", "parameter("),
                Arguments.of("String dir = System./*>*/getProperty(\"user.home\");", "System.getProperty", "parameter("),
                Arguments.of("Integer n = Integer./*>*/getInteger(\"x\");", "Integer.getInteger", "parameter("),
                Arguments.of("java.nio.file.spi.FileSystemProvider./*>*/installedProviders();",
                        "FileSystemProvider.installedProviders", "Feeder.csv"),
                Arguments.of("/*>*/new java.io.PrintStream(\"/tmp/x\").close();", "new PrintStream", "Feeder.csv"),
                Arguments.of("/*>*/new java.net.Socket(\"127.0.0.1\", 9).close();", "new Socket", "client (HTTP)"),
                Arguments.of("java.nio.channels.SocketChannel./*>*/open().close();", "SocketChannel.open", "Jedis"),
                Arguments.of("/*>*/new java.net.DatagramSocket().close();", "new DatagramSocket", "not with sockets"),
                Arguments.of("java.net.InetAddress./*>*/getByName(\"x.example\");", "InetAddress.getByName", "client"),
                Arguments.of("java.net.http.HttpClient./*>*/newHttpClient();", "HttpClient.newHttpClient",
                        "with client (the user's HTTP client)"),
                Arguments.of("/*>*/new java.beans.XMLDecoder(new java.io.ByteArrayInputStream(new byte[0])).close();",
                        "new XMLDecoder", "reflection"),
                Arguments.of("java.util.concurrent.CompletableFuture./*>*/runAsync(() -> {}).join();",
                        "CompletableFuture.runAsync", "background(...)"),
                Arguments.of("java.util.concurrent.CompletableFuture./*>*/supplyAsync(() -> 1).join();",
                        "CompletableFuture.supplyAsync", "background(...)"),
                Arguments.of("java.util.concurrent.ForkJoinPool./*>*/commonPool();", "ForkJoinPool.commonPool",
                        "background(...)"),
                Arguments.of("java.util.List.of(1, 2)./*>*/parallelStream().count();", "List.parallelStream",
                        "background(...)"),
                Arguments.of("/*>*/new javax.naming.InitialContext().lookup(\"ldap://x.example/a\");",
                        "new InitialContext", "JNDI"),
                Arguments.of("java.sql.DriverManager./*>*/getConnection(\"jdbc:h2:mem:\");",
                        "DriverManager.getConnection", "JDBC"),
                Arguments.of("java.lang.invoke.MethodHandles./*>*/lookup();", "MethodHandles.lookup", "reflection"),
                Arguments.of("java.lang.invoke.MethodHandles./*>*/publicLookup();", "MethodHandles.publicLookup",
                        "reflection"),
                Arguments.of("java.util.ServiceLoader./*>*/load(Runnable.class).findFirst();", "ServiceLoader.load",
                        "class loading"),
                Arguments.of("Object o = String.class./*>*/getDeclaredMethods();", "Class.getDeclaredMethods",
                        "reflection"),
                Arguments.of("Object l = /*>*/new ClassLoader() {};", "new ClassLoader", "class loading"),
                Arguments.of("/*>*/new java.io.ObjectInputStream(null).readObject();", "new ObjectInputStream",
                        "reflection"),
                Arguments.of("Object u = dev.barrage.scenario.spi.DataFiles./*>*/share();", "DataFiles.share",
                        "Feeder.csv"),
                Arguments.of("java.awt.Toolkit./*>*/getDefaultToolkit();", "Toolkit.getDefaultToolkit",
                        "not on the list"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("forbidden")
    void eachForbiddenApiIsRefusedAtItsLineAndColumn(String statement, String api, String advice)
            throws IOException, ScenarioException {
        String source = """
                import dev.barrage.scenario.*;

                public class Hostile extends HttpUser {
                    @Task void harm() throws Exception {
                        %s
                    }
                }
                """.formatted(statement);
        int mark = source.indexOf(MARK) + MARK.length();
        long line = source.substring(0, mark).lines().count();
        long column = mark - (source.lastIndexOf('\n', mark) + 1) + 1;
        Path file = write("Hostile.java", source.replace(MARK, "     ")); // same width: the column stays

        assertThatThrownBy(() -> ScenarioCompiler.hosted().compile(file))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("Hostile.java:" + line + ":" + column + ": " + api
                        + " is not allowed in a hosted scenario: ")
                .hasMessageContaining(advice)
                .hasMessageContaining("checking the hosted scenario rules of Hostile.java");

        // the same file is fine to run from one's own machine, as a locustfile is
        assertThat(new ScenarioCompiler().compile(file).classes()).isNotEmpty();
    }

    @Test
    void theErrorShowsTheLineWithACaretUnderTheCall() throws IOException {
        Path file = write("Quit.java", """
                import dev.barrage.scenario.*;
                import static java.lang.System.exit;

                public class Quit extends HttpUser {
                    static class Worker extends Thread {}

                    @Task void a() { exit(1); }
                    @Task void b() { new Worker().start(); }
                }
                """);

        assertThatThrownBy(() -> ScenarioCompiler.hosted().compile(file))
                .hasMessageContaining("""
                        Quit.java:7:22: System.exit is not allowed in a hosted scenario: a scenario cannot end the runner: \
                        throw new StopUser() to stop a user; the run ends at its duration or when it is stopped
                                @Task void a() { exit(1); }
                                                 ^
                        """)
                .hasMessageContaining("Quit.java:8:22: new Quit.Worker (a Thread) is not allowed in a hosted scenario")
                .hasMessageEndingWith("\n2 errors checking the hosted scenario rules of Quit.java");
    }

    @Test
    void ordinaryScenarioCodePasses() throws IOException, ScenarioException {
        write("users.csv", "name\nann\nbob\n");
        Path file = write("Fine.java", """
                import dev.barrage.scenario.*;
                import java.time.Duration;
                import java.util.Map;
                import java.util.concurrent.CompletableFuture;
                import java.util.concurrent.ThreadLocalRandom;
                import java.util.concurrent.atomic.AtomicLong;

                public class Fine extends HttpUser {
                    static final Feeder USERS = Feeder.csv("users.csv");
                    static final AtomicLong SEEN = new AtomicLong();

                    @Override protected WaitTime waitTime() { return between(Duration.ofMillis(10), Duration.ofMillis(20)); }

                    @Task void browse() throws Exception {
                        long started = System.nanoTime();
                        client.get("/items/" + ThreadLocalRandom.current().nextInt(100)).name("/items/[id]").send();
                        record("custom", "took", Duration.ofNanos(System.nanoTime() - started));
                        Thread.sleep(1);
                        SEEN.incrementAndGet();
                        String user = USERS.next().get("name");
                        client.post("/login").json(Map.of("username", user)).send();
                        CompletableFuture.completedFuture(user).thenApply(String::length).join();
                        record Item(String name, int count) {}
                        String kind = switch (new Item(user, 1)) {
                            case Item(String n, int c) when c > 1 -> "many " + n;
                            case Item i -> "one " + i.name();
                        };
                        client.get("/kind/" + kind + java.util.Base64.getEncoder().encodeToString(kind.getBytes())
                                + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                        .digest(kind.getBytes(java.nio.charset.StandardCharsets.UTF_8)))).send();
                        System.out.println(String.format("%s %d", Thread.currentThread().getName(), SEEN.get()));
                    }

                    @Task void later() {
                        background("job", "done", http -> http.get("/fast").send());
                    }
                }
                """);

        assertThat(ScenarioModel.of(ScenarioCompiler.hosted().compile(file), true).userClasses()).hasSize(1);
    }

    /** Every example and benchmark scenario, those with //DEPS (Jedis, and its Gson, org.json, commons-pool2, SLF4J) too. */
    @Test
    void everyExampleAndBenchmarkScenarioKeepsToTheRules() throws IOException, ScenarioException {
        List<Path> scenarios = new java.util.ArrayList<>();
        for (String folder : List.of("../../examples", "../../bench/scenarios")) {
            try (Stream<Path> files = Files.list(Path.of(folder).toAbsolutePath().normalize())) {
                files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(scenarios::add);
            }
        }
        assertThat(scenarios).extracting(p -> p.getFileName().toString()).contains("RedisPubSub.java", "Get.java");
        for (Path scenario : scenarios) {
            Path copy = dir.resolve(scenario.getFileName());
            Files.copy(scenario, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertThat(ScenarioCompiler.hosted().compile(copy).classes()).as(scenario.toString()).isNotEmpty();
        }
    }

    @Test
    void aStaticInitializerIsCheckedLikeAnyCode() throws IOException {
        Path file = write("Init.java", """
                import dev.barrage.scenario.*;

                public class Init extends HttpUser {
                    static final String TOKEN = System.getenv("BARRAGE_RUN_TOKEN");
                    static { try (var s = new java.net.Socket("127.0.0.1", 9)) { s.getOutputStream().write(1); } catch (Exception e) { } }
                    @Task void a() { client.get("/" + TOKEN).send(); }
                }
                """);

        assertThatThrownBy(() -> ScenarioCompiler.hosted().compile(file))
                .hasMessageContaining("Init.java:4:40: System.getenv is not allowed in a hosted scenario: "
                        + "the runner's environment")
                .hasMessageContaining("Init.java:5:27: new Socket is not allowed in a hosted scenario")
                .hasMessageEndingWith("\n2 errors checking the hosted scenario rules of Init.java");
    }

    @Test
    void aHostedScenarioReadsTestDataOnlyFromItsOwnFolder() throws IOException, ScenarioException {
        Files.writeString(dir.resolve("outside.csv"), "secret\nx\n");
        Path folder = Files.createDirectories(dir.resolve("scenario"));
        Path file = Files.writeString(folder.resolve("Sneaky.java"), """
                import dev.barrage.scenario.*;

                public class Sneaky extends HttpUser {
                    static final Feeder DATA = Feeder.csv("../outside.csv");
                    @Task void a() { client.get("/" + DATA.next().get("secret")).send(); }
                }
                """);

        assertThatThrownBy(() -> ScenarioModel.of(ScenarioCompiler.hosted().compile(file), true))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("Sneaky.java:4: test data file ../outside.csv is outside the scenario's folder");
        assertThat(ScenarioModel.of(new ScenarioCompiler().compile(file)).dataFiles())
                .as("from one's own machine any path is fine").hasSize(1);
    }

    @Test
    void barrageCheckAppliesTheRulesOnlyWhenAskedToWithHosted() throws IOException {
        Path file = write("Exits.java", """
                import dev.barrage.scenario.*;

                public class Exits extends HttpUser {
                    @Task void a() { System.exit(0); }
                }
                """);

        StringWriter err = new StringWriter();
        assertThat(BarrageCommandAccess.execute(List.of("check", "-f", file.toString()), new PrintWriter(new StringWriter()),
                new PrintWriter(err, true))).as(err.toString()).isZero();

        int hosted = BarrageCommandAccess.execute(List.of("check", "--hosted", "-f", file.toString()),
                new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        assertThat(hosted).isEqualTo(2);
        assertThat(err.toString()).startsWith("Exits.java:4:29: System.exit is not allowed in a hosted scenario");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
