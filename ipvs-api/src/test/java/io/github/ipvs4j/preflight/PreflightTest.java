package io.github.ipvs4j.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.ipvs4j.host.AddressScope;
import io.github.ipvs4j.host.HardwareAddress;
import io.github.ipvs4j.host.HostChange;
import io.github.ipvs4j.host.InterfaceAddress;
import io.github.ipvs4j.host.Link;
import io.github.ipvs4j.host.Route;
import io.github.ipvs4j.host.RouteType;
import io.github.ipvs4j.host.Setting;
import io.github.ipvs4j.host.Sysctl;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.InvalidConfigurationException;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PreflightTest {
    private static final String VIP = "192.0.2.10";

    /** A host state built by hand: lo and eth0 at the kernel's defaults, changed by the test. */
    private static final class State {
        final List<Link> links = new ArrayList<>();
        final List<InterfaceAddress> addresses = new ArrayList<>();
        final Map<Setting, Integer> settings = new HashMap<>();
        final Map<InetAddress, Optional<Route>> routes = new LinkedHashMap<>();

        State() {
            link(new Link(1, "lo", Optional.empty(), true, true, true, Optional.empty(), 65536));
            link(new Link(2, "eth0", Optional.of("veth"), true, false, false,
                    Optional.of(new HardwareAddress("02:00:00:00:00:02")), 1500));
            addresses.add(InterfaceAddress.of("lo", "127.0.0.1/8").withScope(AddressScope.HOST));
            addresses.add(InterfaceAddress.of("eth0", "192.0.2.2/24"));
            for (Sysctl s : Sysctl.values()) {
                if (!s.perInterface()) {
                    settings.put(Setting.of(s), s.kernelDefault());
                } else {
                    settings.put(Setting.all(s), s.kernelDefault());
                    settings.put(Setting.of(s, Setting.DEFAULT), s.kernelDefault());
                }
            }
        }

        State link(Link l) {
            links.add(l);
            for (Sysctl s : Sysctl.values()) {
                if (s.perInterface()) {
                    settings.put(Setting.of(s, l.name()), s.kernelDefault());
                }
            }
            return this;
        }

        State address(String iface, String cidr) {
            addresses.add(InterfaceAddress.of(iface, cidr));
            return this;
        }

        State set(Setting s, int v) {
            settings.put(s, v);
            return this;
        }

        State route(String to, RouteType type, String via, String dev) {
            routes.put(ip(to), Optional.of(new Route(ip(to), type, Optional.ofNullable(via).map(PreflightTest::ip),
                    Optional.ofNullable(dev), Optional.empty())));
            return this;
        }

        /** Applies changes as a kernel would, for the tests of fixes. */
        State apply(List<HostChange> changes) {
            for (HostChange c : changes) {
                c.accept(new HostChange.Visitor<Void>() {
                    @Override
                    public Void addAddress(HostChange.AddAddress a) {
                        addresses.add(a.address());
                        return null;
                    }

                    @Override
                    public Void removeAddress(HostChange.RemoveAddress r) {
                        addresses.removeIf(x -> x.sameAs(r.address()));
                        return null;
                    }

                    @Override
                    public Void writeSetting(HostChange.WriteSetting w) {
                        settings.put(w.setting(), w.value());
                        return null;
                    }

                    @Override
                    public Void setLinkUp(HostChange.SetLinkUp u) {
                        links.replaceAll(l -> l.name().equals(u.interfaceName()) ? new Link(l.index(), l.name(),
                                l.kind(), u.up(), l.loopback(), l.noArp(), l.hardwareAddress(), l.mtu()) : l);
                        return null;
                    }
                });
            }
            return this;
        }

        HostState get() {
            return new HostState(links, addresses, settings, routes);
        }
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> subjects(PreflightReport r, Severity severity) {
        return r.findings(severity).stream().map(Finding::subject).toList();
    }

    @Test
    void bareDrRealServerNeedsTheVipOnLoAndTheArpSettings() {
        Preflight p = Preflight.builder(Role.REAL_SERVER, ForwardingMethod.DR).vip(VIP).build();
        State s = new State();
        PreflightReport r = p.evaluate(s.get());
        assertThat(r.ready()).isFalse();
        assertThat(subjects(r, Severity.ERROR)).containsExactly("VIP 192.0.2.10", "net.ipv4.conf.all.arp_ignore",
                "net.ipv4.conf.all.arp_announce");
        assertThat(r.findings().get(0).toString()).startsWith("error  VIP 192.0.2.10 is not on this host, needs"
                + " 192.0.2.10/32 on lo: ").contains("(fix: add address 192.0.2.10/32 on lo)");
        assertThat(r.findings().get(1).found()).isEqualTo("0 (in effect on eth0: 0)");
        assertThat(r.fixes()).containsExactly(
                new HostChange.AddAddress(InterfaceAddress.host("lo", ip(VIP))),
                new HostChange.WriteSetting(Setting.all(Sysctl.ARP_IGNORE), 1),
                new HostChange.WriteSetting(Setting.all(Sysctl.ARP_ANNOUNCE), 2));

        PreflightReport after = p.evaluate(s.apply(r.fixes()).get());
        assertThat(after.ready()).isTrue();
        assertThat(after.fixes()).isEmpty();
        assertThat(after.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.OK);
            assertThat(f.needed()).isEqualTo("192.0.2.10/32 on lo");
        });
    }

    @Test
    void theKernelsRuleDecidesWhichArpValueCounts() {
        Preflight p = Preflight.builder(Role.REAL_SERVER, ForwardingMethod.DR).vip(VIP).build();
        State s = new State().address("lo", VIP + "/32");
        // Per interface is enough: the kernel uses the larger of all and the interface.
        s.set(Setting.of(Sysctl.ARP_IGNORE, "eth0"), 1).set(Setting.of(Sysctl.ARP_ANNOUNCE, "eth0"), 2);
        assertThat(p.evaluate(s.get()).ready()).isTrue();
        // A second interface at the defaults is named.
        s.link(new Link(3, "eth1", Optional.empty(), true, false, false,
                Optional.of(new HardwareAddress("02:00:00:00:00:03")), 1500));
        PreflightReport r = p.evaluate(s.get());
        assertThat(subjects(r, Severity.ERROR)).containsExactly("net.ipv4.conf.all.arp_ignore",
                "net.ipv4.conf.all.arp_announce");
        assertThat(r.findings(Severity.ERROR).get(0).found()).isEqualTo("0 (in effect on eth1: 0)");
        // Naming the interface facing the director checks only that one.
        Preflight facing = Preflight.builder(Role.REAL_SERVER, ForwardingMethod.DR).vip(VIP).interfaceName("eth0")
                .build();
        assertThat(facing.evaluate(s.get()).ready()).isTrue();
        // arp_announce 1 is not enough, arp_ignore 2 is more than enough.
        s.set(Setting.all(Sysctl.ARP_IGNORE), 2).set(Setting.all(Sysctl.ARP_ANNOUNCE), 1);
        assertThat(subjects(p.evaluate(s.get()), Severity.ERROR)).containsExactly("net.ipv4.conf.all.arp_announce");
    }

    @Test
    void aVipOnAnEthernetInterfaceOfARealServerIsAnErrorAndAWidePrefixOnLoToo() {
        Preflight p = Preflight.builder(Role.REAL_SERVER, ForwardingMethod.DR).vip(VIP).build();
        State s = new State().address("lo", VIP + "/24").address("eth0", VIP + "/24")
                .set(Setting.all(Sysctl.ARP_IGNORE), 1).set(Setting.all(Sysctl.ARP_ANNOUNCE), 2);
        PreflightReport r = p.evaluate(s.get());
        assertThat(subjects(r, Severity.ERROR)).containsExactly("VIP 192.0.2.10 on lo", "VIP 192.0.2.10 on eth0");
        assertThat(r.fixes()).containsExactly(
                new HostChange.RemoveAddress(InterfaceAddress.of("lo", VIP + "/24")),
                new HostChange.AddAddress(InterfaceAddress.of("lo", VIP + "/32")),
                new HostChange.RemoveAddress(InterfaceAddress.of("eth0", VIP + "/24")));
        assertThat(p.evaluate(s.apply(r.fixes()).get()).ready()).isTrue();

        // A wide prefix beside the host address is still named (IPv4 allows both at once).
        s.address("lo", VIP + "/24");
        PreflightReport both = p.evaluate(s.get());
        assertThat(subjects(both, Severity.ERROR)).containsExactly("VIP 192.0.2.10 on lo");
        assertThat(both.fixes()).containsExactly(new HostChange.RemoveAddress(InterfaceAddress.of("lo", VIP + "/24")));
    }

    @Test
    void ipv6VipsNeedOnlyTheAddress() {
        Preflight p = Preflight.builder(Role.REAL_SERVER, ForwardingMethod.DR).vip("2001:db8::10").build();
        PreflightReport r = p.evaluate(new State().get());
        assertThat(r.fixes()).containsExactly(new HostChange.AddAddress(InterfaceAddress.of("lo", "2001:db8::10/128")));
    }

    @Test
    void tunRealServerNeedsItsTunnelUpWithTheVipAndNoReversePathFilter() {
        Preflight p = Preflight.builder(Role.REAL_SERVER, ForwardingMethod.tunnel()).vip(VIP).build();
        State s = new State().set(Setting.all(Sysctl.ARP_IGNORE), 1).set(Setting.all(Sysctl.ARP_ANNOUNCE), 2);
        assertThat(subjects(p.evaluate(s.get()), Severity.ERROR)).containsExactly("tunnel tunl0");
        assertThat(p.evaluate(s.get()).findings().get(0).fix()).isEmpty();

        s.link(new Link(3, "tunl0", Optional.of("ipip"), false, false, true,
                Optional.of(new HardwareAddress("00:00:00:00")), 1480));
        s.set(Setting.all(Sysctl.RP_FILTER), 1).set(Setting.of(Sysctl.RP_FILTER, "tunl0"), 2);
        PreflightReport r = p.evaluate(s.get());
        assertThat(subjects(r, Severity.ERROR)).containsExactly("tunnel tunl0", "VIP 192.0.2.10",
                "net.ipv4.conf.all.rp_filter", "net.ipv4.conf.tunl0.rp_filter");
        assertThat(r.fixes()).containsExactly(new HostChange.SetLinkUp("tunl0", true),
                new HostChange.AddAddress(InterfaceAddress.of("tunl0", VIP + "/32")),
                new HostChange.WriteSetting(Setting.all(Sysctl.RP_FILTER), 0),
                new HostChange.WriteSetting(Setting.of(Sysctl.RP_FILTER, "tunl0"), 0));
        assertThat(p.evaluate(s.apply(r.fixes()).get()).ready()).isTrue();
    }

    private static IpvsConfig table(ForwardingMethod method, String... realServers) {
        VirtualService web = VirtualService.builder(ServiceKey.tcp(VIP, 80)).build();
        List<RealServer> rs = new ArrayList<>();
        for (String a : realServers) {
            rs.add(RealServer.builder(a, 80).forwarding(method).build());
        }
        return IpvsConfig.of(new ServiceConfig(web, rs));
    }

    @Test
    void natDirectorNeedsForwardingAndNoRedirects() {
        Preflight p = Preflight.builder(Role.DIRECTOR, ForwardingMethod.NAT).vip(VIP)
                .table(table(ForwardingMethod.NAT, "198.51.100.11", "198.51.100.12")).build();
        State s = new State()
                .link(new Link(3, "eth1", Optional.empty(), true, false, false,
                        Optional.of(new HardwareAddress("02:00:00:00:00:03")), 1500))
                .address("eth1", "198.51.100.1/24")
                .route("198.51.100.11", RouteType.UNICAST, null, "eth1")
                .route("198.51.100.12", RouteType.UNICAST, null, "eth1");
        PreflightReport r = p.evaluate(s.get());
        assertThat(subjects(r, Severity.ERROR)).containsExactly("VIP 192.0.2.10", "net.ipv4.ip_forward",
                "net.ipv4.conf.all.send_redirects", "net.ipv4.conf.eth1.send_redirects");
        assertThat(subjects(r, Severity.ADVICE)).containsExactly("net.ipv4.conf.default.send_redirects",
                "net.ipv4.vs.expire_nodest_conn");
        // The VIP goes on the interface whose network holds it.
        assertThat(r.findings().get(0).fix()).containsExactly(
                new HostChange.AddAddress(InterfaceAddress.of("eth0", VIP + "/32")));
        PreflightReport after = p.evaluate(s.apply(r.fixes()).get());
        assertThat(after.ready()).isTrue();
        assertThat(after.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.OK);
            assertThat(f.toString()).startsWith("ok     VIP 192.0.2.10: 192.0.2.10/32 on eth0: this host holds");
        });
    }

    @Test
    void drDirectorNeedsEveryRealServerOnLink() {
        Preflight p = Preflight.builder(Role.DIRECTOR, ForwardingMethod.DR).vip(VIP).interfaceName("eth0")
                .table(table(ForwardingMethod.DR, "192.0.2.11", "198.51.100.12", "203.0.113.13", "192.0.2.2"))
                .build();
        State s = new State().address("eth0", VIP + "/32")
                .set(Setting.all(Sysctl.SEND_REDIRECTS), 0).set(Setting.of(Sysctl.SEND_REDIRECTS, "eth0"), 0)
                .set(Setting.of(Sysctl.SEND_REDIRECTS, "default"), 0).set(Setting.of(Sysctl.VS_EXPIRE_NODEST_CONN), 1)
                .route("192.0.2.11", RouteType.UNICAST, null, "eth0")
                .route("198.51.100.12", RouteType.UNICAST, "192.0.2.1", "eth0")
                .route("192.0.2.2", RouteType.LOCAL, null, "lo");
        s.routes.put(ip("203.0.113.13"), Optional.empty());
        PreflightReport r = p.evaluate(s.get());
        assertThat(r.findings(Severity.ERROR)).extracting(Finding::subject, Finding::found).containsExactly(
                tuple("real server 198.51.100.12", "198.51.100.12 via 192.0.2.1 dev eth0"),
                tuple("real server 203.0.113.13", "no route"));
        assertThat(r.fixes()).isEmpty();
        assertThat(p.routesToLookUp()).containsExactly(ip("192.0.2.11"), ip("198.51.100.12"), ip("203.0.113.13"),
                ip("192.0.2.2"));
    }

    @Test
    void proxyArpOnTheVipsInterfaceIsAdvice() {
        Preflight p = Preflight.builder(Role.DIRECTOR, ForwardingMethod.tunnel()).vip(VIP).build();
        State s = new State().address("eth0", VIP + "/24").set(Setting.of(Sysctl.PROXY_ARP, "eth0"), 1)
                .set(Setting.of(Sysctl.VS_EXPIRE_NODEST_CONN), 1);
        PreflightReport r = p.evaluate(s.get());
        assertThat(r.ready()).isTrue();
        assertThat(subjects(r, Severity.ADVICE)).containsExactly("net.ipv4.conf.eth0.proxy_arp");
        // Without ip_vs loaded there is no net.ipv4.vs.* to advise on.
        s.settings.remove(Setting.of(Sysctl.VS_EXPIRE_NODEST_CONN));
        s.set(Setting.of(Sysctl.PROXY_ARP, "eth0"), 0);
        assertThat(p.evaluate(s.get()).findings(Severity.ADVICE)).isEmpty();
    }

    @Test
    void aDirectorWithoutAnInterfaceForTheVipIsToldToNameOne() {
        Preflight p = Preflight.builder(Role.DIRECTOR, ForwardingMethod.DR).vip("203.0.113.10").build();
        Finding f = p.evaluate(new State().get()).findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.fix()).isEmpty();
        assertThat(f.reason()).contains("name the interface");
    }

    @Test
    void ipv6NatDirectorNeedsIpv6Forwarding() {
        Preflight p = Preflight.builder(Role.DIRECTOR, ForwardingMethod.NAT).vip("2001:db8::10")
                .interfaceName("eth0").build();
        PreflightReport r = p.evaluate(new State().get());
        assertThat(subjects(r, Severity.ERROR)).containsExactly("VIP 2001:db8::10", "net.ipv6.conf.all.forwarding");
    }

    @Test
    void natRealServerHasNothingToSet() {
        Preflight p = Preflight.builder(Role.REAL_SERVER, ForwardingMethod.NAT).vip(VIP).build();
        PreflightReport r = p.evaluate(new State().get());
        assertThat(r.ready()).isTrue();
        assertThat(r.findings()).singleElement().extracting(Finding::severity).isEqualTo(Severity.OK);
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        assertThatThrownBy(() -> Preflight.builder(Role.DIRECTOR, ForwardingMethod.LOCAL))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("forwarding method");
        assertThatThrownBy(() -> Preflight.builder(Role.DIRECTOR, ForwardingMethod.DR).build())
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("vips");
        assertThatThrownBy(() -> Preflight.builder(Role.DIRECTOR, ForwardingMethod.DR).vip("192.0.2.300"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("vip");
        assertThatThrownBy(() -> Preflight.builder(Role.DIRECTOR, ForwardingMethod.DR).vip("127.0.0.1"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("loopback");
        assertThatThrownBy(() -> Preflight.builder(Role.DIRECTOR, ForwardingMethod.DR).interfaceName("eth0/1"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("interface");
        assertThatThrownBy(() -> Preflight.builder(Role.REAL_SERVER, ForwardingMethod.DR).vip(VIP)
                .table(table(ForwardingMethod.DR, "192.0.2.11")).build())
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("only a director");
        assertThatThrownBy(() -> Preflight.builder(Role.DIRECTOR, ForwardingMethod.DR).vip("192.0.2.99")
                .table(table(ForwardingMethod.DR, "192.0.2.11")).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("an address of a service in the table: 192.0.2.10");
        assertThatThrownBy(() -> Preflight.builder(null, ForwardingMethod.DR))
                .isInstanceOf(NullPointerException.class).hasMessage("role");
    }
}
