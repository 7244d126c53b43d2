package io.github.ipvs4j;

import static io.github.ipvs4j.model.ModelValidationTest.assertInvalid;
import static io.github.ipvs4j.model.ModelValidationTest.assertNullRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ipvs4j.apply.Reconciler;
import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.model.AddressFamily;
import io.github.ipvs4j.model.AlreadyExistsException;
import io.github.ipvs4j.model.BatchResult;
import io.github.ipvs4j.model.Change;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.IpvsOperation;
import io.github.ipvs4j.model.IpvsUnavailableException;
import io.github.ipvs4j.model.KernelException;
import io.github.ipvs4j.model.PermissionDeniedException;
import io.github.ipvs4j.model.Protocol;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.RealServerStatus;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.ServiceNotFoundException;
import io.github.ipvs4j.model.SyncDaemon;
import io.github.ipvs4j.model.Timeouts;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.spi.IpvsTransport;
import io.github.ipvs4j.spi.IpvsTransportProvider;
import io.github.ipvs4j.spi.TransportOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IpvsTest {

    /** A hand-made provider: a name, whether it is available, a priority. */
    private static final class Provider implements IpvsTransportProvider {
        final String name;
        final boolean available;
        final int priority;

        Provider(String name, boolean available, int priority) {
            this.name = name;
            this.available = available;
            this.priority = priority;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String unavailableReason() {
            return available ? "" : name + " needs Linux";
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public IpvsTransport open(TransportOptions options) {
            return new RecordingTransport();
        }
    }

    @AfterEach
    void clearProperty() {
        System.clearProperty(Ipvs.TRANSPORT_PROPERTY);
    }

    // ---- provider selection --------------------------------------------------------------------------

    @Test
    void highestAvailablePriorityWins() {
        Provider low = new Provider("low", true, 1);
        Provider high = new Provider("high", true, 7);
        Provider higherButUnavailable = new Provider("down", false, 10);
        assertThat(Ipvs.selectProvider(List.of(low, higherButUnavailable, high))).isSameAs(high);
        assertThat(Ipvs.selectProvider(List.of(high, low))).isSameAs(high);
    }

    @Test
    void systemPropertyPicksByName() {
        Provider low = new Provider("fake", true, 1);
        Provider high = new Provider("netlink", true, 5);
        System.setProperty(Ipvs.TRANSPORT_PROPERTY, " fake ");
        assertThat(Ipvs.selectProvider(List.of(high, low))).isSameAs(low);
    }

    @Test
    void systemPropertyNamingAnUnavailableOrUnknownProviderFails() {
        System.setProperty(Ipvs.TRANSPORT_PROPERTY, "netlink");
        assertThatThrownBy(() -> Ipvs.selectProvider(List.of(new Provider("netlink", false, 5),
                new Provider("fake", true, 1)))).isInstanceOf(IpvsUnavailableException.class)
                .hasMessageContaining("'netlink'").hasMessageContaining("netlink needs Linux")
                .hasMessageContaining(Ipvs.TRANSPORT_PROPERTY);
        System.setProperty(Ipvs.TRANSPORT_PROPERTY, "nope");
        assertThatThrownBy(() -> Ipvs.selectProvider(List.of(new Provider("netlink", true, 5),
                new Provider("fake", true, 1)))).isInstanceOf(IpvsUnavailableException.class)
                .hasMessageContaining("No IPVS transport named 'nope'").hasMessageContaining("found: netlink, fake");
    }

    @Test
    void noProviderNamesTheArtifactAndNeverFallsBackToAFake() {
        assertThatThrownBy(() -> Ipvs.selectProvider(List.of())).isInstanceOf(IpvsUnavailableException.class)
                .hasMessageContaining("io.github.ipvs4j:ipvs-netlink").hasMessageContaining("ipvs-testkit")
                .satisfies(e -> assertThat(((IpvsException) e).operation()).contains(IpvsOperation.OPEN));
        assertThatThrownBy(() -> Ipvs.selectProvider(List.of(new Provider("netlink", false, 5),
                new Provider("other", false, 3)))).isInstanceOf(IpvsUnavailableException.class)
                .hasMessage("No IPVS transport is available here: netlink: netlink needs Linux. other: other needs"
                        + " Linux.");
    }

    @Test
    void openWithoutProvidersOnTheClassPathFails() {
        // ipvs-api's own tests have no provider registered with ServiceLoader.
        assertThatThrownBy(Ipvs::open).isInstanceOf(IpvsUnavailableException.class)
                .hasMessageContaining("ipvs-netlink");
    }

    // ---- delegation ------------------------------------------------------------------------------------

    private final RecordingTransport transport = new RecordingTransport();
    private final Ipvs ipvs = Ipvs.using(transport);
    private final VirtualService web = VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).scheduler(Scheduler.WRR)
            .build();
    private final RealServer rs = RealServer.builder("198.51.100.1", 80).build();

    @Test
    void servicesAndRealServersGoToTheTransport() {
        ipvs.createService(web);
        ipvs.updateService(web);
        ipvs.createRealServer(web.key(), rs);
        ipvs.updateRealServer(web.key(), rs.toBuilder().weight(3).build());
        ipvs.removeRealServer(web.key(), rs.address(), 80);
        ipvs.removeService(web.key());
        assertThat(transport.calls).containsExactly(
                "createService TCP 192.0.2.1:80 wrr",
                "updateService TCP 192.0.2.1:80 wrr",
                "createRealServer TCP 192.0.2.1:80 198.51.100.1:80 Route weight 1",
                "updateRealServer TCP 192.0.2.1:80 198.51.100.1:80 Route weight 3",
                "removeRealServer TCP 192.0.2.1:80 198.51.100.1:80",
                "removeService TCP 192.0.2.1:80");
    }

    @Test
    void createOrUpdateForms() {
        assertThat(ipvs.createOrUpdateService(web)).isTrue();
        VirtualService rr = web.toBuilder().scheduler(Scheduler.RR).build();
        assertThat(ipvs.createOrUpdateService(rr)).isFalse();
        assertThat(ipvs.getService(web.key())).contains(rr);
        assertThat(ipvs.createOrUpdateRealServer(web.key(), rs)).isTrue();
        assertThat(ipvs.createOrUpdateRealServer(web.key(), rs.toBuilder().weight(9).build())).isFalse();
        assertThat(ipvs.listRealServers(web.key())).extracting(RealServer::weight).containsExactly(9);
        assertThat(transport.calls).filteredOn(c -> c.startsWith("update")).hasSize(2);
    }

    @Test
    void otherErrorsOfCreateOrUpdatePassThrough() {
        assertThatThrownBy(() -> ipvs.createOrUpdateRealServer(web.key(), rs))
                .isInstanceOf(ServiceNotFoundException.class);
    }

    @Test
    void listingsAreInServiceKeyOrder() {
        VirtualService mark = VirtualService.builder(ServiceKey.fwmark(1)).build();
        VirtualService v6 = VirtualService.builder(ServiceKey.tcp("2001:db8::1", 80)).build();
        VirtualService udp = VirtualService.builder(ServiceKey.udp("192.0.2.1", 80)).build();
        VirtualService tcpHigh = VirtualService.builder(ServiceKey.tcp("192.0.2.9", 1)).build();
        VirtualService tcp443 = VirtualService.builder(ServiceKey.tcp("192.0.2.1", 443)).build();
        for (VirtualService s : List.of(mark, v6, udp, tcpHigh, tcp443, web)) {
            ipvs.createService(s);
        }
        List<VirtualService> expected = List.of(web, tcp443, tcpHigh, udp, v6, mark);
        assertThat(ipvs.listServices()).containsExactlyElementsOf(expected);
        List<ServiceKey> keys = new java.util.ArrayList<>(List.of(mark.key(), v6.key(), udp.key(), tcpHigh.key(),
                tcp443.key(), web.key()));
        keys.sort(ServiceKey.ORDER);
        assertThat(keys).containsExactlyElementsOf(expected.stream().map(VirtualService::key).toList());
        assertThat(ServiceKey.fwmark(1, AddressFamily.INET6)).isGreaterThan(ServiceKey.fwmark(1))
                .isLessThan(ServiceKey.fwmark(2));
    }

    @Test
    void largeListingsAreInServiceKeyOrder() {
        long seed = Long.getLong("ipvs4j.seed", System.nanoTime());
        java.util.Random random = new java.util.Random(seed);
        Protocol[] protocols = Protocol.values();
        java.util.Set<ServiceKey> keys = new java.util.HashSet<>();
        while (keys.size() < 2000) {
            // Few addresses and ports, so that keys often differ in one component only; first bytes on
            // both sides of 128, for the unsigned comparison.
            String v4 = (random.nextBoolean() ? 10 : 203) + ".0." + random.nextInt(3) + "." + random.nextInt(256);
            String v6 = "2001:db8::" + Integer.toHexString(random.nextInt(0x10000));
            Protocol protocol = protocols[random.nextInt(protocols.length)];
            int port = random.nextInt(4);
            ServiceKey key = switch (random.nextInt(4)) {
                case 0 -> ServiceKey.fwmark(1 + random.nextInt(50),
                        random.nextBoolean() ? AddressFamily.INET : AddressFamily.INET6);
                case 1 -> ServiceKey.of(protocol, Addresses.parse(v6), port);
                default -> ServiceKey.of(protocol, Addresses.parse(v4), port);
            };
            keys.add(key);
        }
        for (ServiceKey key : keys) {
            transport.table.apply(new Change.CreateService(VirtualService.builder(key).build()));
        }
        List<ServiceKey> expected = new java.util.ArrayList<>(keys);
        expected.sort(ServiceKey.ORDER);
        String replay = "seed " + seed + " (replay with -Dipvs4j.seed=" + seed + ")";
        assertThat(ipvs.listServices()).extracting(VirtualService::key).as(replay).containsExactlyElementsOf(expected);
        assertThat(ipvs.listServiceStatus()).extracting(st -> st.service().key()).as(replay)
                .containsExactlyElementsOf(expected);
    }

    @Test
    void readConfigListsServicesWithRealServersInKernelOrder() {
        ipvs.createService(web);
        RealServer second = RealServer.builder("198.51.100.2", 80).build();
        ipvs.createRealServer(web.key(), rs);
        ipvs.createRealServer(web.key(), second);
        assertThat(ipvs.readConfig()).isEqualTo(IpvsConfig.of(ServiceConfig.of(web, second, rs)));
    }

    @Test
    void readConfigReadsTheRealServersOfEveryServiceInOneBulkCall() {
        VirtualService mark = VirtualService.builder(ServiceKey.fwmark(7)).build();
        RealServer other = RealServer.builder("198.51.100.9", 80).build();
        ipvs.createService(mark);
        ipvs.createService(web);
        ipvs.createRealServer(web.key(), rs);
        ipvs.createRealServer(mark.key(), other);
        transport.calls.clear();
        assertThat(ipvs.readConfig()).isEqualTo(IpvsConfig.of(ServiceConfig.of(web, rs), ServiceConfig.of(mark, other)));
        // Without statistics (which a transport may then leave undecoded), in ServiceKey order, through
        // the SPI's defaults, which drop the statistics and ask for each service in turn.
        assertThat(transport.calls).containsExactly("listServices", "listServiceStatus",
                "listRealServers of 2", "listRealServerStatus of 2",
                "listRealServerStatus " + web.key(), "listRealServerStatus " + mark.key());
    }

    @Test
    void planningReadsTheTableInOneBulkCall() {
        ipvs.createService(web);
        ipvs.createRealServer(web.key(), rs);
        transport.calls.clear();
        assertThat(Reconciler.of(ipvs).plan(IpvsConfig.of(ServiceConfig.of(web, rs))).changes()).isEmpty();
        // The reconciler needs the real servers' connection counts (for draining), not the services' statistics.
        assertThat(transport.calls).containsExactly("listServices", "listServiceStatus", "listRealServerStatus of 1",
                "listRealServerStatus " + web.key());
    }

    @Test
    void bulkRealServerListingKeepsTheOrderGivenAndReportsTheFirstFailure() {
        VirtualService other = VirtualService.builder(ServiceKey.tcp("192.0.2.2", 80)).build();
        VirtualService third = VirtualService.builder(ServiceKey.tcp("192.0.2.3", 80)).build();
        for (VirtualService s : List.of(web, other, third)) {
            ipvs.createService(s);
        }
        ipvs.createRealServer(other.key(), rs);
        ServiceKey missing = VirtualService.builder(ServiceKey.tcp("192.0.2.4", 80)).build().key();
        Map<ServiceKey, List<RealServerStatus>> read =
                ipvs.listRealServerStatus(List.of(third.key(), missing, other.key(), web.key()));
        assertThat(read.keySet()).containsExactly(third.key(), missing, other.key(), web.key());
        assertThat(read.get(other.key())).extracting(RealServerStatus::server).containsExactly(rs);
        assertThat(read.get(missing)).isEqualTo(ipvs.listRealServerStatus(missing)).isEmpty();
        assertThatThrownBy(() -> read.put(web.key(), List.of())).isInstanceOf(UnsupportedOperationException.class);

        transport.refused.add(other.key());
        transport.refused.add(web.key());
        assertThatThrownBy(() -> ipvs.listRealServerStatus(List.of(third.key(), other.key(), web.key())))
                .isInstanceOf(PermissionDeniedException.class)
                .satisfies(e -> assertThat(((IpvsException) e).service()).contains(other.key()));
        transport.calls.clear();
        assertNullRefused(() -> ipvs.listRealServerStatus(java.util.Arrays.asList(web.key(), null)), "service key");
        assertThat(transport.calls).isEmpty();
    }

    @Test
    void bulkRealServerConfigListingIsTheStatusListingWithoutCounts() {
        VirtualService other = VirtualService.builder(ServiceKey.tcp("192.0.2.2", 80)).build();
        ipvs.createService(web);
        ipvs.createService(other);
        RealServer second = RealServer.builder("198.51.100.2", 80).build();
        ipvs.createRealServer(other.key(), rs);
        ipvs.createRealServer(other.key(), second);
        ServiceKey missing = VirtualService.builder(ServiceKey.tcp("192.0.2.4", 80)).build().key();
        List<ServiceKey> keys = List.of(other.key(), missing, web.key());
        Map<ServiceKey, List<RealServer>> read = ipvs.listRealServers(keys);
        assertThat(read.keySet()).containsExactlyElementsOf(keys);
        ipvs.listRealServerStatus(keys).forEach((key, statuses) -> assertThat(read.get(key))
                .containsExactlyElementsOf(statuses.stream().map(RealServerStatus::server).toList()));
        assertThat(read.get(other.key())).containsExactly(second, rs);
        assertThatThrownBy(() -> read.get(other.key()).add(rs)).isInstanceOf(UnsupportedOperationException.class);

        transport.refused.add(web.key());
        assertThatThrownBy(() -> ipvs.listRealServers(keys)).isInstanceOf(PermissionDeniedException.class)
                .satisfies(e -> assertThat(((IpvsException) e).service()).contains(web.key()));
        transport.calls.clear();
        assertNullRefused(() -> ipvs.listRealServers(java.util.Arrays.asList(web.key(), null)), "service key");
        assertThat(transport.calls).isEmpty();
    }

    @Test
    void combinationsAreCheckedBeforeTheTransport() {
        RealServer v6 = RealServer.builder("2001:db8::1", 80).build();
        assertInvalid(() -> ipvs.createRealServer(web.key(), v6), "real server address", "2001:db8::1", "tunnel");
        assertInvalid(() -> ipvs.updateRealServer(web.key(), v6), "real server address", "2001:db8::1", "tunnel");
        assertInvalid(() -> ipvs.removeRealServer(web.key(), rs.address(), 65536), "real server port", "65536",
                "0..65535");
        assertNullRefused(() -> ipvs.createService(null), "service");
        assertThat(transport.calls).isEmpty();
    }

    @Test
    void batchesAndTheRest() {
        assertThat(ipvs.submit(List.of()).outcomes()).isEmpty();
        assertThat(transport.calls).isEmpty();
        BatchResult r = ipvs.submit(List.of(new Change.CreateService(web), new Change.CreateService(web),
                new Change.CreateRealServer(web.key(), rs)));
        assertThat(r.allSucceeded()).isFalse();
        assertThat(r.failures()).singleElement()
                .satisfies(o -> assertThat(o.error()).containsInstanceOf(AlreadyExistsException.class));
        assertThat(r.applied()).hasSize(2);
        ipvs.zeroCounters();
        ipvs.zeroCounters(web.key());
        ipvs.setTimeouts(new Timeouts(1, 2, 3));
        assertThat(ipvs.getTimeouts()).isEqualTo(new Timeouts(900, 120, 300));
        assertThat(ipvs.info().version()).isEqualTo("1.2.1");
        ipvs.startSyncDaemon(SyncDaemon.of(SyncDaemon.Role.MASTER, "eth0", 1));
        ipvs.stopSyncDaemon(SyncDaemon.Role.MASTER);
        assertThat(ipvs.listSyncDaemons()).isEmpty();
        assertThat(ipvs.listConnections()).isEmpty();
        ipvs.flush();
        assertThat(transport.calls).endsWith("zeroCounters", "zeroCounters TCP 192.0.2.1:80",
                "setTimeouts Timeouts[tcp=1, tcpFin=2,"
                + " udp=3]", "getTimeouts", "info", "startSyncDaemon MASTER", "stopSyncDaemon MASTER",
                "listSyncDaemons", "listConnections", "flush");
    }

    @Test
    void aMissingSchedulerModuleIsNamedForSingleCalls() {
        transport.missingSchedulers.add("wrrr");
        VirtualService typo = web.toBuilder().scheduler("wrrr").build();
        String message = ": the kernel has no scheduler \"wrrr\" (module ip_vs_wrrr) (ENOENT); did you mean \"wrr\"?";
        assertThatThrownBy(() -> ipvs.createService(typo)).isExactlyInstanceOf(KernelException.class)
                .hasMessage("create service TCP 192.0.2.1:80" + message)
                .satisfies(e -> assertThat(((IpvsException) e).errno()).isEqualTo(Errno.ENOENT))
                .satisfies(e -> assertThat(e.getStackTrace()).as("the transport's stack trace")
                        .anyMatch(f -> f.getClassName().equals(RecordingTransport.class.getName())));
        assertThatThrownBy(() -> ipvs.createOrUpdateService(typo))
                .hasMessage("create service TCP 192.0.2.1:80" + message);
        ipvs.createService(web);
        assertThatThrownBy(() -> ipvs.updateService(typo)).isExactlyInstanceOf(KernelException.class)
                .hasMessage("update service TCP 192.0.2.1:80" + message);
        assertThatThrownBy(() -> ipvs.createOrUpdateService(typo))
                .hasMessage("update service TCP 192.0.2.1:80" + message);
        // Other refusals of the same calls are the transport's own.
        assertThatThrownBy(() -> ipvs.createService(web)).isInstanceOf(AlreadyExistsException.class)
                .hasMessage("create service TCP 192.0.2.1:80: virtual service already exists (EEXIST)");
    }

    @Test
    void aMissingSchedulerModuleIsNamedInBatches() {
        transport.missingSchedulers.add("rwr");
        VirtualService typo = web.toBuilder().scheduler("rwr").build();
        VirtualService other = VirtualService.builder(ServiceKey.tcp("192.0.2.2", 80)).build();
        BatchResult r = ipvs.submit(List.of(new Change.CreateService(other), new Change.CreateService(typo),
                new Change.CreateService(other), new Change.CreateService(web), new Change.UpdateService(typo),
                new Change.RemoveService(ServiceKey.tcp("192.0.2.3", 80))));
        assertThat(r.outcomes())
                .extracting(o -> o.error().map(Throwable::getMessage).orElse("applied")).containsExactly(
                "applied",
                "create service TCP 192.0.2.1:80: the kernel has no scheduler \"rwr\" (module ip_vs_rwr) (ENOENT);"
                        + " did you mean \"rr\" or \"wrr\"?",
                "create service TCP 192.0.2.2:80: virtual service already exists (EEXIST)",
                "applied",
                "update service TCP 192.0.2.1:80: the kernel has no scheduler \"rwr\" (module ip_vs_rwr) (ENOENT);"
                        + " did you mean \"rr\" or \"wrr\"?",
                "remove service TCP 192.0.2.3:80: no such virtual service (ESRCH)");
        assertThat(r.failures().get(0).error()).get().isExactlyInstanceOf(KernelException.class)
                .extracting(IpvsException::errno).isEqualTo(Errno.ENOENT);
        BatchResult fine = ipvs.submit(List.of(new Change.RemoveService(other.key())));
        assertThat(fine.allSucceeded()).isTrue();
    }

    @Test
    void closeIsIdempotentAndEndsUse() {
        ipvs.close();
        ipvs.close();
        assertThat(transport.closes).isEqualTo(1);
        assertThatThrownBy(ipvs::listServiceStatus).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
