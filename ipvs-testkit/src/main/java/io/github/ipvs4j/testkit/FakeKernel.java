package io.github.ipvs4j.testkit;

import io.github.ipvs4j.model.Connection;
import io.github.ipvs4j.model.IpvsInfo;
import io.github.ipvs4j.model.Protocol;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.RealServerStatus;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.SyncDaemon;
import io.github.ipvs4j.model.Timeouts;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.model.VirtualServiceStatus;
import io.github.ipvs4j.spi.IpvsTransport;
import io.github.ipvs4j.testkit.scheduler.Schedulers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An in-memory IPVS that behaves like the Linux kernel's, decision for decision: the same refusals
 * (as the same typed exceptions, via {@link io.github.ipvs4j.spi.KernelErrors#fromErrno}) for the same requests as
 * {@code ip_vs_ctl.c}, the kernel's schedulers with its hash functions, overload thresholds,
 * persistence templates, and a connection table driven by a controllable clock.
 *
 * <pre>{@code
 * FakeKernel kernel = FakeKernel.create();
 * try (Ipvs ipvs = Ipvs.using(kernel)) {
 *     ipvs.createService(VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).scheduler(Scheduler.WRR).build());
 *     ...
 *     ConnectResult r = kernel.connect(Client.tcp("203.0.113.5", 40000, "192.0.2.1", 80));
 *     kernel.disconnect(r.handle());
 *     kernel.advance(Duration.ofMinutes(2));
 * }
 * }</pre>
 *
 * <p>Traffic: {@link #connect} stands for a client's connection as the director sees it once set up
 * (TCP and SCTP established, so counted as active; UDP "connections" always count as inactive, as in
 * the kernel). {@link #disconnect} moves a TCP connection to {@code FIN_WAIT} (DR, tunnel) or
 * {@code TIME_WAIT} (NAT), an SCTP one to {@code CLOSED}; it then counts as inactive until it
 * expires. {@link #advance} moves the clock and expires connections and templates on time;
 * {@link #clock()} is a {@link Clock} that follows it.
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
 * <p>Thread-safe: every call that reads or changes the kernel's state runs under one lock, this
 * object's monitor, so each sees and leaves the table, the connections and the clock consistent with
 * each other.
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

    // The facade: the control plane (ip_vs_ctl.c: services, real servers, the destination trash,
    // timeouts, sync daemons and the errno of each refusal) and the connection table (connections and
    // persistence templates) are not thread-safe; each call reaches them under this object's monitor,
    // and so does the clock both read.
    private final KernelClock clock = new KernelClock();
    private final ControlPlane control;
    private final ConnectionTable connections;
    private boolean closed;

    private FakeKernel(Builder b) {
        this.control = new ControlPlane(clock, b.schedulers, b.persistenceEngines, b.networkInterfaces,
                b.connectionTableSize, b.maglevTableSize, b.seed, b.hz);
        this.connections = new ConnectionTable(control, clock);
    }

    /**
     * A fake kernel with every mainline scheduler and the kernel's defaults.
     *
     * @return a new, open fake kernel with no services, its clock at zero
     */
    public static FakeKernel create() {
        return builder().build();
    }

    /**
     * Starts configuring a fake kernel.
     *
     * @return a builder with the kernel's defaults
     */
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
         * @param schedulers the schedulers, replacing the ones set before
         * @return this builder
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

        /**
         * The scheduler modules the kernel has; see {@link #schedulers(Collection)}.
         *
         * @param schedulers the schedulers, replacing the ones set before
         * @return this builder
         * @throws IllegalArgumentException for a scheduler the fake does not implement
         */
        public Builder schedulers(Scheduler... schedulers) {
            return schedulers(List.of(schedulers));
        }

        /**
         * Like Debian 12's 6.1 kernel: {@link #DEBIAN_6_1_SCHEDULERS} (no {@code twos}).
         *
         * @return this builder
         */
        public Builder debian61() {
            return schedulers(DEBIAN_6_1_SCHEDULERS);
        }

        /**
         * The connection table size {@link FakeKernel#info()} reports.
         *
         * @param size a power of two, 256..1048576 (default 4096)
         * @return this builder
         * @throws IllegalArgumentException for another size
         */
        public Builder connectionTableSize(int size) {
            if (size < 256 || size > (1 << 20) || Integer.bitCount(size) != 1) {
                throw new IllegalArgumentException("connection table size " + size
                        + " is not a power of two in 256..1048576 (the kernel's ip_vs_conn_tab_bits 8..20)");
            }
            this.connectionTableSize = size;
            return this;
        }

        /**
         * The mh lookup table size.
         *
         * @param size one of the kernel's primes 251..131071 (default 4093)
         * @return this builder
         * @throws IllegalArgumentException for another size
         */
        public Builder maglevTableSize(int size) {
            if (!Schedulers.isMaglevTableSize(size)) {
                throw new IllegalArgumentException("mh table size " + size
                        + " is not one of 251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071");
            }
            this.maglevTableSize = size;
            return this;
        }

        /**
         * The persistence engine modules the kernel has; a service with another fails with ENOENT.
         *
         * @param engines the engines' names, replacing the ones set before (default {@code sip})
         * @return this builder
         */
        public Builder persistenceEngines(String... engines) {
            this.persistenceEngines.clear();
            this.persistenceEngines.addAll(List.of(engines));
            return this;
        }

        /**
         * The network interfaces that exist, for sync daemons (an unknown one fails with ENODEV).
         * Default: none listed, so every name is accepted.
         *
         * @param names the interfaces' names, replacing the ones set before
         * @return this builder
         */
        public Builder networkInterfaces(String... names) {
            this.networkInterfaces.clear();
            this.networkInterfaces.addAll(List.of(names));
            return this;
        }

        /**
         * The kernel's tick rate, which bounds timeouts: more than {@code INT_MAX / hz} seconds is
         * EINVAL.
         *
         * @param hz one of 100, 250, 300, 1000; default 250, as Debian's kernels
         * @return this builder
         * @throws IllegalArgumentException for another rate
         */
        public Builder hz(int hz) {
            if (hz != 100 && hz != 250 && hz != 300 && hz != 1000) {
                throw new IllegalArgumentException("hz " + hz + " is not one of 100, 250, 300, 1000");
            }
            this.hz = hz;
            return this;
        }

        /**
         * Seeds the random source of randomised schedulers ({@code twos}).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder randomSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the fake kernel. The builder can be changed and used again afterwards.
         *
         * @return a new, open fake kernel with no services, its clock at zero
         */
        public FakeKernel build() {
            return new FakeKernel(this);
        }
    }

    // ---- control plane ------------------------------------------------------------------------------

    /**
     * The scheduler modules this kernel has, as the builder set them.
     *
     * @return an unmodifiable set; creating a service with a scheduler not in it fails with ENOENT
     */
    public synchronized Set<Scheduler> schedulers() {
        return control.schedulers();
    }

    @Override
    public synchronized IpvsInfo info() {
        open();
        return control.info();
    }

    @Override
    public synchronized List<VirtualServiceStatus> listServiceStatus() {
        open();
        return control.listServiceStatus();
    }

    @Override
    public synchronized Optional<VirtualServiceStatus> getServiceStatus(ServiceKey key) {
        open();
        return control.getServiceStatus(key);
    }

    @Override
    public synchronized void createService(VirtualService service) {
        open();
        control.createService(service);
    }

    @Override
    public synchronized void updateService(VirtualService service) {
        open();
        control.updateService(service);
    }

    @Override
    public synchronized void removeService(ServiceKey key) {
        open();
        control.removeService(key);
    }

    @Override
    public synchronized List<RealServerStatus> listRealServerStatus(ServiceKey service) {
        open();
        return control.listRealServerStatus(service);
    }

    @Override
    public synchronized void createRealServer(ServiceKey service, RealServer server) {
        open();
        control.createRealServer(service, server);
    }

    @Override
    public synchronized void updateRealServer(ServiceKey service, RealServer server) {
        open();
        control.updateRealServer(service, server);
    }

    @Override
    public synchronized void removeRealServer(ServiceKey service, InetSocketAddress endpoint) {
        open();
        control.removeRealServer(service, endpoint);
    }

    @Override
    public synchronized void flush() {
        open();
        control.flush();
    }

    @Override
    public synchronized void zeroCounters() {
        open();
        control.zeroCounters();
    }

    @Override
    public synchronized void zeroCounters(ServiceKey service) {
        open();
        control.zeroCounters(service);
    }

    @Override
    public synchronized Timeouts getTimeouts() {
        open();
        return control.timeouts();
    }

    @Override
    public synchronized void setTimeouts(Timeouts t) {
        open();
        control.setTimeouts(t);
    }

    @Override
    public synchronized void startSyncDaemon(SyncDaemon daemon) {
        open();
        control.startSyncDaemon(daemon);
    }

    @Override
    public synchronized void stopSyncDaemon(SyncDaemon.Role role) {
        open();
        control.stopSyncDaemon(role);
    }

    @Override
    public synchronized List<SyncDaemon> listSyncDaemons() {
        open();
        return control.listSyncDaemons();
    }

    @Override
    public synchronized List<Connection> listConnections() {
        open();
        return connections.list();
    }

    /**
     * Closes the fake; further calls fail with {@link IllegalStateException}. The clock can still be
     * read. Not to be confused with {@link #disconnect(ConnectionHandle)}, which closes one client's
     * connection.
     */
    @Override
    public synchronized void close() {
        closed = true;
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("this fake kernel is closed");
        }
    }

    // ---- traffic and the clock ----------------------------------------------------------------------

    /**
     * The fake clock: time since the kernel was created.
     *
     * @return the time {@link #advance} has moved the clock by, in all
     */
    public synchronized Duration elapsed() {
        return Duration.ofMillis(clock.millis());
    }

    /**
     * A {@link Clock} that follows this kernel's fake clock: it reads {@link Instant#EPOCH} plus
     * {@link #elapsed()}, so {@link #advance} moves it and nothing else does. Build a
     * {@link io.github.ipvs4j.apply.Reconciler} with it to see drains time out in a test without
     * sleeping. Safe to read from any thread (each read takes this kernel's lock), also after
     * {@link #close()}.
     *
     * @return a clock in UTC following this kernel's clock
     */
    public Clock clock() {
        return new KernelClock.View(this, clock, ZoneOffset.UTC);
    }

    /**
     * Moves the clock forward, expiring connections and templates whose time has come, in order. The
     * whole move is atomic: no other call on this kernel sees the clock part way.
     *
     * @param duration how far to move the clock; zero expires what is due now
     * @throws IllegalArgumentException for a negative duration
     * @throws IllegalStateException if the kernel is closed
     */
    public synchronized void advance(Duration duration) {
        open();
        if (duration.isNegative()) {
            throw new IllegalArgumentException("cannot move the clock backwards: " + duration);
        }
        connections.advance(duration.toMillis());
    }

    /**
     * Schedules a TCP, UDP or SCTP client; see {@link #connect(Client)}.
     *
     * @param protocol TCP, UDP or SCTP
     * @param clientAddress the client's address
     * @param clientPort the client's source port, 0..65535
     * @param virtualAddress the address the client sends to, of the client's family
     * @param virtualPort the port the client sends to, 0..65535
     * @return what the kernel did with the client's first packet
     * @throws io.github.ipvs4j.model.InvalidConfigurationException for a port out of range or mixed families
     * @throws IllegalStateException if the kernel is closed
     */
    public ConnectResult connect(Protocol protocol, InetAddress clientAddress, int clientPort,
            InetAddress virtualAddress, int virtualPort) {
        return connect(new Client(protocol, clientAddress, clientPort, virtualAddress, virtualPort, 0));
    }

    /**
     * Handles a client's first packet as the kernel's {@code ip_vs_in} does: a packet of a connection
     * still in the table follows it; otherwise the virtual service is looked up (firewall mark first,
     * then protocol/address/port, then an FTP service for data ports, then a port-0 service), its
     * scheduler (or persistence template) picks a real server and a connection is created. Atomic with
     * respect to every other call on this kernel, so many threads may connect at once.
     *
     * @param client the client's first packet
     * @return what the kernel did with it, with a handle on the connection it created
     * @throws IllegalStateException if the kernel is closed
     */
    public synchronized ConnectResult connect(Client client) {
        open();
        return connections.connect(client);
    }

    /**
     * Closes a client's connection as the client's FIN would: TCP goes to {@code FIN_WAIT} (DR and
     * tunnel, expiring after the tcpfin timeout) or {@code TIME_WAIT} (NAT, 120 s), SCTP to
     * {@code CLOSED} (10 s); either now counts as inactive. UDP has no close: the entry expires on the
     * udp timeout.
     *
     * @param handle the connection, from {@link ConnectResult#handle()}
     * @return whether the connection was still in the table
     * @throws IllegalStateException if the kernel is closed
     */
    public synchronized boolean disconnect(ConnectionHandle handle) {
        open();
        return connections.disconnect(handle);
    }

    /**
     * Another packet from the client on an open connection: restarts its timer (and reopens a closed
     * TCP/SCTP one, as a new handshake on the same ports does).
     *
     * @param handle the connection, from {@link ConnectResult#handle()}
     * @return whether the connection was still in the table
     * @throws IllegalStateException if the kernel is closed
     */
    public synchronized boolean touch(ConnectionHandle handle) {
        open();
        return connections.touch(handle);
    }

    @Override
    public synchronized String toString() {
        return "FakeKernel[" + control.serviceCount() + " services, " + connections.size() + " connections, t="
                + elapsed() + "]";
    }
}
