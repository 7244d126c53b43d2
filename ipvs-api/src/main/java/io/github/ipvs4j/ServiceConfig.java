package io.github.ipvs4j;

import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A virtual service together with its real servers: one block of an {@code ipvsadm -S} rules file,
 * and the unit of desired state for plan and apply.
 *
 * @param service the virtual service
 * @param realServers its real servers, in the order given; endpoints are unique
 */
public record ServiceConfig(VirtualService service, List<RealServer> realServers) {
    /** Validates the components: unique endpoints, families compatible with the service. */
    public ServiceConfig {
        Check.notNull("service", service);
        realServers = List.copyOf(Check.notNull("real servers", realServers));
        Set<InetSocketAddress> seen = new HashSet<>();
        for (RealServer rs : realServers) {
            rs.checkCompatibleWith(service.key());
            if (!seen.add(rs.endpoint())) {
                throw new InvalidConfigurationException("real server",
                        Addresses.format(rs.address(), rs.port()), "each real server once per service "
                                + service.key());
            }
        }
    }

    /** A service with the given real servers. */
    public static ServiceConfig of(VirtualService service, RealServer... realServers) {
        return new ServiceConfig(service, List.of(realServers));
    }
}
