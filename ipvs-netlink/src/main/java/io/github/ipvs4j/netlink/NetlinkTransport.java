package io.github.ipvs4j.netlink;

import static io.github.ipvs4j.netlink.IpvsNetlink.*;

import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.model.AddressFamily;
import io.github.ipvs4j.model.BatchResult;
import io.github.ipvs4j.model.Change;
import io.github.ipvs4j.model.Connection;
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.IpvsInfo;
import io.github.ipvs4j.model.IpvsOperation;
import io.github.ipvs4j.model.IpvsUnavailableException;
import io.github.ipvs4j.model.KernelException;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.RealServerStatus;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.SyncDaemon;
import io.github.ipvs4j.model.Timeouts;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.model.VirtualServiceStatus;
import io.github.ipvs4j.spi.IpvsTransport;
import io.github.ipvs4j.spi.KernelErrors;
import io.github.ipvs4j.spi.TransportOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real kernel's IPVS over generic netlink. Thread-safe: each call borrows one of a few sockets for
 * its whole exchange.
 */
final class NetlinkTransport implements IpvsTransport {
    private static final Logger LOG = LoggerFactory.getLogger(NetlinkTransport.class);

    /** Sockets per transport: enough for a few threads to overlap their round trips. */
    static final int POOL_SIZE = 4;
    /**
     * Requests per send in a batch. Should they all fail, their error answers (about 1 KiB of socket
     * memory each) must fit the receive queue even when the kernel refuses the larger buffer we ask for
     * (default 208 KiB).
     */
    static final int BATCH_WINDOW = 128;
    /** How often an interrupted dump (the table changed under it) is repeated before giving up. */
    private static final int DUMP_ATTEMPTS = 10;
    /**
     * Services from which a bulk listing of real servers is read on several threads: below it, starting
     * threads costs more than it saves.
     */
    static final int CONCURRENT_READ_THRESHOLD = 64;

    private final Optional<Path> namespace;
    private final long timeoutNanos;
    private final int familyId;
    /** Sockets for every exchange but the service dump; they receive small datagrams. */
    private final SocketPool pool;
    /** Sockets for the service dump, the one long dump; they receive large datagrams. */
    private final SocketPool serviceDumps;
    private final int readers = Math.min(Runtime.getRuntime().availableProcessors(), POOL_SIZE);
    private ExecutorService readerThreads; // created on the first concurrent read; guarded by this
    private boolean closed; // guarded by this

    private NetlinkTransport(Optional<Path> namespace, long timeoutNanos, int familyId, SocketPool pool,
            SocketPool serviceDumps) {
        this.namespace = namespace;
        this.timeoutNanos = timeoutNanos;
        this.familyId = familyId;
        this.pool = pool;
        this.serviceDumps = serviceDumps;
    }

    /**
     * Opens the transport: a first socket (in the namespace if one is given) and the lookup of the
     * "IPVS" family through nlctrl.
     *
     * @throws IpvsUnavailableException if the kernel has no IPVS or netlink cannot be used
     */
    static NetlinkTransport open(TransportOptions options) {
        Optional<Path> namespace = options.networkNamespace();
        Supplier<NetlinkSocket> factory = sockets(namespace, NetlinkSocket.smallDatagrams());
        long timeoutNanos = options.timeout().toNanos();
        NetlinkSocket first;
        try {
            first = factory.get();
        } catch (ErrnoException e) {
            throw new IpvsUnavailableException("cannot open a generic netlink socket: " + e.getMessage(),
                    e.errno(), e);
        }
        try {
            int familyId = resolveFamily(first, timeoutNanos);
            SocketPool pool = new SocketPool(factory, POOL_SIZE);
            pool.offer(first);
            LOG.debug("IPVS generic netlink family id {}{}", familyId,
                    namespace.map(p -> " in network namespace " + p).orElse(""));
            return new NetlinkTransport(namespace, timeoutNanos, familyId, pool,
                    new SocketPool(sockets(namespace, NetlinkSocket.LARGE_DATAGRAMS), POOL_SIZE));
        } catch (RuntimeException e) {
            first.close();
            throw e;
        }
    }

    /**
     * Opens sockets with one receive length: the kernel sizes a socket's dump datagrams by the largest
     * receive it has made, so a socket keeps its length for life, and each pool has its own.
     */
    private static Supplier<NetlinkSocket> sockets(Optional<Path> namespace, int receiveLength) {
        return namespace.isPresent()
                ? () -> NetworkNamespace.call(namespace.get(), IpvsOperation.OPEN,
                        () -> NetlinkSocket.open(receiveLength))
                : () -> NetlinkSocket.open(receiveLength);
    }

    private static int resolveFamily(NetlinkSocket socket, long timeoutNanos) {
        MessageWriter w = socket.writer();
        int seq = socket.nextSeq();
        int start = w.beginMessage(Netlink.GENL_ID_CTRL, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, seq,
                socket.portId());
        w.genlHeader(Netlink.CTRL_CMD_GETFAMILY, 1);
        w.putString(Netlink.CTRL_ATTR_FAMILY_NAME, FAMILY_NAME);
        w.endMessage(start);
        try {
            Single<Integer> family = new Single<>(m -> m.genlAttributes("family").u16(Netlink.CTRL_ATTR_FAMILY_ID));
            socket.call(w, seq, timeoutNanos, family);
            return family.get("family lookup");
        } catch (KernelError e) {
            if (e.errno() == Errno.ENOENT) {
                throw new IpvsUnavailableException("The kernel has no IPVS: the generic netlink family \"IPVS\""
                        + " does not exist. Load the ip_vs module (modprobe ip_vs), or use a kernel built with"
                        + " CONFIG_IP_VS.", e.errno(), null);
            }
            throw new IpvsUnavailableException("looking up the generic netlink family \"IPVS\" failed with "
                    + Errno.name(e.errno()), e.errno(), e);
        } catch (ErrnoException e) {
            throw new IpvsUnavailableException("looking up the generic netlink family \"IPVS\" failed: "
                    + e.getMessage(), e.errno(), e);
        }
    }

    // ---- the exchange ---------------------------------------------------------------------------------

    /** Borrows a socket for {@code work}, turning failures into ipvs4j's typed exceptions. */
    private <T> T withSocket(IpvsOperation op, ServiceKey service, InetSocketAddress realServer,
            Function<NetlinkSocket, T> work) {
        return withSocket(pool, op, service, realServer, work);
    }

    private static <T> T withSocket(SocketPool from, IpvsOperation op, ServiceKey service,
            InetSocketAddress realServer, Function<NetlinkSocket, T> work) {
        NetlinkSocket socket = from.acquire();
        try {
            return onSocket(socket, op, service, realServer, work);
        } finally {
            from.release(socket);
        }
    }

    /** Does {@code work} on a borrowed socket, turning failures into ipvs4j's typed exceptions. */
    private static <T> T onSocket(NetlinkSocket socket, IpvsOperation op, ServiceKey service,
            InetSocketAddress realServer, Function<NetlinkSocket, T> work) {
        try {
            T result = work.apply(socket);
            if (LOG.isDebugEnabled()) {
                LOG.debug("{}: done (netlink port id {})", KernelErrors.describe(op, service, realServer),
                        socket.portId());
            }
            return result;
        } catch (KernelError e) {
            LOG.debug("{}: the kernel refused with errno {}", KernelErrors.describe(op, service, realServer),
                    e.errno());
            throw KernelErrors.fromErrno(e.errno(), op, service, realServer);
        } catch (ErrnoException e) {
            LOG.debug("{}: the socket failed: {}", KernelErrors.describe(op, service, realServer), e.getMessage());
            socket.markBroken();
            throw new IpvsException(KernelErrors.describe(op, service, realServer) + ": " + e.getMessage(), e.errno(),
                    op, service, realServer, e);
        }
    }

    /** One request with NLM_F_ACK; hands the data messages before the ACK to {@code onData}. */
    private void request(NetlinkSocket socket, int command, Consumer<MessageWriter> body,
            NetlinkSocket.MessageHandler onData) {
        MessageWriter w = socket.writer();
        int seq = socket.nextSeq();
        writeRequest(w, socket, seq, command, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, body);
        socket.call(w, seq, timeoutNanos, onData);
    }

    /** One request with NLM_F_ACK whose answer is one data message, decoded by {@code decode}. */
    private <T> T requestOne(NetlinkSocket socket, int command, Consumer<MessageWriter> body, String what,
            Function<NetlinkMessage, T> decode) {
        Single<T> reply = new Single<>(decode);
        request(socket, command, body, reply);
        return reply.get(what);
    }

    /**
     * A dump, each message decoded by {@code decode} as it is read (the receive buffer is reused);
     * repeated from scratch if the kernel flags it as interrupted by a concurrent change.
     */
    private <T> List<T> dump(NetlinkSocket socket, int command, Consumer<MessageWriter> body,
            Function<NetlinkMessage, T> decode) {
        List<T> out = new ArrayList<>();
        NetlinkSocket.MessageHandler collect = m -> out.add(decode.apply(m));
        for (int attempt = 1; ; attempt++) {
            out.clear();
            MessageWriter w = socket.writer();
            int seq = socket.nextSeq();
            writeRequest(w, socket, seq, command, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, body);
            if (!socket.call(w, seq, timeoutNanos, collect)) {
                return out;
            }
            if (attempt == DUMP_ATTEMPTS) {
                throw new ErrnoException("the table kept changing during " + DUMP_ATTEMPTS + " dumps", Errno.EAGAIN);
            }
            LOG.debug("dump of command {} was interrupted; repeating it", command);
        }
    }

    /** Keeps the first data message of an answer, decoded while it is current. */
    private static final class Single<T> implements NetlinkSocket.MessageHandler {
        private final Function<NetlinkMessage, T> decode;
        private T value;
        private boolean found;

        Single(Function<NetlinkMessage, T> decode) {
            this.decode = decode;
        }

        @Override
        public void accept(NetlinkMessage message) {
            if (!found) {
                value = decode.apply(message);
                found = true;
            }
        }

        T get(String what) {
            if (!found) {
                throw new MalformedMessageException("the kernel acknowledged the " + what + " request without a reply");
            }
            return value;
        }
    }

    private void writeRequest(MessageWriter w, NetlinkSocket socket, int seq, int command, int flags,
            Consumer<MessageWriter> body) {
        int start = w.beginMessage(familyId, flags, seq, socket.portId());
        w.genlHeader(command, FAMILY_VERSION);
        body.accept(w);
        w.endMessage(start);
    }

    private static final Consumer<MessageWriter> NO_ATTRIBUTES = w -> { };
    private static final NetlinkSocket.MessageHandler IGNORE = m -> { };

    private void execute(IpvsOperation op, ServiceKey service, InetSocketAddress realServer, int command,
            Consumer<MessageWriter> body) {
        withSocket(op, service, realServer, s -> {
            request(s, command, body, IGNORE);
            return null;
        });
    }

    // ---- services -------------------------------------------------------------------------------------

    @Override
    public IpvsInfo info() {
        return withSocket(IpvsOperation.GET_INFO, null, null, s -> requestOne(s, CMD_GET_INFO, NO_ATTRIBUTES, "info",
                m -> IpvsCodec.readInfo(m.genlAttributes("info"))));
    }

    @Override
    public List<VirtualServiceStatus> listServiceStatus() {
        return dumpServices(IpvsCodec::readService);
    }

    /** As {@link #listServiceStatus()}, leaving the statistics undecoded. */
    @Override
    public List<VirtualService> listServices() {
        return dumpServices(IpvsCodec::readServiceConfig);
    }

    private <T> List<T> dumpServices(Function<Attributes, T> decode) {
        return withSocket(serviceDumps, IpvsOperation.LIST_SERVICES, null, null,
                s -> dump(s, CMD_GET_SERVICE, NO_ATTRIBUTES,
                        m -> decode.apply(m.genlAttributes("reply").nested(CMD_ATTR_SERVICE, "service"))));
    }

    @Override
    public Optional<VirtualServiceStatus> getServiceStatus(ServiceKey key) {
        return withSocket(IpvsOperation.GET_SERVICE, key, null, s -> {
            try {
                return Optional.of(requestOne(s, CMD_GET_SERVICE, w -> IpvsCodec.writeServiceKey(w, key), "service",
                        m -> IpvsCodec.readService(m.genlAttributes("reply").nested(CMD_ATTR_SERVICE, "service"))));
            } catch (KernelError e) {
                if (e.errno() == Errno.ESRCH) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public void createService(VirtualService service) {
        execute(IpvsOperation.CREATE_SERVICE, service.key(), null, CMD_NEW_SERVICE,
                w -> IpvsCodec.writeService(w, service));
    }

    @Override
    public void updateService(VirtualService service) {
        execute(IpvsOperation.UPDATE_SERVICE, service.key(), null, CMD_SET_SERVICE,
                w -> IpvsCodec.writeService(w, service));
    }

    @Override
    public void removeService(ServiceKey key) {
        execute(IpvsOperation.REMOVE_SERVICE, key, null, CMD_DEL_SERVICE, w -> IpvsCodec.writeServiceKey(w, key));
    }

    // ---- real servers ---------------------------------------------------------------------------------

    @Override
    public List<RealServerStatus> listRealServerStatus(ServiceKey service) {
        return withSocket(IpvsOperation.LIST_REAL_SERVERS, service, null,
                s -> dumpRealServers(s, service, IpvsCodec::readRealServer));
    }

    /**
     * Reads the services one GET_DEST dump each, like the single call. From
     * {@value #CONCURRENT_READ_THRESHOLD} services on, and with more than one processor, it reads on
     * several sockets at once (one dump at a time on each): the kernel holds its IPVS mutex only while
     * it fills a dump, so one thread's encoding and decoding overlaps another's kernel work.
     */
    @Override
    public Map<ServiceKey, List<RealServerStatus>> listRealServerStatus(List<ServiceKey> services) {
        return readRealServers(services, IpvsCodec::readRealServer);
    }

    /** As {@link #listRealServerStatus(List)}, leaving the counts and statistics undecoded. */
    @Override
    public Map<ServiceKey, List<RealServer>> listRealServers(List<ServiceKey> services) {
        return readRealServers(services, IpvsCodec::readRealServerConfig);
    }

    private <T> Map<ServiceKey, List<T>> readRealServers(List<ServiceKey> services,
            BiFunction<Attributes, AddressFamily, T> decode) {
        int helpers = services.size() < CONCURRENT_READ_THRESHOLD ? 0 : readers - 1;
        List<List<T>> read = ConcurrentRead.read(services, helpers,
                helpers == 0 ? Runnable::run : readerThreads(), pool::acquire, pool::release,
                (socket, service) -> onSocket(socket, IpvsOperation.LIST_REAL_SERVERS, service, null,
                        s -> dumpRealServers(s, service, decode)),
                "the real servers of " + services.size() + " services");
        Map<ServiceKey, List<T>> out = new LinkedHashMap<>();
        for (int i = 0; i < services.size(); i++) {
            out.put(services.get(i), read.get(i));
        }
        return out;
    }

    private <T> List<T> dumpRealServers(NetlinkSocket socket, ServiceKey service,
            BiFunction<Attributes, AddressFamily, T> decode) {
        AddressFamily family = service.family();
        return dump(socket, CMD_GET_DEST, w -> IpvsCodec.writeServiceKey(w, service), m -> decode.apply(
                m.genlAttributes("reply").nested(CMD_ATTR_DEST, "real server"), family));
    }

    /** The threads that read beside the caller's: daemons, started when needed, ended when idle. */
    private synchronized ExecutorService readerThreads() {
        if (closed) {
            throw new IpvsException("the IPVS transport is closed", null);
        }
        if (readerThreads == null) {
            AtomicInteger count = new AtomicInteger();
            ThreadPoolExecutor executor = new ThreadPoolExecutor(readers - 1, readers - 1, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "ipvs4j-netlink-reader-" + count.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            executor.allowCoreThreadTimeOut(true);
            readerThreads = executor;
        }
        return readerThreads;
    }

    @Override
    public void createRealServer(ServiceKey service, RealServer server) {
        execute(IpvsOperation.CREATE_REAL_SERVER, service, server.endpoint(), CMD_NEW_DEST,
                w -> writeDest(w, service, server));
    }

    @Override
    public void updateRealServer(ServiceKey service, RealServer server) {
        execute(IpvsOperation.UPDATE_REAL_SERVER, service, server.endpoint(), CMD_SET_DEST,
                w -> writeDest(w, service, server));
    }

    @Override
    public void removeRealServer(ServiceKey service, InetSocketAddress endpoint) {
        execute(IpvsOperation.REMOVE_REAL_SERVER, service, endpoint, CMD_DEL_DEST, w -> {
            IpvsCodec.writeServiceKey(w, service);
            IpvsCodec.writeRealServerKey(w, endpoint);
        });
    }

    private static void writeDest(MessageWriter w, ServiceKey service, RealServer server) {
        IpvsCodec.writeServiceKey(w, service);
        IpvsCodec.writeRealServer(w, server);
    }

    // ---- table-wide -----------------------------------------------------------------------------------

    @Override
    public void flush() {
        execute(IpvsOperation.FLUSH, null, null, CMD_FLUSH, NO_ATTRIBUTES);
    }

    @Override
    public void zeroCounters() {
        execute(IpvsOperation.ZERO, null, null, CMD_ZERO, NO_ATTRIBUTES);
    }

    @Override
    public void zeroCounters(ServiceKey service) {
        execute(IpvsOperation.ZERO, service, null, CMD_ZERO, w -> IpvsCodec.writeServiceKey(w, service));
    }

    @Override
    public Timeouts getTimeouts() {
        return withSocket(IpvsOperation.GET_TIMEOUTS, null, null, s -> requestOne(s, CMD_GET_CONFIG, NO_ATTRIBUTES,
                "timeouts", m -> IpvsCodec.readTimeouts(m.genlAttributes("timeouts"))));
    }

    @Override
    public void setTimeouts(Timeouts timeouts) {
        execute(IpvsOperation.SET_TIMEOUTS, null, null, CMD_SET_CONFIG, w -> IpvsCodec.writeTimeouts(w, timeouts));
    }

    @Override
    public void startSyncDaemon(SyncDaemon daemon) {
        execute(IpvsOperation.START_SYNC_DAEMON, null, null, CMD_NEW_DAEMON,
                w -> IpvsCodec.writeSyncDaemon(w, daemon));
    }

    @Override
    public void stopSyncDaemon(SyncDaemon.Role role) {
        execute(IpvsOperation.STOP_SYNC_DAEMON, null, null, CMD_DEL_DAEMON,
                w -> IpvsCodec.writeSyncDaemonRole(w, role));
    }

    @Override
    public List<SyncDaemon> listSyncDaemons() {
        return withSocket(IpvsOperation.LIST_SYNC_DAEMONS, null, null, s -> dump(s, CMD_GET_DAEMON, NO_ATTRIBUTES,
                m -> IpvsCodec.readSyncDaemon(m.genlAttributes("reply").nested(CMD_ATTR_DAEMON, "daemon"))));
    }

    @Override
    public List<Connection> listConnections() {
        Supplier<List<String>> read = () -> readLines(Path.of(namespace.isPresent()
                ? "/proc/thread-self/net/ip_vs_conn" : "/proc/net/ip_vs_conn"));
        List<String> lines = namespace.isPresent()
                ? NetworkNamespace.call(namespace.get(), IpvsOperation.LIST_CONNECTIONS, read) : read.get();
        return ConnectionTable.parse(lines);
    }

    private static List<String> readLines(Path path) {
        try {
            return Files.readAllLines(path, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IpvsUnavailableException("The kernel has no IPVS connection table (" + path
                    + " is missing): load the ip_vs module.", e);
        } catch (IOException e) {
            throw new IpvsException(KernelErrors.describe(IpvsOperation.LIST_CONNECTIONS, null, null) + ": cannot read "
                    + path + ": " + e.getMessage(), 0, IpvsOperation.LIST_CONNECTIONS, null, null, e);
        }
    }

    // ---- batches --------------------------------------------------------------------------------------

    /**
     * Writes the changes {@value #BATCH_WINDOW} per send, the last of each send with NLM_F_ACK, and reads
     * the answers together (see {@link NetlinkSocket#callAll}). The kernel handles a datagram's requests
     * in order and goes on after a failed one, so every change is attempted and each gets its own outcome.
     */
    @Override
    public BatchResult submit(List<Change> changes) {
        int n = changes.size();
        int[] errnos = new int[n];
        Arrays.fill(errnos, NetlinkSocket.UNANSWERED);
        IpvsException[] lost = new IpvsException[n];
        NetlinkSocket socket = pool.acquire();
        ChangeWriter bodies = new ChangeWriter();
        try {
            for (int start = 0; start < n; start += BATCH_WINDOW) {
                int count = Math.min(BATCH_WINDOW, n - start);
                MessageWriter w = socket.writer();
                bodies.w = w;
                int first = socket.reserveSeqs(count);
                for (int i = 0; i < count; i++) {
                    writeChange(w, bodies, socket, first + i, changes.get(start + i), i == count - 1);
                }
                String why = "its answer was lost (the socket's receive queue overflowed, ENOBUFS)";
                int whyErrno = Errno.ENOBUFS;
                try {
                    socket.callAll(w, first, count, errnos, start, timeoutNanos);
                    LOG.debug("batch: sent changes {}..{} of {} in one datagram (netlink port id {})", start + 1,
                            start + count, n, socket.portId());
                } catch (ErrnoException | MalformedMessageException e) {
                    socket.markBroken();
                    why = "its answer was not read: " + e.getMessage();
                    whyErrno = e instanceof ErrnoException ee ? ee.errno() : 0;
                }
                for (int i = start; i < start + count; i++) {
                    if (errnos[i] == NetlinkSocket.UNANSWERED) {
                        Change c = changes.get(i);
                        InetSocketAddress realServer = c.realServer().orElse(null);
                        lost[i] = new KernelException(KernelErrors.describe(c.operation(), c.service(), realServer)
                                + ": outcome unknown, " + why + "; read the table to see whether it was applied",
                                whyErrno, c.operation(), c.service(), realServer);
                    }
                }
                if (socket.isBroken()) {
                    pool.release(socket);
                    socket = pool.acquire();
                }
            }
        } finally {
            pool.release(socket);
        }
        List<BatchResult.Outcome> outcomes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Change c = changes.get(i);
            IpvsException error = lost[i] != null ? lost[i]
                    : errnos[i] == 0 ? null : KernelErrors.fromErrno(errnos[i], c.operation(), c.service(),
                            c.realServer().orElse(null));
            outcomes.add(new BatchResult.Outcome(c, Optional.ofNullable(error)));
        }
        return new BatchResult(outcomes);
    }

    /**
     * Writes one change of a batch; without {@code ack}, the kernel answers it only if it fails. The
     * body is written in line rather than through {@link #writeRequest}'s lambda: a batch writes one
     * request per change, and where only C1 compiles (jipvsadm, the emulated guest) each captured
     * lambda is a call into the VM to allocate it, 6% of a load's samples there. For the same reason
     * the batch's one {@link ChangeWriter} writes every body.
     */
    private void writeChange(MessageWriter w, ChangeWriter bodies, NetlinkSocket socket, int seq, Change change,
            boolean ack) {
        int start = w.beginMessage(familyId, ack ? Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK : Netlink.NLM_F_REQUEST,
                seq, socket.portId());
        change.accept(bodies);
        w.endMessage(start);
    }

    /** Writes a change's generic netlink header and attributes to {@link #w}; one per batch, reused for each change. */
    private static final class ChangeWriter implements Change.Visitor<Void> {
        MessageWriter w;

        @Override
        public Void createService(VirtualService service) {
            w.genlHeader(CMD_NEW_SERVICE, FAMILY_VERSION);
            IpvsCodec.writeService(w, service);
            return null;
        }

        @Override
        public Void updateService(VirtualService service) {
            w.genlHeader(CMD_SET_SERVICE, FAMILY_VERSION);
            IpvsCodec.writeService(w, service);
            return null;
        }

        @Override
        public Void removeService(ServiceKey service) {
            w.genlHeader(CMD_DEL_SERVICE, FAMILY_VERSION);
            IpvsCodec.writeServiceKey(w, service);
            return null;
        }

        @Override
        public Void createRealServer(ServiceKey service, RealServer server) {
            w.genlHeader(CMD_NEW_DEST, FAMILY_VERSION);
            writeDest(w, service, server);
            return null;
        }

        @Override
        public Void updateRealServer(ServiceKey service, RealServer server) {
            w.genlHeader(CMD_SET_DEST, FAMILY_VERSION);
            writeDest(w, service, server);
            return null;
        }

        @Override
        public Void removeRealServer(ServiceKey service, InetSocketAddress endpoint) {
            w.genlHeader(CMD_DEL_DEST, FAMILY_VERSION);
            IpvsCodec.writeServiceKey(w, service);
            IpvsCodec.writeRealServerKey(w, endpoint);
            return null;
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (readerThreads != null) {
                readerThreads.shutdown();
            }
        }
        pool.close();
        serviceDumps.close();
    }
}
