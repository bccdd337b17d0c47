package dev.barrage.controlplane.targets;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** A CIDR range such as {@code 10.20.0.0/16} or {@code fd12:3456::/48}. */
record AddressRange(byte[] network, int prefix) {
    static AddressRange parse(String cidr) {
        String text = cidr.trim();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (!address.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new IllegalArgumentException("barrage.targets.allowed-ranges: '" + cidr + "' is not an address range"
                    + " such as 10.20.0.0/16");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("barrage.targets.allowed-ranges: '" + cidr + "' is not an address range");
        }
        int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("barrage.targets.allowed-ranges: the prefix of '" + cidr + "' is out of range");
        }
        return new AddressRange(bytes, prefix);
    }

    boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int bits = a.length * 8;
        BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
        return new BigInteger(1, a).and(mask).equals(new BigInteger(1, network).and(mask));
    }
}
