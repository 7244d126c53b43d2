package io.github.ipvs4j.spi;

import io.github.ipvs4j.model.BatchResult;
import io.github.ipvs4j.model.Change;
import io.github.ipvs4j.model.Connection;
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.IpvsInfo;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.RealServerStatus;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.SyncDaemon;
import io.github.ipvs4j.model.Timeouts;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.model.VirtualServiceStatus;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link io.github.ipvs4j.Ipvs} needs from a kernel: one operation per IPVS command. Implemented by
 * the netlink transport (the real kernel) and by the testkit's fake kernel.
 *
 * <p>Contract for implementations: values arrive already validated; a refusal is thrown as the typed
 * exception {@link KernelErrors#fromErrno} makes for the kernel's errno, naming the operation and the
 * object; listings return real servers in the kernel's order (newest first) and services in any order
 * ({@code Ipvs} sorts them). Implementations must be safe for use by many threads at once.
 */
public interface IpvsTransport extends AutoCloseable {

    /**
     * Version and connection table size ({@code IPVS_CMD_GET_INFO}).
     *
     * @return what the kernel says about its IPVS
     */
    IpvsInfo info();

    /**
     * Every virtual service with its statistics, in any order.
     *
     * @return the services; empty if there are none
     */
    List<VirtualServiceStatus> listServiceStatus();

    /**
     * Every virtual service without its statistics, in any order: what reading the configuration
     * needs. A transport may leave the statistics undecoded (the netlink transport does); this default
     * drops them from {@link #listServiceStatus()}.
     *
     * @return the services; empty if there are none
     */
    default List<VirtualService> listServices() {
        List<VirtualServiceStatus> services = listServiceStatus();
        List<VirtualService> out = new ArrayList<>(services.size());
        for (VirtualServiceStatus s : services) {
            out.add(s.service());
        }
        return out;
    }

    /**
     * One virtual service with its statistics.
     *
     * @param key the service's key
     * @return the service; empty if it does not exist
     */
    Optional<VirtualServiceStatus> getServiceStatus(ServiceKey key);

    /**
     * Creates a virtual service.
     *
     * @param service the service to create
     * @throws io.github.ipvs4j.model.AlreadyExistsException if a service with its key exists
     * @throws io.github.ipvs4j.model.KernelException if the kernel has no module for its scheduler or
     *     persistence engine (ENOENT), or refuses it otherwise
     */
    void createService(VirtualService service);

    /**
     * Edits a virtual service in place.
     *
     * @param service the service's new definition, found by its key
     * @throws io.github.ipvs4j.model.ServiceNotFoundException if no service has its key
     * @throws io.github.ipvs4j.model.KernelException if the kernel has no module for its scheduler or
     *     persistence engine (ENOENT), or refuses it otherwise
     */
    void updateService(VirtualService service);

    /**
     * Deletes a virtual service with its real servers.
     *
     * @param key the service's key
     * @throws io.github.ipvs4j.model.ServiceNotFoundException if no service has that key
     */
    void removeService(ServiceKey key);

    /**
     * The real servers of a service with their connection counts and statistics.
     *
     * @param service the service's key
     * @return the real servers in the kernel's order (newest first); empty for a service without real
     *     servers and for an unknown service
     */
    List<RealServerStatus> listRealServerStatus(ServiceKey service);

    /**
     * The real servers of many services, as {@link #listRealServerStatus(ServiceKey)} gives each of them:
     * what reading the whole table needs. A transport may read the services concurrently (the netlink
     * transport reads a large list on a few sockets at once); this default reads them one by one.
     *
     * <p>The services are read one at a time, not as one snapshot: a service deleted during the call
     * gets what the single call gives for an unknown service (an empty list), and a failure is thrown
     * as the single call would throw it, the typed {@link IpvsException} naming the service. When
     * several services fail, the first of them in the given order is reported.
     *
     * @param services the services to read; a service listed twice appears once in the result
     * @return each service's real servers in the kernel's order, keyed in the order given
     */
    default Map<ServiceKey, List<RealServerStatus>> listRealServerStatus(List<ServiceKey> services) {
        Map<ServiceKey, List<RealServerStatus>> out = new LinkedHashMap<>();
        for (ServiceKey service : services) {
            out.put(service, listRealServerStatus(service));
        }
        return out;
    }

    /**
     * The real servers of many services without their connection counts and statistics, as
     * {@link #listRealServerStatus(List)} reads them otherwise (same order, same handling of unknown
     * services and failures): what reading the configuration needs. A transport may leave the counts
     * undecoded; this default drops them from {@link #listRealServerStatus(List)}.
     *
     * @param services the services to read; a service listed twice appears once in the result
     * @return each service's real servers in the kernel's order, keyed in the order given
     */
    default Map<ServiceKey, List<RealServer>> listRealServers(List<ServiceKey> services) {
        Map<ServiceKey, List<RealServer>> out = new LinkedHashMap<>();
        listRealServerStatus(services).forEach((service, statuses) -> {
            List<RealServer> servers = new ArrayList<>(statuses.size());
            for (RealServerStatus s : statuses) {
                servers.add(s.server());
            }
            out.put(service, servers);
        });
        return out;
    }

    /**
     * Adds a real server to a service.
     *
     * @param service the service's key
     * @param server the real server; of the service's family unless tunnelled (already checked)
     * @throws io.github.ipvs4j.model.ServiceNotFoundException if the service does not exist
     * @throws io.github.ipvs4j.model.AlreadyExistsException if the service has a real server at the same
     *     address and port
     * @throws io.github.ipvs4j.model.KernelException if the kernel refuses it otherwise, e.g. EINVAL for an
     *     address that is not unicast
     */
    void createRealServer(ServiceKey service, RealServer server);

    /**
     * Edits a real server (weight, thresholds, forwarding) in place.
     *
     * @param service the service's key
     * @param server the real server's new definition, found by its address and port
     * @throws io.github.ipvs4j.model.ServiceNotFoundException if the service does not exist
     * @throws io.github.ipvs4j.model.RealServerNotFoundException if the service has no real server at that
     *     address and port
     */
    void updateRealServer(ServiceKey service, RealServer server);

    /**
     * Removes a real server from a service.
     *
     * @param service the service's key
     * @param endpoint the real server's address and port
     * @throws io.github.ipvs4j.model.ServiceNotFoundException if the service does not exist
     * @throws io.github.ipvs4j.model.RealServerNotFoundException if the service has no real server at that
     *     address and port
     */
    void removeRealServer(ServiceKey service, InetSocketAddress endpoint);

    /** Deletes every virtual service. */
    void flush();

    /** Zeroes the statistics of every service and real server. */
    void zeroCounters();

    /**
     * Zeroes the statistics of one service and its real servers.
     *
     * @param service the service's key
     * @throws io.github.ipvs4j.model.ServiceNotFoundException if the service does not exist
     */
    void zeroCounters(ServiceKey service);

    /**
     * The connection timeouts.
     *
     * @return the kernel's current TCP, TCP FIN and UDP timeouts, in seconds
     */
    Timeouts getTimeouts();

    /**
     * Sets the connection timeouts; a 0 field is left unchanged.
     *
     * @param timeouts the new timeouts, in seconds
     * @throws io.github.ipvs4j.model.KernelException if a timeout is more than this kernel takes (EINVAL
     *     above {@code INT_MAX / HZ} seconds)
     */
    void setTimeouts(Timeouts timeouts);

    /**
     * Starts a synchronisation daemon.
     *
     * @param daemon the daemon's role, interface and settings; 0 and empty ones take the kernel's defaults
     * @throws io.github.ipvs4j.model.AlreadyExistsException if a daemon already runs in that role
     * @throws io.github.ipvs4j.model.KernelException if the kernel refuses it otherwise, e.g. ENODEV for an
     *     unknown interface
     */
    void startSyncDaemon(SyncDaemon daemon);

    /**
     * Stops the synchronisation daemon in the given role.
     *
     * @param role the role of the daemon to stop
     * @throws IpvsException if no daemon runs in that role: the kernel answers ESRCH, which
     *     {@link KernelErrors#fromErrno} reports as a {@link io.github.ipvs4j.model.ServiceNotFoundException}
     */
    void stopSyncDaemon(SyncDaemon.Role role);

    /**
     * The running synchronisation daemons.
     *
     * @return each running daemon as the kernel reports it, defaults filled in; empty if none runs
     */
    List<SyncDaemon> listSyncDaemons();

    /**
     * The kernel's connection table.
     *
     * @return its connections and the persistence templates of address services (those of firewall-mark
     *     services have no protocol to report and are left out); empty if there are none
     */
    List<Connection> listConnections();

    /**
     * Applies many changes, attempting every one of them in order and reporting each one's outcome.
     * A transport may pipeline them (the netlink transport writes many requests per send); this
     * default applies them one by one through the single-change methods.
     *
     * @param changes the changes, in order
     * @return one outcome per change, in order
     */
    default BatchResult submit(List<Change> changes) {
        Change.Visitor<Void> apply = new Change.Visitor<>() {
            @Override
            public Void createService(VirtualService service) {
                IpvsTransport.this.createService(service);
                return null;
            }

            @Override
            public Void updateService(VirtualService service) {
                IpvsTransport.this.updateService(service);
                return null;
            }

            @Override
            public Void removeService(ServiceKey service) {
                IpvsTransport.this.removeService(service);
                return null;
            }

            @Override
            public Void createRealServer(ServiceKey service, RealServer server) {
                IpvsTransport.this.createRealServer(service, server);
                return null;
            }

            @Override
            public Void updateRealServer(ServiceKey service, RealServer server) {
                IpvsTransport.this.updateRealServer(service, server);
                return null;
            }

            @Override
            public Void removeRealServer(ServiceKey service, InetSocketAddress endpoint) {
                IpvsTransport.this.removeRealServer(service, endpoint);
                return null;
            }
        };
        List<BatchResult.Outcome> outcomes = new ArrayList<>(changes.size());
        for (Change change : changes) {
            try {
                change.accept(apply);
                outcomes.add(BatchResult.Outcome.applied(change));
            } catch (IpvsException e) {
                outcomes.add(BatchResult.Outcome.failed(change, e));
            }
        }
        return new BatchResult(outcomes);
    }

    /** Releases the transport's resources; further calls fail. */
    @Override
    void close();
}
