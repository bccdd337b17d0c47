package dev.barrage.runner.agent;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The JVM's name resolver. Until {@link #pin} it is the JDK's own; a hosted runner's agent pins it before any
 * scenario code runs: from then on the run's target names answer with the addresses the control plane resolved when
 * the run started (so DNS changed afterwards, rebinding, moves nothing), the platform's own names (Kafka, the control
 * plane, the //DEPS repository) with the addresses they had at that moment, and every other name fails with
 * {@code host not allowed for this run: <name>}. Kafka's client alone may resolve more names live (the brokers it
 * learns from the cluster's metadata): those come from the platform, not from the scenario, and its classes are
 * recognised by their class loader, which scenario code cannot stand in for.
 */
public final class PinnedNameResolver extends InetAddressResolverProvider {
    public static final String REFUSED = dev.barrage.runner.http.TargetNotAllowedException.PREFIX;

    private static volatile Map<String, List<InetAddress>> pinned;
    private static volatile InetAddressResolver builtin;

    @Override
    public InetAddressResolver get(Configuration configuration) {
        builtin = configuration.builtinResolver();
        return new Resolver(configuration.builtinResolver());
    }

    @Override
    public String name() {
        return "barrage-pinned-targets";
    }

    /**
     * Pins the resolver: {@code targets} answer with their given addresses, {@code platformNames} with what they
     * resolve to now; everything else is refused. Fails when this provider is not the JVM's resolver (then nothing
     * would be pinned, and a run must not start like that).
     */
    static void pin(Map<String, List<InetAddress>> targets, Collection<String> platformNames) throws UnknownHostException {
        try {
            InetAddress.getAllByName("localhost"); // the JDK loads its resolver at the first look-up
        } catch (UnknownHostException ignored) {
            // a machine without localhost: the check below still tells whether this provider was loaded
        }
        if (builtin == null) {
            throw new IllegalStateException("the JVM's name resolver is not Barrage's (META-INF/services missing?):"
                    + " the run's targets cannot be pinned");
        }
        Map<String, List<InetAddress>> names = new HashMap<>();
        for (String name : platformNames) {
            String key = normalise(name);
            if (!key.isEmpty() && !names.containsKey(key)) {
                try {
                    names.put(key, builtin.lookupByName(key, InetAddressResolver.LookupPolicy.of(
                            InetAddressResolver.LookupPolicy.IPV4 | InetAddressResolver.LookupPolicy.IPV6)).toList());
                } catch (UnknownHostException e) {
                    // a platform name that does not resolve (an unused //DEPS repository offline): refused like any other
                }
            }
        }
        targets.forEach((name, addresses) -> names.put(normalise(name), List.copyOf(addresses)));
        pinned = Map.copyOf(names);
        try {
            InetAddress.getAllByName("barrage-resolver-check.invalid");
            throw new IllegalStateException("the pinned resolver answered a name it must refuse");
        } catch (UnknownHostException e) {
            if (e.getMessage() == null || !e.getMessage().contains(REFUSED)) {
                throw new IllegalStateException("the JVM does not use the pinned resolver: " + e.getMessage());
            }
        }
    }

    static String normalise(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.startsWith("[") && n.endsWith("]")) {
            n = n.substring(1, n.length() - 1);
        }
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private static final class Resolver implements InetAddressResolver {
        private final InetAddressResolver builtin;

        Resolver(InetAddressResolver builtin) {
            this.builtin = builtin;
        }

        @Override
        public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
            Map<String, List<InetAddress>> names = pinned;
            if (names == null) {
                return builtin.lookupByName(host, policy);
            }
            List<InetAddress> addresses = names.get(normalise(host));
            if (addresses != null) {
                List<InetAddress> allowed = ordered(addresses, policy);
                if (allowed.isEmpty()) {
                    throw new UnknownHostException(host + ": its pinned addresses are not of the family asked for");
                }
                return allowed.stream();
            }
            if (byKafkaClient()) {
                return builtin.lookupByName(host, policy);
            }
            throw new UnknownHostException(REFUSED + host);
        }

        @Override
        public String lookupByAddress(byte[] address) throws UnknownHostException {
            Map<String, List<InetAddress>> names = pinned;
            if (names == null) {
                return builtin.lookupByAddress(address);
            }
            InetAddress wanted = InetAddress.getByAddress(address);
            for (Map.Entry<String, List<InetAddress>> e : names.entrySet()) {
                if (e.getValue().contains(wanted)) {
                    return e.getKey();
                }
            }
            throw new UnknownHostException(REFUSED + wanted.getHostAddress());
        }

        private static List<InetAddress> ordered(List<InetAddress> addresses, LookupPolicy policy) {
            int c = policy.characteristics();
            boolean v4 = (c & LookupPolicy.IPV4) != 0;
            boolean v6 = (c & LookupPolicy.IPV6) != 0;
            List<InetAddress> first = new ArrayList<>();
            List<InetAddress> second = new ArrayList<>();
            for (InetAddress a : addresses) {
                boolean isV6 = a instanceof java.net.Inet6Address;
                if (isV6 && v6) {
                    ((c & LookupPolicy.IPV6_FIRST) != 0 ? first : second).add(a);
                } else if (!isV6 && v4) {
                    ((c & LookupPolicy.IPV6_FIRST) != 0 ? second : first).add(a);
                }
            }
            first.addAll(second);
            return first;
        }

        /** Kafka's own client classes (loaded by the runner's class loader, not a scenario's) are on the stack. */
        private static boolean byKafkaClient() {
            ClassLoader runner = PinnedNameResolver.class.getClassLoader();
            return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames.anyMatch(f ->
                    f.getDeclaringClass().getName().startsWith("org.apache.kafka.clients.")
                            && f.getDeclaringClass().getClassLoader() == runner));
        }
    }
}
