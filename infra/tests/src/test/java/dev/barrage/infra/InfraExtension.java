package dev.barrage.infra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the services once per test run through {@code infra/up}, and at the end stops the ones that were
 * not already running before (so a developer's running services are left alone). Set the system property
 * {@code barrage.infra.keep=true} or the variable {@code BARRAGE_INFRA_KEEP=1} to leave everything running.
 */
public final class InfraExtension implements BeforeAllCallback {

  static final List<String> SERVICES = List.of("postgres", "kafka", "keycloak");

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(InfraExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    Session session = context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(Session.class, k -> new Session(), Session.class);
    if (session.failure != null) {
      throw new AssertionError("infra/up failed, so the services are not there:\n" + session.failure);
    }
  }

  /** One per test run; closed by JUnit when the run ends. */
  static final class Session implements AutoCloseable {
    final List<String> startedHere = new ArrayList<>();
    final String failure;

    Session() {
      Infra.Result before = Infra.run("status");
      for (String service : SERVICES) {
        boolean running = before.output().lines()
            .anyMatch(line -> line.matches("^" + service + "\\s+running\\b.*"));
        if (!running) {
          startedHere.add(service);
        }
      }
      long t0 = System.nanoTime();
      Infra.Result up = Infra.run(Map.of(), Duration.ofMinutes(15), "up");
      System.out.printf("[infra-tests] infra/up took %d s (services started by this run: %s)%n%s%n",
          Duration.ofNanos(System.nanoTime() - t0).toSeconds(), startedHere, up.output());
      failure = up.exitCode() == 0 ? null : up.toString();
    }

    @Override
    public void close() {
      boolean keep = Boolean.getBoolean("barrage.infra.keep") || System.getenv("BARRAGE_INFRA_KEEP") != null;
      if (keep || startedHere.isEmpty()) {
        System.out.println("[infra-tests] leaving the services running");
        return;
      }
      Infra.Result down = Infra.run("down", startedHere.toArray(String[]::new));
      System.out.println("[infra-tests] infra/down " + String.join(" ", startedHere) + "\n" + down.output());
    }
  }
}
