package io.github.ipvs4j.testkit;

import io.github.ipvs4j.host.HardwareAddress;
import io.github.ipvs4j.host.InterfaceAddress;
import io.github.ipvs4j.host.Link;
import io.github.ipvs4j.host.Route;
import io.github.ipvs4j.host.Setting;
import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.model.IpvsOperation;
import io.github.ipvs4j.spi.HostTransport;
import io.github.ipvs4j.spi.KernelErrors;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An in-memory host network with the Linux kernel's rules, for testing host setup without root:
 * {@code Host.using(FakeHost.create())}. It answers as one network namespace of a booted Linux host
 * would, refusals included (as the same typed exceptions, via
 * {@link KernelErrors#hostError(int, IpvsOperation, String, String)}).
 *
 * <pre>{@code
 * FakeHost fake = FakeHost.create();
 * fake.addLink("eth0", "eth");
 * try (Host host = Host.using(fake)) {
 *     host.setLinkUp("eth0", true);
 *     host.addAddress(InterfaceAddress.of("eth0", "192.0.2.2/24"));
 *     host.announce("eth0", InetAddress.getByName("192.0.2.2"), 3, Duration.ofSeconds(1));
 * }
 * assert fake.announcements().size() == 1;
 * }</pre>
 *
 * <p><b>What it starts as.</b> {@link #create()} is a booted host's namespace: {@code lo} (index 1, up,
 * MTU 65536, hardware address 00:00:00:00:00:00) with {@code 127.0.0.1/8} and {@code ::1/128}, both of
 * scope host (a fresh namespace's {@code lo} is down and has no address until it is brought up); every
 * setting at {@link io.github.ipvs4j.host.Sysctl#kernelDefault()} for {@code all}, {@code default} and
 * {@code lo}; the {@code ip_vs} module loaded, so the {@code net.ipv4.vs.*} settings exist
 * ({@link #unloadIpvs()} removes them).
 *
 * <p><b>Interfaces</b> are added by the test ({@link #addLink(String, String)}): down, as the kernel
 * creates them, with the next index and the settings of {@code default} (IPv4 and IPv6 alike). Bringing
 * one up gives an interface with a 6-byte hardware address its EUI-64 link-local address
 * ({@code fe80::/64}), as if it had carrier; bringing one down removes its IPv6 addresses
 * ({@code keep_addr_on_down} is off by default) and the routes through it, but not its IPv4 addresses.
 * Bringing {@code lo} up adds {@code 127.0.0.1/8} and {@code ::1/128} again if they were removed.
 *
 * <p><b>Addresses.</b> Adding one the interface has already ({@link InterfaceAddress#sameAs}) is
 * EEXIST; an IPv4 address on the subnet of another with a different scope is EINVAL; one on the subnet
 * of another becomes secondary, and removing a primary removes its secondaries
 * ({@code promote_secondaries} is off by default). Removing one that is not there (interface, address
 * and prefix length; the label too, if given) is EADDRNOTAVAIL. An unknown interface is ENODEV. IPv4
 * addresses without a label are listed with the interface name as label; IPv6 addresses with the scope
 * of the address itself ({@code ::1} host, {@code fe80::/10} link, {@code fec0::/10} site, else global),
 * whatever scope was asked. Within an interface, addresses are listed in the kernel's order: IPv4
 * primaries by scope (host before global) then secondaries, each in the order added; IPv6 by the
 * address's scope, global first, the newest first within one scope.
 *
 * <p><b>Routes</b> follow from addresses and links as in the kernel: every IPv4 address of any
 * interface, up or down, is {@code LOCAL} (its local route is added with the address and survives the
 * interface going down); the prefix of a primary IPv4 address (not a /32) is reachable on-link through its
 * interface while that is up, and is {@code LOCAL} if that interface is a loopback (so {@code 127.0.0.0/8},
 * and any prefix given to an address on {@code lo}); an IPv6 address is {@code LOCAL} whether its interface
 * is up or not, and its prefix on-link only while the interface is up; a prefix through {@code lo} (the
 * kernel's reject route, which drops what is sent) is found as a unicast route through {@code lo}. No DAD
 * is modelled: IPv6 addresses are usable at once, as source addresses too, as the kernel makes them on
 * {@code lo} and interfaces without ARP (on others, with {@code accept_dad} 0; with its default of 1, the
 * kernel keeps an address of an interface with ARP tentative, neither local nor a source, until the
 * interface is up with carrier and DAD has passed). The local table is looked up first, then the longest
 * matching prefix. Routes the test adds ({@link #addRoute}) go through a gateway or straight through an
 * interface. Local routes leave by {@code lo}; the source address is the route's own, else chosen as the
 * kernel does ({@code inet_select_addr}; for IPv6, RFC 6724's rules 1, 2, 5 and 8, among the addresses of
 * every interface, up or down). Broadcast, multicast and policy routing are not modelled.
 *
 * <p><b>Settings.</b> Reading one the kernel lacks (of an interface that does not exist, or
 * {@code net.ipv4.vs.*} without {@code ip_vs}) leaves it out; writing one is ENOENT. Writing
 * {@code net.ipv4.conf.all.forwarding} or its alias {@code net.ipv4.ip_forward} with a new value sets
 * {@code default} and every interface too (with the value it has already, nothing else changes);
 * writing {@code net.ipv6.conf.all.forwarding} always sets {@code default} and every interface. Writing
 * an IPv4 setting of {@code default} (other than forwarding) also sets it on every interface where it
 * was never written (so not on {@code lo}, whose values the kernel marks as written when it first comes
 * up). Other writes of {@code all} change only {@code all}.
 *
 * <p><b>Announcements</b> ({@link #announce}) are recorded, not sent, and return at once
 * ({@link #announcements()}).
 *
 * <p>Thread-safe: every call runs under one lock, this object's monitor.
 */
public final class FakeHost implements HostTransport {
    /** The MTU of an Ethernet-like interface the test adds. */
    public static final int ETHERNET_MTU = 1500;
    /** The MTU of an {@code ipip} tunnel ({@code tunl0}): 1500 less the outer IPv4 header. */
    public static final int IPIP_MTU = 1480;
    /** The MTU of {@code lo}. */
    public static final int LOOPBACK_MTU = 65536;

    /**
     * One call of {@link #announce}: what a test asserts to see that a failover announced its address.
     *
     * @param interfaceName the interface it was sent on
     * @param address the address announced
     * @param count how many announcements were asked for
     * @param interval the time asked for between two
     */
    public record Announcement(String interfaceName, InetAddress address, int count, Duration interval) {
        /**
         * Validates the components.
         *
         * @param interfaceName the interface it was sent on
         * @param address the address announced
         * @param count how many announcements were asked for
         * @param interval the time asked for between two
         * @throws NullPointerException if a component is null
         */
        public Announcement {
            Objects.requireNonNull(interfaceName, "interfaceName");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(interval, "interval");
        }
    }

    // The facade: the settings, the interfaces with their addresses and the routes are not thread-safe;
    // each call reaches them under this object's monitor.
    private final HostSettings settings = new HostSettings();
    private final NetDevices devices = new NetDevices(settings);
    private final List<Announcement> announcements = new ArrayList<>();
    private boolean closed;

    private FakeHost() {
        settings.loadIpvs();
        devices.addLink(NetDevices.LOOPBACK, Optional.empty(), true, false, new HardwareAddress("00:00:00:00:00:00"),
                LOOPBACK_MTU);
        devices.setUp(NetDevices.LOOPBACK, true);
    }

    /**
     * A booted host's network namespace: {@code lo} up with its addresses, the kernel's default settings,
     * {@code ip_vs} loaded.
     *
     * @return a new, open fake host
     */
    public static FakeHost create() {
        return new FakeHost();
    }

    // ---- test setup -----------------------------------------------------------------------------------

    /**
     * Adds an interface, down, with a generated hardware address: {@code 02:00:00:00:HH:LL}, locally
     * administered, from its index (four bytes of zeros for {@code ipip}).
     *
     * @param name the interface name
     * @param kind {@code eth} (a physical interface: no kind reported), {@code dummy} (which does no ARP,
     *     as the kernel's), {@code veth}, {@code bridge}, or {@code ipip} (a tunnel like {@code tunl0}: no
     *     ARP, MTU {@value #IPIP_MTU}, a 4-byte hardware address)
     * @return the interface as {@link #listLinks()} reports it
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the kind is none of those, the name is taken or is {@code all} or
     *     {@code default} (the kernel's settings use those names)
     * @throws io.github.ipvs4j.model.InvalidConfigurationException if the name is no valid interface name
     * @throws IllegalStateException if this fake is closed
     */
    public synchronized Link addLink(String name, String kind) {
        Objects.requireNonNull(kind, "kind");
        int index = open().nextIndex();
        HardwareAddress address = kind.equals("ipip") ? new HardwareAddress("00:00:00:00")
                : new HardwareAddress(String.format("02:00:00:00:%02x:%02x", (index >> 8) & 0xff, index & 0xff));
        return addLink(name, kind, address);
    }

    /**
     * Adds an interface, down, with the given hardware address; see {@link #addLink(String, String)}.
     *
     * @param name the interface name
     * @param kind {@code eth}, {@code dummy}, {@code veth}, {@code bridge} or {@code ipip}
     * @param hardwareAddress its hardware address: 6 bytes, or 4 for {@code ipip}
     * @return the interface as {@link #listLinks()} reports it
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the kind is none of those, the address's length does not fit it,
     *     the name is taken or is {@code all} or {@code default}
     * @throws io.github.ipvs4j.model.InvalidConfigurationException if the name is no valid interface name
     * @throws IllegalStateException if this fake is closed
     */
    public synchronized Link addLink(String name, String kind, HardwareAddress hardwareAddress) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(hardwareAddress, "hardwareAddress");
        open();
        if (name.equals(Setting.ALL) || name.equals(Setting.DEFAULT)) {
            throw new IllegalArgumentException("an interface may not be named " + name
                    + ": the kernel's settings use that name");
        }
        boolean ipip = kind.equals("ipip");
        boolean noArp = ipip || kind.equals("dummy");
        if (!List.of("eth", "dummy", "veth", "bridge", "ipip").contains(kind)) {
            throw new IllegalArgumentException("interface kind " + kind
                    + " is not one the fake models: eth, dummy, veth, bridge, ipip");
        }
        if (hardwareAddress.bytes().length != (ipip ? 4 : 6)) {
            throw new IllegalArgumentException("an interface of kind " + kind + " has a hardware address of "
                    + (ipip ? 4 : 6) + " bytes, not " + hardwareAddress);
        }
        Optional<String> reported = kind.equals("eth") ? Optional.empty() : Optional.of(kind);
        return devices.addLink(name, reported, false, noArp, hardwareAddress, ipip ? IPIP_MTU : ETHERNET_MTU);
    }

    /**
     * Removes an interface, with its addresses, the routes through it and its settings.
     *
     * @param name the interface
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if there is no such interface, or it is {@code lo} (which the kernel
     *     never removes)
     * @throws IllegalStateException if this fake is closed
     */
    public synchronized void removeLink(String name) {
        Objects.requireNonNull(name, "name");
        open();
        if (name.equals(NetDevices.LOOPBACK)) {
            throw new IllegalArgumentException("lo cannot be removed (the kernel: EOPNOTSUPP)");
        }
        devices.removeLink(name);
    }

    /**
     * Adds a route, as {@code ip route add PREFIX [via GATEWAY] dev INTERFACE} does. The kernel removes it
     * when the interface goes down.
     *
     * @param prefix the destination, {@code ADDRESS/LENGTH} (host bits are ignored), e.g. {@code 0.0.0.0/0}
     * @param gateway the next hop, on a network connected to the interface (or, for IPv6, link-local);
     *     empty for a route straight through the interface
     * @param interfaceName the interface, up
     * @throws NullPointerException if an argument is null
     * @throws io.github.ipvs4j.model.InvalidConfigurationException if the prefix is no
     *     {@code ADDRESS/LENGTH}
     * @throws IllegalArgumentException if the interface does not exist or is down, the gateway is of the
     *     other family or not on a connected network, or there is a route to the prefix already
     * @throws IllegalStateException if this fake is closed
     */
    public synchronized void addRoute(String prefix, Optional<InetAddress> gateway, String interfaceName) {
        Objects.requireNonNull(gateway, "gateway");
        open();
        devices.addRoute(InterfaceAddress.of(interfaceName, prefix), gateway);
    }

    /**
     * Whether the {@code ip_vs} module is loaded, so the {@code net.ipv4.vs.*} settings exist.
     *
     * @return true after {@link #create()} and {@link #loadIpvs()}, false after {@link #unloadIpvs()}
     */
    public synchronized boolean ipvsLoaded() {
        return settings.ipvsLoaded();
    }

    /**
     * Loads {@code ip_vs}: the {@code net.ipv4.vs.*} settings appear with their defaults. Nothing happens
     * if it is loaded.
     *
     * @throws IllegalStateException if this fake is closed
     */
    public synchronized void loadIpvs() {
        open();
        settings.loadIpvs();
    }

    /**
     * Unloads {@code ip_vs}, or models a kernel without it: the {@code net.ipv4.vs.*} settings go, with
     * the values written to them.
     *
     * @throws IllegalStateException if this fake is closed
     */
    public synchronized void unloadIpvs() {
        open();
        settings.unloadIpvs();
    }

    /**
     * The announcements made, in order.
     *
     * @return a copy of the record
     */
    public synchronized List<Announcement> announcements() {
        return List.copyOf(announcements);
    }

    // ---- the transport --------------------------------------------------------------------------------

    @Override
    public synchronized List<Link> listLinks() {
        return open().links();
    }

    @Override
    public synchronized List<InterfaceAddress> listAddresses() {
        return open().addresses();
    }

    @Override
    public synchronized void addAddress(InterfaceAddress address) {
        Objects.requireNonNull(address, "address");
        open().addAddress(address);
    }

    @Override
    public synchronized void removeAddress(InterfaceAddress address) {
        Objects.requireNonNull(address, "address");
        open().removeAddress(address);
    }

    @Override
    public synchronized void setLinkUp(String interfaceName, boolean up) {
        Objects.requireNonNull(interfaceName, "interfaceName");
        open().setUp(interfaceName, up);
    }

    @Override
    public synchronized Optional<Route> route(InetAddress destination) {
        Objects.requireNonNull(destination, "destination");
        return open().route(destination);
    }

    @Override
    public synchronized Map<Setting, Integer> readSettings(Collection<Setting> wanted) {
        open();
        Map<Setting, Integer> values = new LinkedHashMap<>();
        for (Setting s : wanted) {
            OptionalInt v = settings.read(s);
            v.ifPresent(value -> values.put(s, value));
        }
        return values;
    }

    @Override
    public synchronized void writeSetting(Setting setting, int value) {
        Objects.requireNonNull(setting, "setting");
        open();
        if (!settings.write(setting, value)) {
            throw KernelErrors.hostError(Errno.ENOENT, IpvsOperation.WRITE_SETTING, setting.name(), null);
        }
    }

    /**
     * Records the announcement and returns at once, without waiting the intervals. The interface must
     * exist; {@link io.github.ipvs4j.Host#announce} refuses one that is down or does no ARP before this.
     */
    @Override
    public synchronized void announce(String interfaceName, InetAddress address, int count, Duration interval) {
        Announcement a = new Announcement(interfaceName, address, count, interval);
        if (!open().exists(interfaceName)) {
            throw KernelErrors.hostError(Errno.ENODEV, IpvsOperation.ANNOUNCE_ADDRESS,
                    KernelErrors.announcement(address, interfaceName), interfaceName);
        }
        announcements.add(a);
    }

    /** Closes the fake; further calls but {@link #announcements()} and {@link #ipvsLoaded()} fail. */
    @Override
    public synchronized void close() {
        closed = true;
    }

    private NetDevices open() {
        if (closed) {
            throw new IllegalStateException("this fake host is closed");
        }
        return devices;
    }

    @Override
    public synchronized String toString() {
        return "FakeHost[" + devices.links().size() + " interfaces, " + devices.addresses().size() + " addresses]";
    }
}
