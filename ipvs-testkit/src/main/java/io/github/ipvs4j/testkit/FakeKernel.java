package io.github.ipvs4j.testkit;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.model.AddressFamily;
import io.github.ipvs4j.model.Connection;
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
import io.github.ipvs4j.spi.IpvsTransport;
import io.github.ipvs4j.spi.KernelErrors;
import io.github.ipvs4j.testkit.scheduler.Destination;
import io.github.ipvs4j.testkit.scheduler.Packet;
import io.github.ipvs4j.testkit.scheduler.Schedulers;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * An in-memory IPVS that behaves like the Linux kernel's, decision for decision: the same refusals
 * (as the same typed exceptions, via {@link IpvsException#fromErrno}) for the same requests as
 * {@code ip_vs_ctl.c}, the kernel's schedulers with its hash functions, overload thresholds,
 * persistence templates, and a connection table driven by a controllable clock.
 *
 * <pre>{@code
 * FakeKernel kernel = FakeKernel.create();
 * try (Ipvs ipvs = Ipvs.using(kernel)) {
 *     ipvs.createService(VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).scheduler(Scheduler.WRR).build());
 *     ...
 *     ConnectResult r = kernel.connect(Client.tcp("203.0.113.5", 40000, "192.0.2.1", 80));
 *     kernel.close(r.handle());
 *     kernel.advance(Duration.ofMinutes(2));
 * }
 * }</pre>
 *
 * <p>Traffic: {@link #connect} stands for a client's connection as the director sees it once set up
 * (TCP and SCTP established, so counted as active; UDP "connections" always count as inactive, as in
 * the kernel). {@link #close} moves a TCP connection to {@code FIN_WAIT} (DR, tunnel) or
 * {@code TIME_WAIT} (NAT), an SCTP one to {@code CLOSED}; it then counts as inactive until it
 * expires. {@link #advance} moves the clock and expires connections and templates on time.
 *
 * <p>Where the fake differs from a real kernel: it cannot see routes or interfaces, so it accepts
 * every unicast real server address (a kernel refuses ones it cannot route); sync daemons accept
 * any interface name unless {@link Builder#networkInterfaces} lists them; persistence engines are
 * accepted by name but group clients by address only; statistics count connections but no packets,
 * bytes or rates; a removed real server is freed from the kernel's trash 120 s after its last
 * connection expired (the kernel: 120 to 180 s); lblc/lblcr forget unused entries after exactly one
 * day (the kernel: within half an hour after that); {@code twos} draws from a seeded random source,
 * so it matches the kernel in distribution only.
 *
 * <p>Thread-safe: every method runs under one lock.
 */
public final class FakeKernel implements IpvsTransport {
    /** The IPVS version the fake reports: 1.2.1, as every kernel since 2.6.x. */
    public static final int VERSION_CODE = 0x010201;
    /** The kernel's default connection hash table size ({@code CONFIG_IP_VS_TAB_BITS=12}). */
    public static final int DEFAULT_CONNECTION_TABLE_SIZE = 4096;
    /** The kernel's default timeouts: tcp 900 s, tcpfin 120 s, udp 300 s. */
    public static final Timeouts DEFAULT_TIMEOUTS = new Timeouts(900, 120, 300);
    /** The schedulers of Debian 12's 6.1 kernel: every mainline one but {@code twos}. */
    public static final List<Scheduler> DEBIAN_6_1_SCHEDULERS = Scheduler.BUILT_IN.stream()
            .filter(s -> !s.equals(Scheduler.TWOS)).toList();

    private static final int FTP_PORT = 21;
    private static final int FTP_DATA_PORT = 20;
    private static final long TIME_WAIT_MILLIS = 120_000;
    private static final long SCTP_ESTABLISHED_MILLIS = 900_000;
    private static final long SCTP_CLOSED_MILLIS = 10_000;
    /** How often a template that still controls connections is checked again. */
    private static final long TEMPLATE_RECHECK_MILLIS = 60_000;
    /** {@code IP_VS_DEST_TRASH_PERIOD}. */
    private static final long TRASH_PERIOD_MILLIS = 120_000;
    private static final InetAddress MULTICAST_GROUP = Addresses.parse("224.0.0.81");

    private final Set<Scheduler> schedulers;
    private final Set<String> persistenceEngines;
    private final Set<String> networkInterfaces;
    private final int connectionTableSize;
    private final int maglevTableSize;
    private final Random random;
    private final int maxTimeoutSeconds;

    private long now;
    private boolean closed;
    private Timeouts timeouts = DEFAULT_TIMEOUTS;
    private final Map<ServiceKey, ServiceEntry> services = new LinkedHashMap<>();
    /** Removed destinations, kept while connections point at them, as the kernel's dest trash. */
    private final List<Trashed> trash = new ArrayList<>();
    /** Which service instance each destination was last bound to (the kernel's {@code dest->svc}). */
    private final Map<Destination, ServiceEntry> owners = new IdentityHashMap<>();
    private final EnumMap<SyncDaemon.Role, SyncDaemon> daemons = new EnumMap<>(SyncDaemon.Role.class);
    private final Map<ConnectionEntry.Key, ConnectionEntry> hashed = new HashMap<>();
    private final Map<Long, ConnectionEntry> byId = new HashMap<>();
    private final TreeSet<ConnectionEntry> timers = new TreeSet<>(
            Comparator.comparingLong((ConnectionEntry c) -> c.expiresAt).thenComparingLong(c -> c.id));
    private long nextId = 1;

    private static final class Trashed {
        final ServiceKey service;
        final Destination dest;
        long idleSince = -1;

        Trashed(ServiceKey service, Destination dest) {
            this.service = service;
            this.dest = dest;
        }
    }

    private FakeKernel(Builder b) {
        this.schedulers = Set.copyOf(b.schedulers);
        this.persistenceEngines = Set.copyOf(b.persistenceEngines);
        this.networkInterfaces = Set.copyOf(b.networkInterfaces);
        this.connectionTableSize = b.connectionTableSize;
        this.maglevTableSize = b.maglevTableSize;
        this.random = new Random(b.seed);
        this.maxTimeoutSeconds = Integer.MAX_VALUE / b.hz;
    }

    /** A fake kernel with every mainline scheduler and the kernel's defaults. */
    public static FakeKernel create() {
        return builder().build();
    }

    /** Starts configuring a fake kernel. */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link FakeKernel}. */
    public static final class Builder {
        private final Set<Scheduler> schedulers = new LinkedHashSet<>(Scheduler.BUILT_IN);
        private final Set<String> persistenceEngines = new LinkedHashSet<>(Set.of("sip"));
        private final Set<String> networkInterfaces = new LinkedHashSet<>();
        private int connectionTableSize = DEFAULT_CONNECTION_TABLE_SIZE;
        private int maglevTableSize = 4093;
        private long seed = 0x1B5_4A11L;
        private int hz = 250;

        private Builder() {
        }

        /**
         * The scheduler modules the kernel has; creating a service with another fails with ENOENT.
         * Default: all 14 mainline schedulers.
         *
         * @throws IllegalArgumentException for a scheduler the fake does not implement
         */
        public Builder schedulers(Collection<Scheduler> schedulers) {
            for (Scheduler s : schedulers) {
                if (!Schedulers.IMPLEMENTED.contains(s)) {
                    throw new IllegalArgumentException("the fake kernel does not implement scheduler " + s);
                }
            }
            this.schedulers.clear();
            this.schedulers.addAll(schedulers);
            return this;
        }

        /** The scheduler modules the kernel has. */
        public Builder schedulers(Scheduler... schedulers) {
            return schedulers(List.of(schedulers));
        }

        /** Like Debian 12's 6.1 kernel: {@link #DEBIAN_6_1_SCHEDULERS} (no {@code twos}). */
        public Builder debian61() {
            return schedulers(DEBIAN_6_1_SCHEDULERS);
        }

        /** The connection table size {@link FakeKernel#info()} reports: a power of two, 256..1048576. */
        public Builder connectionTableSize(int size) {
            if (size < 256 || size > (1 << 20) || Integer.bitCount(size) != 1) {
                throw new IllegalArgumentException("connection table size " + size
                        + " is not a power of two in 256..1048576 (the kernel's ip_vs_conn_tab_bits 8..20)");
            }
            this.connectionTableSize = size;
            return this;
        }

        /** The mh lookup table size, one of the kernel's primes 251..131071 (default 4093). */
        public Builder maglevTableSize(int size) {
            if (!Schedulers.isMaglevTableSize(size)) {
                throw new IllegalArgumentException("mh table size " + size
                        + " is not one of 251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071");
            }
            this.maglevTableSize = size;
            return this;
        }

        /** The persistence engine modules the kernel has (default {@code sip}). */
        public Builder persistenceEngines(String... engines) {
            this.persistenceEngines.clear();
            this.persistenceEngines.addAll(List.of(engines));
            return this;
        }

        /**
         * The network interfaces that exist, for sync daemons (an unknown one fails with ENODEV).
         * Default: none listed, so every name is accepted.
         */
        public Builder networkInterfaces(String... names) {
            this.networkInterfaces.clear();
            this.networkInterfaces.addAll(List.of(names));
            return this;
        }

        /**
         * The kernel's tick rate, which bounds timeouts: more than {@code INT_MAX / hz} seconds is
         * EINVAL. One of 100, 250, 300, 1000; default 250, as Debian's kernels.
         */
        public Builder hz(int hz) {
            if (hz != 100 && hz != 250 && hz != 300 && hz != 1000) {
                throw new IllegalArgumentException("hz " + hz + " is not one of 100, 250, 300, 1000");
            }
            this.hz = hz;
            return this;
        }

        /** Seeds the random source of randomised schedulers ({@code twos}). */
        public Builder randomSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Builds the fake kernel. */
        public FakeKernel build() {
            return new FakeKernel(this);
        }
    }

    // ---- control plane ------------------------------------------------------------------------------

    /** The schedulers this kernel has. */
    public synchronized Set<Scheduler> schedulers() {
        return schedulers;
    }

    @Override
    public synchronized IpvsInfo info() {
        open();
        return new IpvsInfo(VERSION_CODE, connectionTableSize);
    }

    @Override
    public synchronized List<VirtualServiceStatus> listServiceStatus() {
        open();
        List<VirtualServiceStatus> out = new ArrayList<>();
        for (ServiceEntry s : services.values()) {
            out.add(status(s));
        }
        return out;
    }

    @Override
    public synchronized Optional<VirtualServiceStatus> getServiceStatus(ServiceKey key) {
        open();
        return Optional.ofNullable(services.get(key)).map(this::status);
    }

    private VirtualServiceStatus status(ServiceEntry s) {
        return new VirtualServiceStatus(s.definition, stats(s.connections - s.connectionsAtZero));
    }

    private static Stats stats(long connections) {
        return new Stats(connections, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Override
    public synchronized void createService(VirtualService service) {
        open();
        IpvsOperation op = IpvsOperation.CREATE_SERVICE;
        if (services.containsKey(service.key())) {
            throw error(Errno.EEXIST, op, service.key(), null);
        }
        checkModules(service, op);
        ServiceEntry entry = new ServiceEntry(service, () -> now, random);
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

    @Override
    public synchronized void updateService(VirtualService service) {
        open();
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

    @Override
    public synchronized void removeService(ServiceKey key) {
        open();
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

    private void toTrash(ServiceKey service, Destination d) {
        Trashed t = new Trashed(service, d);
        if (!d.referenced()) {
            t.idleSince = now;
        }
        trash.add(t);
    }

    @Override
    public synchronized List<RealServerStatus> listRealServerStatus(ServiceKey service) {
        open();
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

    @Override
    public synchronized void createRealServer(ServiceKey service, RealServer server) {
        open();
        IpvsOperation op = IpvsOperation.CREATE_REAL_SERVER;
        InetSocketAddress endpoint = server.endpoint();
        ServiceEntry entry = service(service, op, endpoint);
        checkFamily(entry, server, op);
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

    private void checkFamily(ServiceEntry entry, RealServer server, IpvsOperation op) {
        if (server.family() != entry.definition.family()) {
            // Mixed families only through a tunnel, and never while a sync daemon runs.
            if (!daemons.isEmpty() || !(server.forwarding() instanceof ForwardingMethod.Tunnel)) {
                throw error(Errno.EINVAL, op, entry.key(), server.endpoint());
            }
        }
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

    @Override
    public synchronized void updateRealServer(ServiceKey service, RealServer server) {
        open();
        IpvsOperation op = IpvsOperation.UPDATE_REAL_SERVER;
        InetSocketAddress endpoint = server.endpoint();
        ServiceEntry entry = service(service, op, endpoint);
        checkFamily(entry, server, op);
        int i = entry.indexOf(endpoint);
        if (i < 0) {
            throw error(Errno.ENOENT, op, service, endpoint);
        }
        Destination dest = entry.destinations.get(i);
        dest.configure(server, false);
        entry.scheduler.updated(entry, dest);
    }

    @Override
    public synchronized void removeRealServer(ServiceKey service, InetSocketAddress endpoint) {
        open();
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

    @Override
    public synchronized void flush() {
        open();
        for (ServiceEntry s : new ArrayList<>(services.values())) {
            unlinkService(s);
        }
    }

    @Override
    public synchronized void zeroCounters() {
        open();
        for (ServiceEntry s : services.values()) {
            zeroCounters(s);
        }
    }

    @Override
    public synchronized void zeroCounters(ServiceKey service) {
        open();
        zeroCounters(service(service, IpvsOperation.ZERO, null));
    }

    private static void zeroCounters(ServiceEntry s) {
        s.connectionsAtZero = s.connections;
        for (Destination d : s.destinations) {
            d.zeroStats();
        }
    }

    @Override
    public synchronized Timeouts getTimeouts() {
        open();
        return timeouts;
    }

    @Override
    public synchronized void setTimeouts(Timeouts t) {
        open();
        if (t.tcp() > maxTimeoutSeconds || t.tcpFin() > maxTimeoutSeconds || t.udp() > maxTimeoutSeconds) {
            throw error(Errno.EINVAL, IpvsOperation.SET_TIMEOUTS, null, null);
        }
        timeouts = new Timeouts(t.tcp() != 0 ? t.tcp() : timeouts.tcp(),
                t.tcpFin() != 0 ? t.tcpFin() : timeouts.tcpFin(), t.udp() != 0 ? t.udp() : timeouts.udp());
    }

    @Override
    public synchronized void startSyncDaemon(SyncDaemon daemon) {
        open();
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

    @Override
    public synchronized void stopSyncDaemon(SyncDaemon.Role role) {
        open();
        if (daemons.remove(role) == null) {
            throw error(Errno.ESRCH, IpvsOperation.STOP_SYNC_DAEMON, null, null);
        }
    }

    @Override
    public synchronized List<SyncDaemon> listSyncDaemons() {
        open();
        return List.copyOf(daemons.values());
    }

    @Override
    public synchronized List<Connection> listConnections() {
        open();
        List<Connection> out = new ArrayList<>();
        for (ConnectionEntry c : timers) {
            if (c.protocol == 0) {
                continue; // firewall-mark templates have no TCP/UDP/SCTP protocol to report
            }
            out.add(new Connection(Protocol.ofNumber(c.protocol), c.clientAddress, c.clientPort, c.virtualAddress,
                    c.virtualPort, c.realAddress, c.realPort, c.state, Math.max(0, c.expiresAt - now) / 1000));
        }
        return out;
    }

    /** Closes the fake; further calls fail with {@link IllegalStateException}. */
    @Override
    public synchronized void close() {
        closed = true;
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("this fake kernel is closed");
        }
    }

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

    // ---- traffic ------------------------------------------------------------------------------------

    /** The fake clock: time since the kernel was created. */
    public synchronized Duration elapsed() {
        return Duration.ofMillis(now);
    }

    /**
     * Moves the clock forward, expiring connections and templates whose time has come, in order.
     *
     * @throws IllegalArgumentException for a negative duration
     */
    public synchronized void advance(Duration duration) {
        open();
        if (duration.isNegative()) {
            throw new IllegalArgumentException("cannot move the clock backwards: " + duration);
        }
        long target = now + duration.toMillis();
        while (!timers.isEmpty() && timers.first().expiresAt <= target) {
            ConnectionEntry c = timers.pollFirst();
            now = Math.max(now, c.expiresAt);
            expire(c);
            collectTrash();
        }
        now = target;
        collectTrash();
    }

    /** Schedules a TCP, UDP or SCTP client; see {@link #connect(Client)}. */
    public ConnectResult connect(Protocol protocol, InetAddress clientAddress, int clientPort,
            InetAddress virtualAddress, int virtualPort) {
        return connect(new Client(protocol, clientAddress, clientPort, virtualAddress, virtualPort, 0));
    }

    /**
     * Handles a client's first packet as the kernel's {@code ip_vs_in} does: a packet of a connection
     * still in the table follows it; otherwise the virtual service is looked up (firewall mark first,
     * then protocol/address/port, then an FTP service for data ports, then a port-0 service), its
     * scheduler (or persistence template) picks a real server and a connection is created.
     */
    public synchronized ConnectResult connect(Client client) {
        open();
        ConnectionEntry.Key key = new ConnectionEntry.Key(false, client.protocol().number(), client.address(),
                client.port(), client.virtualAddress(), client.virtualPort());
        ConnectionEntry existing = hashed.get(key);
        if (existing != null && newConnectionExpected(existing)) {
            expireNow(existing);
            existing = null;
        }
        if (existing != null) {
            if (!existing.dest.available()) {
                return new ConnectResult(client, ConnectResult.Outcome.DROPPED, Optional.empty(), new ConnectionHandle(0));
            }
            established(existing);
            return new ConnectResult(client, ConnectResult.Outcome.EXISTING_CONNECTION,
                    Optional.of(new InetSocketAddress(existing.realAddress, existing.realPort)),
                    new ConnectionHandle(existing.id));
        }
        ServiceEntry svc = findService(client);
        if (svc == null) {
            return new ConnectResult(client, ConnectResult.Outcome.NO_SERVICE, Optional.empty(), new ConnectionHandle(0));
        }
        ConnectionEntry c = svc.definition.isPersistent() ? schedulePersistent(svc, client) : schedule(svc, client);
        if (c == null) {
            return new ConnectResult(client, ConnectResult.Outcome.NO_REAL_SERVER, Optional.empty(),
                    new ConnectionHandle(0));
        }
        svc.connections++;
        c.dest.countConnection();
        InetSocketAddress target = new InetSocketAddress(c.realAddress, c.realPort);
        if (svc.definition.onePacket() && client.protocol() == Protocol.UDP) {
            // One-packet scheduling: the entry is released as soon as the datagram is forwarded.
            expire(c);
            return new ConnectResult(client, ConnectResult.Outcome.SCHEDULED, Optional.of(target), new ConnectionHandle(0));
        }
        hashed.put(key, c);
        byId.put(c.id, c);
        established(c);
        return new ConnectResult(client, ConnectResult.Outcome.SCHEDULED, Optional.of(target), new ConnectionHandle(c.id));
    }

    /** {@code is_new_conn_expected}: a new TCP/SCTP connection may replace a closed, uncontrolled one. */
    private static boolean newConnectionExpected(ConnectionEntry c) {
        if (c.control != null) {
            return false;
        }
        if (c.protocol == Protocol.TCP.number()) {
            return c.state.equals("TIME_WAIT") || c.state.equals("CLOSE");
        }
        return c.protocol == Protocol.SCTP.number() && c.state.equals("CLOSED");
    }

    private ServiceEntry findService(Client c) {
        AddressFamily af = c.family();
        if (c.firewallMark() != 0) {
            ServiceEntry s = services.get(ServiceKey.fwmark(c.firewallMark(), af));
            if (s != null) {
                return s;
            }
        }
        ServiceEntry s = services.get(ServiceKey.of(c.protocol(), c.virtualAddress(), c.virtualPort()));
        if (s == null && c.protocol() == Protocol.TCP && (c.virtualPort() == FTP_DATA_PORT || c.virtualPort() >= 1024)
                && services.keySet().stream().anyMatch(k -> k instanceof ServiceKey.Address a && a.port() == FTP_PORT)) {
            s = services.get(ServiceKey.of(Protocol.TCP, c.virtualAddress(), FTP_PORT));
        }
        if (s == null && services.keySet().stream().anyMatch(k -> k instanceof ServiceKey.Address a && a.port() == 0)) {
            s = services.get(ServiceKey.of(c.protocol(), c.virtualAddress(), 0));
        }
        return s;
    }

    private static Packet packet(Client c) {
        return new Packet(c.address(), c.port(), c.virtualAddress(), c.virtualPort());
    }

    private ConnectionEntry schedule(ServiceEntry svc, Client client) {
        if (!svc.firewallMark() && client.virtualPort() != svc.port()) {
            return null; // a port-0 service schedules only with persistence
        }
        Destination dest = svc.scheduler.schedule(svc, packet(client));
        if (dest == null) {
            return null;
        }
        return newConnection(client, dest, dest.port() != 0 ? dest.port() : client.virtualPort());
    }

    private ConnectionEntry schedulePersistent(ServiceEntry svc, Client client) {
        VirtualService def = svc.definition;
        Persistence p = def.persistence().orElseThrow();
        InetAddress network = mask(client.address(), p.prefixLength());
        int protocol = client.protocol().number();
        InetAddress vaddr = client.virtualAddress();
        int vport = 0;
        boolean portMatches = client.virtualPort() == svc.port();
        if (portMatches) {
            if (svc.port() != FTP_PORT) {
                vport = client.virtualPort();
            }
        } else if (svc.firewallMark()) {
            protocol = 0;
            vaddr = markAddress(((ServiceKey.FirewallMark) def.key()).mark());
        }
        ConnectionEntry.Key tkey = new ConnectionEntry.Key(true, protocol, network, 0, vaddr, vport);
        ConnectionEntry template = hashed.get(tkey);
        Destination dest;
        if (template == null || !templateUsable(template)) {
            dest = svc.scheduler.schedule(svc, packet(client));
            if (dest == null) {
                return null;
            }
            int tport = portMatches && svc.port() != FTP_PORT ? dest.port() : 0;
            template = new ConnectionEntry(nextId++, protocol, client.family(), network, 0, vaddr, vport, dest, tport,
                    true, !(dest.config().forwarding() instanceof ForwardingMethod.Masquerade));
            template.state = "NONE";
            template.timeoutMillis = p.timeoutSeconds() * 1000L;
            dest.bind(true, false);
            hashed.put(tkey, template);
        } else {
            dest = template.dest;
        }
        int dport = client.virtualPort();
        if (dport == svc.port() && dest.port() != 0) {
            dport = dest.port();
        }
        ConnectionEntry c = newConnection(client, dest, dport);
        c.control = template;
        template.controlled++;
        // Using the template restarts its timer.
        arm(template, now + template.timeoutMillis);
        return c;
    }

    /** {@code ip_vs_check_template}: a template of a removed real server is invalidated. */
    private boolean templateUsable(ConnectionEntry template) {
        if (template.dest.available()) {
            return true;
        }
        hashed.remove(template.key());
        template.invalidated = true;
        template.clientPort = 0;
        template.virtualPort = 0xffff;
        template.realPort = 0xffff;
        return false;
    }

    private static InetAddress markAddress(long mark) {
        return Addresses.fromBytes(new byte[] {(byte) (mark >>> 24), (byte) (mark >>> 16), (byte) (mark >>> 8),
                (byte) mark});
    }

    private static InetAddress mask(InetAddress address, int prefixLength) {
        byte[] b = address.getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - 8 * i));
            b[i] &= (byte) (0xff00 >>> keep);
        }
        return Addresses.fromBytes(b);
    }

    private ConnectionEntry newConnection(Client client, Destination dest, int realPort) {
        ConnectionEntry c = new ConnectionEntry(nextId++, client.protocol().number(), client.family(), client.address(),
                client.port(), client.virtualAddress(), client.virtualPort(), dest, realPort, false,
                !(dest.config().forwarding() instanceof ForwardingMethod.Masquerade));
        c.state = "NONE";
        dest.bind(false, true); // new connections start inactive until their state says otherwise
        return c;
    }

    /** A packet from the client on an open connection: established again, timer restarted. */
    private void established(ConnectionEntry c) {
        if (c.protocol == Protocol.UDP.number()) {
            c.state = "UDP";
            c.timeoutMillis = timeouts.udp() * 1000L;
        } else {
            boolean tcp = c.protocol == Protocol.TCP.number();
            c.state = "ESTABLISHED";
            c.timeoutMillis = tcp ? timeouts.tcp() * 1000L : SCTP_ESTABLISHED_MILLIS;
            if (c.inactive) {
                c.inactive = false;
                c.dest.setActive(true);
            }
        }
        arm(c, now + c.timeoutMillis);
    }

    /**
     * Closes a connection as the client's FIN would: TCP goes to {@code FIN_WAIT} (DR and tunnel,
     * expiring after the tcpfin timeout) or {@code TIME_WAIT} (NAT, 120 s), SCTP to {@code CLOSED}
     * (10 s); either now counts as inactive. UDP has no close: the entry expires on the udp timeout.
     *
     * @return whether the connection was still in the table
     */
    public synchronized boolean close(ConnectionHandle handle) {
        open();
        ConnectionEntry c = byId.get(handle.id());
        if (c == null) {
            return false;
        }
        if (c.protocol == Protocol.UDP.number() || !c.state.equals("ESTABLISHED")) {
            return true;
        }
        if (c.protocol == Protocol.TCP.number()) {
            c.state = c.noOutput ? "FIN_WAIT" : "TIME_WAIT";
            c.timeoutMillis = c.noOutput ? timeouts.tcpFin() * 1000L : TIME_WAIT_MILLIS;
        } else {
            c.state = "CLOSED";
            c.timeoutMillis = SCTP_CLOSED_MILLIS;
        }
        c.inactive = true;
        c.dest.setActive(false);
        arm(c, now + c.timeoutMillis);
        return true;
    }

    /**
     * Another packet from the client on an open connection: restarts its timer (and reopens a closed
     * TCP/SCTP one, as a new handshake on the same ports does).
     *
     * @return whether the connection was still in the table
     */
    public synchronized boolean touch(ConnectionHandle handle) {
        open();
        ConnectionEntry c = byId.get(handle.id());
        if (c == null) {
            return false;
        }
        if (c.dest.available()) {
            established(c);
        }
        return true;
    }

    private void arm(ConnectionEntry c, long expiresAt) {
        timers.remove(c);
        c.expiresAt = expiresAt;
        timers.add(c);
    }

    private void expireNow(ConnectionEntry c) {
        timers.remove(c);
        expire(c);
    }

    /** {@code ip_vs_conn_expire}: a template controlling connections waits another minute. */
    private void expire(ConnectionEntry c) {
        if (c.controlled > 0) {
            c.timeoutMillis = TEMPLATE_RECHECK_MILLIS;
            arm(c, now + TEMPLATE_RECHECK_MILLIS);
            return;
        }
        timers.remove(c);
        if (!c.invalidated) {
            hashed.remove(c.key(), c);
        }
        byId.remove(c.id);
        if (c.control != null) {
            c.control.controlled--;
        }
        c.dest.unbind(c.template, c.inactive);
        if (!c.dest.referenced()) {
            for (Trashed t : trash) {
                if (t.dest == c.dest) {
                    t.idleSince = now;
                }
            }
        }
    }

    private void collectTrash() {
        trash.removeIf(t -> {
            boolean free = t.idleSince >= 0 && !t.dest.referenced() && now - t.idleSince >= TRASH_PERIOD_MILLIS;
            if (free) {
                owners.remove(t.dest);
            }
            return free;
        });
    }

    @Override
    public synchronized String toString() {
        return "FakeKernel[" + services.size() + " services, " + timers.size() + " connections, t=" + elapsed() + "]";
    }
}
