package dev.barrage.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Where the services are, and a way to run the infra scripts. */
final class Infra {

  static final Path ROOT = locateRoot();

  private Infra() {}

  static int pgPort() { return intEnv("BARRAGE_PG_PORT", 15432); }
  static int kafkaPort() { return intEnv("BARRAGE_KAFKA_PORT", 19092); }
  static int keycloakPort() { return intEnv("BARRAGE_KEYCLOAK_PORT", 18080); }

  static String host() { return env("BARRAGE_BIND_HOST", "127.0.0.1"); }

  static String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host() + ":" + pgPort() + "/" + database;
  }

  static String kafkaBootstrap() { return host() + ":" + kafkaPort(); }

  /** Client settings as infra/kafka's super user: bootstrap servers and the SASL/SCRAM login from the state folder. */
  static java.util.Properties kafkaAdmin() {
    java.util.Properties p = new java.util.Properties();
    p.put("bootstrap.servers", kafkaBootstrap());
    try (var in = Files.newInputStream(stateDir().resolve("kafka/client.properties"))) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("infra/up kafka writes the client settings into " + stateDir().resolve("kafka"), e);
    }
    return p;
  }

  /** Where we send HTTP requests. */
  static String keycloakUrl() { return "http://" + host() + ":" + keycloakPort(); }

  /** The public name Keycloak puts in tokens (fixed by infra/keycloak/service.sh). */
  static String keycloakIssuer() {
    return env("BARRAGE_KEYCLOAK_HOSTNAME", "http://localhost:" + keycloakPort()) + "/realms/barrage";
  }

  static Path stateDir() {
    String dir = System.getenv("BARRAGE_STATE_DIR");
    return dir == null || dir.isBlank() ? ROOT.resolve(".state") : Path.of(dir);
  }

  /** A fresh state folder for throwaway instances, under this module's target folder. */
  static Path scratchStateDir(String name) {
    Path dir = ROOT.resolve("infra/tests/target/it-state").resolve(name + "-" + ProcessHandle.current().pid());
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  static long pid(Path stateDir, String service) {
    Path file = stateDir.resolve(service).resolve(service + ".pid");
    try {
      return Long.parseLong(Files.readString(file).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("no PID file " + file, e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  record Result(int exitCode, String output) {
    @Override
    public String toString() {
      return "exit " + exitCode + ":\n" + output;
    }
  }

  /** Runs infra/SCRIPT with ARGS and extra environment variables; output and errors merged. */
  static Result run(Map<String, String> env, Duration timeout, String script, String... args) {
    List<String> command = new ArrayList<>();
    command.add(ROOT.resolve("infra").resolve(script).toString());
    command.addAll(List.of(args));
    Path out = null;
    try {
      out = Files.createTempFile("infra-" + script, ".out");
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(ROOT.toFile())
          .redirectErrorStream(true)
          .redirectOutput(out.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().put("NO_COLOR", "1");
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new AssertionError("infra/" + script + " " + String.join(" ", args) + " did not finish within "
            + timeout + "; output so far:\n" + Files.readString(out, StandardCharsets.UTF_8));
      }
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }

  static Result run(String script, String... args) {
    return run(Map.of(), Duration.ofMinutes(5), script, args);
  }

  private static Path locateRoot() {
    String configured = System.getProperty("barrage.root");
    Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
    for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
      if (Files.isExecutable(p.resolve("infra/up")) && Files.isRegularFile(p.resolve("infra/lib.sh"))) {
        return p;
      }
    }
    throw new IllegalStateException("cannot find the repository root (with infra/up) from " + start);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static int intEnv(String name, int fallback) {
    return Integer.parseInt(env(name, Integer.toString(fallback)));
  }
}
