package io.github.ipvs4j.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.host.AddressScope;
import io.github.ipvs4j.host.HardwareAddress;
import io.github.ipvs4j.host.InterfaceAddress;
import io.github.ipvs4j.host.Link;
import io.github.ipvs4j.host.Route;
import io.github.ipvs4j.host.RouteType;
import io.github.ipvs4j.internal.Addresses;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The rtnetlink requests byte by byte, and answers written as the kernel writes them, decoded. */
class RtnetlinkCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    /** The one message in {@code w}, checked for its header. */
    private static NetlinkMessage only(MessageWriter w, int type, int flags) {
        NetlinkMessage m = NetlinkMessage.first(ByteBuffer.wrap(w.toByteArray()));
        assertThat(m.type()).isEqualTo(type);
        assertThat(m.flags()).isEqualTo(flags);
        assertThat(m.seq()).isEqualTo(7);
        assertThat(m.portId()).isEqualTo(99);
        assertThat(m.next()).as("one message").isFalse();
        return m;
    }

    /** The payload of the one message in {@code w}, after the netlink header, as hex. */
    private static String payload(MessageWriter w) {
        byte[] all = w.toByteArray();
        assertThat(ByteBuffer.wrap(all).order(java.nio.ByteOrder.nativeOrder()).getInt(0)).isEqualTo(all.length);
        return HEX.formatHex(all, Netlink.HEADER_SIZE, all.length);
    }

    /** An answer as the kernel writes it: a fixed header, then attributes. */
    private static NetlinkMessage answer(int type, Consumer<MessageWriter> header, Consumer<MessageWriter> attributes) {
        MessageWriter w = new MessageWriter(64);
        int start = w.beginMessage(type, Netlink.NLM_F_MULTI, 7, 99);
        header.accept(w);
        attributes.accept(w);
        w.endMessage(start);
        return NetlinkMessage.first(ByteBuffer.wrap(w.toByteArray()));
    }

    private static InetAddress ip(String literal) {
        return Addresses.parse(literal, IllegalArgumentException::new);
    }

    /** An attribute header: length and type, host byte order. */
    private static String attr(int length, int type) {
        return HEX.formatHex(ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder())
                .putShort((short) length).putShort((short) type).array());
    }

    private static String host32(int v) {
        return HEX.formatHex(ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder()).putInt(v).array());
    }

    @Test
    void linkDumpAsksForEveryInterface() {
        MessageWriter w = new MessageWriter(64);
        RtnetlinkCodec.writeLinkDump(w, 7, 99);
        only(w, RtnetlinkCodec.RTM_GETLINK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP);
        assertThat(payload(w)).isEqualTo("00".repeat(RtnetlinkCodec.IFINFOMSG_SIZE));
    }

    @Test
    void oneLinkIsAskedForByNameOrIndex() {
        MessageWriter w = new MessageWriter(64);
        RtnetlinkCodec.writeLinkGet(w, 7, 99, "eth0");
        only(w, RtnetlinkCodec.RTM_GETLINK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK);
        // IFLA_IFNAME "eth0\0", padded to 4 bytes.
        assertThat(payload(w)).isEqualTo("00".repeat(RtnetlinkCodec.IFINFOMSG_SIZE) + attr(9, 3) + "6574683000000000");
        w.reset();
        RtnetlinkCodec.writeLinkGet(w, 7, 99, 5);
        assertThat(payload(w)).isEqualTo("00000000" + host32(5) + "00000000" + "00000000");
    }

    @Test
    void settingALinkUpChangesOnlyIffUp() {
        MessageWriter w = new MessageWriter(64);
        RtnetlinkCodec.writeSetLinkUp(w, 7, 99, 5, true);
        only(w, RtnetlinkCodec.RTM_NEWLINK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK);
        assertThat(payload(w)).isEqualTo("00000000" + host32(5) + host32(1) + host32(1));
        w.reset();
        RtnetlinkCodec.writeSetLinkUp(w, 7, 99, 5, false);
        assertThat(payload(w)).isEqualTo("00000000" + host32(5) + host32(0) + host32(1));
    }

    @Test
    void aLinkIsDecodedWithItsKindAndFlags() {
        NetlinkMessage m = answer(RtnetlinkCodec.RTM_NEWLINK, w -> {
            w.putRaw32(0);
            w.putRaw32(3);
            w.putRaw32(RtnetlinkCodec.IFF_UP | 0x1000 | 0x40); // up, multicast, running
            w.putRaw32(0);
        }, w -> {
            w.putString(RtnetlinkCodec.IFLA_IFNAME, "veth0");
            w.putU32(RtnetlinkCodec.IFLA_MTU, 1500);
            w.putBytes(RtnetlinkCodec.IFLA_ADDRESS, HEX.parseHex("02005e00010a"));
            w.putU32(40, 7); // IFLA_NUM_RX_QUEUES and later attributes are skipped
            int info = w.beginNested(RtnetlinkCodec.IFLA_LINKINFO);
            w.putString(RtnetlinkCodec.IFLA_INFO_KIND, "veth");
            w.endNested(info);
        });
        assertThat(RtnetlinkCodec.readLink(m)).isEqualTo(new Link(3, "veth0", Optional.of("veth"), true, false, false,
                Optional.of(new HardwareAddress("02:00:5e:00:01:0a")), 1500));
    }

    @Test
    void loopbackIsDecodedWithoutKind() {
        NetlinkMessage m = answer(RtnetlinkCodec.RTM_NEWLINK, w -> {
            w.putRaw32(0);
            w.putRaw32(1);
            w.putRaw32(RtnetlinkCodec.IFF_LOOPBACK);
            w.putRaw32(0);
        }, w -> {
            w.putString(RtnetlinkCodec.IFLA_IFNAME, "lo");
            w.putU32(RtnetlinkCodec.IFLA_MTU, 65536);
            w.putBytes(RtnetlinkCodec.IFLA_ADDRESS, new byte[6]);
        });
        Link lo = RtnetlinkCodec.readLink(m);
        assertThat(lo.loopback()).isTrue();
        assertThat(lo.up()).isFalse();
        assertThat(lo.noArp()).isFalse();
        assertThat(lo.kind()).isEmpty();
        assertThat(lo.hardwareAddress()).contains(new HardwareAddress("00:00:00:00:00:00"));
    }

    @Test
    void addingAnIpv4AddressSendsLocalAddressAndLabel() {
        MessageWriter w = new MessageWriter(64);
        InterfaceAddress a = InterfaceAddress.of("lo", "192.0.2.10/32").withLabel("lo:vip");
        RtnetlinkCodec.writeAddress(w, 7, 99, true, 1, a);
        only(w, RtnetlinkCodec.RTM_NEWADDR, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | 0x400 | 0x200);
        assertThat(payload(w)).isEqualTo("02" + "20" + "00" + "00" + host32(1)
                + attr(8, 2) + "c000020a" // IFA_LOCAL
                + attr(8, 1) + "c000020a" // IFA_ADDRESS
                + attr(11, 3) + HEX.formatHex("lo:vip".getBytes()) + "00" + "00"); // IFA_LABEL, NUL, pad
    }

    @Test
    void removingAnIpv6AddressSendsPrefixAndScopeButNoLabel() {
        MessageWriter w = new MessageWriter(64);
        InterfaceAddress a = InterfaceAddress.of("eth0", "2001:db8::1/64").withScope(AddressScope.LINK);
        RtnetlinkCodec.writeAddress(w, 7, 99, false, 4, a);
        only(w, RtnetlinkCodec.RTM_DELADDR, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK);
        String raw = "20010db8000000000000000000000001";
        assertThat(payload(w)).isEqualTo("0a" + "40" + "00" + "fd" + host32(4)
                + attr(20, 2) + raw + attr(20, 1) + raw);
    }

    @Test
    void addressesAreDecodedFromLocalThenAddress() {
        Map<Integer, String> names = Map.of(1, "lo", 2, "eth0");
        NetlinkMessage v4 = answer(RtnetlinkCodec.RTM_NEWADDR, w -> {
            w.putRaw8(RtnetlinkCodec.AF_INET);
            w.putRaw8(24);
            w.putRaw8(0x80); // permanent
            w.putRaw8(0);
            w.putRaw32(2);
        }, w -> {
            w.putBytes(RtnetlinkCodec.IFA_ADDRESS, new byte[] {(byte) 198, 51, 100, (byte) 255}); // a peer
            w.putBytes(RtnetlinkCodec.IFA_LOCAL, new byte[] {(byte) 198, 51, 100, 1});
            w.putString(RtnetlinkCodec.IFA_LABEL, "eth0:1");
            w.putU32(8, 0x80); // IFA_FLAGS
        });
        assertThat(RtnetlinkCodec.readAddress(v4, names::get))
                .isEqualTo(InterfaceAddress.of("eth0", "198.51.100.1/24").withLabel("eth0:1"));
        NetlinkMessage v6 = answer(RtnetlinkCodec.RTM_NEWADDR, w -> {
            w.putRaw8(RtnetlinkCodec.AF_INET6);
            w.putRaw8(128);
            w.putRaw8(0);
            w.putRaw8(254);
            w.putRaw32(1);
        }, w -> w.putBytes(RtnetlinkCodec.IFA_ADDRESS, ip("::1").getAddress()));
        assertThat(RtnetlinkCodec.readAddress(v6, names::get))
                .isEqualTo(InterfaceAddress.of("lo", "::1/128").withScope(AddressScope.HOST));
        NetlinkMessage unknown = answer(RtnetlinkCodec.RTM_NEWADDR, w -> {
            w.putRaw8(RtnetlinkCodec.AF_INET);
            w.putRaw8(32);
            w.putRaw8(0);
            w.putRaw8(0);
            w.putRaw32(9);
        }, w -> w.putBytes(RtnetlinkCodec.IFA_LOCAL, new byte[4]));
        assertThat(RtnetlinkCodec.readAddress(unknown, names::get)).as("an interface made after the link dump")
                .isNull();
    }

    @Test
    void aRouteLookupAsksForOneHostAddress() {
        MessageWriter w = new MessageWriter(64);
        RtnetlinkCodec.writeRouteGet(w, 7, 99, ip("203.0.113.9"));
        only(w, RtnetlinkCodec.RTM_GETROUTE, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK);
        assertThat(payload(w)).isEqualTo("02" + "20" + "000000000000" + "00000000" + attr(8, 1) + "cb007109");
        w.reset();
        RtnetlinkCodec.writeRouteGet(w, 7, 99, ip("2001:db8::9"));
        assertThat(payload(w)).startsWith("0a" + "80");
    }

    @Test
    void aRouteIsDecodedWithGatewayDeviceAndSource() {
        // Main table (254), unicast (1), RTM_F_CLONED (0x200).
        NetlinkMessage m = answer(RtnetlinkCodec.RTM_NEWROUTE, w -> rtmsg(w, RtnetlinkCodec.AF_INET, 32, 254, 1, 0x200),
                w -> {
                    w.putU32(15, 254); // RTA_TABLE
                    w.putBytes(RtnetlinkCodec.RTA_DST, ip("203.0.113.9").getAddress());
                    w.putU32(RtnetlinkCodec.RTA_OIF, 2);
                    w.putBytes(RtnetlinkCodec.RTA_PREFSRC, ip("198.51.100.1").getAddress());
                    w.putBytes(RtnetlinkCodec.RTA_GATEWAY, ip("198.51.100.254").getAddress());
                });
        Route r = RtnetlinkCodec.readRoute(m, ip("203.0.113.9"), Map.of(2, "eth0")::get);
        assertThat(r).isEqualTo(new Route(ip("203.0.113.9"), RouteType.UNICAST, Optional.of(ip("198.51.100.254")),
                Optional.of("eth0"), Optional.of(ip("198.51.100.1"))));
        assertThat(r.onLink()).isFalse();
    }

    @Test
    void aLocalIpv6RouteIsDecoded() {
        // Local table (255), local (2).
        NetlinkMessage m = answer(RtnetlinkCodec.RTM_NEWROUTE, w -> rtmsg(w, RtnetlinkCodec.AF_INET6, 128, 255, 2, 0),
                w -> w.putU32(RtnetlinkCodec.RTA_OIF, 1));
        Route r = RtnetlinkCodec.readRoute(m, ip("2001:db8::1"), Map.of(1, "lo")::get);
        assertThat(r).isEqualTo(new Route(ip("2001:db8::1"), RouteType.LOCAL, Optional.empty(), Optional.of("lo"),
                Optional.empty()));
    }

    @Test
    void anIpv4RouteThroughAnIpv6RouterHasThatRouterAsGateway() {
        NetlinkMessage m = answer(RtnetlinkCodec.RTM_NEWROUTE, w -> rtmsg(w, RtnetlinkCodec.AF_INET, 32, 254, 1, 0),
                w -> {
                    w.putU32(RtnetlinkCodec.RTA_OIF, 2);
                    byte[] via = new byte[18]; // struct rtvia: the family in host byte order, then the address
                    ByteBuffer.wrap(via).order(ByteOrder.nativeOrder()).putShort((short) RtnetlinkCodec.AF_INET6);
                    System.arraycopy(ip("fe80::1").getAddress(), 0, via, 2, 16);
                    w.putBytes(RtnetlinkCodec.RTA_VIA, via);
                });
        Route r = RtnetlinkCodec.readRoute(m, ip("203.0.113.9"), Map.of(2, "eth0")::get);
        assertThat(r.gateway()).contains(ip("fe80::1"));
        assertThat(r.onLink()).isFalse();
    }

    /** A struct rtmsg: family, destination prefix length, table, type (RTN_*) and flags; the rest 0. */
    private static void rtmsg(MessageWriter w, int family, int destinationLength, int table, int type, int flags) {
        w.putRaw8(family);
        w.putRaw8(destinationLength);
        w.putRaw8(0); // source length
        w.putRaw8(0); // tos
        w.putRaw8(table);
        w.putRaw8(0); // protocol
        w.putRaw8(0); // scope
        w.putRaw8(type);
        w.putRaw32(flags);
    }
}
