package io.github.ipvs4j.internal;

import java.net.InetAddress;

/**
 * Netmasks: IPv4 ones as the kernel's 32-bit big-endian values, and the network of an address of either
 * family. Shared by ipvs4j's modules, not API.
 */
public final class Netmasks {
    private Netmasks() {
    }

    /**
     * Returns the network an address is in: its first {@code prefixLength} bits, the rest zero.
     *
     * @param address an IPv4 or IPv6 address
     * @param prefixLength 0..32 or 0..128; more keeps the whole address
     * @return the network address, of the same family; two addresses are in one network of that prefix
     *     length exactly when their networks are equal
     */
    public static InetAddress network(InetAddress address, int prefixLength) {
        byte[] b = address.getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - 8 * i));
            b[i] &= (byte) (0xff << (8 - keep));
        }
        return Addresses.fromBytes(b);
    }

    /**
     * Returns the IPv4 netmask of a prefix length.
     *
     * @param prefixLength 0..32
     * @return the mask, big-endian (255.255.255.0 is {@code 0xFFFFFF00})
     */
    public static int ipv4Mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    /**
     * Returns the prefix length of a contiguous IPv4 netmask.
     *
     * @param mask the mask, big-endian
     * @return 0..32, or -1 if the mask is not contiguous (e.g. 255.0.255.0)
     */
    public static int ipv4PrefixLength(int mask) {
        int length = Integer.bitCount(mask);
        return ipv4Mask(length) == mask ? length : -1;
    }

    /**
     * Formats an IPv4 netmask as a dotted quad.
     *
     * @param mask the mask, big-endian
     * @return e.g. {@code 255.255.255.0}
     */
    public static String dotted(int mask) {
        return ((mask >>> 24) & 0xff) + "." + ((mask >>> 16) & 0xff) + "." + ((mask >>> 8) & 0xff) + "."
                + (mask & 0xff);
    }
}
