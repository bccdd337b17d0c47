package dev.barrage.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The scripts themselves: idempotence, a port taken by someone else, a crashed service. */
@ExtendWith(InfraExtension.class)
class ScriptsIT {

  @Test
  void statusReportsEveryServiceRunning() {
    Infra.Result status = Infra.run("status");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    for (String service : InfraExtension.SERVICES) {
      assertThat(status.output()).as(status.toString()).containsPattern("(?m)^" + service + "\\s+running\\b");
    }
  }

  @Test
  void statusLinesUpItsColumnsForEveryServiceName() {
    Infra.Result status = Infra.run("status", "postgres", "kafka", "keycloak", "control-plane");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    java.util.List<String> lines = status.output().lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).as(status.toString()).hasSize(4);
    // the state starts in the same column on every line, after the longest name (control-plane), and so do the details
    assertThat(lines).allSatisfy(l -> assertThat(l.substring(14)).matches("(running|stopped|starting|crashed)\\b.*"));
    assertThat(lines).allSatisfy(l -> assertThat(l).doesNotEndWith(" "));
    assertThat(lines.stream().filter(l -> l.contains(" running ")).map(l -> l.indexOf("pid ")).distinct().toList())
        .as(status.toString()).singleElement().isEqualTo(23);
  }

  @Test
  void upAgainDoesNotStartSecondCopies() {
    Map<String, Long> before = new HashMap<>();
    for (String service : InfraExtension.SERVICES) {
      before.put(service, Infra.pid(Infra.stateDir(), service));
    }

    Infra.Result again = Infra.run("up");

    assertThat(again.exitCode()).as(again.toString()).isZero();
    for (String service : InfraExtension.SERVICES) {
      assertThat(again.output()).contains(service + ": already running (pid " + before.get(service));
      assertThat(Infra.pid(Infra.stateDir(), service)).as(service + " PID").isEqualTo(before.get(service));
      assertThat(ProcessHandle.of(before.get(service)).map(ProcessHandle::isAlive)).as(service + " alive").contains(true);
    }
    assertThat(again.output()).doesNotContain("started (pid");
  }

  @ParameterizedTest(name = "{0} on a taken port")
  @CsvSource({
      "postgres, BARRAGE_PG_PORT",
      "kafka,    BARRAGE_KAFKA_PORT",
  })
  void aPortAlreadyInUseIsNamedAndRefused(String service, String portVariable) throws IOException {
    Path state = Infra.scratchStateDir("port-" + service);
    try (ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = squatter.getLocalPort();
      Map<String, String> env = new HashMap<>();
      env.put("BARRAGE_STATE_DIR", state.toString());
      env.put(portVariable, Integer.toString(port));
      env.put("BARRAGE_KAFKA_CONTROLLER_PORT", Integer.toString(Infra.freePort()));

      Infra.Result up = Infra.run(env, Duration.ofMinutes(2), "up", service);

      assertThat(up.exitCode()).as(up.toString()).isNotZero();
      assertThat(up.output()).as(up.toString())
          .contains("port " + port + " is already in use")
          .contains(portVariable + "=");
      assertThat(state.resolve(service).resolve(service + ".pid")).doesNotExist();
    } finally {
      deleteTree(state);
    }
  }

  @Test
  void aKilledServiceIsReportedAsCrashedThenCleanedUp() throws Exception {
    Path state = Infra.scratchStateDir("crash");
    Map<String, String> env = Map.of(
        "BARRAGE_STATE_DIR", state.toString(),
        "BARRAGE_PG_PORT", Integer.toString(Infra.freePort()));
    try {
      Infra.Result up = Infra.run(env, Duration.ofMinutes(2), "up", "postgres");
      assertThat(up.exitCode()).as(up.toString()).isZero();
      Infra.Result healthy = Infra.run(env, Duration.ofMinutes(1), "status", "postgres");
      assertThat(healthy.exitCode()).as(healthy.toString()).isZero();
      assertThat(healthy.output()).containsPattern("(?m)^postgres\\s+running\\b");

      long pid = Infra.pid(state, "postgres");
      ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
      assertThat(process.destroyForcibly()).isTrue();   // SIGKILL
      process.onExit().get(java.util.concurrent.TimeUnit.SECONDS.toMillis(30), java.util.concurrent.TimeUnit.MILLISECONDS);

      Infra.Result crashed = Infra.run(env, Duration.ofMinutes(1), "status");
      assertThat(crashed.exitCode()).as(crashed.toString()).isNotZero();
      assertThat(crashed.output()).as(crashed.toString())
          .containsPattern("(?m)^postgres\\s+crashed\\b.*" + pid)
          .containsPattern("(?m)^kafka\\s+stopped\\b");

      Infra.Result down = Infra.run(env, Duration.ofMinutes(1), "down");
      assertThat(down.exitCode()).as(down.toString()).isZero();
      Infra.Result after = Infra.run(env, Duration.ofMinutes(1), "status");
      assertThat(after.exitCode()).as(after.toString()).isZero();
      assertThat(after.output()).containsPattern("(?m)^postgres\\s+stopped\\b");
    } finally {
      Infra.run(env, Duration.ofMinutes(2), "down");
      deleteTree(state);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
