package io.github.ipvs4j.apply;

import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.model.Change;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.RealServerStatus;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.Stats;
import io.github.ipvs4j.model.VirtualService;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An in-memory IPVS table that applies {@link Change}s with the kernel's control-plane existence rules
 * and answers the errno the kernel would: what a dry run folds rules onto, what a test compares a
 * transport with, and what an incremental {@link Reconciler} keeps between applies.
 *
 * <p>The rules: creating a service or real server that exists is {@code EEXIST}; any other change to a
 * missing service is {@code ESRCH}; updating or removing a missing real server is {@code ENOENT}. A
 * refused change changes nothing. Nothing else is checked (schedulers, value ranges, families are the
 * records' and the kernel's business). Services are listed in the order they were created; a
 * service's real servers in the kernel's order, newest first; an update keeps a real server's place
 * and its connection counts, and a new real server starts with zero counts and statistics.
 *
 * <p>Not thread-safe: a caller that shares one between threads must serialise every call.
 */
public final class TableModel {
    /** The services, in creation order, with their real servers as last published. */
    private final Map<ServiceKey, Planner.Observed> table;
    /**
     * Real-server lists copied for editing and not yet published into {@link #table}: a batch of changes
     * to one service copies its list once, not once per change (the incremental reconciler applies
     * every confirmed change here). Lists in {@link #table} are never modified; they may be shared.
     */
    private final Map<ServiceKey, List<RealServerStatus>> editing = new HashMap<>();

    /** Starts an empty table. */
    public TableModel() {
        this.table = new LinkedHashMap<>();
    }

    private TableModel(Map<ServiceKey, Planner.Observed> table) {
        this.table = table;
    }

    /**
     * Returns a table holding a configuration, its real servers with zero counts and statistics.
     *
     * @param config the table's content; each service's real servers are taken as listed in the
     *     kernel's order (as {@code Ipvs.readConfig()} returns them)
     * @return a new table
     * @throws NullPointerException if {@code config} is null
     */
    public static TableModel of(IpvsConfig config) {
        Map<ServiceKey, Planner.Observed> table = new LinkedHashMap<>();
        for (ServiceConfig s : config.services()) {
            List<RealServerStatus> servers = new ArrayList<>(s.realServers().size());
            for (RealServer rs : s.realServers()) {
                servers.add(new RealServerStatus(rs, 0, 0, 0, Stats.ZERO));
            }
            table.put(s.service().key(), new Planner.Observed(s.service(), servers));
        }
        return new TableModel(table);
    }

    /** A table holding services as read, in that order; their lists are shared, never modified. */
    static TableModel observed(List<Planner.Observed> services) {
        Map<ServiceKey, Planner.Observed> table = new LinkedHashMap<>();
        for (Planner.Observed o : services) {
            table.put(o.service().key(), o);
        }
        return new TableModel(table);
    }

    /**
     * Applies a change as the kernel would, or refuses it and changes nothing.
     *
     * @param change the change
     * @return 0 if applied; otherwise the errno the kernel answers ({@link Errno#EEXIST},
     *     {@link Errno#ESRCH} or {@link Errno#ENOENT}), as a positive number
     * @throws NullPointerException if {@code change} is null
     */
    public int apply(Change change) {
        return change.accept(applier);
    }

    // One instance per table, so applying allocates only what it keeps.
    /** Applies each kind of change to this table, answering 0 or the kernel's errno. */
    private final Change.Visitor<Integer> applier = new Change.Visitor<>() {
        @Override
        public Integer createService(VirtualService service) {
            ServiceKey key = service.key();
            if (table.containsKey(key)) {
                return Errno.EEXIST;
            }
            table.put(key, new Planner.Observed(service, List.of()));
            editing.put(key, new ArrayList<>());
            return 0;
        }

        @Override
        public Integer updateService(VirtualService service) {
            Planner.Observed old = table.get(service.key());
            if (old == null) {
                return Errno.ESRCH;
            }
            table.put(service.key(), new Planner.Observed(service, old.realServers()));
            return 0;
        }

        @Override
        public Integer removeService(ServiceKey service) {
            if (table.remove(service) == null) {
                return Errno.ESRCH;
            }
            editing.remove(service);
            return 0;
        }

        @Override
        public Integer createRealServer(ServiceKey service, RealServer server) {
            int at = locate(service, server.endpoint());
            if (at != -Errno.ENOENT) {
                return at < 0 ? -at : Errno.EEXIST;
            }
            // the kernel lists a new real server first
            editing.get(service).add(0, new RealServerStatus(server, 0, 0, 0, Stats.ZERO));
            return 0;
        }

        @Override
        public Integer updateRealServer(ServiceKey service, RealServer server) {
            int at = locate(service, server.endpoint());
            if (at < 0) {
                return -at;
            }
            List<RealServerStatus> servers = editing.get(service);
            RealServerStatus old = servers.get(at);
            servers.set(at, new RealServerStatus(server, old.activeConnections(), old.inactiveConnections(),
                    old.persistentConnections(), old.stats()));
            return 0;
        }

        @Override
        public Integer removeRealServer(ServiceKey service, InetSocketAddress endpoint) {
            int at = locate(service, endpoint);
            if (at < 0) {
                return -at;
            }
            editing.get(service).remove(at);
            return 0;
        }
    };

    /**
     * Where the real server is in its service's list, which is then in {@link #editing}; or minus the
     * errno for a real server the service lacks ({@code -ENOENT}) or a missing service ({@code -ESRCH}).
     */
    private int locate(ServiceKey service, InetSocketAddress endpoint) {
        List<RealServerStatus> servers = editing.get(service);
        if (servers == null) {
            Planner.Observed observed = table.get(service);
            if (observed == null) {
                return -Errno.ESRCH;
            }
            servers = new ArrayList<>(observed.realServers());
            editing.put(service, servers);
        }
        int at = indexOf(servers, endpoint);
        return at < 0 ? -Errno.ENOENT : at;
    }

    /**
     * Tells whether the table shows a change's effect: the service or real server exists with the
     * change's definition (create, update), or no longer exists (remove). Connection counts are not
     * compared.
     *
     * @param change the change
     * @return true if the table is as the change would leave it
     * @throws NullPointerException if {@code change} is null
     */
    public boolean inEffect(Change change) {
        return change.accept(effect);
    }

    private final Change.Visitor<Boolean> effect = new Change.Visitor<>() {
        @Override
        public Boolean createService(VirtualService service) {
            return updateService(service);
        }

        @Override
        public Boolean updateService(VirtualService service) {
            Planner.Observed present = table.get(service.key());
            return present != null && present.service().equals(service);
        }

        @Override
        public Boolean removeService(ServiceKey service) {
            return !table.containsKey(service);
        }

        @Override
        public Boolean createRealServer(ServiceKey service, RealServer server) {
            return server.equals(present(service, server.endpoint()));
        }

        @Override
        public Boolean updateRealServer(ServiceKey service, RealServer server) {
            return server.equals(present(service, server.endpoint()));
        }

        @Override
        public Boolean removeRealServer(ServiceKey service, InetSocketAddress endpoint) {
            return present(service, endpoint) == null;
        }
    };

    /** The real server with this endpoint in the service, or null. */
    private RealServer present(ServiceKey service, InetSocketAddress endpoint) {
        List<RealServerStatus> servers = servers(service);
        int at = servers == null ? -1 : indexOf(servers, endpoint);
        return at < 0 ? null : servers.get(at).server();
    }

    /** The service's current real servers, for reading only; null if there is no such service. */
    private List<RealServerStatus> servers(ServiceKey service) {
        List<RealServerStatus> servers = editing.get(service);
        if (servers != null) {
            return servers;
        }
        Planner.Observed observed = table.get(service);
        return observed == null ? null : observed.realServers();
    }

    /** Where the real server with this endpoint is in {@code servers}, or -1 (the kernel lists each endpoint once). */
    private static int indexOf(List<RealServerStatus> servers, InetSocketAddress endpoint) {
        for (int i = 0; i < servers.size(); i++) {
            if (servers.get(i).server().endpoint().equals(endpoint)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Returns a service's definition.
     *
     * @param service the service's key
     * @return its definition, or empty if the table has no such service
     * @throws NullPointerException if {@code service} is null
     */
    public Optional<VirtualService> service(ServiceKey service) {
        Planner.Observed observed = table.get(Objects.requireNonNull(service, "service"));
        return observed == null ? Optional.empty() : Optional.of(observed.service());
    }

    /**
     * Returns a service's real servers, newest first, as the kernel lists them.
     *
     * @param service the service's key
     * @return an unmodifiable view of its real servers, not changed by later changes; empty if the table
     *     has no such service
     * @throws NullPointerException if {@code service} is null
     */
    public List<RealServerStatus> realServers(ServiceKey service) {
        Planner.Observed observed = get(Objects.requireNonNull(service, "service"));
        return observed == null ? List.of() : Collections.unmodifiableList(observed.realServers());
    }

    /** The service with its real servers as they are now (later changes do not show in it), or null. */
    Planner.Observed get(ServiceKey service) {
        publish(service);
        return table.get(service);
    }

    /**
     * Replaces a service's real servers, e.g. with a fresh read that has live connection counts. Does
     * nothing if the table has no such service.
     */
    void setRealServers(ServiceKey service, List<RealServerStatus> servers) {
        Planner.Observed observed = table.get(service);
        if (observed != null) {
            editing.remove(service);
            table.put(service, new Planner.Observed(observed.service(), servers));
        }
    }

    /**
     * Returns the table as a configuration.
     *
     * @return the services in creation order, each with its real servers newest first
     */
    public IpvsConfig toConfig() {
        List<ServiceConfig> out = new ArrayList<>(table.size());
        for (Planner.Observed o : observed()) {
            List<RealServer> servers = new ArrayList<>(o.realServers().size());
            for (RealServerStatus rs : o.realServers()) {
                servers.add(rs.server());
            }
            out.add(new ServiceConfig(o.service(), servers));
        }
        return new IpvsConfig(out);
    }

    /** The services with their real servers as they are now, for the planner; later changes do not show in them. */
    List<Planner.Observed> observed() {
        publishEdits();
        return new ArrayList<>(table.values());
    }

    /** Moves every edited list into {@link #table}, where it is no longer modified. */
    void publishEdits() {
        if (!editing.isEmpty()) {
            editing.forEach((key, servers) -> table.put(key, new Planner.Observed(table.get(key).service(), servers)));
            editing.clear();
        }
    }

    /** Moves the service's edited list, if any, into {@link #table}, where it is no longer modified. */
    private void publish(ServiceKey service) {
        List<RealServerStatus> servers = editing.remove(service);
        if (servers != null) {
            table.put(service, new Planner.Observed(table.get(service).service(), servers));
        }
    }

    /** Removes every service, as {@code ipvsadm -C} does. */
    public void clear() {
        table.clear();
        editing.clear();
    }
}
