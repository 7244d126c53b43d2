package io.github.ipvs4j.host;

import io.github.ipvs4j.internal.Addresses;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * How this host reaches one destination: the answer of a route lookup ({@code RTM_GETROUTE}, what
 * {@code ip route get} prints).
 *
 * @param destination the address looked up
 * @param type what the kernel does with a packet to it ({@link RouteType#LOCAL} for this host's own
 *     addresses)
 * @param gateway the next hop, when the destination is not on a directly connected network
 * @param interfaceName the interface packets leave by, when they leave this host
 * @param preferredSource the source address the kernel would choose, if it chooses one
 */
public record Route(InetAddress destination, RouteType type, Optional<InetAddress> gateway,
        Optional<String> interfaceName, Optional<InetAddress> preferredSource) {
    /**
     * Validates the components.
     *
     * @param destination the address looked up
     * @param type what the kernel does with a packet to it ({@link RouteType#LOCAL} for this host's own addresses)
     * @param gateway the next hop, when the destination is not on a directly connected network
     * @param interfaceName the interface packets leave by, when they leave this host
     * @param preferredSource the source address the kernel would choose, if it chooses one
     * @throws NullPointerException if a component is null
     */
    public Route {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(preferredSource, "preferredSource");
    }

    /**
     * Whether the destination is on a directly connected network: a unicast route without a gateway,
     * as LVS-DR needs for every real server (the director rewrites only the MAC address).
     *
     * @return true if packets go straight to the destination's own MAC address
     */
    public boolean onLink() {
        return type == RouteType.UNICAST && gateway.isEmpty();
    }

    /** {@code 198.51.100.11 via 192.0.2.1 dev eth0}, like {@code ip route get}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (type != RouteType.UNICAST) {
            sb.append(type.name().toLowerCase(java.util.Locale.ROOT)).append(' ');
        }
        sb.append(Addresses.format(destination));
        gateway.ifPresent(g -> sb.append(" via ").append(Addresses.format(g)));
        interfaceName.ifPresent(i -> sb.append(" dev ").append(i));
        preferredSource.ifPresent(s -> sb.append(" src ").append(Addresses.format(s)));
        return sb.toString();
    }
}
