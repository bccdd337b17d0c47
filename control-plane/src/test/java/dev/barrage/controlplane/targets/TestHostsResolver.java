package dev.barrage.controlplane.targets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The test JVM's name resolver (the JDK's resolver SPI, registered in META-INF/services): names listed in the hosts
 * file the tests rewrite ({@code test-resolver.hosts-file}, outside the {@code barrage.} prefix, whose unknown keys Quarkus refuses) answer from it, read again on every lookup, so rewriting it is
 * DNS rebinding; the reserved names (example.com, .test, .invalid...) answer "unknown" unless listed; every other name goes to the JDK's own
 * resolver. Unlike {@code jdk.net.hosts.file}, the rest of the JVM (Quarkus resolving its own artifacts on a fresh
 * Maven cache) still reaches real names.
 */
public final class TestHostsResolver extends InetAddressResolverProvider {
    static final String PROPERTY = "test-resolver.hosts-file";
    /** RFC 2606/6761 names: never sent to a real resolver, whatever network the machine has. */
    private static final Pattern RESERVED =
            Pattern.compile("(^|.*\\.)(test|example|invalid|local|localhost|example\\.(com|org|net))$");

    /** The hosts file of this JVM, or null when the property is not set (a plain JVM: the JDK's resolver only). */
    public static Path file() {
        String path = System.getProperty(PROPERTY);
        return path == null ? null : Path.of(path);
    }

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                String name = host.toLowerCase(Locale.ROOT);
                List<InetAddress> listed = listed(name);
                if (!listed.isEmpty()) {
                    return listed.stream();
                }
                if (RESERVED.matcher(name).matches()) {
                    throw new UnknownHostException(host + ": not in the test hosts file");
                }
                return builtin.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                return builtin.lookupByAddress(addr);
            }
        };
    }

    private static List<InetAddress> listed(String name) {
        Path file = file();
        if (file == null || !Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file).stream()
                    .map(line -> line.replaceFirst("#.*", "").trim())
                    .filter(line -> !line.isEmpty())
                    .map(line -> line.split("\\s+"))
                    .filter(fields -> Stream.of(fields).skip(1).anyMatch(n -> n.equalsIgnoreCase(name)))
                    .map(fields -> literal(fields[0]))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address); // a literal address: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address in the test hosts file: " + address, e);
        }
    }

    @Override
    public String name() {
        return "barrage-test-hosts";
    }
}
