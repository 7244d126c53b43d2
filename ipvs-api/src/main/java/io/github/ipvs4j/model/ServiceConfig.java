package io.github.ipvs4j.model;

import io.github.ipvs4j.internal.Addresses;
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
    /**
     * Validates the components: unique endpoints, families compatible with the service.
     *
     * @param service the virtual service
     * @param realServers its real servers, in the order given; an address and port may occur once, and each
     *     must be of the service's family unless it forwards by tunnel
     * @throws NullPointerException if a component is null or {@code realServers} holds a null
     * @throws InvalidConfigurationException if an endpoint occurs twice or a real server's family does not
     *     fit the service
     */
    public ServiceConfig {
        Check.notNull("service", service);
        for (RealServer rs : Check.notNull("real servers", realServers)) {
            Check.notNull("real server", rs);
        }
        realServers = List.copyOf(realServers);
        // Most services have a handful of real servers: comparing each pair then costs less than hashing
        // a new endpoint object per server (a whole-table read builds a ServiceConfig per service).
        Set<InetSocketAddress> seen = realServers.size() > SMALL ? new HashSet<>() : null;
        for (int i = 0; i < realServers.size(); i++) {
            RealServer rs = realServers.get(i);
            rs.checkCompatibleWith(service.key());
            if (seen != null ? !seen.add(rs.endpoint()) : occursBefore(realServers, i)) {
                throw new InvalidConfigurationException("real server",
                        Addresses.format(rs.address(), rs.port()), "each real server once per service "
                                + service.key());
            }
        }
    }

    /** Up to this many real servers, duplicates are found by comparing pairs. */
    private static final int SMALL = 16;

    private static boolean occursBefore(List<RealServer> servers, int index) {
        RealServer rs = servers.get(index);
        for (int j = 0; j < index; j++) {
            RealServer other = servers.get(j);
            if (other.port() == rs.port() && other.address().equals(rs.address())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A service with the given real servers.
     *
     * @param service the virtual service
     * @param realServers its real servers, in the order given; as for the constructor
     * @return the service with its real servers
     * @throws NullPointerException if an argument is null or {@code realServers} holds a null
     * @throws InvalidConfigurationException as the constructor does
     */
    public static ServiceConfig of(VirtualService service, RealServer... realServers) {
        return new ServiceConfig(service, List.of(realServers));
    }
}
