package io.github.ipvs4j;

import io.github.ipvs4j.apply.TableModel;
import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.model.Change;
import io.github.ipvs4j.model.Connection;
import io.github.ipvs4j.model.IpvsInfo;
import io.github.ipvs4j.model.IpvsOperation;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.RealServerStatus;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.Stats;
import io.github.ipvs4j.model.SyncDaemon;
import io.github.ipvs4j.model.Timeouts;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.model.VirtualServiceStatus;
import io.github.ipvs4j.spi.IpvsTransport;
import io.github.ipvs4j.spi.KernelErrors;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;


/** A transport that records every call and keeps a tiny table, so Ipvs's delegation can be checked. */
final class RecordingTransport implements IpvsTransport {
    final List<String> calls = new ArrayList<>();
    final TableModel table = new TableModel();
    /** Services whose real servers cannot be listed (EPERM). */
    final Set<ServiceKey> refused = new HashSet<>();
    /** Schedulers the kernel has no module for: creating or editing a service with one is ENOENT. */
    final Set<String> missingSchedulers = new HashSet<>();
    int closes;

    private void record(String call) {
        calls.add(call);
    }

    /** Applies a change to the table, throwing what the kernel's refusal becomes. */
    private void apply(Change change) {
        VirtualService definition = change instanceof Change.CreateService c ? c.definition()
                : change instanceof Change.UpdateService u ? u.definition() : null;
        // As the kernel: EEXIST (create) or ESRCH (update) before looking for the scheduler's module.
        boolean missingModule = definition != null && missingSchedulers.contains(definition.scheduler().name())
                && table.service(definition.key()).isPresent() == change instanceof Change.UpdateService;
        int errno = missingModule ? Errno.ENOENT : table.apply(change);
        if (errno != 0) {
            throw KernelErrors.fromErrno(errno, change.operation(), change.service(), change.realServer().orElse(null));
        }
    }

    @Override
    public IpvsInfo info() {
        record("info");
        return new IpvsInfo(0x010201, 4096);
    }

    @Override
    public List<VirtualServiceStatus> listServiceStatus() {
        record("listServiceStatus");
        List<VirtualServiceStatus> out = new ArrayList<>();
        table.toConfig().services().forEach(s -> out.add(new VirtualServiceStatus(s.service(), Stats.ZERO)));
        return out;
    }

    @Override
    public List<VirtualService> listServices() {
        record("listServices");
        return IpvsTransport.super.listServices();
    }

    @Override
    public Optional<VirtualServiceStatus> getServiceStatus(ServiceKey key) {
        record("getServiceStatus " + key);
        return table.service(key).map(v -> new VirtualServiceStatus(v, Stats.ZERO));
    }

    @Override
    public void createService(VirtualService service) {
        record("createService " + service);
        apply(new Change.CreateService(service));
    }

    @Override
    public void updateService(VirtualService service) {
        record("updateService " + service);
        apply(new Change.UpdateService(service));
    }

    @Override
    public void removeService(ServiceKey key) {
        record("removeService " + key);
        apply(new Change.RemoveService(key));
    }

    @Override
    public List<RealServerStatus> listRealServerStatus(ServiceKey service) {
        record("listRealServerStatus " + service);
        if (refused.contains(service)) {
            throw KernelErrors.fromErrno(Errno.EPERM, IpvsOperation.LIST_REAL_SERVERS, service, null);
        }
        return new ArrayList<>(table.realServers(service));
    }

    /** Records the bulk call, then reads each service through the SPI's default. */
    @Override
    public Map<ServiceKey, List<RealServerStatus>> listRealServerStatus(List<ServiceKey> services) {
        record("listRealServerStatus of " + services.size());
        return IpvsTransport.super.listRealServerStatus(services);
    }

    @Override
    public Map<ServiceKey, List<RealServer>> listRealServers(List<ServiceKey> services) {
        record("listRealServers of " + services.size());
        return IpvsTransport.super.listRealServers(services);
    }

    @Override
    public void createRealServer(ServiceKey service, RealServer server) {
        record("createRealServer " + service + " " + server);
        apply(new Change.CreateRealServer(service, server));
    }

    @Override
    public void updateRealServer(ServiceKey service, RealServer server) {
        record("updateRealServer " + service + " " + server);
        apply(new Change.UpdateRealServer(service, server));
    }

    @Override
    public void removeRealServer(ServiceKey service, InetSocketAddress endpoint) {
        record("removeRealServer " + service + " " + Addresses.format(endpoint.getAddress(), endpoint.getPort()));
        apply(new Change.RemoveRealServer(service, endpoint));
    }

    @Override
    public void flush() {
        record("flush");
        table.clear();
    }

    @Override
    public void zeroCounters() {
        record("zeroCounters");
    }

    @Override
    public void zeroCounters(ServiceKey service) {
        record("zeroCounters " + service);
    }

    @Override
    public Timeouts getTimeouts() {
        record("getTimeouts");
        return new Timeouts(900, 120, 300);
    }

    @Override
    public void setTimeouts(Timeouts timeouts) {
        record("setTimeouts " + timeouts);
    }

    @Override
    public void startSyncDaemon(SyncDaemon daemon) {
        record("startSyncDaemon " + daemon.role());
    }

    @Override
    public void stopSyncDaemon(SyncDaemon.Role role) {
        record("stopSyncDaemon " + role);
    }

    @Override
    public List<SyncDaemon> listSyncDaemons() {
        record("listSyncDaemons");
        return List.of();
    }

    @Override
    public List<Connection> listConnections() {
        record("listConnections");
        return List.of();
    }

    @Override
    public void close() {
        closes++;
    }
}
