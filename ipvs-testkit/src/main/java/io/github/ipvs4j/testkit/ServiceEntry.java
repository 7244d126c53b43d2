package io.github.ipvs4j.testkit;

import io.github.ipvs4j.model.SchedulerFlag;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.testkit.scheduler.Destination;
import io.github.ipvs4j.testkit.scheduler.SchedulingAlgorithm;
import io.github.ipvs4j.testkit.scheduler.ServiceContext;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/** The fake kernel's {@code struct ip_vs_service}: definition, destinations, bound scheduler, stats. */
final class ServiceEntry implements ServiceContext {
    VirtualService definition;
    /** Newest first, as {@code list_add_rcu} at the head leaves them. */
    final List<Destination> destinations = new ArrayList<>();
    SchedulingAlgorithm scheduler;
    long connections;
    long connectionsAtZero;

    private final LongSupplier clock;
    private final RandomGenerator random;

    ServiceEntry(VirtualService definition, LongSupplier clock, RandomGenerator random) {
        this.definition = definition;
        this.clock = clock;
        this.random = random;
    }

    ServiceKey key() {
        return definition.key();
    }

    /** The port of an address service, 0 for a firewall-mark service. */
    int port() {
        return definition.key() instanceof ServiceKey.Address a ? a.port() : 0;
    }

    boolean firewallMark() {
        return definition.key() instanceof ServiceKey.FirewallMark;
    }

    int indexOf(InetSocketAddress endpoint) {
        for (int i = 0; i < destinations.size(); i++) {
            if (destinations.get(i).endpoint().equals(endpoint)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public List<Destination> destinations() {
        return destinations;
    }

    @Override
    public boolean ipv6() {
        return definition.family() == io.github.ipvs4j.model.AddressFamily.INET6;
    }

    @Override
    public boolean hasFlag(SchedulerFlag flag) {
        return definition.schedulerFlags().contains(flag);
    }

    @Override
    public long nowMillis() {
        return clock.getAsLong();
    }

    @Override
    public RandomGenerator random() {
        return random;
    }
}
