package io.github.ipvs4j.apply;

import io.github.ipvs4j.model.Change;
import io.github.ipvs4j.model.InvalidConfigurationException;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.RealServerStatus;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Computes plans: a pure function of the observed table, the desired one and the drain bookkeeping. */
final class Planner {

    /** A service as read from the kernel, with its real servers' connection counts. */
    record Observed(VirtualService service, List<RealServerStatus> realServers) {
    }

    /** Identifies a real server across services. */
    record ServerKey(ServiceKey service, InetSocketAddress endpoint) {
        // Written out for speed before the JIT has compiled them (see RealServer#equals).
        @Override
        public boolean equals(Object o) {
            return o instanceof ServerKey k && service.equals(k.service) && endpoint.equals(k.endpoint);
        }

        @Override
        public int hashCode() {
            return 31 * service.hashCode() + endpoint.hashCode();
        }
    }

    private Planner() {
    }

    /**
     * Plans the changes from {@code current} to {@code desired} for the owned services.
     *
     * @param drainTimeout null for immediate removal; otherwise how long a leaving server may drain
     * @param drainStarts when each draining server started draining (read only; the plan's
     *     {@link Plan#draining()} says which are still draining)
     */
    static Plan plan(List<Observed> current, IpvsConfig desired, ServiceSelector owned, Duration drainTimeout,
            Instant now, Map<ServerKey, Instant> drainStarts) {
        for (ServiceConfig s : desired.services()) {
            if (!owned.owns(s.service().key())) {
                throw new InvalidConfigurationException("desired service", s.service().key(),
                        "a service this reconciler owns (see its ServiceSelector)");
            }
        }
        Map<ServiceKey, Observed> observed = new LinkedHashMap<>();
        for (Observed o : current) {
            if (owned.owns(o.service().key())) {
                observed.put(o.service().key(), o);
            }
        }
        List<Change> services = new ArrayList<>();
        List<Change> servers = new ArrayList<>();
        List<Change> removals = new ArrayList<>();
        List<Change> deletions = new ArrayList<>();
        List<Draining> draining = new ArrayList<>();

        for (ServiceConfig want : desired.services()) {
            ServiceKey key = want.service().key();
            Observed have = observed.remove(key);
            if (have == null) {
                services.add(new Change.CreateService(want.service()));
                for (RealServer rs : want.realServers()) {
                    servers.add(new Change.CreateRealServer(key, rs));
                }
                continue;
            }
            if (!have.service().equals(want.service())) {
                services.add(new Change.UpdateService(want.service()));
            }
            if (sameRealServers(have.realServers(), want.realServers())) {
                continue; // most services, most of the time: nothing to compare by endpoint
            }
            Map<InetSocketAddress, RealServer> wanted = new LinkedHashMap<>();
            for (RealServer rs : want.realServers()) {
                wanted.put(rs.endpoint(), rs);
            }
            // Kernel order is newest first; walk it oldest first so new servers keep the desired order.
            for (int i = have.realServers().size() - 1; i >= 0; i--) {
                RealServerStatus status = have.realServers().get(i);
                RealServer rs = status.server();
                RealServer target = wanted.remove(rs.endpoint());
                if (target != null) {
                    if (!target.equals(rs)) {
                        servers.add(new Change.UpdateRealServer(key, target));
                    }
                } else if (drainTimeout == null || status.activeConnections() == 0) {
                    removals.add(new Change.RemoveRealServer(key, rs.endpoint()));
                } else {
                    Instant since = drainStarts.getOrDefault(new ServerKey(key, rs.endpoint()), now);
                    if (!now.isBefore(since.plus(drainTimeout))) {
                        removals.add(new Change.RemoveRealServer(key, rs.endpoint()));
                    } else {
                        if (rs.weight() != 0) {
                            servers.add(new Change.UpdateRealServer(key, rs.toBuilder().weight(0).build()));
                        }
                        draining.add(new Draining(key, rs.endpoint(), status.activeConnections(), since));
                    }
                }
            }
            for (RealServer rs : wanted.values()) {
                servers.add(new Change.CreateRealServer(key, rs));
            }
        }
        for (Observed gone : observed.values()) {
            deletions.add(new Change.RemoveService(gone.service().key()));
        }
        // In listing order, whatever order the observed table came in (an incremental reconciler keeps it hashed).
        deletions.sort(Comparator.comparing(Change::service, ServiceKey.ORDER));

        List<Change> all = new ArrayList<>(services.size() + servers.size() + removals.size() + deletions.size());
        all.addAll(services);
        all.addAll(servers);
        all.addAll(removals);
        all.addAll(deletions);
        return new Plan(all, draining);
    }

    /** True if the kernel's list (newest first) holds exactly the wanted servers, in the order loading them gives. */
    private static boolean sameRealServers(List<RealServerStatus> have, List<RealServer> want) {
        int n = have.size();
        if (n != want.size()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!have.get(n - 1 - i).server().equals(want.get(i))) {
                return false;
            }
        }
        return true;
    }
}
