package io.github.ipvs4j.model;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A whole IPVS table: virtual services with their real servers. What an {@code ipvsadm -S} rules file
 * describes, what {@code Ipvs.readConfig()} returns, and what a desired state for apply looks like.
 *
 * @param services the services, in the order given; keys are unique
 */
public record IpvsConfig(List<ServiceConfig> services) {
    /** An empty table. */
    public static final IpvsConfig EMPTY = new IpvsConfig(List.of());

    /**
     * Validates that service keys are unique.
     *
     * @param services the services, in the order given; a service's key may occur once
     * @throws NullPointerException if {@code services} is null or holds a null
     * @throws InvalidConfigurationException if two services have the same key
     */
    public IpvsConfig {
        for (ServiceConfig s : Check.notNull("services", services)) {
            Check.notNull("service", s);
        }
        services = List.copyOf(services);
        Set<ServiceKey> seen = new HashSet<>();
        for (ServiceConfig s : services) {
            if (!seen.add(s.service().key())) {
                throw new InvalidConfigurationException("virtual service", s.service().key(),
                        "each virtual service once");
            }
        }
    }

    /**
     * A table of the given services.
     *
     * @param services the services, in the order given; a service's key may occur once
     * @return the table
     * @throws NullPointerException if {@code services} is null or holds a null
     * @throws InvalidConfigurationException if two services have the same key
     */
    public static IpvsConfig of(ServiceConfig... services) {
        return new IpvsConfig(List.of(services));
    }

    /**
     * Returns the service with the given key, if present.
     *
     * @param key the key of the service to find
     * @return the service with its real servers; empty if this table has no service with that key
     */
    public Optional<ServiceConfig> find(ServiceKey key) {
        for (ServiceConfig s : services) {
            if (s.service().key().equals(key)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * Returns a copy with services sorted by {@link ServiceKey#ORDER}; real servers keep their order.
     *
     * @return the sorted table; this one is left as it is
     */
    public IpvsConfig sorted() {
        return new IpvsConfig(ServiceKey.sorted(services, s -> s.service().key()));
    }

    /**
     * Returns a copy in one canonical order: services sorted by {@link ServiceKey#ORDER}, each
     * service's real servers by endpoint (IPv4 before IPv6, then address, then port). Two tables that
     * hold the same services and real servers are {@linkplain #equals equal} once both are normalized,
     * whatever order they were listed in. {@code Ipvs.readConfig()} lists services in key order but real
     * servers as the kernel keeps them (newest first), so compare it with a desired table this way:
     * {@code assertThat(ipvs.readConfig().normalized()).isEqualTo(desired.normalized())}.
     *
     * @return this table in canonical order
     * @see #sameTable(IpvsConfig)
     */
    public IpvsConfig normalized() {
        List<ServiceConfig> out = new ArrayList<>(services.size());
        for (ServiceConfig s : sorted().services) {
            List<RealServer> servers = new ArrayList<>(s.realServers());
            servers.sort(Comparator.comparing(RealServer::endpoint, IpvsConfig::compareEndpoints));
            out.add(new ServiceConfig(s.service(), servers));
        }
        return new IpvsConfig(out);
    }

    /**
     * Whether the two tables hold the same services with the same real servers, in any order; the
     * services and real servers themselves are compared with {@code equals}, every setting included.
     * Same as {@code normalized().equals(other.normalized())}.
     *
     * @param other the table to compare with
     * @return true if both tables hold the same services and real servers
     * @throws NullPointerException if {@code other} is null
     */
    public boolean sameTable(IpvsConfig other) {
        return normalized().equals(Check.notNull("other", other).normalized());
    }

    private static int compareEndpoints(InetSocketAddress a, InetSocketAddress b) {
        byte[] x = a.getAddress().getAddress();
        byte[] y = b.getAddress().getAddress();
        int c = Integer.compare(x.length, y.length);
        if (c == 0) {
            c = Arrays.compareUnsigned(x, y);
        }
        return c != 0 ? c : Integer.compare(a.getPort(), b.getPort());
    }

    /**
     * The total number of real servers.
     *
     * @return the number of real servers of all services together
     */
    public int realServerCount() {
        int n = 0;
        for (ServiceConfig s : services) {
            n += s.realServers().size();
        }
        return n;
    }
}
