package io.github.ipvs4j.model;

import java.util.ArrayList;
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
        List<ServiceConfig> copy = new ArrayList<>(services);
        copy.sort((a, b) -> ServiceKey.ORDER.compare(a.service().key(), b.service().key()));
        return new IpvsConfig(copy);
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
