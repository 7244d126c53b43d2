package io.github.ipvs4j.netlink;

import io.github.ipvs4j.host.AddressScope;
import io.github.ipvs4j.host.HardwareAddress;
import io.github.ipvs4j.host.InterfaceAddress;
import io.github.ipvs4j.host.Link;
import io.github.ipvs4j.host.Route;
import io.github.ipvs4j.host.RouteType;
import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.AddressFamily;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The rtnetlink messages of the host transport ({@code linux/rtnetlink.h}, {@code if_link.h},
 * {@code if_addr.h}): requests written into a {@link MessageWriter}, answers read from a
 * {@link NetlinkMessage}. Each message is a netlink header, a fixed structure ({@code ifinfomsg},
 * {@code ifaddrmsg} or {@code rtmsg}, host byte order) and attributes.
 */
final class RtnetlinkCodec {
    private RtnetlinkCodec() {
    }

    static final int RTM_NEWLINK = 16;
    static final int RTM_GETLINK = 18;
    static final int RTM_NEWADDR = 20;
    static final int RTM_DELADDR = 21;
    static final int RTM_GETADDR = 22;
    static final int RTM_NEWROUTE = 24;
    static final int RTM_GETROUTE = 26;

    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;

    static final int AF_UNSPEC = 0;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;

    /** {@code struct ifinfomsg}: family u8, pad u8, type u16, index i32, flags u32, change u32. */
    static final int IFINFOMSG_SIZE = 16;
    /** {@code struct ifaddrmsg}: family u8, prefix length u8, flags u8, scope u8, index u32. */
    static final int IFADDRMSG_SIZE = 8;
    /** {@code struct rtmsg}: family, dst_len, src_len, tos, table, protocol, scope, type (u8 each), flags u32. */
    static final int RTMSG_SIZE = 12;

    static final int IFF_UP = 0x1;
    static final int IFF_LOOPBACK = 0x8;
    static final int IFF_NOARP = 0x80;

    static final int IFLA_ADDRESS = 1;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_MTU = 4;
    static final int IFLA_LINKINFO = 18;
    static final int IFLA_INFO_KIND = 1;

    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_LABEL = 3;

    static final int RTA_DST = 1;
    static final int RTA_OIF = 4;
    static final int RTA_GATEWAY = 5;
    static final int RTA_PREFSRC = 7;
    /** A next hop of another family than the route's (struct rtvia: u16 family, address). */
    static final int RTA_VIA = 18;

    // ---- links ----------------------------------------------------------------------------------------

    /** A dump of every interface. */
    static void writeLinkDump(MessageWriter w, int seq, int portId) {
        int start = w.beginMessage(RTM_GETLINK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, seq, portId);
        ifinfomsg(w, 0, 0, 0);
        w.endMessage(start);
    }

    /** Asks for one interface by index ({@code RTM_GETLINK} without a dump), with an ACK. */
    static void writeLinkGet(MessageWriter w, int seq, int portId, int index) {
        int start = w.beginMessage(RTM_GETLINK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, seq, portId);
        ifinfomsg(w, index, 0, 0);
        w.endMessage(start);
    }

    /** Asks for one interface by name ({@code RTM_GETLINK} with {@code IFLA_IFNAME}), with an ACK; ENODEV if none. */
    static void writeLinkGet(MessageWriter w, int seq, int portId, String name) {
        int start = w.beginMessage(RTM_GETLINK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, seq, portId);
        ifinfomsg(w, 0, 0, 0);
        w.putString(IFLA_IFNAME, name);
        w.endMessage(start);
    }

    /** Brings interface {@code index} up or down: {@code IFF_UP} in the flags, and only it in the change mask. */
    static void writeSetLinkUp(MessageWriter w, int seq, int portId, int index, boolean up) {
        int start = w.beginMessage(RTM_NEWLINK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, seq, portId);
        ifinfomsg(w, index, up ? IFF_UP : 0, IFF_UP);
        w.endMessage(start);
    }

    private static void ifinfomsg(MessageWriter w, int index, int flags, int change) {
        w.putRaw32(AF_UNSPEC); // family, pad and the device type (u16), all 0
        w.putRaw32(index);
        w.putRaw32(flags);
        w.putRaw32(change);
    }

    /** One interface of a link dump ({@code RTM_NEWLINK}). */
    static Link readLink(NetlinkMessage m) {
        int index = m.payloadI32(4);
        int flags = m.payloadI32(8);
        Attributes a = m.attributesAfter(IFINFOMSG_SIZE, "link");
        String name = a.string(IFLA_IFNAME);
        Optional<HardwareAddress> hardware = a.has(IFLA_ADDRESS) && a.length(IFLA_ADDRESS) > 0
                && a.length(IFLA_ADDRESS) <= 32 ? Optional.of(HardwareAddress.of(a.bytes(IFLA_ADDRESS)))
                : Optional.empty();
        int mtu = a.has(IFLA_MTU) ? a.u32(IFLA_MTU) : 0;
        Optional<String> kind = Optional.empty();
        if (a.has(IFLA_LINKINFO)) {
            Attributes info = a.nested(IFLA_LINKINFO, "link info");
            if (info.has(IFLA_INFO_KIND)) {
                kind = Optional.of(info.string(IFLA_INFO_KIND));
            }
        }
        return new Link(index, name, kind, (flags & IFF_UP) != 0, (flags & IFF_LOOPBACK) != 0,
                (flags & IFF_NOARP) != 0, hardware, mtu);
    }

    // ---- addresses ------------------------------------------------------------------------------------

    /** A dump of every address of both families. */
    static void writeAddressDump(MessageWriter w, int seq, int portId) {
        int start = w.beginMessage(RTM_GETADDR, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, seq, portId);
        w.putRaw32(AF_UNSPEC); // family, prefix length, flags, scope
        w.putRaw32(0); // index
        w.endMessage(start);
    }

    /**
     * Adds ({@code RTM_NEWADDR}, failing with EEXIST if it is there) or removes ({@code RTM_DELADDR}) an
     * address of interface {@code index}. The address goes in both {@code IFA_LOCAL} and
     * {@code IFA_ADDRESS} (no peer); the label, if any, only when adding.
     */
    static void writeAddress(MessageWriter w, int seq, int portId, boolean add, int index, InterfaceAddress address) {
        int flags = Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0);
        int start = w.beginMessage(add ? RTM_NEWADDR : RTM_DELADDR, flags, seq, portId);
        boolean ipv4 = address.address() instanceof Inet4Address;
        w.putRaw8(ipv4 ? AF_INET : AF_INET6);
        w.putRaw8(address.prefixLength());
        w.putRaw8(0); // flags
        w.putRaw8(address.scope().code());
        w.putRaw32(index);
        byte[] raw = address.address().getAddress();
        w.putBytes(IFA_LOCAL, raw);
        w.putBytes(IFA_ADDRESS, raw);
        if (add) {
            address.label().ifPresent(l -> w.putString(IFA_LABEL, l));
        }
        w.endMessage(start);
    }

    /**
     * One address of an address dump ({@code RTM_NEWADDR}): {@code IFA_LOCAL} if present (IPv4, and a
     * point-to-point IPv6 address), else {@code IFA_ADDRESS}.
     *
     * @param names the interface name of an index, or null if none is known
     * @return the address, or null if its interface is unknown (created after {@code names} was read)
     *     or its family is neither IPv4 nor IPv6
     */
    static InterfaceAddress readAddress(NetlinkMessage m, IntFunction<String> names) {
        int family = m.payloadU8(0);
        if (family != AF_INET && family != AF_INET6) {
            return null;
        }
        int prefixLength = m.payloadU8(1);
        int scope = m.payloadU8(3);
        String name = names.apply(m.payloadI32(4));
        if (name == null) {
            return null;
        }
        Attributes a = m.attributesAfter(IFADDRMSG_SIZE, "address");
        AddressFamily f = family == AF_INET ? AddressFamily.INET : AddressFamily.INET6;
        InetAddress address = a.address(a.has(IFA_LOCAL) ? IFA_LOCAL : IFA_ADDRESS, f, "interface");
        Optional<String> label = Optional.empty();
        if (family == AF_INET && a.has(IFA_LABEL)) {
            String l = a.string(IFA_LABEL);
            // The kernel keeps any label; the model takes only those naming their interface, as ip sets them.
            if (!l.isEmpty() && l.length() <= 15 && l.startsWith(name)) {
                label = Optional.of(l);
            }
        }
        return new InterfaceAddress(name, address, prefixLength, AddressScope.of(scope), label);
    }

    // ---- routes ---------------------------------------------------------------------------------------

    /** A route lookup for one destination, as {@code ip route get} makes it. */
    static void writeRouteGet(MessageWriter w, int seq, int portId, InetAddress destination) {
        int start = w.beginMessage(RTM_GETROUTE, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, seq, portId);
        boolean ipv4 = destination instanceof Inet4Address;
        w.putRaw8(ipv4 ? AF_INET : AF_INET6);
        w.putRaw8(ipv4 ? 32 : 128); // dst_len
        w.putRaw8(0); // src_len
        w.putRaw8(0); // tos
        w.putRaw32(0); // table, protocol, scope, type
        w.putRaw32(0); // flags
        w.putBytes(RTA_DST, destination.getAddress());
        w.endMessage(start);
    }

    /**
     * The answer to a route lookup ({@code RTM_NEWROUTE}).
     *
     * @param destination the address looked up
     * @param names the interface name of an index, or null if none is known
     */
    static Route readRoute(NetlinkMessage m, InetAddress destination, IntFunction<String> names) {
        AddressFamily f = m.payloadU8(0) == AF_INET6 ? AddressFamily.INET6 : AddressFamily.INET;
        int type = m.payloadU8(7);
        Attributes a = m.attributesAfter(RTMSG_SIZE, "route");
        Optional<InetAddress> gateway = a.has(RTA_GATEWAY)
                ? Optional.of(a.address(RTA_GATEWAY, f, "gateway")) : via(a);
        Optional<InetAddress> source = a.has(RTA_PREFSRC)
                ? Optional.of(a.address(RTA_PREFSRC, f, "preferred source")) : Optional.empty();
        Optional<String> device = a.has(RTA_OIF) ? Optional.ofNullable(names.apply(a.u32(RTA_OIF))) : Optional.empty();
        RouteType routeType = type <= RouteType.EXTERNAL.code() ? RouteType.of(type) : RouteType.UNSPECIFIED;
        return new Route(destination, routeType, gateway, device, source);
    }

    /** The next hop of an IPv4 route through an IPv6 router (RFC 5549), if it has one. */
    private static Optional<InetAddress> via(Attributes a) {
        if (!a.has(RTA_VIA)) {
            return Optional.empty();
        }
        byte[] via = a.bytes(RTA_VIA);
        int family = via.length >= 2 ? Attributes.u16(via, 0) : -1;
        int length = family == AF_INET6 ? 16 : family == AF_INET ? 4 : -1;
        if (length < 0 || via.length < 2 + length) {
            throw new MalformedMessageException("RTA_VIA of family " + family + " and " + via.length + " bytes");
        }
        return Optional.of(Addresses.fromBytes(Arrays.copyOfRange(via, 2, 2 + length)));
    }
}
