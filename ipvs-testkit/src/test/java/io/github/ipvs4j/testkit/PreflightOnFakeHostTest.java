package io.github.ipvs4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ipvs4j.Host;
import io.github.ipvs4j.host.HostChange;
import io.github.ipvs4j.host.HostChangeException;
import io.github.ipvs4j.host.InterfaceAddress;
import io.github.ipvs4j.host.InterfaceNotFoundException;
import io.github.ipvs4j.host.Setting;
import io.github.ipvs4j.host.Sysctl;
import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.preflight.Finding;
import io.github.ipvs4j.preflight.Preflight;
import io.github.ipvs4j.preflight.PreflightFix;
import io.github.ipvs4j.preflight.PreflightReport;
import io.github.ipvs4j.preflight.Role;
import io.github.ipvs4j.preflight.Severity;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Preflight's whole loop, observe, evaluate, fix and check again, on the fake host. */
class PreflightOnFakeHostTest {
    private final FakeHost fake = FakeHost.create();
    private final Host host = Host.using(fake);

    @Test
    void aBareDrRealServerIsFixedAndThenReady() {
        fake.addLink("eth0", "eth");
        host.setLinkUp("eth0", true);
        host.addAddress(InterfaceAddress.of("eth0", "192.0.2.11/24"));
        Preflight p = Preflight.builder(Role.REAL_SERVER, ForwardingMethod.DR).vip("192.0.2.100").build();

        PreflightFix fix = p.fix(host);
        assertThat(fix.before().ready()).isFalse();
        assertThat(fix.before().findings(Severity.ERROR)).extracting(Finding::subject)
                .containsExactly("VIP 192.0.2.100", "net.ipv4.conf.all.arp_ignore", "net.ipv4.conf.all.arp_announce");
        assertThat(fix.applied()).hasSize(3);
        assertThat(fix.after().ready()).isTrue();
        assertThat(host.listAddresses("lo")).contains(InterfaceAddress.of("lo", "192.0.2.100/32").withLabel("lo"));
        assertThat(host.readEffective(Sysctl.ARP_IGNORE, "eth0")).hasValue(1);
        assertThat(host.readEffective(Sysctl.ARP_ANNOUNCE, "eth0")).hasValue(2);
        // Nothing more to do the second time.
        assertThat(p.fix(host).applied()).isEmpty();

        // Undo one setting: preflight names exactly it.
        host.writeSetting(Setting.all(Sysctl.ARP_IGNORE), 0);
        PreflightReport again = p.check(host);
        assertThat(again.findings(Severity.ERROR)).extracting(Finding::subject)
                .containsExactly("net.ipv4.conf.all.arp_ignore");
    }

    @Test
    void aNatDirectorGetsItsVipForwardingAndRedirectsFixed() {
        fake.addLink("eth0", "eth");
        fake.addLink("eth1", "eth");
        host.setLinkUp("eth0", true);
        host.setLinkUp("eth1", true);
        host.addAddress(InterfaceAddress.of("eth0", "203.0.113.1/24"));
        host.addAddress(InterfaceAddress.of("eth1", "198.51.100.1/24"));
        VirtualService web = VirtualService.builder(ServiceKey.tcp("203.0.113.100", 80)).persistence(300).build();
        IpvsConfig table = IpvsConfig.of(ServiceConfig.of(web,
                RealServer.builder("198.51.100.11", 80).forwarding(ForwardingMethod.NAT).build(),
                RealServer.builder("198.51.100.12", 80).forwarding(ForwardingMethod.NAT).build()));
        Preflight p = Preflight.builder(Role.DIRECTOR, ForwardingMethod.NAT).vip("203.0.113.100").table(table)
                .build();

        PreflightReport before = p.check(host);
        assertThat(before.findings(Severity.ERROR)).extracting(Finding::subject).containsExactly(
                "VIP 203.0.113.100", "net.ipv4.ip_forward", "net.ipv4.conf.all.send_redirects",
                "net.ipv4.conf.eth1.send_redirects");
        assertThat(before.findings(Severity.ADVICE)).extracting(Finding::subject).containsExactly(
                "net.ipv4.conf.default.send_redirects", "net.ipv4.vs.expire_nodest_conn",
                "net.ipv4.vs.expire_quiescent_template");
        assertThat(before.findings().get(0).fix()).containsExactly(
                new HostChange.AddAddress(InterfaceAddress.of("eth0", "203.0.113.100/32")));

        PreflightFix fix = p.fix(host);
        assertThat(fix.after().ready()).isTrue();
        assertThat(fix.after().findings()).extracting(Finding::severity).containsOnly(Severity.OK);
        assertThat(host.readSetting(Setting.of(Sysctl.IP_FORWARD))).hasValue(1);

        // A real server behind a gateway cannot work with DR, and no fix can change that.
        fake.addRoute("192.0.2.0/24", Optional.of(Addresses.parse("198.51.100.254")), "eth1");
        IpvsConfig dr = IpvsConfig.of(ServiceConfig.of(VirtualService.builder(ServiceKey.tcp("203.0.113.100", 80))
                .build(), RealServer.builder("192.0.2.11", 80).build()));
        PreflightReport drReport = Preflight.builder(Role.DIRECTOR, ForwardingMethod.DR).vip("203.0.113.100")
                .table(dr).build().check(host);
        assertThat(drReport.findings(Severity.ERROR)).singleElement().satisfies(f -> {
            assertThat(f.subject()).isEqualTo("real server 192.0.2.11");
            assertThat(f.found()).isEqualTo("192.0.2.11 via 198.51.100.254 dev eth1 src 198.51.100.1");
            assertThat(f.fix()).isEmpty();
        });
    }

    @Test
    void aTunRealServerWithoutItsTunnelIsToldToLoadTheModule() {
        Preflight p = Preflight.builder(Role.REAL_SERVER, ForwardingMethod.tunnel()).vip("192.0.2.100").build();
        assertThat(p.check(host).findings().get(0).reason()).contains("modprobe ipip");
        fake.addLink("tunl0", "ipip");
        PreflightFix fix = p.fix(host);
        assertThat(fix.applied()).startsWith(new HostChange.SetLinkUp("tunl0", true));
        assertThat(fix.after().ready()).isTrue();
    }

    @Test
    void aVipOfTheOtherFamilyThanTheNamedTunnelIsRefused() {
        fake.addLink("tunl0", "ipip");
        assertThatThrownBy(() -> Preflight.builder(Role.REAL_SERVER, ForwardingMethod.tunnel()).vip("2001:db8::10")
                .interfaceName("tunl0").build().check(host))
                .isInstanceOf(io.github.ipvs4j.model.InvalidConfigurationException.class)
                .hasMessageContaining("2001:db8::10").hasMessageContaining("IPv4 address: tunl0 is an ipip tunnel");
    }

    @Test
    void anUnknownInterfaceOrAFailingFixIsReportedInFull() {
        assertThatThrownBy(() -> Preflight.builder(Role.DIRECTOR, ForwardingMethod.DR).vip("192.0.2.100")
                .interfaceName("eth9").build().check(host))
                .isInstanceOf(InterfaceNotFoundException.class).hasMessageContaining("eth9");
        // Without ip_vs the fake refuses the vs settings: the fix stops there and says so.
        fake.addLink("eth0", "eth");
        host.setLinkUp("eth0", true);
        host.addAddress(InterfaceAddress.of("eth0", "192.0.2.1/24"));
        Preflight p = Preflight.builder(Role.DIRECTOR, ForwardingMethod.DR).vip("192.0.2.100").build();
        PreflightReport report = p.check(host);
        fake.unloadIpvs();
        HostChangeException e = org.assertj.core.api.Assertions.catchThrowableOfType(HostChangeException.class,
                () -> host.apply(report.fixes()));
        assertThat(e.failed()).isEqualTo(new HostChange.WriteSetting(Setting.of(Sysctl.VS_EXPIRE_NODEST_CONN), 1));
        assertThat(e.applied()).isNotEmpty();
        assertThat(e.getMessage()).contains("not applied: none");
    }
}
