package io.github.ipvs4j.netlink;

import java.net.Inet4Address;
import java.net.Inet6Address;

/**
 * The packets that announce an address on a link, built byte by byte (network byte order): a
 * gratuitous ARP request for IPv4 (RFC 5227's ARP announcement) and an unsolicited neighbour
 * advertisement to all nodes for IPv6 (RFC 4861, 7.2.6). The kernel adds the Ethernet header: they go
 * out on a packet datagram socket.
 */
final class Announcements {
    private Announcements() {
    }

    /** EtherType of ARP. */
    static final int ETH_P_ARP = 0x0806;
    /** EtherType of IPv6. */
    static final int ETH_P_IPV6 = 0x86dd;
    /** Where a gratuitous ARP goes: the Ethernet broadcast address. */
    static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};
    /** Where an unsolicited neighbour advertisement goes: the Ethernet address of ff02::1. */
    static final byte[] ALL_NODES_MAC = {0x33, 0x33, 0, 0, 0, 1};
    /** ff02::1, the link-local all-nodes multicast address. */
    static final byte[] ALL_NODES = {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    private static final int ICMPV6 = 58;
    private static final int NEIGHBOUR_ADVERTISEMENT = 136;
    /** The override flag, the third bit of the advertisement's flags word. */
    private static final int OVERRIDE = 0x20;
    private static final int TARGET_LINK_LAYER_ADDRESS = 2;
    /** ICMPv6 type, code, checksum, flags word, target (16), option type, length (in 8 bytes), MAC. */
    private static final int ADVERTISEMENT_LENGTH = 4 + 4 + 16 + 2 + 6;
    private static final int IPV6_HEADER_LENGTH = 40;

    /**
     * A gratuitous ARP request: hardware type Ethernet, protocol IPv4, sender = {@code mac} and
     * {@code address}, target address = {@code address}, target hardware address zero.
     *
     * @param mac the interface's 6-byte Ethernet address
     */
    static byte[] gratuitousArp(byte[] mac, Inet4Address address) {
        byte[] ip = address.getAddress();
        byte[] p = new byte[28];
        p[1] = 1; // hardware type: Ethernet
        p[2] = 0x08; // protocol type: IPv4 (0x0800)
        p[4] = 6; // hardware address length
        p[5] = 4; // protocol address length
        p[7] = 1; // operation: request
        System.arraycopy(mac, 0, p, 8, 6);
        System.arraycopy(ip, 0, p, 14, 4);
        System.arraycopy(ip, 0, p, 24, 4); // the target hardware address (18..23) stays zero
        return p;
    }

    /**
     * An IPv6 packet from {@code address} to ff02::1, hop limit 255, carrying a neighbour
     * advertisement for {@code address} with the override flag (not solicited, not a router) and the
     * target link-layer address option ({@code mac}).
     *
     * @param mac the interface's 6-byte Ethernet address
     */
    static byte[] neighbourAdvertisement(byte[] mac, Inet6Address address) {
        byte[] ip = address.getAddress();
        byte[] p = new byte[IPV6_HEADER_LENGTH + ADVERTISEMENT_LENGTH];
        p[0] = 0x60; // version 6, traffic class and flow label 0
        p[4] = (byte) (ADVERTISEMENT_LENGTH >>> 8);
        p[5] = (byte) ADVERTISEMENT_LENGTH;
        p[6] = ICMPV6;
        p[7] = (byte) 255; // hop limit: receivers drop neighbour discovery with any other
        System.arraycopy(ip, 0, p, 8, 16);
        System.arraycopy(ALL_NODES, 0, p, 24, 16);
        int icmp = IPV6_HEADER_LENGTH;
        p[icmp] = (byte) NEIGHBOUR_ADVERTISEMENT;
        p[icmp + 4] = OVERRIDE;
        System.arraycopy(ip, 0, p, icmp + 8, 16);
        p[icmp + 24] = TARGET_LINK_LAYER_ADDRESS;
        p[icmp + 25] = 1;
        System.arraycopy(mac, 0, p, icmp + 26, 6);
        int sum = icmpv6Checksum(ip, ALL_NODES, p, icmp, ADVERTISEMENT_LENGTH);
        p[icmp + 2] = (byte) (sum >>> 8);
        p[icmp + 3] = (byte) sum;
        return p;
    }

    /**
     * The ICMPv6 checksum (RFC 4443, 2.3): the one's complement of the one's complement sum of the
     * pseudo-header (source, destination, upper-layer length as 32 bits, three zero bytes, next header
     * 58) and the message, whose checksum field must be zero.
     *
     * @param message the array holding the ICMPv6 message at {@code offset}, {@code length} bytes
     * @return the checksum, 0..0xffff
     */
    static int icmpv6Checksum(byte[] source, byte[] destination, byte[] message, int offset, int length) {
        long sum = sum16(source, 0, 16) + sum16(destination, 0, 16) + length + ICMPV6 + sum16(message, offset, length);
        return ~fold(sum) & 0xffff;
    }

    /**
     * The sum of the big-endian 16-bit words of {@code b[offset..offset+length)}, an odd last byte
     * padded with zero.
     */
    static long sum16(byte[] b, int offset, int length) {
        long sum = 0;
        int end = offset + length;
        int i = offset;
        for (; i + 1 < end; i += 2) {
            sum += (b[i] & 0xff) << 8 | b[i + 1] & 0xff;
        }
        if (i < end) {
            sum += (b[i] & 0xff) << 8;
        }
        return sum;
    }

    /** Folds the carries of a sum into 16 bits: the one's complement sum. */
    static int fold(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }
}
