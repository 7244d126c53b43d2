package io.github.ipvs4j;

import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.model.AlreadyExistsException;
import io.github.ipvs4j.model.BatchResult;
import io.github.ipvs4j.model.Change;
import io.github.ipvs4j.model.Connection;
import io.github.ipvs4j.model.InvalidConfigurationException;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.IpvsInfo;
import io.github.ipvs4j.model.IpvsOperation;
import io.github.ipvs4j.model.IpvsUnavailableException;
import io.github.ipvs4j.model.KernelException;
import io.github.ipvs4j.model.PermissionDeniedException;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.RealServerNotFoundException;
import io.github.ipvs4j.model.RealServerStatus;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.ServiceNotFoundException;
import io.github.ipvs4j.model.SyncDaemon;
import io.github.ipvs4j.model.Timeouts;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.model.VirtualServiceStatus;
import io.github.ipvs4j.spi.IpvsTransport;
import io.github.ipvs4j.spi.IpvsTransportProvider;
import io.github.ipvs4j.spi.KernelErrors;
import io.github.ipvs4j.spi.TransportOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The entry point: a handle on one kernel's IPVS table (or a fake one). Safe for use by many threads;
 * close it to release the transport.
 *
 * <pre>{@code
 * try (Ipvs ipvs = Ipvs.open()) {
 *     VirtualService web = VirtualService.builder(ServiceKey.tcp("192.0.2.10", 80)).scheduler(Scheduler.WRR).build();
 *     ipvs.createService(web);
 *     ipvs.createRealServer(web.key(), RealServer.builder("198.51.100.11", 80).weight(2).build());
 * }
 * }</pre>
 *
 * <p>Every value is validated when it is built, and combinations (such as a real server's family
 * against its service's) here, before anything reaches the transport.
 *
 * <p>Errors, all unchecked: a null argument is a {@link NullPointerException} naming it, a rejected
 * combination an {@link InvalidConfigurationException}; the kernel's refusals are the subtypes of
 * {@link IpvsException} each method lists ({@link AlreadyExistsException},
 * {@link ServiceNotFoundException}, {@link RealServerNotFoundException},
 * {@link PermissionDeniedException} without CAP_NET_ADMIN, otherwise a {@link KernelException} with the
 * errno), each naming the operation and its objects; a failure of the transport itself (e.g. a broken
 * socket) is an {@link IpvsException}. Any call on a closed handle but {@link #close()} is an
 * {@link IllegalStateException}.
 *
 * <p>It logs to the logger {@code io.github.ipvs4j.Ipvs}, at debug only: the transport it opened, each
 * change it made, and each change of a batch with its outcome. Failures are thrown, not logged.
 */
public final class Ipvs implements AutoCloseable {
    /** System property naming the transport provider to use, e.g. {@code netlink}. */
    public static final String TRANSPORT_PROPERTY = "ipvs4j.transport";

    private static final Logger LOG = LoggerFactory.getLogger(Ipvs.class);

    private final IpvsTransport transport;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Ipvs(IpvsTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * Opens the best available transport with default options: the real kernel, through
     * {@code ipvs-netlink}, when that artifact is on the class path.
     *
     * @return the handle; close it when done
     * @throws IpvsUnavailableException if no transport is available, saying which artifact to add or
     *     why the kernel side is missing; never falls back to a fake kernel
     * @throws IpvsException if the chosen transport fails to open otherwise
     */
    public static Ipvs open() {
        return open(TransportOptions.DEFAULTS);
    }

    /**
     * Opens the best available transport with the given options; see {@link #open()}.
     *
     * @param options the transport's options (timeout, network namespace)
     * @return the handle; close it when done
     * @throws NullPointerException if {@code options} is null
     * @throws IpvsUnavailableException if no transport is available, as for {@link #open()}
     * @throws PermissionDeniedException if the transport may not enter the options' network namespace
     * @throws IpvsException if the chosen transport fails to open otherwise
     */
    public static Ipvs open(TransportOptions options) {
        Objects.requireNonNull(options, "options");
        IpvsTransportProvider provider = selectProvider(ServiceLoader.load(IpvsTransportProvider.class));
        Ipvs ipvs = new Ipvs(provider.open(options));
        LOG.debug("opened IPVS transport '{}'", provider.name());
        return ipvs;
    }

    /**
     * Wraps a transport, e.g. the testkit's fake kernel. Closing the handle closes the transport.
     *
     * @param transport the transport to hand calls to
     * @return the handle
     * @throws NullPointerException if {@code transport} is null
     */
    public static Ipvs using(IpvsTransport transport) {
        return new Ipvs(transport);
    }

    static IpvsTransportProvider selectProvider(Iterable<IpvsTransportProvider> providers) {
        return Providers.select(providers, TRANSPORT_PROPERTY, "IPVS transport", "No IPVS transport on the class path. Add the"
                + " artifact io.github.ipvs4j:ipvs-netlink to manage the kernel's IPVS, or, for tests without"
                + " root, use Ipvs.using(FakeKernel.create()) from io.github.ipvs4j:ipvs-testkit.");
    }

    // ---- virtual services -------------------------------------------------------------------------

    /**
     * Creates a virtual service.
     *
     * @param service the service
     * @throws NullPointerException if {@code service} is null
     * @throws AlreadyExistsException if a service with its key exists
     * @throws KernelException with errno ENOENT if the kernel has no module for its scheduler or
     *     persistence engine; the message names them and suggests the nearest built-in scheduler
     * @throws PermissionDeniedException if the caller lacks CAP_NET_ADMIN
     * @throws IpvsException for another refusal of the kernel (a {@link KernelException} with its errno) or
     *     a failure of the transport itself
     * @throws IllegalStateException if this handle is closed
     */
    public void createService(VirtualService service) {
        Objects.requireNonNull(service, "service");
        try {
            live().createService(service);
        } catch (KernelException e) {
            throw namingModules(e, service);
        }
        LOG.debug("created service {}", service);
    }

    /**
     * Edits a virtual service in place.
     *
     * @param service the service's new definition, with the key of the one to edit
     * @throws NullPointerException if {@code service} is null
     * @throws ServiceNotFoundException if no service has its key
     * @throws KernelException with errno ENOENT if the kernel has no module for its scheduler or
     *     persistence engine; the message names them and suggests the nearest built-in scheduler
     * @throws PermissionDeniedException if the caller lacks CAP_NET_ADMIN
     * @throws IpvsException for another refusal of the kernel (a {@link KernelException} with its errno) or
     *     a failure of the transport itself
     * @throws IllegalStateException if this handle is closed
     */
    public void updateService(VirtualService service) {
        Objects.requireNonNull(service, "service");
        try {
            live().updateService(service);
        } catch (KernelException e) {
            throw namingModules(e, service);
        }
        LOG.debug("updated service {}", service);
    }

    /**
     * The transport's refusal restated with the service's definition when the kernel had no module for
     * its scheduler or persistence engine (ENOENT on creating or editing it), so that the message names
     * them and suggests a built-in scheduler ({@link KernelErrors#fromErrno(int, IpvsOperation,
     * VirtualService)}); any other error as it is.
     */
    private static IpvsException namingModules(IpvsException e, VirtualService service) {
        IpvsOperation op = e.operation().orElse(null);
        if (e.getClass() != KernelException.class || e.errno() != Errno.ENOENT
                || (op != IpvsOperation.CREATE_SERVICE && op != IpvsOperation.UPDATE_SERVICE)) {
            return e;
        }
        IpvsException named = KernelErrors.fromErrno(e.errno(), op, service);
        named.setStackTrace(e.getStackTrace());
        return named;
    }

    /** The service definition a change carries: that of a created or edited service, else empty. */
    private static final Change.Visitor<Optional<VirtualService>> DEFINITION = new Change.Visitor<>() {
        @Override
        public Optional<VirtualService> createService(VirtualService service) {
            return Optional.of(service);
        }

        @Override
        public Optional<VirtualService> updateService(VirtualService service) {
            return Optional.of(service);
        }

        @Override
        public Optional<VirtualService> removeService(ServiceKey service) {
            return Optional.empty();
        }

        @Override
        public Optional<VirtualService> createRealServer(ServiceKey service, RealServer server) {
            return Optional.empty();
        }

        @Override
        public Optional<VirtualService> updateRealServer(ServiceKey service, RealServer server) {
            return Optional.empty();
        }

        @Override
        public Optional<VirtualService> removeRealServer(ServiceKey service, InetSocketAddress endpoint) {
            return Optional.empty();
        }
    };

    /** {@link #namingModules(IpvsException, VirtualService)} for every failed service change of a batch. */
    private static BatchResult namingModules(BatchResult result) {
        List<BatchResult.Outcome> outcomes = null;
        for (int i = 0; i < result.outcomes().size(); i++) {
            BatchResult.Outcome o = result.outcomes().get(i);
            if (o.succeeded()) {
                continue; // most outcomes of a large batch: nothing to look at
            }
            VirtualService service = o.change().accept(DEFINITION).orElse(null);
            if (service == null) {
                continue;
            }
            IpvsException error = namingModules(o.error().get(), service);
            if (error != o.error().get()) {
                if (outcomes == null) {
                    outcomes = new ArrayList<>(result.outcomes());
                }
                outcomes.set(i, BatchResult.Outcome.failed(o.change(), error));
            }
        }
        return outcomes == null ? result : new BatchResult(outcomes);
    }

    /**
     * Creates the service, or edits it if it already exists.
     *
     * @param service the service
     * @return true if it was created, false if an existing one was edited
     * @throws NullPointerException if {@code service} is null
     * @throws ServiceNotFoundException if the service was removed between the attempt to create it and
     *     the edit
     * @throws KernelException with errno ENOENT if the kernel has no module for its scheduler or
     *     persistence engine, as {@link #createService} and {@link #updateService} say
     * @throws PermissionDeniedException if the caller lacks CAP_NET_ADMIN
     * @throws IpvsException for another refusal of the kernel (a {@link KernelException} with its errno) or
     *     a failure of the transport itself
     * @throws IllegalStateException if this handle is closed
     */
    public boolean createOrUpdateService(VirtualService service) {
        try {
            createService(service);
            return true;
        } catch (AlreadyExistsException e) {
            updateService(service);
            return false;
        }
    }

    /**
     * Deletes a virtual service and its real servers.
     *
     * @param key the service's key
     * @throws NullPointerException if {@code key} is null
     * @throws ServiceNotFoundException if no service has this key
     * @throws PermissionDeniedException if the caller lacks CAP_NET_ADMIN
     * @throws IpvsException for another refusal of the kernel (a {@link KernelException} with its errno) or
     *     a failure of the transport itself
     * @throws IllegalStateException if this handle is closed
     */
    public void removeService(ServiceKey key) {
        live().removeService(Objects.requireNonNull(key, "service key"));
        LOG.debug("removed service {}", key);
    }

    /**
     * Returns the service with this key, if it exists.
     *
     * @param key the service's key
     * @return the service, or empty if there is none
     * @throws NullPointerException if {@code key} is null
     * @throws PermissionDeniedException if the caller lacks CAP_NET_ADMIN
     * @throws IpvsException for another refusal of the kernel (a {@link KernelException} with its errno) or
     *     a failure of the transport itself
     * @throws IllegalStateException if this handle is closed
     */
    public Optional<VirtualService> getService(ServiceKey key) {
        return getServiceStatus(key).map(VirtualServiceStatus::service);
    }

    /**
     * Returns the service with this key and its statistics, if it exists.
     *
     * @param key the service's key
     * @return the service with its statistics, or empty if there is none
     * @throws NullPointerException if {@code key} is null
     * @throws PermissionDeniedException if the caller lacks CAP_NET_ADMIN
     * @throws IpvsException for another refusal of the kernel (a {@link KernelException} with its errno) or
     *     a failure of the transport itself
     * @throws IllegalStateException if this handle is closed
     */
    public Optional<VirtualServiceStatus> getServiceStatus(ServiceKey key) {
        return live().getServiceStatus(Objects.requireNonNull(key, "service key"));
    }

    /**
     * Lists the virtual services in {@link ServiceKey#ORDER} (address services first, then marks).
     *
     * @return the services, unmodifiable
     * @throws PermissionDeniedException if the caller lacks CAP_NET_ADMIN
     * @throws IpvsException for another refusal of the kernel (a {@link KernelException} with its errno) or
     *     a failure of the transport itself
     * @throws IllegalStateException if this handle is closed
     */
    public List<VirtualService> listServices() {
        return ServiceKey.sorted(live().listServices(), VirtualService::key);
    }

    /**
     * Lists the virtual services with their statistics, in {@link ServiceKey#ORDER}.
     *
     * @return the services with their statistics, unmodifiable
     * @throws PermissionDeniedException if the caller lacks CAP_NET_ADMIN
     * @throws IpvsException for another refusal of the kernel (a {@link KernelException} with its errno) or
     *     a failure of the transport itself
     * @throws IllegalStateException if this handle is closed
     */
    public List<VirtualServiceStatus> listServiceStatus() {
        return ServiceKey.sorted(live().listServiceStatus(), s -> s.service().key());
    }

    // ---- real servers -----------------------------------------------------------------------------

    /**
     * Adds a real server to a service.
     *
     * @param service the service's key
     * @param server the real server
     * @throws NullPointerException if an argument is null
     * @throws InvalidConfigurationException if the server's family differs from the service's and it
     *     is not tunnelled; nothing reaches the kernel then
     * @throws ServiceNotFoundException if no service has this key
     * @throws AlreadyExistsException if the service has a real server at its address and port
     * @throws PermissionDeniedException if the caller lacks CAP_NET_ADMIN
     * @throws IpvsException for another refusal of the kernel (a {@link KernelException} with its errno) or
     *     a failure of the transport itself
     * @throws IllegalStateException if this handle is closed
     */
    public void createRealServer(ServiceKey service, RealServer server) {
        check(service, server);
        live().createRealServer(service, server);
        LOG.debug("created real server {} of {}", server, service);
    }

    /**
     * Edits a real server's weight, thresholds and forwarding in place.
     *
     * @param service the service's key
     * @param server the real server's new definition, at the address and port of the one to edit
     * @throws NullPointerException if an argument is null
     * @throws InvalidConfigurationException if the server's family differs from the service's and it
     *     is not tunnelled; nothing reaches the kernel then
     * @throws ServiceNotFoundException if no service has this key
     * @throws RealServerNotFoundException if the service has no real server at its address and port
     * @throws PermissionDeniedException if the caller lacks CAP_NET_ADMIN
     * @throws IpvsException for another refusal of the kernel (a {@link KernelException} with its errno) or
     *     a failure of the transport itself
     * @throws IllegalStateException if this handle is closed
     */
    public void updateRealServer(ServiceKey service, RealServer server) {
        check(service, server);
        live().updateRealServer(service, server);
        LOG.debug("updated real server {} of {}", server, service);
    }

    /**
     * Adds the real server, or edits it if the service already has one at its address and port.
     *
     * @param service the service's key
     * @param server the real server
     * @return true if it was added, false if an existing one was edited
     * @throws NullPointerException if an argument is null
     * @throws InvalidConfigurationException if the server's family differs from the service's and it
     *     is not tunnelled; nothing reaches the kernel then
     * @throws ServiceNotFoundException if no service has this key
     * @throws RealServerNotFoundException if the real server was removed between the attempt to add it
     *     and the edit
     * @throws PermissionDeniedException if the caller lacks CAP_NET_ADMIN
     * @throws IpvsException for another refusal of the kernel (a {@link KernelException} with its errno) or
     *     a failure of the transport itself
     * @throws IllegalStateException if this handle is closed
     */
    public boolean createOrUpdateRealServer(ServiceKey service, RealServer server) {
        try {
            createRealServer(service, server);
            return true;
        } catch (AlreadyExistsException e) {
            updateRealServer(service, server);
            return false;
        }
    }

    /**
     * Removes the real server at {@code address:port} from a service.
     *
     * @param service the service's key
     * @param address the real server's address
     * @param port the real server's port, 0..65535
     * @throws NullPointerException if {@code service} or {@code address} is null
     * @throws InvalidConfigurationException if {@code port} is out of range; nothing reaches the kernel
     *     then
     * @throws ServiceNotFoundException if no service has this key
     * @throws RealServerNotFoundException if the service has no real server at {@code address:port}
     * @throws PermissionDeniedException if the caller lacks CAP_NET_ADMIN
     * @throws IpvsException for another refusal of the kernel (a {@link KernelException} with its errno) or
     *     a failure of the transport itself
     * @throws IllegalStateException if this handle is closed
     */
    public void removeRealServer(ServiceKey service, InetAddress address, int port) {
        Objects.requireNonNull(address, "real server address");
        if (port < 0 || port > 65535) {
            throw new InvalidConfigurationException("real server port", port, "0..65535");
        }
        removeRealServer(service, new InetSocketAddress(address, port));
    }

    /**
     * Removes the real server at {@code endpoint} from a service.
     *
     * @param service the service's key
     * @param endpoint the real server's address and port
     * @throws NullPointerException if an argument is null
     * @throws InvalidConfigurationException if {@code endpoint} is unresolved (a host name, not an IP
     *     address); nothing reaches the kernel then
     * @throws ServiceNotFoundException if no service has this key
     * @throws RealServerNotFoundException if the service has no real server at {@code endpoint}
     * @throws PermissionDeniedException if the caller lacks CAP_NET_ADMIN
     * @throws IpvsException for another refusal of the kernel (a {@link KernelException} with its errno) or
     *     a failure of the transport itself
     * @throws IllegalStateException if this handle is closed
     */
    public void removeRealServer(ServiceKey service, InetSocketAddress endpoint) {
        Change.RemoveRealServer change = new Change.RemoveRealServer(service, endpoint);
        live().removeRealServer(change.service(), change.endpoint());
        LOG.debug("removed real server {} of {}", endpoint, service);
    }

    /**
     * Lists a service's real servers in the kernel's order (newest first), which rr and wrr follow.
     *
     * @param service the service's key
     * @return the real servers, unmodifiable; empty for a service that does not exist
     * @throws NullPointerException if {@code service} is null
     * @throws PermissionDeniedException if the caller lacks CAP_NET_ADMIN
     * @throws IpvsException for another refusal of the kernel (a {@link KernelException} with its errno) or
     *     a failure of the transport itself
     * @throws IllegalStateException if this handle is closed
     */
    public List<RealServer> listRealServers(ServiceKey service) {
        return listRealServerStatus(service).stream().map(RealServerStatus::server).toList();
    }

    /**
     * Lists a service's real servers with connection counts and statistics, in the kernel's order.
     *
     * @param service the service's key
     * @return the real servers with their counts, unmodifiable; empty for a service that does not exist
     * @throws NullPointerException if {@code service} is null
     * @throws PermissionDeniedException if the caller lacks CAP_NET_ADMIN
     * @throws IpvsException for another refusal of the kernel (a {@link KernelException} with its errno) or
     *     a failure of the transport itself
     * @throws IllegalStateException if this handle is closed
     */
    public List<RealServerStatus> listRealServerStatus(ServiceKey service) {
        return List.copyOf(live().listRealServerStatus(Objects.requireNonNull(service, "service key")));
    }

    /**
     * Lists the real servers with their statistics of many services, each in the kernel's order; the
     * transport may read them concurrently. Services are read one at a time, not as one snapshot.
     *
     * @param services the services' keys
     * @return the real servers keyed by service, in the order given; an empty list for a service that
     *     does not exist
     * @throws NullPointerException if {@code services} or one of its keys is null
     * @throws IpvsException as {@link #listRealServerStatus(ServiceKey)} would for the first service
     *     (in the given order) whose read failed
     * @throws IllegalStateException if this handle is closed, or the transport left a service out
     */
    public Map<ServiceKey, List<RealServerStatus>> listRealServerStatus(List<ServiceKey> services) {
        return readMany(services, live()::listRealServerStatus);
    }

    /**
     * Lists the real servers of many services, each in the kernel's order, as
     * {@link #listRealServerStatus(List)} does but without their counts and statistics, which the
     * transport may then skip decoding.
     *
     * @param services the services' keys
     * @return the real servers keyed by service, in the order given; an empty list for a service that
     *     does not exist
     * @throws NullPointerException if {@code services} or one of its keys is null
     * @throws IpvsException as {@link #listRealServers(ServiceKey)} would for the first service (in the
     *     given order) whose read failed
     * @throws IllegalStateException if this handle is closed, or the transport left a service out
     */
    public Map<ServiceKey, List<RealServer>> listRealServers(List<ServiceKey> services) {
        return readMany(services, live()::listRealServers);
    }

    private static <T> Map<ServiceKey, List<T>> readMany(List<ServiceKey> services,
            Function<List<ServiceKey>, Map<ServiceKey, List<T>>> read) {
        for (ServiceKey key : Objects.requireNonNull(services, "service keys")) {
            Objects.requireNonNull(key, "service key");
        }
        List<ServiceKey> keys = List.copyOf(services);
        Map<ServiceKey, List<T>> found = read.apply(keys);
        Map<ServiceKey, List<T>> out = new LinkedHashMap<>();
        for (ServiceKey key : keys) {
            List<T> servers = found.get(key);
            if (servers == null) {
                throw new IllegalStateException("the transport left out the real servers of " + key);
            }
            out.put(key, List.copyOf(servers));
        }
        return Collections.unmodifiableMap(out);
    }

    private static void check(ServiceKey service, RealServer server) {
        Objects.requireNonNull(service, "service key");
        Objects.requireNonNull(server, "real server").checkCompatibleWith(service);
    }

    // ---- whole table ------------------------------------------------------------------------------

    /**
     * Reads the whole table: services in {@link ServiceKey#ORDER}, real servers in kernel order. The
     * services are listed first, then their real servers: a service removed in between is read with none.
     *
     * @return the table
     * @throws PermissionDeniedException if the caller lacks CAP_NET_ADMIN
     * @throws IpvsException for another refusal of the kernel (a {@link KernelException} with its errno) or
     *     a failure of the transport itself
     * @throws IllegalStateException if this handle is closed
     */
    public IpvsConfig readConfig() {
        List<VirtualService> services = listServices();
        List<ServiceKey> keys = new ArrayList<>(services.size());
        for (VirtualService s : services) {
            keys.add(s.key());
        }
        Map<ServiceKey, List<RealServer>> servers = listRealServers(keys);
        List<ServiceConfig> config = new ArrayList<>(services.size());
        for (VirtualService s : services) {
            config.add(new ServiceConfig(s, servers.get(s.key())));
        }
        return new IpvsConfig(config);
    }

    /**
     * Applies many changes at once. Every change is attempted, in order, and its outcome reported;
     * transports may pipeline the requests. A change the kernel refuses is not thrown: its outcome
     * holds the exception the single call would throw (e.g. {@link AlreadyExistsException}, or the
     * {@link KernelException} naming a missing scheduler module as {@link #createService} says).
     *
     * @param changes the changes, in order
     * @return one outcome per change, in order
     * @throws NullPointerException if {@code changes} or one of them is null
     * @throws IpvsException if the transport fails as a whole, before it can report the outcomes (e.g.
     *     a broken socket): then which changes took effect is not known
     * @throws IllegalStateException if this handle is closed
     */
    public BatchResult submit(List<Change> changes) {
        List<Change> copy = List.copyOf(Objects.requireNonNull(changes, "changes"));
        if (copy.isEmpty()) {
            return new BatchResult(List.of());
        }
        BatchResult result = namingModules(live().submit(copy));
        if (LOG.isDebugEnabled()) {
            int failed = 0;
            for (BatchResult.Outcome o : result.outcomes()) {
                if (o.succeeded()) {
                    LOG.debug("applied {}", o.change());
                } else {
                    failed++;
                    LOG.debug("failed {}: {}", o.change(), o.error().orElseThrow().getMessage());
                }
            }
            LOG.debug("batch of {} changes: {} applied, {} failed", copy.size(), copy.size() - failed, failed);
        }
        return result;
    }

    /**
     * Deletes every virtual service (ipvsadm {@code -C}).
     *
     * @throws PermissionDeniedException if the caller lacks CAP_NET_ADMIN
     * @throws IpvsException for another refusal of the kernel (a {@link KernelException} with its errno) or
     *     a failure of the transport itself
     * @throws IllegalStateException if this handle is closed
     */
    public void flush() {
        live().flush();
        LOG.debug("flushed the table");
    }

    /**
     * Zeroes every counter (ipvsadm {@code -Z}).
     *
     * @throws PermissionDeniedException if the caller lacks CAP_NET_ADMIN
     * @throws IpvsException for another refusal of the kernel (a {@link KernelException} with its errno) or
     *     a failure of the transport itself
     * @throws IllegalStateException if this handle is closed
     */
    public void zeroCounters() {
        live().zeroCounters();
    }

    /**
     * Zeroes the counters of one service and its real servers (ipvsadm {@code -Z -t ...}).
     *
     * @param service the service's key
     * @throws NullPointerException if {@code service} is null
     * @throws ServiceNotFoundException if no service has this key
     * @throws PermissionDeniedException if the caller lacks CAP_NET_ADMIN
     * @throws IpvsException for another refusal of the kernel (a {@link KernelException} with its errno) or
     *     a failure of the transport itself
     * @throws IllegalStateException if this handle is closed
     */
    public void zeroCounters(ServiceKey service) {
        live().zeroCounters(Objects.requireNonNull(service, "service key"));
    }

    // ---- settings ---------------------------------------------------------------------------------

    /**
     * Returns the connection timeouts.
     *
     * @return the timeouts, in seconds
     * @throws PermissionDeniedException if the caller lacks CAP_NET_ADMIN
     * @throws IpvsException for another refusal of the kernel (a {@link KernelException} with its errno) or
     *     a failure of the transport itself
     * @throws IllegalStateException if this handle is closed
     */
    public Timeouts getTimeouts() {
        return live().getTimeouts();
    }

    /**
     * Sets the connection timeouts; fields that are 0 stay as they are.
     *
     * @param timeouts the timeouts, in seconds
     * @throws NullPointerException if {@code timeouts} is null
     * @throws PermissionDeniedException if the caller lacks CAP_NET_ADMIN
     * @throws IpvsException for another refusal of the kernel (a {@link KernelException} with its errno) or
     *     a failure of the transport itself
     * @throws IllegalStateException if this handle is closed
     */
    public void setTimeouts(Timeouts timeouts) {
        live().setTimeouts(Objects.requireNonNull(timeouts, "timeouts"));
    }

    /**
     * Returns the IPVS version and connection table size.
     *
     * @return the version and table size
     * @throws PermissionDeniedException if the caller lacks CAP_NET_ADMIN
     * @throws IpvsException for another refusal of the kernel (a {@link KernelException} with its errno) or
     *     a failure of the transport itself
     * @throws IllegalStateException if this handle is closed
     */
    public IpvsInfo info() {
        return live().info();
    }

    /**
     * Starts a connection synchronisation daemon.
     *
     * @param daemon the daemon's role and settings
     * @throws NullPointerException if {@code daemon} is null
     * @throws IpvsException with errno EEXIST if a daemon already runs in that role, ENODEV if the
     *     interface does not exist
     * @throws PermissionDeniedException if the caller lacks CAP_NET_ADMIN
     * @throws IpvsException for another refusal of the kernel (a {@link KernelException} with its errno) or
     *     a failure of the transport itself
     * @throws IllegalStateException if this handle is closed
     */
    public void startSyncDaemon(SyncDaemon daemon) {
        live().startSyncDaemon(Objects.requireNonNull(daemon, "sync daemon"));
    }

    /**
     * Stops the synchronisation daemon in the given role.
     *
     * @param role the daemon's role
     * @throws NullPointerException if {@code role} is null
     * @throws IpvsException with errno ESRCH if no daemon runs in that role
     * @throws PermissionDeniedException if the caller lacks CAP_NET_ADMIN
     * @throws IpvsException for another refusal of the kernel (a {@link KernelException} with its errno) or
     *     a failure of the transport itself
     * @throws IllegalStateException if this handle is closed
     */
    public void stopSyncDaemon(SyncDaemon.Role role) {
        live().stopSyncDaemon(Objects.requireNonNull(role, "sync daemon role"));
    }

    /**
     * Lists the running synchronisation daemons.
     *
     * @return the daemons, unmodifiable
     * @throws PermissionDeniedException if the caller lacks CAP_NET_ADMIN
     * @throws IpvsException for another refusal of the kernel (a {@link KernelException} with its errno) or
     *     a failure of the transport itself
     * @throws IllegalStateException if this handle is closed
     */
    public List<SyncDaemon> listSyncDaemons() {
        return List.copyOf(live().listSyncDaemons());
    }

    /**
     * Lists the kernel's connection table ({@code ipvsadm -Lnc}).
     *
     * @return the connections, unmodifiable
     * @throws IpvsUnavailableException if the transport cannot read the connection table (the netlink
     *     transport reads {@code /proc/net/ip_vs_conn})
     * @throws PermissionDeniedException if the caller lacks CAP_NET_ADMIN
     * @throws IpvsException for another refusal of the kernel (a {@link KernelException} with its errno) or
     *     a failure of the transport itself
     * @throws IllegalStateException if this handle is closed
     */
    public List<Connection> listConnections() {
        return List.copyOf(live().listConnections());
    }

    private IpvsTransport live() {
        if (closed.get()) {
            throw new IllegalStateException("this Ipvs handle is closed");
        }
        return transport;
    }

    /** Closes the transport; idempotent. Every other method then throws {@link IllegalStateException}. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            transport.close();
        }
    }
}
