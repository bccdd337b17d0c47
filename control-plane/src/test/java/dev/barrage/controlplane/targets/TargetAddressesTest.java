package dev.barrage.controlplane.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a target's name and pinned addresses are classed; nothing is resolved (all addresses are literals). */
class TargetAddressesTest {
    static TargetAddresses of(String host, String... addresses) throws Exception {
        List<InetAddress> list = new java.util.ArrayList<>();
        for (String a : addresses) {
            list.add(InetAddress.getByName(a));
        }
        return TargetAddresses.of(host, list);
    }

    @Test
    void privateSharedAndClusterAreNeitherPublicNorLoopback() throws Exception {
        for (String a : List.of("10.0.0.1", "172.16.0.1", "172.31.255.254", "192.168.0.1", "100.64.0.1",
                "100.127.255.254", "fc00::1", "fd12:3456::1")) {
            assertThat(of(a, a)).as(a).isEqualTo(TargetAddresses.PRIVATE);
        }
        for (String a : List.of("172.15.0.1", "172.32.0.1", "100.63.255.255", "100.128.0.1", "203.0.113.7", "2001:db8::1")) {
            assertThat(of(a, a)).as(a).isEqualTo(TargetAddresses.PUBLIC);
        }
        for (String name : List.of("redis.shop.svc", "redis.shop.svc.cluster.local", "kafka.cluster.local",
                "ip-10-0-0-1.ec2.internal", "postgres")) {
            assertThat(of(name, "127.0.0.1")).as(name).isEqualTo(TargetAddresses.PRIVATE);
        }
        assertThat(of("localhost", "127.0.0.1")).isEqualTo(TargetAddresses.LOOPBACK);
        // one private address among public ones: private
        assertThat(of("shop.example.com", "203.0.113.7", "10.0.0.7")).isEqualTo(TargetAddresses.PRIVATE);
    }

    @Test
    void metadataLinkLocalWildcardAndMulticastAreNeverTargets() throws Exception {
        for (String a : List.of("169.254.169.254", "fd00:ec2::254", "fe80::1", "0.0.0.0", "224.0.0.1")) {
            assertThat(of(a, a)).as(a).isEqualTo(TargetAddresses.FORBIDDEN);
        }
    }

    @Test
    void allowedRangesAreCidrs() throws Exception {
        AddressRange r = AddressRange.parse("10.20.0.0/16");
        assertThat(r.contains(InetAddress.getByName("10.20.255.1"))).isTrue();
        assertThat(r.contains(InetAddress.getByName("10.21.0.1"))).isFalse();
        assertThat(r.contains(InetAddress.getByName("::1"))).isFalse();
        assertThat(AddressRange.parse("fd12:3456::/32").contains(InetAddress.getByName("fd12:3456:1::9"))).isTrue();
        assertThat(AddressRange.parse("192.168.1.5").contains(InetAddress.getByName("192.168.1.6"))).isFalse();
        assertThatThrownBy(() -> AddressRange.parse("intranet.example/8")).hasMessageContaining("is not an address range");
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/33")).hasMessageContaining("prefix");
    }
}
