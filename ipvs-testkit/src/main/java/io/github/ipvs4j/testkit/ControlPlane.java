package io.github.ipvs4j.testkit;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.model.AddressFamily;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.IpvsInfo;
import io.github.ipvs4j.model.IpvsOperation;
import io.github.ipvs4j.model.Persistence;
import io.github.ipvs4j.model.Protocol;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.RealServerStatus;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.Stats;
import io.github.ipvs4j.model.SyncDaemon;
import io.github.ipvs4j.model.Timeouts;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.model.VirtualServiceStatus;
import io.github.ipvs4j.spi.KernelErrors;
import io.github.ipvs4j.testkit.scheduler.Destination;
import io.github.ipvs4j.testkit.scheduler.Schedulers;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The fake kernel's control plane, as the kernel's {@code ip_vs_ctl.c}: the services and their real
 * servers, the destination trash, the timeouts and the sync daemons, and which errno each request
 * gets. It also finds the service a client's packet is for ({@code ip_vs_service_find}), for the
 * {@link ConnectionTable}.
 *
 * <p>Not thread-safe on its own: every call runs under the lock of the {@link FakeKernel} that owns
 * it, which also checks that the kernel is open.
 */
final class ControlPlane {
    static final int FTP_PORT = 21;
    private static final int FTP_DATA_PORT = 20;
    /** {@code IP_VS_DEST_TRASH_PERIOD}. */
    private static final long TRASH_PERIOD_MILLIS = 120_000;
    private static final InetAddress MULTICAST_GROUP = Addresses.parse("224.0.0.81");

    private final KernelClock clock;
    private final Set<Scheduler> schedulers;
    private final Set<String> persistenceEngines;
    private final Set<String> networkInterfaces;
    private final int connectionTableSize;
    private final int maglevTableSize;
    private final Random random;
    private final int maxTimeoutSeconds;

    private Timeouts timeouts = FakeKernel.DEFAULT_TIMEOUTS;
    private final Map<ServiceKey, ServiceEntry> services = new LinkedHashMap<>();
    /** Removed destinations, kept while connections point at them, as the kernel's dest trash. */
    private final List<Trashed> trash = new ArrayList<>();
    /** Which service instance each destination was last bound to (the kernel's {@code dest->svc}). */
    private final Map<Destination, ServiceEntry> owners = new IdentityHashMap<>();
    private final EnumMap<SyncDaemon.Role, SyncDaemon> daemons = new EnumMap<>(SyncDaemon.Role.class);

    private static final class Trashed {
        final ServiceKey service;
        final Destination dest;
        long idleSince = -1;

        Trashed(ServiceKey service, Destination dest) {
            this.service = service;
            this.dest = dest;
        }
    }

    /**
     * A control plane with no services.
     *
     * @param clock the kernel's clock, for the trash and the schedulers
     * @param schedulers the scheduler modules the kernel has
     * @param persistenceEngines the persistence engine modules the kernel has
     * @param networkInterfaces the interfaces sync daemons may use; empty to accept every name
     * @param connectionTableSize the connection table size {@link #info()} reports
     * @param maglevTableSize the mh lookup table size
     * @param randomSeed the seed of the randomised schedulers' random source
     * @param hz the kernel's tick rate, which bounds timeouts
     */
    ControlPlane(KernelClock clock, Set<Scheduler> schedulers, Set<String> persistenceEngines,
            Set<String> networkInterfaces, int connectionTableSize, int maglevTableSize, long randomSeed, int hz) {
        this.clock = clock;
        this.schedulers = Set.copyOf(schedulers);
        this.persistenceEngines = Set.copyOf(persistenceEngines);
        this.networkInterfaces = Set.copyOf(networkInterfaces);
        this.connectionTableSize = connectionTableSize;
        this.maglevTableSize = maglevTableSize;
        this.random = new Random(randomSeed);
        this.maxTimeoutSeconds = Integer.MAX_VALUE / hz;
    }

    Set<Scheduler> schedulers() {
        return schedulers;
    }

    int serviceCount() {
        return services.size();
    }

    IpvsInfo info() {
        return new IpvsInfo(FakeKernel.VERSION_CODE, connectionTableSize);
    }

    // ---- services -----------------------------------------------------------------------------------

    List<VirtualServiceStatus> listServiceStatus() {
        List<VirtualServiceStatus> out = new ArrayList<>();
        for (ServiceEntry s : services.values()) {
            out.add(status(s));
        }
        return out;
    }

    Optional<VirtualServiceStatus> getServiceStatus(ServiceKey key) {
        return Optional.ofNullable(services.get(key)).map(this::status);
    }

    private VirtualServiceStatus status(ServiceEntry s) {
        return new VirtualServiceStatus(s.definition, stats(s.connections - s.connectionsAtZero));
    }

    private static Stats stats(long connections) {
        return new Stats(connections, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    void createService(VirtualService service) {
        IpvsOperation op = IpvsOperation.CREATE_SERVICE;
        if (services.containsKey(service.key())) {
            throw error(Errno.EEXIST, op, service.key(), null);
        }
        checkModules(service, op);
        ServiceEntry entry = new ServiceEntry(service, clock::millis, random);
        entry.scheduler = Schedulers.create(service.scheduler(), maglevTableSize);
        entry.scheduler.init(entry);
        services.put(service.key(), entry);
    }

    private void checkModules(VirtualService service, IpvsOperation op) {
        if (!schedulers.contains(service.scheduler())) {
            throw error(Errno.ENOENT, op, service.key(), null);
        }
        Optional<String> engine = service.persistence().flatMap(Persistence::engine);
        if (engine.isPresent() && !persistenceEngines.contains(engine.get())) {
            throw error(Errno.ENOENT, op, service.key(), null);
        }
    }

    void updateService(VirtualService service) {
        IpvsOperation op = IpvsOperation.UPDATE_SERVICE;
        ServiceEntry entry = service(service.key(), op, null);
        checkModules(service, op);
        if (!entry.definition.scheduler().equals(service.scheduler())) {
            // A different module: the old one's state is dropped and the new one starts fresh.
            entry.definition = service;
            entry.scheduler = Schedulers.create(service.scheduler(), maglevTableSize);
            entry.scheduler.init(entry);
        } else {
            entry.definition = service;
        }
    }

    void removeService(ServiceKey key) {
        ServiceEntry entry = service(key, IpvsOperation.REMOVE_SERVICE, null);
        unlinkService(entry);
    }

    private void unlinkService(ServiceEntry entry) {
        services.remove(entry.key());
        for (Destination d : entry.destinations) {
            d.unlink();
            toTrash(entry.key(), d);
        }
        entry.destinations.clear();
    }

    void flush() {
        for (ServiceEntry s : new ArrayList<>(services.values())) {
            unlinkService(s);
        }
    }

    void zeroCounters() {
        for (ServiceEntry s : services.values()) {
            zeroCounters(s);
        }
    }

    void zeroCounters(ServiceKey service) {
        zeroCounters(service(service, IpvsOperation.ZERO, null));
    }

    private static void zeroCounters(ServiceEntry s) {
        s.connectionsAtZero = s.connections;
        for (Destination d : s.destinations) {
            d.zeroStats();
        }
    }

    /**
     * {@code ip_vs_service_find}: the service a client's packet is for, firewall mark first, then
     * protocol/address/port, then an FTP service for data ports, then a port-0 service.
     *
     * @return the service, or null when none matches
     */
    ServiceEntry findService(Client c) {
        AddressFamily af = c.family();
        if (c.firewallMark() != 0) {
            ServiceEntry s = services.get(ServiceKey.fwmark(c.firewallMark(), af));
            if (s != null) {
                return s;
            }
        }
        ServiceEntry s = services.get(ServiceKey.of(c.protocol(), c.virtualAddress(), c.virtualPort()));
        if (s == null && c.protocol() == Protocol.TCP && (c.virtualPort() == FTP_DATA_PORT || c.virtualPort() >= 1024)
                && services.keySet().stream()
                .anyMatch(k -> k instanceof ServiceKey.Address a && a.port() == FTP_PORT)) {
            s = services.get(ServiceKey.of(Protocol.TCP, c.virtualAddress(), FTP_PORT));
        }
        if (s == null && services.keySet().stream().anyMatch(k -> k instanceof ServiceKey.Address a && a.port() == 0)) {
            s = services.get(ServiceKey.of(c.protocol(), c.virtualAddress(), 0));
        }
        return s;
    }

    // ---- real servers and the trash -----------------------------------------------------------------

    List<RealServerStatus> listRealServerStatus(ServiceKey service) {
        ServiceEntry entry = services.get(service);
        if (entry == null) {
            return List.of();
        }
        List<RealServerStatus> out = new ArrayList<>(entry.destinations.size());
        for (Destination d : entry.destinations) {
            out.add(new RealServerStatus(d.config(), d.activeConnections(), d.inactiveConnections(),
                    d.persistentConnections(), stats(d.connectionCount())));
        }
        return out;
    }

    void createRealServer(ServiceKey service, RealServer server) {
        IpvsOperation op = IpvsOperation.CREATE_REAL_SERVER;
        InetSocketAddress endpoint = server.endpoint();
        ServiceEntry entry = serviceTaking(service, server, op);
        if (entry.indexOf(endpoint) >= 0) {
            throw error(Errno.EEXIST, op, service, endpoint);
        }
        Destination dest = reviveFromTrash(service, server);
        if (dest == null) {
            if (!unicast(server.address())) {
                throw error(Errno.EINVAL, op, service, endpoint);
            }
            dest = new Destination(server);
        }
        ServiceEntry previous = owners.put(dest, entry);
        if (previous != null && previous != entry) {
            dest.zeroStats(); // rebound to another service instance
        }
        dest.configure(server, true);
        entry.destinations.add(0, dest);
        entry.scheduler.added(entry, dest);
    }

    private Destination reviveFromTrash(ServiceKey service, RealServer server) {
        for (Iterator<Trashed> it = trash.iterator(); it.hasNext(); ) {
            Trashed t = it.next();
            if (t.service.equals(service) && t.dest.endpoint().equals(server.endpoint())) {
                it.remove();
                return t.dest;
            }
        }
        return null;
    }

    /**
     * The service a real server is added to or updated in: ESRCH if there is none, EINVAL if the
     * service cannot take the real server's family.
     */
    private ServiceEntry serviceTaking(ServiceKey service, RealServer server, IpvsOperation op) {
        ServiceEntry entry = service(service, op, server.endpoint());
        if (server.family() != entry.definition.family()) {
            // Mixed families only through a tunnel, and never while a sync daemon runs.
            if (!daemons.isEmpty() || !(server.forwarding() instanceof ForwardingMethod.Tunnel)) {
                throw error(Errno.EINVAL, op, entry.key(), server.endpoint());
            }
        }
        return entry;
    }

    /** What {@code inet_addr_type}/{@code ipv6_addr_type} accept for a destination, short of routing. */
    private static boolean unicast(InetAddress a) {
        if (a.isMulticastAddress() || a.isAnyLocalAddress()) {
            return false;
        }
        if (a instanceof Inet4Address) {
            byte[] b = a.getAddress();
            boolean broadcast = (b[0] & b[1] & b[2] & b[3]) == (byte) 0xff;
            return b[0] != 0 && !broadcast;
        }
        return !a.isLinkLocalAddress();
    }

    void updateRealServer(ServiceKey service, RealServer server) {
        IpvsOperation op = IpvsOperation.UPDATE_REAL_SERVER;
        InetSocketAddress endpoint = server.endpoint();
        ServiceEntry entry = serviceTaking(service, server, op);
        int i = entry.indexOf(endpoint);
        if (i < 0) {
            throw error(Errno.ENOENT, op, service, endpoint);
        }
        Destination dest = entry.destinations.get(i);
        dest.configure(server, false);
        entry.scheduler.updated(entry, dest);
    }

    void removeRealServer(ServiceKey service, InetSocketAddress endpoint) {
        IpvsOperation op = IpvsOperation.REMOVE_REAL_SERVER;
        ServiceEntry entry = service(service, op, endpoint);
        int i = entry.indexOf(endpoint);
        if (i < 0) {
            throw error(Errno.ENOENT, op, service, endpoint);
        }
        Destination dest = entry.destinations.remove(i);
        dest.unlink();
        entry.scheduler.removed(entry, dest, i);
        toTrash(service, dest);
    }

    private void toTrash(ServiceKey service, Destination d) {
        Trashed t = new Trashed(service, d);
        if (!d.referenced()) {
            t.idleSince = clock.millis();
        }
        trash.add(t);
    }

    /**
     * Called when the last connection or template of {@code dest} expired: if it is in the trash, its
     * trash period starts now.
     */
    void destinationIdle(Destination dest) {
        for (Trashed t : trash) {
            if (t.dest == dest) {
                t.idleSince = clock.millis();
            }
        }
    }

    /** Frees the trashed destinations that have been idle for the trash period. */
    void collectTrash() {
        long now = clock.millis();
        trash.removeIf(t -> {
            boolean free = t.idleSince >= 0 && !t.dest.referenced() && now - t.idleSince >= TRASH_PERIOD_MILLIS;
            if (free) {
                owners.remove(t.dest);
            }
            return free;
        });
    }

    // ---- timeouts and sync daemons ------------------------------------------------------------------

    Timeouts timeouts() {
        return timeouts;
    }

    void setTimeouts(Timeouts t) {
        if (t.tcp() > maxTimeoutSeconds || t.tcpFin() > maxTimeoutSeconds || t.udp() > maxTimeoutSeconds) {
            throw error(Errno.EINVAL, IpvsOperation.SET_TIMEOUTS, null, null);
        }
        timeouts = new Timeouts(t.tcp() != 0 ? t.tcp() : timeouts.tcp(),
                t.tcpFin() != 0 ? t.tcpFin() : timeouts.tcpFin(), t.udp() != 0 ? t.udp() : timeouts.udp());
    }

    void startSyncDaemon(SyncDaemon daemon) {
        IpvsOperation op = IpvsOperation.START_SYNC_DAEMON;
        if (mixedFamilyDestinations()) {
            throw error(Errno.EINVAL, op, null, null);
        }
        if (!networkInterfaces.isEmpty() && !networkInterfaces.contains(daemon.interfaceName())) {
            throw error(Errno.ENODEV, op, null, null);
        }
        if (daemons.containsKey(daemon.role())) {
            throw error(Errno.EEXIST, op, null, null);
        }
        daemons.put(daemon.role(), normalised(daemon));
    }

    /** The configuration as the kernel stores and reports it, defaults filled in. */
    private static SyncDaemon normalised(SyncDaemon d) {
        InetAddress group = d.multicastGroup().orElse(MULTICAST_GROUP);
        int headers = group instanceof Inet4Address ? 20 + 8 : 40 + 8;
        boolean backup = d.role() == SyncDaemon.Role.BACKUP;
        // The fake's interfaces have an MTU of 1500.
        int maxLength = d.maxLength() == 0 ? 1500 - headers
                : Math.max(backup ? 1024 : 1, Math.min(d.maxLength(), 65535 - headers));
        return new SyncDaemon(d.role(), d.interfaceName(), d.syncId(), maxLength, Optional.of(group),
                d.multicastPort() == 0 ? 8848 : d.multicastPort(), d.multicastTtl() == 0 ? 1 : d.multicastTtl());
    }

    private boolean mixedFamilyDestinations() {
        for (ServiceEntry s : services.values()) {
            for (Destination d : s.destinations) {
                if (d.family() != s.definition.family()) {
                    return true;
                }
            }
        }
        return false;
    }

    void stopSyncDaemon(SyncDaemon.Role role) {
        if (daemons.remove(role) == null) {
            throw error(Errno.ESRCH, IpvsOperation.STOP_SYNC_DAEMON, null, null);
        }
    }

    List<SyncDaemon> listSyncDaemons() {
        return List.copyOf(daemons.values());
    }

    // ---- errors -------------------------------------------------------------------------------------

    private ServiceEntry service(ServiceKey key, IpvsOperation op, InetSocketAddress realServer) {
        ServiceEntry entry = services.get(key);
        if (entry == null) {
            throw error(Errno.ESRCH, op, key, realServer);
        }
        return entry;
    }

    private static IpvsException error(int errno, IpvsOperation op, ServiceKey service, InetSocketAddress rs) {
        return KernelErrors.fromErrno(errno, op, service, rs);
    }
}
