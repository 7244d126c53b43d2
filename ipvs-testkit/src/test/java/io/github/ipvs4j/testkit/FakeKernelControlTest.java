package io.github.ipvs4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.apply.ApplyException;
import io.github.ipvs4j.apply.Reconciler;
import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.model.AlreadyExistsException;
import io.github.ipvs4j.model.BatchResult;
import io.github.ipvs4j.model.Change;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.KernelException;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.RealServerNotFoundException;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.ServiceNotFoundException;
import io.github.ipvs4j.model.SyncDaemon;
import io.github.ipvs4j.model.Timeouts;
import io.github.ipvs4j.model.VirtualService;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeKernelControlTest {
    private final FakeKernel kernel = FakeKernel.create();
    private final Ipvs ipvs = Ipvs.using(kernel);
    private final VirtualService web = VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).scheduler(Scheduler.WRR)
            .build();
    private final RealServer rs1 = RealServer.builder("198.51.100.11", 80).weight(1).forwarding(ForwardingMethod.NAT)
            .build();
    private final RealServer rs2 = RealServer.builder("198.51.100.12", 80).weight(2).forwarding(ForwardingMethod.NAT)
            .build();

    @Test
    void infoIsVersion121WithTheDefaultTableSize() {
        assertThat(ipvs.info().version()).isEqualTo("1.2.1");
        assertThat(ipvs.info().connectionTableSize()).isEqualTo(4096);
        assertThat(FakeKernel.builder().connectionTableSize(1 << 20).build().info().connectionTableSize())
                .isEqualTo(1 << 20);
    }

    @Test
    void servicesAreCreatedListedEditedAndDeleted() {
        ipvs.createService(web);
        assertThat(ipvs.listServices()).containsExactly(web);
        VirtualService edited = web.toBuilder().scheduler(Scheduler.RR).persistence(300).build();
        ipvs.updateService(edited);
        assertThat(ipvs.getService(web.key())).contains(edited);
        ipvs.removeService(web.key());
        assertThat(ipvs.listServices()).isEmpty();
    }

    @Test
    void creatingAnExistingServiceIsEexist() {
        ipvs.createService(web);
        assertThatThrownBy(() -> ipvs.createService(web)).isInstanceOf(AlreadyExistsException.class)
                .extracting(e -> ((IpvsException) e).errno()).isEqualTo(Errno.EEXIST);
    }

    @Test
    void missingServiceIsEsrchForEveryCommandButCreate() {
        ServiceKey key = web.key();
        List<Runnable> commands = List.of(() -> ipvs.updateService(web), () -> ipvs.removeService(key),
                () -> ipvs.createRealServer(key, rs1), () -> ipvs.updateRealServer(key, rs1),
                () -> ipvs.removeRealServer(key, rs1.endpoint()), () -> ipvs.zeroCounters(key));
        for (Runnable c : commands) {
            assertThatThrownBy(c::run).isInstanceOf(ServiceNotFoundException.class)
                    .extracting(e -> ((IpvsException) e).errno()).isEqualTo(Errno.ESRCH);
        }
    }

    @Test
    void unknownSchedulerIsEnoentEvenForABuiltInOneTheKernelLacks() {
        assertThatThrownBy(() -> ipvs.createService(web.toBuilder().scheduler("nosuch").build()))
                .isInstanceOf(KernelException.class).extracting(e -> ((IpvsException) e).errno()).isEqualTo(Errno.ENOENT);
        FakeKernel debian = FakeKernel.builder().debian61().build();
        assertThatThrownBy(() -> debian.createService(web.toBuilder().scheduler(Scheduler.TWOS).build()))
                .extracting(e -> ((IpvsException) e).errno()).isEqualTo(Errno.ENOENT);
        debian.createService(web.toBuilder().scheduler(Scheduler.MH).build());
        assertThat(debian.schedulers()).hasSize(13);
    }

    @Test
    void aMisspeltSchedulerIsNamedWithASuggestion() {
        assertThatThrownBy(() -> ipvs.createService(web.toBuilder().scheduler("wrrr").build()))
                .isExactlyInstanceOf(KernelException.class)
                .hasMessage("create service TCP 192.0.2.1:80: the kernel has no scheduler \"wrrr\" (module ip_vs_wrrr)"
                        + " (ENOENT); did you mean \"wrr\"?")
                .extracting(e -> ((IpvsException) e).errno()).isEqualTo(Errno.ENOENT);
        Ipvs debian = Ipvs.using(FakeKernel.builder().debian61().build());
        assertThatThrownBy(() -> debian.createService(web.toBuilder().scheduler(Scheduler.TWOS).build()))
                .hasMessage("create service TCP 192.0.2.1:80: the kernel has no scheduler \"twos\" (module ip_vs_twos)"
                        + " (ENOENT)");
    }

    @Test
    void aMisspeltSchedulerIsNamedInBatchesAndByTheReconciler() {
        VirtualService typo = web.toBuilder().scheduler("wrl").build();
        VirtualService other = VirtualService.builder(ServiceKey.tcp("192.0.2.2", 80)).build();
        String named = ": the kernel has no scheduler \"wrl\" (module ip_vs_wrl) (ENOENT); did you mean \"wrr\"?";
        BatchResult r = ipvs.submit(List.of(new Change.CreateService(typo), new Change.CreateService(other),
                new Change.UpdateService(other.toBuilder().scheduler("wrl").build())));
        assertThat(r.outcomes()).extracting(o -> o.error().map(Throwable::getMessage).orElse("applied"))
                .containsExactly("create service TCP 192.0.2.1:80" + named, "applied",
                        "update service TCP 192.0.2.2:80" + named);
        assertThat(r.failures()).allSatisfy(o -> assertThat(o.error()).get()
                .isExactlyInstanceOf(KernelException.class).extracting(IpvsException::errno).isEqualTo(Errno.ENOENT));

        ApplyException e = catchThrowableOfType(ApplyException.class,
                () -> Reconciler.of(ipvs).apply(IpvsConfig.of(ServiceConfig.of(typo, rs1))));
        assertThat(e).hasMessageContaining("failed: create service TCP 192.0.2.1:80" + named);
        assertThat(e.errno()).isEqualTo(Errno.ENOENT);
    }

    @Test
    void anUnknownPersistenceEngineIsNamed() {
        VirtualService pe = web.toBuilder().persistence(60).persistenceEngine("sipp").build();
        assertThatThrownBy(() -> ipvs.createService(pe)).hasMessage("create service TCP 192.0.2.1:80: the kernel has no"
                + " scheduler \"wrr\" (module ip_vs_wrr) or no persistence engine \"sipp\" (module ip_vs_pe_sipp) (ENOENT)");
    }

    @Test
    void editingToAnUnknownSchedulerIsEnoentAndLeavesTheService() {
        ipvs.createService(web);
        assertThatThrownBy(() -> ipvs.updateService(web.toBuilder().scheduler("nosuch").build()))
                .extracting(e -> ((IpvsException) e).errno()).isEqualTo(Errno.ENOENT);
        assertThat(ipvs.getService(web.key())).contains(web);
    }

    @Test
    void unknownPersistenceEngineIsEnoent() {
        VirtualService pe = web.toBuilder().persistence(60).persistenceEngine("nosuch").build();
        assertThatThrownBy(() -> ipvs.createService(pe)).extracting(e -> ((IpvsException) e).errno())
                .isEqualTo(Errno.ENOENT);
        ipvs.createService(web.toBuilder().persistence(60).persistenceEngine("sip").build());
    }

    @Test
    void realServersAreListedNewestFirst() {
        ipvs.createService(web);
        ipvs.createRealServer(web.key(), rs1);
        ipvs.createRealServer(web.key(), rs2);
        assertThat(ipvs.listRealServers(web.key())).containsExactly(rs2, rs1);
        assertThat(ipvs.listRealServers(web.key())).hasSize(2);
    }

    @Test
    void realServerErrorsAreEexistAndEnoent() {
        ipvs.createService(web);
        ipvs.createRealServer(web.key(), rs1);
        assertThatThrownBy(() -> ipvs.createRealServer(web.key(), rs1)).isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> ipvs.updateRealServer(web.key(), rs2)).isInstanceOf(RealServerNotFoundException.class)
                .extracting(e -> ((IpvsException) e).errno()).isEqualTo(Errno.ENOENT);
        assertThatThrownBy(() -> ipvs.removeRealServer(web.key(), rs2.endpoint()))
                .isInstanceOf(RealServerNotFoundException.class);
    }

    @Test
    void aRealServerOfAnotherFamilyNeedsATunnel() {
        ipvs.createService(web);
        RealServer v6 = RealServer.builder("2001:db8:1::11", 80).forwarding(ForwardingMethod.NAT).build();
        // Straight to the transport: Ipvs itself refuses this before any kernel sees it.
        assertThatThrownBy(() -> kernel.createRealServer(web.key(), v6))
                .extracting(e -> ((IpvsException) e).errno()).isEqualTo(Errno.EINVAL);
        kernel.createRealServer(web.key(), v6.toBuilder().forwarding(ForwardingMethod.tunnel()).build());
        // The sync protocol cannot carry mixed families.
        assertThatThrownBy(() -> ipvs.startSyncDaemon(SyncDaemon.of(SyncDaemon.Role.MASTER, "eth0", 1)))
                .extracting(e -> ((IpvsException) e).errno()).isEqualTo(Errno.EINVAL);
    }

    @Test
    void aNonUnicastRealServerIsEinval() {
        ipvs.createService(web);
        for (String a : List.of("224.0.0.1", "255.255.255.255", "0.0.0.0")) {
            assertThatThrownBy(() -> ipvs.createRealServer(web.key(), RealServer.builder(a, 80).build()))
                    .extracting(e -> ((IpvsException) e).errno()).isEqualTo(Errno.EINVAL);
        }
    }

    @Test
    void updateChangesWeightInPlace() {
        ipvs.createService(web);
        ipvs.createRealServer(web.key(), rs1);
        ipvs.createRealServer(web.key(), rs2);
        RealServer heavier = rs1.toBuilder().weight(7).build();
        ipvs.updateRealServer(web.key(), heavier);
        assertThat(ipvs.listRealServers(web.key())).containsExactly(rs2, heavier);
    }

    @Test
    void realServersOfAnUnknownServiceAreEmpty() {
        assertThat(ipvs.listRealServers(web.key())).isEmpty();
    }

    @Test
    void timeoutsDefaultAndZeroMeansUnchanged() {
        assertThat(ipvs.getTimeouts()).isEqualTo(new Timeouts(900, 120, 300));
        ipvs.setTimeouts(new Timeouts(0, 60, 0));
        assertThat(ipvs.getTimeouts()).isEqualTo(new Timeouts(900, 60, 300));
    }

    @Test
    void timeoutsAboveIntMaxOverHzAreInvalidAsInTheKernel() {
        // Debian's HZ=250: INT_MAX / 250 = 8589934 seconds is the most ip_vs_set_timeout takes.
        ipvs.setTimeouts(new Timeouts(8589934, 0, 0));
        assertThatThrownBy(() -> ipvs.setTimeouts(new Timeouts(0, 0, 8589935)))
                .isInstanceOfSatisfying(KernelException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        assertThat(ipvs.getTimeouts()).isEqualTo(new Timeouts(8589934, 120, 300));
        try (Ipvs fast = Ipvs.using(FakeKernel.builder().hz(1000).build())) {
            assertThatThrownBy(() -> fast.setTimeouts(new Timeouts(2147484, 0, 0))).isInstanceOf(KernelException.class);
        }
    }

    @Test
    void syncDaemonsOnePerRoleEexistAndEsrch() {
        SyncDaemon master = SyncDaemon.of(SyncDaemon.Role.MASTER, "eth0", 5);
        ipvs.startSyncDaemon(master);
        assertThatThrownBy(() -> ipvs.startSyncDaemon(master)).extracting(e -> ((IpvsException) e).errno())
                .isEqualTo(Errno.EEXIST);
        ipvs.startSyncDaemon(SyncDaemon.of(SyncDaemon.Role.BACKUP, "eth0", 5));
        SyncDaemon listed = ipvs.listSyncDaemons().get(0);
        assertThat(listed.role()).isEqualTo(SyncDaemon.Role.MASTER);
        assertThat(listed.maxLength()).isEqualTo(1472);
        assertThat(listed.multicastPort()).isEqualTo(8848);
        assertThat(listed.multicastTtl()).isEqualTo(1);
        ipvs.stopSyncDaemon(SyncDaemon.Role.MASTER);
        assertThatThrownBy(() -> ipvs.stopSyncDaemon(SyncDaemon.Role.MASTER))
                .extracting(e -> ((IpvsException) e).errno()).isEqualTo(Errno.ESRCH);
        assertThat(ipvs.listSyncDaemons()).hasSize(1);
    }

    @Test
    void anUnknownInterfaceIsEnodevWhenInterfacesAreListed() {
        FakeKernel k = FakeKernel.builder().networkInterfaces("lo", "eth0").build();
        assertThatThrownBy(() -> k.startSyncDaemon(SyncDaemon.of(SyncDaemon.Role.BACKUP, "eth9", 0)))
                .extracting(e -> ((IpvsException) e).errno()).isEqualTo(Errno.ENODEV);
    }

    @Test
    void flushDeletesEveryService() {
        ipvs.createService(web);
        ipvs.createService(VirtualService.builder(ServiceKey.fwmark(7)).build());
        ipvs.flush();
        assertThat(ipvs.listServices()).isEmpty();
    }

    @Test
    void zeroResetsConnectionCounters() {
        ipvs.createService(web);
        ipvs.createRealServer(web.key(), rs1);
        kernel.connect(Client.tcp("203.0.113.5", 40000, "192.0.2.1", 80));
        assertThat(ipvs.getServiceStatus(web.key()).orElseThrow().stats().connections()).isEqualTo(1);
        assertThat(ipvs.listRealServerStatus(web.key()).get(0).stats().connections()).isEqualTo(1);
        ipvs.zeroCounters();
        assertThat(ipvs.getServiceStatus(web.key()).orElseThrow().stats().connections()).isZero();
        assertThat(ipvs.listRealServerStatus(web.key()).get(0).stats().connections()).isZero();
        // Zeroing does not touch connection counts.
        assertThat(ipvs.listRealServerStatus(web.key()).get(0).activeConnections()).isEqualTo(1);
    }

    @Test
    void batchesReportEachOutcome() {
        var result = ipvs.submit(List.of(new io.github.ipvs4j.model.Change.CreateService(web),
                new io.github.ipvs4j.model.Change.CreateService(web),
                new io.github.ipvs4j.model.Change.CreateRealServer(web.key(), rs1)));
        assertThat(result.outcomes()).extracting(o -> o.error().isEmpty()).containsExactly(true, false, true);
    }

    @Test
    void closedKernelRefusesCalls() {
        kernel.close();
        assertThatThrownBy(kernel::listServices).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRemovedRealServerComesBackFromTheTrashWithItsConnections() {
        ipvs.createService(web);
        ipvs.createRealServer(web.key(), rs1);
        kernel.connect(Client.tcp("203.0.113.5", 40000, "192.0.2.1", 80));
        ipvs.removeRealServer(web.key(), rs1.endpoint());
        ipvs.createRealServer(web.key(), rs1);
        assertThat(ipvs.listRealServerStatus(web.key()).get(0).activeConnections()).isEqualTo(1);
        assertThat(ipvs.listRealServerStatus(web.key()).get(0).stats().connections()).isEqualTo(1);
        assertThat(new InetSocketAddress(rs1.address(), 80)).isEqualTo(rs1.endpoint());
    }
}
