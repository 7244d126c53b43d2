package io.github.ipvs4j.preflight;

import io.github.ipvs4j.host.InterfaceAddress;
import io.github.ipvs4j.host.Link;
import io.github.ipvs4j.host.Route;
import io.github.ipvs4j.host.Setting;
import io.github.ipvs4j.host.Sysctl;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a preflight observed of a host: everything its findings depend on, so that
 * {@link Preflight#evaluate(HostState)} is a pure function (and a test can build a state by hand).
 *
 * @param links the interfaces
 * @param addresses the addresses of every interface
 * @param settings the settings read; one the kernel lacks is absent
 * @param routes the route to each address looked up (a director's real servers); empty if none
 */
public record HostState(List<Link> links, List<InterfaceAddress> addresses, Map<Setting, Integer> settings,
        Map<InetAddress, Optional<Route>> routes) {
    /**
     * Validates and copies the components.
     *
     * @param links the interfaces
     * @param addresses the addresses of every interface
     * @param settings the settings read
     * @param routes the route to each address looked up
     * @throws NullPointerException if a component is null
     */
    public HostState {
        links = List.copyOf(links);
        addresses = List.copyOf(addresses);
        settings = Map.copyOf(settings);
        routes = Map.copyOf(routes);
    }

    /**
     * Finds an interface.
     *
     * @param name its name
     * @return it, or empty
     */
    public Optional<Link> link(String name) {
        Objects.requireNonNull(name, "name");
        return links.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /**
     * Where an address is.
     *
     * @param address the address
     * @return every interface address with it
     */
    public List<InterfaceAddress> find(InetAddress address) {
        Objects.requireNonNull(address, "address");
        return addresses.stream().filter(a -> a.address().equals(address)).toList();
    }

    /**
     * A setting's value.
     *
     * @param setting the setting
     * @return its value, or empty if it was not read or the kernel lacks it
     */
    public OptionalInt value(Setting setting) {
        Integer v = settings.get(Objects.requireNonNull(setting, "setting"));
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    /**
     * The value an interface works with ({@link Sysctl#effective}).
     *
     * @param sysctl a per-interface setting
     * @param interfaceName the interface
     * @return the value in effect, or empty if {@code all} or the interface's value is unknown
     */
    public OptionalInt effective(Sysctl sysctl, String interfaceName) {
        OptionalInt all = value(Setting.all(sysctl));
        OptionalInt device = value(Setting.of(sysctl, interfaceName));
        if (all.isEmpty() || device.isEmpty()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(sysctl.effective(all.getAsInt(), device.getAsInt()));
    }
}
