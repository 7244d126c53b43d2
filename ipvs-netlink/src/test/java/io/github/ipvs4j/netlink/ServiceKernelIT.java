package io.github.ipvs4j.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.model.AddressFamily;
import io.github.ipvs4j.model.AlreadyExistsException;
import io.github.ipvs4j.model.KernelException;
import io.github.ipvs4j.model.Persistence;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.SchedulerFlag;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.ServiceNotFoundException;
import io.github.ipvs4j.model.Stats;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.model.VirtualServiceStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Virtual services on the real kernel: every kind, every scheduler, every option, every error. */
class ServiceKernelIT extends KernelSupport {

    static final List<VirtualService> EVERY_KIND = List.of(
            VirtualService.builder(ServiceKey.tcp("192.0.2.10", 80)).build(),
            VirtualService.builder(ServiceKey.udp("192.0.2.10", 53)).build(),
            VirtualService.builder(ServiceKey.sctp("192.0.2.10", 3868)).build(),
            VirtualService.builder(ServiceKey.tcp("2001:db8::10", 443)).build(),
            VirtualService.builder(ServiceKey.udp("2001:db8::10", 53)).build(),
            VirtualService.builder(ServiceKey.sctp("2001:db8::10", 3868)).build(),
            VirtualService.builder(ServiceKey.fwmark(1)).build(),
            VirtualService.builder(ServiceKey.fwmark(0xFFFF_FFFFL, AddressFamily.INET6)).build(),
            VirtualService.builder(ServiceKey.tcp("192.0.2.10", 0)).persistence(300).build());

    @Test
    void everyKindOfServiceIsCreatedAndReadBack() {
        for (VirtualService s : EVERY_KIND) {
            transport.createService(s);
        }
        assertThat(transport.listServiceStatus()).map(VirtualServiceStatus::service)
                .containsExactlyInAnyOrderElementsOf(EVERY_KIND);
        for (VirtualService s : EVERY_KIND) {
            VirtualServiceStatus st = transport.getServiceStatus(s.key()).orElseThrow();
            assertThat(st.service()).isEqualTo(s);
            assertThat(transport.listRealServerStatus(s.key())).isEmpty();
            assertThat(st.stats()).isEqualTo(Stats.ZERO);
        }
    }

    /** Debian's 6.1 kernel has 13 schedulers: all but twos (5.5+ mainline, not built there). */
    @Test
    void everySchedulerOfTheGuestKernel() {
        List<Scheduler> present = Scheduler.BUILT_IN.stream().filter(s -> !s.equals(Scheduler.TWOS)).toList();
        int port = 1000;
        for (Scheduler scheduler : present) {
            VirtualService s = VirtualService.builder(ServiceKey.tcp("192.0.2.20", port++)).scheduler(scheduler)
                    .build();
            transport.createService(s);
            assertThat(transport.getServiceStatus(s.key()).orElseThrow().service().scheduler()).isEqualTo(scheduler);
        }
        assertThat(transport.listServiceStatus()).hasSize(13);
    }

    /** Fact: an unknown scheduler module is refused with ENOENT (request_module finds nothing). */
    @Test
    void unknownSchedulerIsEnoent() {
        assertThatThrownBy(() -> transport.createService(VirtualService.builder(ServiceKey.tcp("192.0.2.20", 80))
                .scheduler("nosuchsched").build()))
                .isInstanceOf(KernelException.class).hasMessageContaining("no such scheduler")
                .satisfies(e -> assertThat(((KernelException) e).errno()).isEqualTo(Errno.ENOENT));
        assertThat(transport.listServiceStatus()).isEmpty();
    }

    @Test
    void persistenceWithNetmaskAndPrefixOnePacketAndSchedulerFlags() {
        List<VirtualService> services = List.of(
                VirtualService.builder(ServiceKey.tcp("192.0.2.30", 80)).persistence(600).persistencePrefixLength(24)
                        .build(),
                VirtualService.builder(ServiceKey.tcp("192.0.2.30", 81)).persistence(1).persistencePrefixLength(0)
                        .build(),
                VirtualService.builder(ServiceKey.tcp("2001:db8::30", 80)).persistence(Integer.MAX_VALUE / 1000)
                        .persistencePrefixLength(64).build(),
                VirtualService.builder(ServiceKey.fwmark(30)).persistence(60).persistencePrefixLength(16).build(),
                VirtualService.builder(ServiceKey.udp("192.0.2.30", 5060)).scheduler(Scheduler.RR).onePacket(true)
                        .build(),
                VirtualService.builder(ServiceKey.tcp("192.0.2.30", 82)).scheduler(Scheduler.SH)
                        .schedulerFlags(SchedulerFlag.FALLBACK, SchedulerFlag.PORT).build(),
                VirtualService.builder(ServiceKey.tcp("192.0.2.30", 83)).scheduler(Scheduler.MH)
                        .schedulerFlags(SchedulerFlag.FALLBACK, SchedulerFlag.PORT, SchedulerFlag.FLAG_3).build(),
                VirtualService.builder(ServiceKey.udp("192.0.2.30", 5061)).persistence(300).persistenceEngine("sip")
                        .build());
        for (VirtualService s : services) {
            transport.createService(s);
            assertThat(transport.getServiceStatus(s.key()).orElseThrow().service()).as("%s", s).isEqualTo(s);
        }
        // ipvsadm agrees on the options it prints.
        String saved = sh("ipvsadm -Sn");
        assertThat(saved).contains("-A -t 192.0.2.30:80 -s wlc -p 600 -M 255.255.255.0")
                .contains("-A -u 192.0.2.30:5060 -s rr -o")
                .contains("-A -t 192.0.2.30:82 -s sh -b sh-fallback,sh-port")
                .contains("-A -t [2001:db8::30]:80 -s wlc -p 2147483 -M 64")
                .contains("--pe sip");
    }

    @Test
    void updateChangesEachFieldInPlace() {
        VirtualService base = VirtualService.builder(ServiceKey.tcp("192.0.2.40", 80)).build();
        transport.createService(base);
        List<VirtualService> edits = List.of(
                base.toBuilder().scheduler(Scheduler.WRR).build(),
                base.toBuilder().scheduler(Scheduler.SH).schedulerFlags(SchedulerFlag.PORT).build(),
                base.toBuilder().persistence(900).build(),
                base.toBuilder().persistence(900).persistencePrefixLength(8).build(),
                base.toBuilder().persistence(900).persistenceEngine("sip").build(),
                base.toBuilder().onePacket(true).build(),
                base);
        for (VirtualService edit : edits) {
            transport.updateService(edit);
            assertThat(transport.getServiceStatus(base.key()).orElseThrow().service()).isEqualTo(edit);
        }
    }

    @Test
    void deleteAndFlush() {
        for (VirtualService s : EVERY_KIND) {
            transport.createService(s);
        }
        transport.removeService(EVERY_KIND.get(0).key());
        assertThat(transport.getServiceStatus(EVERY_KIND.get(0).key())).isEmpty();
        assertThat(transport.listServiceStatus()).hasSize(EVERY_KIND.size() - 1);
        transport.flush();
        assertThat(transport.listServiceStatus()).isEmpty();
    }

    @Test
    void errors() {
        VirtualService s = VirtualService.builder(ServiceKey.tcp("192.0.2.50", 80)).build();
        transport.createService(s);
        assertThatThrownBy(() -> transport.createService(s)).isInstanceOf(AlreadyExistsException.class)
                .hasMessageContaining("EEXIST");
        ServiceKey missing = ServiceKey.tcp("192.0.2.50", 81);
        assertThatThrownBy(() -> transport.updateService(VirtualService.builder(missing).build()))
                .isInstanceOf(ServiceNotFoundException.class).hasMessageContaining("ESRCH");
        assertThatThrownBy(() -> transport.removeService(missing)).isInstanceOf(ServiceNotFoundException.class);
        assertThatThrownBy(() -> transport.zeroCounters(missing)).isInstanceOf(ServiceNotFoundException.class);
        assertThat(transport.getServiceStatus(missing)).isEqualTo(Optional.empty());
        assertThat(transport.listRealServerStatus(missing)).isEmpty();
        // A persistence engine the kernel has no module for.
        assertThatThrownBy(() -> transport.createService(VirtualService.builder(ServiceKey.udp("192.0.2.50", 5060))
                .persistence(10).persistenceEngine("nosuchpe").build()))
                .isInstanceOf(KernelException.class)
                .satisfies(e -> assertThat(((KernelException) e).errno()).isEqualTo(Errno.ENOENT));
    }

    /** Fact: the kernel refuses an IPv6 persistence prefix of 0 or above 128 (the model never sends one). */
    @Test
    void kernelRefusesIpv6PrefixOutOfRange() {
        for (int prefix : new int[] {0, 129}) {
            int errno = rawErrno(IpvsNetlink.CMD_NEW_SERVICE, w -> {
                int nest = w.beginNested(IpvsNetlink.CMD_ATTR_SERVICE);
                w.putU16(IpvsNetlink.SVC_ATTR_AF, 10);
                w.putU16(IpvsNetlink.SVC_ATTR_PROTOCOL, 6);
                w.putBytes(IpvsNetlink.SVC_ATTR_ADDR, io.github.ipvs4j.internal.Addresses.parse("2001:db8::60")
                        .getAddress());
                w.putBe16(IpvsNetlink.SVC_ATTR_PORT, 80);
                w.putString(IpvsNetlink.SVC_ATTR_SCHED_NAME, "rr");
                w.putBytes(IpvsNetlink.SVC_ATTR_FLAGS, IpvsCodecTest.flags(1, -1));
                w.putU32(IpvsNetlink.SVC_ATTR_TIMEOUT, 60);
                w.putU32(IpvsNetlink.SVC_ATTR_NETMASK, prefix);
                w.endNested(nest);
            });
            assertThat(errno).as("prefix %d", prefix).isEqualTo(Errno.EINVAL);
        }
        assertThat(Persistence.of(60, AddressFamily.INET6).prefixLength()).isEqualTo(128);
    }
}
