package io.github.ipvs4j.testkit;

import io.github.ipvs4j.host.AddressScope;
import io.github.ipvs4j.host.HardwareAddress;
import io.github.ipvs4j.host.InterfaceAddress;
import io.github.ipvs4j.host.Link;
import io.github.ipvs4j.host.Route;
import io.github.ipvs4j.host.RouteType;
import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.internal.Netmasks;
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.IpvsOperation;
import io.github.ipvs4j.spi.KernelErrors;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The interfaces of one network namespace, their addresses and the routes those make, by the rules of
 * {@code devinet.c}, {@code fib_frontend.c} and {@code addrconf.c}. Not thread-safe: {@link FakeHost}
 * calls it under its lock.
 */
final class NetDevices {
    static final String LOOPBACK = "lo";
    private static final InetAddress LOOPBACK_V4 = Addresses.parse("127.0.0.1");
    private static final InetAddress LOOPBACK_V6 = Addresses.parse("::1");
    private static final int SCOPE_LINK = AddressScope.LINK.code();

    /** An IPv4 address and whether the kernel made it secondary (same subnet as an earlier one). */
    private record Ipv4Address(InterfaceAddress address, boolean secondary) {
    }

    private static final class Device {
        final Link created;
        boolean up;
        /** In the kernel's order: primaries by scope (host before global), then secondaries. */
        final List<Ipv4Address> ipv4 = new ArrayList<>();
        /** In the kernel's order: by the address's own scope, global first, newest first within one. */
        final List<InterfaceAddress> ipv6 = new ArrayList<>();

        Device(Link created) {
            this.created = created;
        }

        String name() {
            return created.name();
        }

        Link link() {
            return new Link(created.index(), created.name(), created.kind(), up, created.loopback(),
                    created.noArp(), created.hardwareAddress(), created.mtu());
        }
    }

    private final TreeMap<Integer, Device> devices = new TreeMap<>();
    private final RouteTable routes = new RouteTable();
    private final HostSettings settings;
    private int lastIndex;

    NetDevices(HostSettings settings) {
        this.settings = settings;
    }

    // ---- links ----------------------------------------------------------------------------------------

    Link addLink(String name, Optional<String> kind, boolean loopback, boolean noArp, HardwareAddress address,
            int mtu) {
        if (find(name).isPresent()) {
            throw new IllegalArgumentException("there is an interface " + name + " already (the kernel: EEXIST)");
        }
        Link link = new Link(lastIndex + 1, name, kind, false, loopback, noArp, Optional.of(address), mtu);
        lastIndex++;
        devices.put(link.index(), new Device(link));
        settings.addDevice(name);
        return link;
    }

    int nextIndex() {
        return lastIndex + 1;
    }

    void removeLink(String name) {
        Device d = existing(name);
        devices.remove(d.created.index());
        routes.removeIf(e -> e.device().equals(name));
        settings.removeDevice(name);
    }

    List<Link> links() {
        return devices.values().stream().map(Device::link).toList();
    }

    boolean exists(String name) {
        return find(name).isPresent();
    }

    private Optional<Device> find(String name) {
        return devices.values().stream().filter(d -> d.name().equals(name)).findFirst();
    }

    private Device existing(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("there is no interface " + name));
    }

    private Device device(String name, IpvsOperation operation, String subject) {
        return find(name).orElseThrow(() -> KernelErrors.hostError(Errno.ENODEV, operation, subject, name));
    }

    void setUp(String name, boolean up) {
        Device d = device(name, IpvsOperation.SET_LINK, name + (up ? " up" : " down"));
        if (d.up == up) {
            return;
        }
        d.up = up;
        if (up) {
            linkUp(d);
        } else {
            // fib_disable_ip: routes through it die, but not the local table's (their next hop's scope is
            // host); addrconf_ifdown: without keep_addr_on_down its IPv6 addresses go, and their routes.
            routes.removeIf(e -> e.device().equals(name) && (e.type() != RouteType.LOCAL || isIpv6(e.prefix())));
            d.ipv6.clear();
        }
    }

    private void linkUp(Device d) {
        if (d.created.loopback()) {
            settings.markAllWritten(d.name());
            InterfaceAddress v4 = new InterfaceAddress(d.name(), LOOPBACK_V4, 8, AddressScope.HOST, Optional.empty());
            if (d.ipv4.stream().noneMatch(a -> a.address().sameAs(v4))) {
                insertIpv4(d, v4);
            }
        }
        d.ipv4.forEach(a -> addIpv4Routes(d, a));
        Optional<InetAddress> own = d.created.loopback() ? Optional.of(LOOPBACK_V6) : linkLocal(d.created);
        own.ifPresent(a -> {
            InterfaceAddress v6 = InterfaceAddress.of(d.name(), a, d.created.loopback() ? 128 : 64)
                    .withScope(scopeOf(a));
            if (d.ipv6.stream().noneMatch(x -> x.sameAs(v6))) {
                insertIpv6(d, v6);
            }
        });
        d.ipv6.forEach(a -> {
            addIpv6LocalRoute(d, a);
            addIpv6PrefixRoute(d, a);
        });
    }

    /** The EUI-64 link-local address addrconf gives an interface with a 6-byte address when it comes up. */
    private static Optional<InetAddress> linkLocal(Link link) {
        byte[] mac = link.hardwareAddress().map(HardwareAddress::bytes).orElse(new byte[0]);
        if (mac.length != 6) {
            return Optional.empty();
        }
        byte[] a = new byte[16];
        a[0] = (byte) 0xfe;
        a[1] = (byte) 0x80;
        a[8] = (byte) (mac[0] ^ 0x02);
        a[9] = mac[1];
        a[10] = mac[2];
        a[11] = (byte) 0xff;
        a[12] = (byte) 0xfe;
        a[13] = mac[3];
        a[14] = mac[4];
        a[15] = mac[5];
        return Optional.of(Addresses.fromBytes(a));
    }

    // ---- addresses ------------------------------------------------------------------------------------

    List<InterfaceAddress> addresses() {
        List<InterfaceAddress> all = new ArrayList<>();
        devices.values().forEach(d -> d.ipv4.forEach(a -> all.add(a.address())));
        devices.values().forEach(d -> all.addAll(d.ipv6));
        return all;
    }

    void addAddress(InterfaceAddress address) {
        Device d = device(address.interfaceName(), IpvsOperation.ADD_ADDRESS, address.toString());
        if (isIpv6(address.address())) {
            if (d.ipv6.stream().anyMatch(a -> a.sameAs(address))) {
                throw refusal(Errno.EEXIST, IpvsOperation.ADD_ADDRESS, address);
            }
            // addrconf derives an IPv6 address's scope from the address itself.
            InterfaceAddress added = address.withScope(scopeOf(address.address()));
            insertIpv6(d, added);
            addIpv6LocalRoute(d, added);
            if (d.up) {
                addIpv6PrefixRoute(d, added);
            }
        } else {
            if (d.ipv4.stream().anyMatch(a -> a.address().sameAs(address))) {
                throw refusal(Errno.EEXIST, IpvsOperation.ADD_ADDRESS, address);
            }
            addIpv4Routes(d, insertIpv4(d, address));
        }
    }

    /**
     * __inet_insert_ifa: same subnet as a primary makes it secondary (at the end), or EINVAL if scopes
     * differ; without a label it gets the interface's name.
     */
    private Ipv4Address insertIpv4(Device d, InterfaceAddress asked) {
        InterfaceAddress address = asked.label().isPresent() ? asked : asked.withLabel(d.name());
        int afterLastPrimary = 0;
        boolean secondary = false;
        for (int i = 0; i < d.ipv4.size(); i++) {
            Ipv4Address other = d.ipv4.get(i);
            if (!other.secondary() && address.scope().code() <= other.address().scope().code()) {
                afterLastPrimary = i + 1;
            }
            if (sameSubnet(other.address(), address)) {
                if (!other.address().scope().equals(address.scope())) {
                    throw refusal(Errno.EINVAL, IpvsOperation.ADD_ADDRESS, address);
                }
                secondary = true;
            }
        }
        Ipv4Address added = new Ipv4Address(address, secondary);
        d.ipv4.add(secondary ? d.ipv4.size() : afterLastPrimary, added);
        return added;
    }

    /** ipv6_link_dev_addr: before the first address of the same or a narrower scope. */
    private static void insertIpv6(Device d, InterfaceAddress address) {
        int rank = scopeRank(address.address());
        int at = 0;
        while (at < d.ipv6.size() && rank < scopeRank(d.ipv6.get(at).address())) {
            at++;
        }
        d.ipv6.add(at, address);
    }

    void removeAddress(InterfaceAddress address) {
        Device d = device(address.interfaceName(), IpvsOperation.REMOVE_ADDRESS, address.toString());
        if (isIpv6(address.address())) {
            InterfaceAddress there = d.ipv6.stream().filter(a -> matches(a, address)).findFirst()
                    .orElseThrow(() -> refusal(Errno.EADDRNOTAVAIL, IpvsOperation.REMOVE_ADDRESS, address));
            d.ipv6.remove(there);
            InetAddress prefix = Netmasks.network(there.address(), there.prefixLength());
            routes.removeIf(e -> e.device().equals(d.name()) && e.local() && e.prefix().equals(there.address()));
            if (d.ipv6.stream().noneMatch(a -> a.prefixLength() == there.prefixLength()
                    && Netmasks.network(a.address(), a.prefixLength()).equals(prefix))) {
                routes.removeIf(e -> e.device().equals(d.name()) && !e.local() && e.prefix().equals(prefix)
                        && e.length() == there.prefixLength() && e.gateway().isEmpty());
            }
            return;
        }
        Ipv4Address there = d.ipv4.stream()
                .filter(a -> matches(a.address(), address)
                        && (address.label().isEmpty() || address.label().equals(a.address().label())))
                .findFirst()
                .orElseThrow(() -> refusal(Errno.EADDRNOTAVAIL, IpvsOperation.REMOVE_ADDRESS, address));
        List<Ipv4Address> removed = new ArrayList<>();
        removed.add(there);
        if (!there.secondary()) {
            // __inet_del_ifa without promote_secondaries (the kernel's default): its secondaries go too.
            d.ipv4.stream().filter(a -> a.secondary() && sameSubnet(a.address(), there.address()))
                    .forEach(removed::add);
        }
        d.ipv4.removeAll(removed);
        removed.forEach(a -> removeIpv4Routes(d, a));
    }

    private static boolean matches(InterfaceAddress there, InterfaceAddress asked) {
        return there.address().equals(asked.address()) && there.prefixLength() == asked.prefixLength();
    }

    private static boolean sameSubnet(InterfaceAddress a, InterfaceAddress b) {
        return a.prefixLength() == b.prefixLength()
                && Netmasks.network(a.address(), a.prefixLength()).equals(
                        Netmasks.network(b.address(), b.prefixLength()));
    }

    // ---- routes ---------------------------------------------------------------------------------------

    /** fib_add_ifaddr: the local route always; the prefix route only while up, for a primary. */
    private void addIpv4Routes(Device d, Ipv4Address a) {
        InetAddress local = a.address().address();
        InetAddress primary = a.secondary()
                ? d.ipv4.stream().filter(p -> !p.secondary() && sameSubnet(p.address(), a.address())).findFirst()
                        .orElseThrow().address().address()
                : local;
        routes.add(new RouteTable.Entry(true, local, 32, RouteType.LOCAL, d.name(), Optional.empty(),
                Optional.of(primary)));
        int length = a.address().prefixLength();
        InetAddress prefix = Netmasks.network(local, length);
        if (d.up && !a.secondary() && prefix.getAddress()[0] != 0 && (!prefix.equals(local) || length < 32)) {
            boolean loopback = d.created.loopback();
            routes.add(new RouteTable.Entry(loopback, prefix, length, loopback ? RouteType.LOCAL : RouteType.UNICAST,
                    d.name(), Optional.empty(), Optional.of(local)));
        }
    }

    /**
     * fib_del_ifaddr: the local route unless the address is still on the interface; the prefix route of a
     * primary that has one (not a /32, whose only route is its local one).
     */
    private void removeIpv4Routes(Device d, Ipv4Address a) {
        InetAddress local = a.address().address();
        if (d.ipv4.stream().noneMatch(o -> o.address().address().equals(local))) {
            routes.removeIf(e -> e.device().equals(d.name()) && e.local() && e.length() == 32
                    && e.prefix().equals(local));
        }
        if (!a.secondary() && a.address().prefixLength() < 32) {
            InetAddress prefix = Netmasks.network(local, a.address().prefixLength());
            routes.removeIf(e -> e.device().equals(d.name()) && e.prefix().equals(prefix)
                    && e.length() == a.address().prefixLength() && e.preferredSource().equals(Optional.of(local)));
        }
    }

    /**
     * The local route of an IPv6 address, whether its interface is up or not: without DAD (as on an
     * interface without ARP, on a loopback, or with accept_dad 0) addrconf_dad_begin completes at once and
     * inserts the host route, which addrconf_f6i_alloc makes with fc_ignore_dev_down.
     */
    private void addIpv6LocalRoute(Device d, InterfaceAddress a) {
        routes.add(new RouteTable.Entry(true, a.address(), 128, RouteType.LOCAL, d.name(), Optional.empty(),
                Optional.empty()));
    }

    /**
     * The prefix route of an IPv6 address (a /128 too), only while its interface is up: inet6_addr_add adds
     * it then, and fixup_permanent_addr when the interface comes up. Through a loopback the kernel makes it
     * a reject route (fib6_is_reject) that drops what is sent, but keeps its type, unicast, whose error
     * (fib6_prop) is 0: a lookup answers it as a unicast route through {@code lo}.
     */
    private void addIpv6PrefixRoute(Device d, InterfaceAddress a) {
        routes.add(new RouteTable.Entry(false, Netmasks.network(a.address(), a.prefixLength()), a.prefixLength(),
                RouteType.UNICAST, d.name(), Optional.empty(), Optional.empty()));
    }

    void addRoute(InterfaceAddress destination, Optional<InetAddress> gateway) {
        Device d = existing(destination.interfaceName());
        InetAddress prefix = Netmasks.network(destination.address(), destination.prefixLength());
        String what = "route to " + Addresses.format(prefix) + "/" + destination.prefixLength();
        if (!d.up) {
            throw new IllegalArgumentException(what + ": " + d.name() + " is down (the kernel: ENETDOWN)");
        }
        gateway.ifPresent(g -> {
            boolean linkLocal = isIpv6(g) && scopeRank(g) == 2;
            boolean onLink = routes.has(e -> !e.local() && e.type() == RouteType.UNICAST && e.gateway().isEmpty()
                    && e.device().equals(d.name()) && e.contains(g));
            if (!RouteTable.sameFamily(g, prefix) || !(linkLocal || onLink)) {
                throw new IllegalArgumentException(what + ": gateway " + Addresses.format(g)
                        + " is not on a network connected to " + d.name() + " (the kernel: EINVAL)");
            }
        });
        if (routes.has(e -> !e.local() && e.prefix().equals(prefix) && e.length() == destination.prefixLength())) {
            throw new IllegalArgumentException(what + ": there is one already (the kernel: EEXIST)");
        }
        routes.add(new RouteTable.Entry(false, prefix, destination.prefixLength(), RouteType.UNICAST, d.name(),
                gateway, Optional.empty()));
    }

    Optional<Route> route(InetAddress destination) {
        Optional<RouteTable.Entry> found = routes.lookup(destination);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        RouteTable.Entry e = found.get();
        if (e.type() == RouteType.LOCAL) {
            // Packets to this host leave by the loopback, from the route's source (IPv6: the address itself).
            return Optional.of(new Route(destination, RouteType.LOCAL, Optional.empty(), Optional.of(LOOPBACK),
                    isIpv6(destination) ? Optional.of(destination) : e.preferredSource()));
        }
        Device out = existing(e.device());
        Optional<InetAddress> source = e.preferredSource().isPresent() ? e.preferredSource()
                : isIpv6(destination) ? sourceIpv6(out, destination)
                : sourceIpv4(out, e.gateway(), e.gateway().isPresent() ? AddressScope.GLOBAL.code() : SCOPE_LINK);
        return Optional.of(new Route(destination, RouteType.UNICAST, e.gateway(), Optional.of(out.name()), source));
    }

    /**
     * inet_select_addr: the first primary of the interface within the scope, preferring one on the
     * gateway's subnet; else the first primary of any interface, in index order, within the scope and not
     * of link scope.
     */
    private Optional<InetAddress> sourceIpv4(Device out, Optional<InetAddress> gateway, int scope) {
        InetAddress first = null;
        for (Ipv4Address a : out.ipv4) {
            if (a.secondary() || a.address().scope().code() > scope) {
                continue;
            }
            if (gateway.isEmpty() || Netmasks.network(gateway.get(), a.address().prefixLength())
                    .equals(Netmasks.network(a.address().address(), a.address().prefixLength()))) {
                return Optional.of(a.address().address());
            }
            if (first == null) {
                first = a.address().address();
            }
        }
        if (first != null) {
            return Optional.of(first);
        }
        return devices.values().stream().flatMap(d -> d.ipv4.stream())
                .filter(a -> !a.secondary() && a.address().scope().code() != SCOPE_LINK
                        && a.address().scope().code() <= scope)
                .map(a -> a.address().address()).findFirst();
    }

    /**
     * ipv6_dev_get_saddr, by RFC 6724's rules 1 (the destination itself), 2 (the right scope), 5 (on the
     * outgoing interface) and 8 (the longest common prefix), among the addresses of every interface, up
     * or down (none is tentative without DAD); for a link-local destination only the outgoing interface's.
     */
    private Optional<InetAddress> sourceIpv6(Device out, InetAddress destination) {
        int destinationScope = scopeRank(destination);
        Collection<Device> candidates = destinationScope <= 2 ? List.of(out) : devices.values();
        Comparator<InterfaceAddress> better = Comparator
                .comparing((InterfaceAddress a) -> a.address().equals(destination))
                .thenComparingInt(a -> {
                    int s = scopeRank(a.address());
                    return s >= destinationScope ? -s : s - 128;
                })
                .thenComparing(a -> a.interfaceName().equals(out.name()))
                .thenComparingInt(a -> Math.min(a.prefixLength(), RouteTable.commonPrefix(a.address(), destination)));
        InterfaceAddress best = null;
        for (Device d : candidates) {
            for (InterfaceAddress a : d.ipv6) {
                if (best == null || better.compare(a, best) > 0) {
                    best = a;
                }
            }
        }
        return Optional.ofNullable(best).map(InterfaceAddress::address);
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private static boolean isIpv6(InetAddress address) {
        return !(address instanceof Inet4Address);
    }

    /** The kernel's IPv6 source scope ({@code IPV6_ADDR_SCOPE_*}): 1 loopback, 2 link, 5 site, 14 global. */
    private static int scopeRank(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return 1;
        }
        if (address.isLinkLocalAddress()) {
            return 2;
        }
        return address.isSiteLocalAddress() ? 5 : 14;
    }

    /** The scope the kernel reports for an IPv6 address, from the address. */
    private static AddressScope scopeOf(InetAddress address) {
        switch (scopeRank(address)) {
            case 1: return AddressScope.HOST;
            case 2: return AddressScope.LINK;
            case 5: return AddressScope.SITE;
            default: return AddressScope.GLOBAL;
        }
    }

    private static IpvsException refusal(int errno, IpvsOperation operation, InterfaceAddress address) {
        return KernelErrors.hostError(errno, operation, address.toString(), address.interfaceName());
    }
}
