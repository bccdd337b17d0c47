package dev.barrage.runner.cli;

import dev.barrage.runner.demo.DemoTarget;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo-target", mixinStandardHelpOptions = true,
        description = "Serve the demo target on 127.0.0.1 (fast, slow, flaky, JSON items, login, cart) until stopped.")
final class DemoTargetCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8099", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of /flaky and /latency (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--latency-min-ms", defaultValue = "5", description = "Lower bound of /latency (default: ${DEFAULT-VALUE}).")
    int latencyMin;

    @Option(names = "--latency-max-ms", defaultValue = "50", description = "Upper bound of /latency (default: ${DEFAULT-VALUE}).")
    int latencyMax;

    @Override
    public Integer call() throws Exception {
        if (latencyMin < 0 || latencyMax < latencyMin) {
            System.err.println("barrage demo-target: --latency-min-ms must be >= 0 and <= --latency-max-ms");
            return 2;
        }
        DemoTarget target;
        try {
            target = DemoTarget.start("127.0.0.1", port, seed, latencyMin, latencyMax);
        } catch (java.net.BindException e) {
            System.err.println("barrage demo-target: port " + port + " is already in use");
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            target.close();
            stopped.countDown();
        }));
        System.out.println("Demo target listening on " + target.uri() + " (counts at " + target.uri() + "/admin/counts)");
        stopped.await();
        return 0;
    }
}
