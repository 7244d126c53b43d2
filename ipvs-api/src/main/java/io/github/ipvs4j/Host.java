package io.github.ipvs4j;

import io.github.ipvs4j.host.HardwareAddress;
import io.github.ipvs4j.host.HostChange;
import io.github.ipvs4j.host.HostChangeException;
import io.github.ipvs4j.host.InterfaceAddress;
import io.github.ipvs4j.host.InterfaceNotFoundException;
import io.github.ipvs4j.host.Link;
import io.github.ipvs4j.host.Route;
import io.github.ipvs4j.host.Setting;
import io.github.ipvs4j.host.Sysctl;
import io.github.ipvs4j.model.AlreadyExistsException;
import io.github.ipvs4j.model.InvalidConfigurationException;
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.IpvsOperation;
import io.github.ipvs4j.model.IpvsUnavailableException;
import io.github.ipvs4j.model.KernelException;
import io.github.ipvs4j.model.PermissionDeniedException;
import io.github.ipvs4j.spi.HostTransport;
import io.github.ipvs4j.spi.HostTransportProvider;
import io.github.ipvs4j.spi.KernelErrors;
import io.github.ipvs4j.spi.TransportOptions;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point to a host's networking around IPVS: its interfaces, addresses, routes and settings,
 * and announcing an address after taking it over. What the LVS tutorials do with {@code ip} and
 * {@code sysctl}, without shelling out. Safe for use by many threads; close it to release the transport.
 *
 * <pre>{@code
 * try (Host host = Host.open()) {                     // a DR real server
 *     host.addAddress(InterfaceAddress.host("lo", InetAddress.getByName("192.0.2.10")));
 *     host.writeSetting(Setting.all(Sysctl.ARP_IGNORE), 1);
 *     host.writeSetting(Setting.all(Sysctl.ARP_ANNOUNCE), 2);
 * }
 * }</pre>
 *
 * <p>The checks a director or real server needs, and their fixes, are {@code io.github.ipvs4j.preflight}'s
 * {@code Preflight}. Errors are unchecked, as for {@link Ipvs}: a null argument is a
 * {@link NullPointerException} naming it, a bad value an {@link InvalidConfigurationException} naming
 * the field and what is allowed, a missing interface an {@link InterfaceNotFoundException}, the
 * kernel's refusals the subtypes of {@link IpvsException} each method lists, all naming the operation
 * and its object. Any call on a closed handle but {@link #close()} is an {@link IllegalStateException}.
 *
 * <p>It logs each change it makes to the logger {@code io.github.ipvs4j.Host} at info, and nothing else.
 */
public final class Host implements AutoCloseable {
    /** System property naming the host transport provider to use, e.g. {@code netlink}. */
    public static final String TRANSPORT_PROPERTY = "ipvs4j.host.transport";

    private static final Logger LOG = LoggerFactory.getLogger(Host.class);
    /** The most announcements one call sends. */
    public static final int MAX_ANNOUNCEMENTS = 100;
    /** The longest pause between two announcements. */
    public static final Duration MAX_ANNOUNCE_INTERVAL = Duration.ofMinutes(1);

    private final HostTransport transport;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Host(HostTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * Opens the best available host transport for the caller's own network namespace: the real
     * kernel, through {@code ipvs-netlink}, when that artifact is on the class path (or the provider
     * named by the system property {@value #TRANSPORT_PROPERTY}).
     *
     * @return the handle; close it when done
     * @throws IpvsUnavailableException if no host transport is available, saying which artifact to add
     * @throws IpvsException if the chosen transport fails to open otherwise
     */
    public static Host open() {
        return open(TransportOptions.DEFAULTS);
    }

    /**
     * Opens the best available host transport with the given options, e.g. for another network
     * namespace ({@code TransportOptions.DEFAULTS.withNetworkNamespace("blue")}).
     *
     * @param options the namespace to work in and the request timeout
     * @return the handle; close it when done
     * @throws NullPointerException if {@code options} is null
     * @throws IpvsUnavailableException if no host transport is available
     * @throws PermissionDeniedException if the transport may not enter the namespace
     * @throws IpvsException if the namespace does not exist or the transport fails to open otherwise
     */
    public static Host open(TransportOptions options) {
        Objects.requireNonNull(options, "options");
        HostTransportProvider provider = Providers.select(ServiceLoader.load(HostTransportProvider.class),
                TRANSPORT_PROPERTY, "host transport", "No host transport on the class path. Add the artifact"
                        + " io.github.ipvs4j:ipvs-netlink to manage this host's networking, or, for tests"
                        + " without root, use Host.using(FakeHost.create()) from io.github.ipvs4j:ipvs-testkit.");
        return new Host(provider.open(options));
    }

    /**
     * Wraps a transport, e.g. the testkit's fake host. Closing the handle closes the transport.
     *
     * @param transport the transport to hand calls to
     * @return the handle
     * @throws NullPointerException if {@code transport} is null
     */
    public static Host using(HostTransport transport) {
        return new Host(transport);
    }

    // ---- interfaces -------------------------------------------------------------------------------

    /**
     * Lists the interfaces.
     *
     * @return every interface, in index order
     * @throws IpvsException if the transport fails
     * @throws IllegalStateException if this handle is closed
     */
    public List<Link> listLinks() {
        return live().listLinks();
    }

    /**
     * Finds an interface by name.
     *
     * @param name the interface name
     * @return the interface, or empty if there is none of that name
     * @throws NullPointerException if {@code name} is null
     * @throws IpvsException if the transport fails
     * @throws IllegalStateException if this handle is closed
     */
    public Optional<Link> getLink(String name) {
        Objects.requireNonNull(name, "name");
        return live().listLinks().stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /**
     * Brings an interface up or down ({@code ip link set IF up}).
     *
     * @param interfaceName the interface
     * @param up true for up
     * @throws NullPointerException if {@code interfaceName} is null
     * @throws InterfaceNotFoundException if there is no such interface
     * @throws PermissionDeniedException without CAP_NET_ADMIN
     * @throws IpvsException for another refusal or a failure of the transport
     * @throws IllegalStateException if this handle is closed
     */
    public void setLinkUp(String interfaceName, boolean up) {
        apply(new HostChange.SetLinkUp(interfaceName, up));
    }

    // ---- addresses --------------------------------------------------------------------------------

    /**
     * Lists the addresses of every interface.
     *
     * @return every address, IPv4 before IPv6, then by interface index
     * @throws IpvsException if the transport fails
     * @throws IllegalStateException if this handle is closed
     */
    public List<InterfaceAddress> listAddresses() {
        return live().listAddresses();
    }

    /**
     * Lists the addresses of one interface.
     *
     * @param interfaceName the interface
     * @return its addresses, IPv4 before IPv6
     * @throws NullPointerException if {@code interfaceName} is null
     * @throws InterfaceNotFoundException if there is no such interface
     * @throws IllegalStateException if this handle is closed
     */
    public List<InterfaceAddress> listAddresses(String interfaceName) {
        requireLink(interfaceName, IpvsOperation.LIST_ADDRESSES);
        List<InterfaceAddress> mine = new ArrayList<>();
        for (InterfaceAddress a : live().listAddresses()) {
            if (a.interfaceName().equals(interfaceName)) {
                mine.add(a);
            }
        }
        return mine;
    }

    /**
     * Finds where an address is on this host.
     *
     * @param address the address
     * @return every interface address with that address (usually none or one)
     * @throws NullPointerException if {@code address} is null
     * @throws IllegalStateException if this handle is closed
     */
    public List<InterfaceAddress> findAddress(InetAddress address) {
        Objects.requireNonNull(address, "address");
        return live().listAddresses().stream().filter(a -> a.address().equals(address)).toList();
    }

    /**
     * Adds an address to an interface ({@code ip addr add}).
     *
     * @param address the address, e.g. {@code InterfaceAddress.host("lo", vip)}
     * @throws NullPointerException if {@code address} is null
     * @throws AlreadyExistsException if the interface has that address already
     * @throws InterfaceNotFoundException if there is no such interface
     * @throws PermissionDeniedException without CAP_NET_ADMIN
     * @throws IpvsException for another refusal or a failure of the transport
     * @throws IllegalStateException if this handle is closed
     */
    public void addAddress(InterfaceAddress address) {
        apply(new HostChange.AddAddress(address));
    }

    /**
     * Removes an address from an interface ({@code ip addr del}).
     *
     * @param address the address (interface, address and prefix length must match)
     * @throws NullPointerException if {@code address} is null
     * @throws KernelException with EADDRNOTAVAIL if the interface has no such address
     * @throws InterfaceNotFoundException if there is no such interface
     * @throws PermissionDeniedException without CAP_NET_ADMIN
     * @throws IllegalStateException if this handle is closed
     */
    public void removeAddress(InterfaceAddress address) {
        apply(new HostChange.RemoveAddress(address));
    }

    // ---- routes -----------------------------------------------------------------------------------

    /**
     * Looks up how this host reaches an address ({@code ip route get}); {@link Route#onLink()} tells
     * whether it is on a directly connected network, as LVS-DR needs of every real server.
     *
     * @param destination the address
     * @return the route, or empty if the host has none
     * @throws NullPointerException if {@code destination} is null
     * @throws IpvsException if the transport fails
     * @throws IllegalStateException if this handle is closed
     */
    public Optional<Route> route(InetAddress destination) {
        Objects.requireNonNull(destination, "destination");
        return live().route(destination);
    }

    // ---- settings ---------------------------------------------------------------------------------

    /**
     * Reads a setting.
     *
     * @param setting the setting, e.g. {@code Setting.all(Sysctl.ARP_IGNORE)}
     * @return its value, or empty if this kernel lacks it (e.g. {@code net.ipv4.vs.*} without the
     *     {@code ip_vs} module, or a per-interface setting of an interface that does not exist)
     * @throws NullPointerException if {@code setting} is null
     * @throws IllegalStateException if this handle is closed
     */
    public OptionalInt readSetting(Setting setting) {
        Objects.requireNonNull(setting, "setting");
        Integer v = live().readSettings(List.of(setting)).get(setting);
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    /**
     * Reads several settings at once (one trip into the network namespace).
     *
     * @param settings the settings
     * @return the value of each one the kernel has; one it lacks is left out
     * @throws NullPointerException if {@code settings} or one of them is null
     * @throws IllegalStateException if this handle is closed
     */
    public Map<Setting, Integer> readSettings(Collection<Setting> settings) {
        List<Setting> copy = List.copyOf(Objects.requireNonNull(settings, "settings"));
        return Map.copyOf(live().readSettings(copy));
    }

    /**
     * Reads the value an interface works with, by the kernel's rule for the setting
     * ({@link Sysctl#effective}): for {@code arp_ignore}, the larger of {@code all} and the interface's.
     *
     * @param sysctl a per-interface setting
     * @param interfaceName the interface
     * @return the value in effect, or empty if the kernel lacks the setting or the interface
     * @throws NullPointerException if an argument is null
     * @throws InvalidConfigurationException if {@code sysctl} is global or the name is invalid
     * @throws IllegalStateException if this handle is closed
     */
    public OptionalInt readEffective(Sysctl sysctl, String interfaceName) {
        Setting all = Setting.all(sysctl);
        Setting device = Setting.of(sysctl, interfaceName);
        Map<Setting, Integer> values = live().readSettings(List.of(all, device));
        if (!values.containsKey(all) || !values.containsKey(device)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(sysctl.effective(values.get(all), values.get(device)));
    }

    /**
     * Writes a setting ({@code sysctl -w}).
     *
     * @param setting the setting
     * @param value its value, in {@link Sysctl#min()}..{@link Sysctl#max()}
     * @throws NullPointerException if {@code setting} is null
     * @throws InvalidConfigurationException naming the setting and its range if {@code value} is out of it
     * @throws KernelException with ENOENT if the kernel lacks the setting
     * @throws PermissionDeniedException without CAP_NET_ADMIN, or where {@code /proc/sys} is read-only
     * @throws IllegalStateException if this handle is closed
     */
    public void writeSetting(Setting setting, int value) {
        apply(new HostChange.WriteSetting(setting, value));
    }

    // ---- announcing -------------------------------------------------------------------------------

    /**
     * Announces an address this host has just taken over, so that neighbours send to it at once: a
     * gratuitous ARP request (IPv4) or an unsolicited neighbour advertisement with the override flag
     * (IPv6), from the interface's link-layer address. The first goes out at once, the others
     * {@code interval} apart; returns after the last. Like any packet, an announcement may be lost (and
     * an interface brought up less than a second ago drops what is sent until the kernel has activated
     * it): send several, as keepalived does.
     *
     * @param interfaceName the interface, up, with an Ethernet address (not {@code lo} or a tunnel)
     * @param address the address, which should be on this host
     * @param count how many to send, 1..{@value #MAX_ANNOUNCEMENTS}
     * @param interval the pause between two, 0..1 minute
     * @throws NullPointerException if an argument is null
     * @throws InvalidConfigurationException if {@code count} or {@code interval} is out of range, or the
     *     interface is down or has no Ethernet address
     * @throws InterfaceNotFoundException if there is no such interface
     * @throws PermissionDeniedException without CAP_NET_RAW
     * @throws IllegalStateException if this handle is closed
     */
    public void announce(String interfaceName, InetAddress address, int count, Duration interval) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(interval, "interval");
        if (count < 1 || count > MAX_ANNOUNCEMENTS) {
            throw new InvalidConfigurationException("announcement count", count, "1.." + MAX_ANNOUNCEMENTS);
        }
        if (interval.isNegative() || interval.compareTo(MAX_ANNOUNCE_INTERVAL) > 0) {
            throw new InvalidConfigurationException("announcement interval", interval, "0..1 minute");
        }
        Link link = requireLink(interfaceName, IpvsOperation.ANNOUNCE_ADDRESS);
        String what = KernelErrors.announcement(address, interfaceName);
        if (!link.up()) {
            throw new InvalidConfigurationException("interface of " + what, interfaceName + " (down)",
                    "an interface that is up");
        }
        if (link.loopback() || link.noArp() || link.hardwareAddress().map(HardwareAddress::bytes)
                .map(b -> b.length != 6).orElse(true)) {
            throw new InvalidConfigurationException("interface of " + what, interfaceName,
                    "an Ethernet-like interface that does ARP (not loopback or a tunnel)");
        }
        live().announce(interfaceName, address, count, interval);
        LOG.info("sent {} x {}", count, what);
    }

    // ---- changes ----------------------------------------------------------------------------------

    /**
     * Makes one change.
     *
     * @param change the change
     * @throws NullPointerException if {@code change} is null
     * @throws IpvsException as the method of {@link Host} for that kind of change
     * @throws IllegalStateException if this handle is closed
     */
    public void apply(HostChange change) {
        Objects.requireNonNull(change, "change");
        HostTransport t = live();
        change.accept(new HostChange.Visitor<Void>() {
            @Override
            public Void addAddress(HostChange.AddAddress c) {
                t.addAddress(c.address());
                return null;
            }

            @Override
            public Void removeAddress(HostChange.RemoveAddress c) {
                t.removeAddress(c.address());
                return null;
            }

            @Override
            public Void writeSetting(HostChange.WriteSetting c) {
                t.writeSetting(c.setting(), c.value());
                return null;
            }

            @Override
            public Void setLinkUp(HostChange.SetLinkUp c) {
                t.setLinkUp(c.interfaceName(), c.up());
                return null;
            }
        });
        LOG.info("{}", change);
    }

    /**
     * Makes changes in order, stopping at the first that fails.
     *
     * @param changes the changes
     * @throws NullPointerException if {@code changes} or one of them is null
     * @throws HostChangeException if one fails, or this handle is closed after the first: it names the
     *     changes made before it, the one that failed (its cause says why) and those not tried
     * @throws IllegalStateException if this handle is closed when called
     */
    public void apply(List<? extends HostChange> changes) {
        List<HostChange> all = List.copyOf(Objects.requireNonNull(changes, "changes"));
        live();
        for (int i = 0; i < all.size(); i++) {
            try {
                apply(all.get(i));
            } catch (IpvsException | IllegalStateException e) { // a refusal, or this handle closed meanwhile
                throw new HostChangeException(all.subList(0, i), all.get(i), all.subList(i + 1, all.size()), e);
            }
        }
    }

    private Link requireLink(String interfaceName, IpvsOperation operation) {
        Objects.requireNonNull(interfaceName, "interfaceName");
        return getLink(interfaceName).orElseThrow(() -> new InterfaceNotFoundException(
                operation.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": no such interface "
                        + interfaceName, 0, operation, interfaceName));
    }

    private HostTransport live() {
        if (closed.get()) {
            throw new IllegalStateException("this Host is closed");
        }
        return transport;
    }

    /** Closes the transport; later calls but this one throw {@link IllegalStateException}. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            transport.close();
        }
    }
}
