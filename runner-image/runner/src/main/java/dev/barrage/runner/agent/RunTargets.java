package dev.barrage.runner.agent;

import dev.barrage.protocol.launch.PinnedTargets;
import dev.barrage.runner.http.TargetAllowList;
import dev.barrage.runner.scenario.ScenarioCompiler;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a hosted runner may reach: the run's pinned targets, and by name the platform's own services. */
final class RunTargets {
    private RunTargets() {}

    /** Before anything else, and so before any scenario code: see {@link PinnedNameResolver}. */
    static void pin(AgentSettings settings) throws UnknownHostException {
        Map<String, List<InetAddress>> targets = new LinkedHashMap<>();
        for (PinnedTargets.Target t : settings.targets()) {
            List<InetAddress> addresses = new ArrayList<>();
            for (String a : t.addresses()) {
                addresses.add(literal(a));
            }
            targets.merge(t.host(), addresses, (x, y) -> {
                List<InetAddress> both = new ArrayList<>(x);
                y.stream().filter(a -> !both.contains(a)).forEach(both::add);
                return both;
            });
        }
        PinnedNameResolver.pin(targets, platformNames(settings));
    }

    /** An address as the control plane wrote it; a name here would be resolved, which is never meant. */
    private static InetAddress literal(String address) throws UnknownHostException {
        if (!address.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new UnknownHostException("a pinned address must be an IP address, got '" + address + "'");
        }
        return InetAddress.getByName(address);
    }

    /** Kafka's bootstrap servers, the control plane's runner API, the //DEPS repository. */
    static List<String> platformNames(AgentSettings settings) {
        List<String> names = new ArrayList<>();
        for (String server : settings.kafkaBootstrap().split(",")) {
            String s = server.trim();
            int colon = s.lastIndexOf(':');
            names.add(colon > 0 && !s.endsWith("]") ? s.substring(0, colon) : s);
        }
        names.add(settings.bundleUrl().getHost());
        names.add(URI.create(ScenarioCompiler.DEPENDENCY_REPOSITORY).getHost());
        return names;
    }

    /** The HTTP client's side of the same list: host and port. */
    static TargetAllowList allowList(AgentSettings settings) {
        return TargetAllowList.of(settings.targets().stream()
                .map(t -> new TargetAllowList.HostPort(t.host(), t.port())).toList());
    }
}
