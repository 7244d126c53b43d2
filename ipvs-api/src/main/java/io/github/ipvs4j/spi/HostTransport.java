package io.github.ipvs4j.spi;

import io.github.ipvs4j.host.InterfaceAddress;
import io.github.ipvs4j.host.Link;
import io.github.ipvs4j.host.Route;
import io.github.ipvs4j.host.Setting;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host's networking, as one kernel (or a fake) provides it: interfaces, addresses, route lookups,
 * settings and address announcements, in one network namespace. {@link io.github.ipvs4j.Host} checks
 * arguments and hands calls here; an implementation reports the kernel's refusals through
 * {@link KernelErrors#hostError(int, io.github.ipvs4j.model.IpvsOperation, String, String)}, so every
 * transport fails alike. Implementations are safe for use by many threads.
 */
public interface HostTransport extends AutoCloseable {
    /**
     * Lists the interfaces.
     *
     * @return every interface, in index order
     */
    List<Link> listLinks();

    /**
     * Lists the addresses of every interface.
     *
     * @return every address, IPv4 before IPv6, each family in interface index order and, within an
     *     interface, in the kernel's order (primary addresses first)
     */
    List<InterfaceAddress> listAddresses();

    /**
     * Adds an address.
     *
     * @param address the address
     * @throws io.github.ipvs4j.model.AlreadyExistsException if it is there already
     * @throws io.github.ipvs4j.host.InterfaceNotFoundException if the interface does not exist
     */
    void addAddress(InterfaceAddress address);

    /**
     * Removes an address (matched by interface, address and prefix length).
     *
     * @param address the address
     * @throws io.github.ipvs4j.model.KernelException with EADDRNOTAVAIL if it is not there
     * @throws io.github.ipvs4j.host.InterfaceNotFoundException if the interface does not exist
     */
    void removeAddress(InterfaceAddress address);

    /**
     * Brings an interface up or down.
     *
     * @param interfaceName the interface
     * @param up true for up
     * @throws io.github.ipvs4j.host.InterfaceNotFoundException if the interface does not exist
     */
    void setLinkUp(String interfaceName, boolean up);

    /**
     * Looks up how this host reaches an address, as {@code ip route get} does.
     *
     * @param destination the address
     * @return the route, of type {@link io.github.ipvs4j.host.RouteType#UNREACHABLE},
     *     {@link io.github.ipvs4j.host.RouteType#PROHIBIT} or {@link io.github.ipvs4j.host.RouteType#BLACKHOLE}
     *     where the lookup ends in such a route (IPv4 answers those with EHOSTUNREACH, EACCES or EINVAL);
     *     empty if there is none (ENETUNREACH) or a throw route ends the lookup (EAGAIN)
     */
    Optional<Route> route(InetAddress destination);

    /**
     * Reads settings.
     *
     * @param settings the settings to read
     * @return the value of each setting the kernel has; one it lacks (a module not loaded, an older
     *     kernel, an interface that does not exist) is left out
     */
    Map<Setting, Integer> readSettings(Collection<Setting> settings);

    /**
     * Writes a setting.
     *
     * @param setting the setting
     * @param value its value, already checked against the setting's range
     * @throws io.github.ipvs4j.model.KernelException with ENOENT if the kernel lacks the setting
     */
    void writeSetting(Setting setting, int value);

    /**
     * Announces that an address of this host is reachable through an interface's link-layer address,
     * so that neighbours update their caches: a gratuitous ARP request for IPv4, an unsolicited
     * neighbour advertisement (override flag set) to all nodes for IPv6. The first goes out at once,
     * the rest {@code interval} apart; the call returns after the last.
     *
     * @param interfaceName the interface to send on; it must be up and have a link-layer address
     * @param address the address announced
     * @param count how many announcements to send, 1 or more
     * @param interval the time between two announcements
     * @throws io.github.ipvs4j.host.InterfaceNotFoundException if the interface does not exist
     */
    void announce(String interfaceName, InetAddress address, int count, Duration interval);

    /** Releases the transport's sockets. */
    @Override
    void close();
}
