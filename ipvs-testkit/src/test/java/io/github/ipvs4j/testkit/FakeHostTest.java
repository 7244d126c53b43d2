package io.github.ipvs4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.ipvs4j.Host;
import io.github.ipvs4j.host.AddressScope;
import io.github.ipvs4j.host.HardwareAddress;
import io.github.ipvs4j.host.InterfaceAddress;
import io.github.ipvs4j.host.InterfaceNotFoundException;
import io.github.ipvs4j.host.Link;
import io.github.ipvs4j.host.Route;
import io.github.ipvs4j.host.RouteType;
import io.github.ipvs4j.host.Setting;
import io.github.ipvs4j.host.Sysctl;
import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.model.AlreadyExistsException;
import io.github.ipvs4j.model.InvalidConfigurationException;
import io.github.ipvs4j.model.KernelException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class FakeHostTest {
    private final FakeHost fake = FakeHost.create();
    private final Host host = Host.using(fake);

    private static InetAddress ip(String literal) {
        return Addresses.parse(literal);
    }

    private static InterfaceAddress addr(String interfaceName, String cidr) {
        return InterfaceAddress.of(interfaceName, cidr);
    }

    private Link eth0Up() {
        Link eth0 = fake.addLink("eth0", "eth");
        host.setLinkUp("eth0", true);
        return eth0;
    }

    // ---- the start ------------------------------------------------------------------------------------

    @Test
    void startsWithLoopbackUpAndItsAddresses() {
        assertThat(host.listLinks()).containsExactly(new Link(1, "lo", Optional.empty(), true, true, false,
                Optional.of(new HardwareAddress("00:00:00:00:00:00")), 65536));
        assertThat(host.listAddresses()).containsExactly(
                new InterfaceAddress("lo", ip("127.0.0.1"), 8, AddressScope.HOST, Optional.of("lo")),
                new InterfaceAddress("lo", ip("::1"), 128, AddressScope.HOST, Optional.empty()));
    }

    @Test
    void startsWithKernelDefaultsAndIpvsLoaded() {
        for (Sysctl s : Sysctl.values()) {
            List<Setting> where = s.perInterface()
                    ? List.of(Setting.all(s), Setting.of(s, Setting.DEFAULT), Setting.of(s, "lo"))
                    : List.of(Setting.of(s));
            for (Setting setting : where) {
                assertThat(host.readSetting(setting)).as(setting.name()).hasValue(s.kernelDefault());
            }
        }
        assertThat(fake.ipvsLoaded()).isTrue();
    }

    // ---- links ----------------------------------------------------------------------------------------

    @Test
    void addedLinksAreDownWithTheNextIndexAndTheirKindsProperties() {
        assertThat(fake.addLink("eth0", "eth")).isEqualTo(new Link(2, "eth0", Optional.empty(), false, false, false,
                Optional.of(new HardwareAddress("02:00:00:00:00:02")), 1500));
        assertThat(fake.addLink("dummy0", "dummy")).isEqualTo(new Link(3, "dummy0", Optional.of("dummy"), false,
                false, true, Optional.of(new HardwareAddress("02:00:00:00:00:03")), 1500));
        assertThat(fake.addLink("tunl0", "ipip")).isEqualTo(new Link(4, "tunl0", Optional.of("ipip"), false, false,
                true, Optional.of(new HardwareAddress("00:00:00:00")), 1480));
        HardwareAddress mac = new HardwareAddress("02:aa:bb:cc:dd:ee");
        assertThat(fake.addLink("veth0", "veth", mac).hardwareAddress()).contains(mac);
        assertThat(host.listLinks()).extracting(Link::name).containsExactly("lo", "eth0", "dummy0", "tunl0", "veth0");
    }

    @Test
    void indexesAreNotReused() {
        fake.addLink("eth0", "eth");
        fake.removeLink("eth0");
        assertThat(fake.addLink("eth1", "eth").index()).isEqualTo(3);
    }

    @Test
    void setupMistakesAreIllegalArguments() {
        fake.addLink("eth0", "eth");
        assertThatThrownBy(() -> fake.addLink("eth0", "dummy")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fake.addLink("all", "dummy")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fake.addLink("gre0", "gre")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fake.addLink("tun1", "ipip", new HardwareAddress("02:00:00:00:00:01")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fake.addLink("bad/name", "eth")).isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> fake.removeLink("lo")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fake.removeLink("eth9")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void removingALinkRemovesItsAddressesRoutesAndSettings() {
        eth0Up();
        host.addAddress(addr("eth0", "192.0.2.2/24"));
        fake.removeLink("eth0");
        assertThat(host.listAddresses()).extracting(InterfaceAddress::interfaceName).containsOnly("lo");
        assertThat(host.route(ip("192.0.2.2"))).isEmpty();
        assertThat(host.route(ip("192.0.2.3"))).isEmpty();
        assertThat(host.readSetting(Setting.of(Sysctl.ARP_IGNORE, "eth0"))).isEmpty();
    }

    @Test
    void setLinkUpOfAnUnknownInterfaceIsNotFound() {
        InterfaceNotFoundException e = catchThrowableOfType(() -> fake.setLinkUp("eth9", true),
                InterfaceNotFoundException.class);
        assertThat(e.errno()).isEqualTo(Errno.ENODEV);
        assertThat(e.interfaceName()).isEqualTo("eth9");
    }

    @Test
    void anEthernetLinkGetsItsLinkLocalAddressWhenUpAndLosesItsIpv6AddressesWhenDown() {
        fake.addLink("eth0", "eth", new HardwareAddress("02:00:5e:00:01:0a"));
        host.addAddress(addr("eth0", "192.0.2.2/24"));
        host.addAddress(addr("eth0", "2001:db8::2/64"));
        host.setLinkUp("eth0", true);
        assertThat(host.listAddresses("eth0")).extracting(a -> Addresses.format(a.address()) + "/" + a.prefixLength()
                + " " + a.scope()).containsExactly("192.0.2.2/24 global", "2001:db8::2/64 global",
                "fe80::5eff:fe00:10a/64 link");
        host.setLinkUp("eth0", false);
        assertThat(host.listAddresses("eth0")).extracting(InterfaceAddress::address).containsExactly(ip("192.0.2.2"));
        assertThat(host.getLink("eth0")).hasValueSatisfying(l -> assertThat(l.up()).isFalse());
    }

    @Test
    void aTunnelGetsNoLinkLocalAddress() {
        fake.addLink("tunl0", "ipip");
        host.setLinkUp("tunl0", true);
        assertThat(host.listAddresses("tunl0")).isEmpty();
    }

    @Test
    void loopbackComesBackUpWithItsAddresses() {
        host.removeAddress(new InterfaceAddress("lo", ip("127.0.0.1"), 8, AddressScope.HOST, Optional.empty()));
        host.setLinkUp("lo", false);
        assertThat(host.listAddresses("lo")).isEmpty();
        host.setLinkUp("lo", true);
        assertThat(host.listAddresses("lo")).extracting(InterfaceAddress::address)
                .containsExactly(ip("127.0.0.1"), ip("::1"));
    }

    // ---- addresses ------------------------------------------------------------------------------------

    @Test
    void addingAnAddressTwiceIsAlreadyExists() {
        InterfaceAddress vip = InterfaceAddress.host("lo", ip("192.0.2.10"));
        host.addAddress(vip);
        assertThatThrownBy(() -> host.addAddress(vip.withLabel("lo:vip"))).isInstanceOf(AlreadyExistsException.class);
        host.addAddress(addr("lo", "192.0.2.10/24")); // IPv4: another prefix is another address
        host.addAddress(addr("lo", "2001:db8::10/128"));
        assertThatThrownBy(() -> host.addAddress(addr("lo", "2001:db8::10/64")))
                .isInstanceOf(AlreadyExistsException.class);
    }

    @Test
    void removingAnAddressThatIsNotThereIsAddressNotAvailable() {
        host.addAddress(addr("lo", "192.0.2.10/32"));
        host.addAddress(addr("lo", "2001:db8::10/128"));
        for (InterfaceAddress missing : List.of(addr("lo", "192.0.2.10/24"), addr("lo", "192.0.2.11/32"),
                addr("lo", "2001:db8::10/64"), InterfaceAddress.host("lo", ip("192.0.2.10")).withLabel("lo:x"))) {
            KernelException e = catchThrowableOfType(() -> host.removeAddress(missing), KernelException.class);
            assertThat(e.errno()).as(missing.toString()).isEqualTo(Errno.EADDRNOTAVAIL);
        }
        host.removeAddress(addr("lo", "192.0.2.10/32"));
        host.removeAddress(addr("lo", "2001:db8::10/128"));
        assertThat(host.findAddress(ip("192.0.2.10"))).isEmpty();
        assertThat(host.findAddress(ip("2001:db8::10"))).isEmpty();
    }

    @Test
    void anUnknownInterfaceIsNotFound() {
        for (Runnable call : List.<Runnable>of(() -> host.addAddress(addr("eth9", "192.0.2.2/24")),
                () -> host.removeAddress(addr("eth9", "192.0.2.2/24")), () -> host.setLinkUp("eth9", true))) {
            InterfaceNotFoundException e = catchThrowableOfType(call::run, InterfaceNotFoundException.class);
            assertThat(e.interfaceName()).isEqualTo("eth9");
        }
        assertThat(catchThrowableOfType(() -> fake.addAddress(addr("eth9", "192.0.2.2/24")),
                InterfaceNotFoundException.class).errno()).isEqualTo(Errno.ENODEV);
    }

    @Test
    void ipv4AddressesGetTheInterfaceAsLabelAndIpv6ScopeFollowsTheAddress() {
        host.addAddress(addr("lo", "192.0.2.10/32"));
        host.addAddress(InterfaceAddress.host("lo", ip("192.0.2.11")).withLabel("lo:vip"));
        host.addAddress(addr("lo", "fe80::1/64").withScope(AddressScope.HOST));
        assertThat(host.findAddress(ip("192.0.2.10"))).singleElement()
                .satisfies(a -> assertThat(a.label()).contains("lo"));
        assertThat(host.findAddress(ip("192.0.2.11"))).singleElement()
                .satisfies(a -> assertThat(a.label()).contains("lo:vip"));
        assertThat(host.findAddress(ip("fe80::1"))).singleElement()
                .satisfies(a -> assertThat(a.scope()).isEqualTo(AddressScope.LINK));
    }

    @Test
    void addressesAreListedIpv4FirstByInterfaceIndexInTheKernelsOrder() {
        eth0Up();
        host.addAddress(addr("eth0", "198.51.100.2/24"));
        host.addAddress(addr("eth0", "198.51.100.3/24")); // secondary: after every primary
        host.addAddress(addr("eth0", "192.0.2.2/24"));
        host.addAddress(addr("eth0", "10.0.0.1/8").withScope(AddressScope.HOST)); // host scope before global
        host.addAddress(addr("lo", "192.0.2.10/32"));
        host.addAddress(addr("eth0", "2001:db8::2/64"));
        host.addAddress(addr("eth0", "2001:db8::3/64")); // IPv6: the newest first within a scope
        assertThat(host.listAddresses()).extracting(a -> a.interfaceName() + " " + Addresses.format(a.address()))
                .containsExactly("lo 127.0.0.1", "lo 192.0.2.10", "eth0 10.0.0.1", "eth0 198.51.100.2",
                        "eth0 192.0.2.2", "eth0 198.51.100.3", "lo ::1", "eth0 2001:db8::3", "eth0 2001:db8::2",
                        "eth0 fe80::ff:fe00:2");
    }

    @Test
    void anAddressOnASubnetWithAnotherScopeIsInvalid() {
        host.addAddress(addr("lo", "192.0.2.10/24"));
        KernelException e = catchThrowableOfType(
                () -> host.addAddress(addr("lo", "192.0.2.11/24").withScope(AddressScope.HOST)), KernelException.class);
        assertThat(e.errno()).isEqualTo(Errno.EINVAL);
    }

    @Test
    void removingAPrimaryRemovesItsSecondaries() {
        eth0Up();
        host.addAddress(addr("eth0", "192.0.2.2/24"));
        host.addAddress(addr("eth0", "192.0.2.3/24"));
        host.addAddress(addr("eth0", "192.0.2.4/25")); // another mask: a primary of its own
        host.removeAddress(addr("eth0", "192.0.2.2/24"));
        assertThat(host.listAddresses("eth0")).extracting(InterfaceAddress::address)
                .containsExactly(ip("192.0.2.4"), ip("fe80::ff:fe00:2"));
        assertThat(host.route(ip("192.0.2.3"))).map(Route::type).contains(RouteType.UNICAST);
    }

    // ---- routes ---------------------------------------------------------------------------------------

    @Test
    void ownAddressesAreLocalThroughLoopbackWhetherTheirInterfaceIsUpOrNot() {
        fake.addLink("eth0", "eth");
        host.addAddress(addr("eth0", "192.0.2.2/24"));
        assertThat(host.route(ip("192.0.2.2"))).contains(new Route(ip("192.0.2.2"), RouteType.LOCAL,
                Optional.empty(), Optional.of("lo"), Optional.of(ip("192.0.2.2"))));
        assertThat(host.route(ip("192.0.2.3"))).isEmpty(); // down: its prefix is not reachable
        host.setLinkUp("eth0", true);
        host.setLinkUp("eth0", false);
        assertThat(host.route(ip("192.0.2.2"))).map(Route::type).contains(RouteType.LOCAL);
        assertThat(host.route(ip("192.0.2.3"))).isEmpty();
    }

    @Test
    void loopbacksPrefixIsLocal() {
        assertThat(host.route(ip("127.1.2.3"))).contains(new Route(ip("127.1.2.3"), RouteType.LOCAL, Optional.empty(),
                Optional.of("lo"), Optional.of(ip("127.0.0.1"))));
        assertThat(host.route(ip("::1"))).map(Route::type).contains(RouteType.LOCAL);
        host.addAddress(addr("lo", "192.0.2.10/24")); // the classic DR mistake: the whole /24 becomes local
        assertThat(host.route(ip("192.0.2.99"))).map(Route::type).contains(RouteType.LOCAL);
    }

    @Test
    void connectedPrefixesAreOnLinkWhileTheInterfaceIsUp() {
        fake.addLink("eth0", "eth");
        host.addAddress(addr("eth0", "192.0.2.2/24"));
        host.addAddress(addr("eth0", "2001:db8::2/64"));
        host.setLinkUp("eth0", true);
        Route v4 = host.route(ip("192.0.2.11")).orElseThrow();
        assertThat(v4).isEqualTo(new Route(ip("192.0.2.11"), RouteType.UNICAST, Optional.empty(), Optional.of("eth0"),
                Optional.of(ip("192.0.2.2"))));
        assertThat(v4.onLink()).isTrue();
        assertThat(host.route(ip("2001:db8::11"))).contains(new Route(ip("2001:db8::11"), RouteType.UNICAST,
                Optional.empty(), Optional.of("eth0"), Optional.of(ip("2001:db8::2"))));
        assertThat(host.route(ip("2001:db8::2"))).map(Route::type).contains(RouteType.LOCAL);
        host.setLinkUp("eth0", false);
        assertThat(host.route(ip("192.0.2.11"))).isEmpty();
        assertThat(host.route(ip("2001:db8::11"))).isEmpty();
        host.setLinkUp("eth0", true);
        assertThat(host.route(ip("192.0.2.11"))).isPresent();
        assertThat(host.route(ip("2001:db8::11"))).isEmpty(); // its IPv6 address went when it was down
    }

    @Test
    void anIpv4HostAddressMakesNoPrefixRoute() {
        eth0Up();
        host.addAddress(addr("eth0", "192.0.2.2/32"));
        assertThat(host.route(ip("192.0.2.3"))).isEmpty();
    }

    @Test
    void routesThroughAGatewayUseTheLongestPrefix() {
        eth0Up();
        fake.addLink("eth1", "eth");
        host.setLinkUp("eth1", true);
        host.addAddress(addr("eth0", "192.0.2.2/24"));
        host.addAddress(addr("eth1", "198.51.100.2/24"));
        fake.addRoute("0.0.0.0/0", Optional.of(ip("192.0.2.1")), "eth0");
        fake.addRoute("203.0.113.0/24", Optional.of(ip("198.51.100.1")), "eth1");
        assertThat(host.route(ip("8.8.8.8"))).contains(new Route(ip("8.8.8.8"), RouteType.UNICAST,
                Optional.of(ip("192.0.2.1")), Optional.of("eth0"), Optional.of(ip("192.0.2.2"))));
        Route r = host.route(ip("203.0.113.7")).orElseThrow();
        assertThat(r.gateway()).contains(ip("198.51.100.1"));
        assertThat(r.interfaceName()).contains("eth1");
        assertThat(r.onLink()).isFalse();
        assertThat(host.route(ip("198.51.100.7")).orElseThrow().onLink()).isTrue();
        host.setLinkUp("eth1", false); // the kernel drops routes through an interface that goes down
        assertThat(host.route(ip("203.0.113.7")).orElseThrow().gateway()).contains(ip("192.0.2.1"));
    }

    @Test
    void ipv6RoutesThroughAGateway() {
        eth0Up();
        host.addAddress(addr("eth0", "2001:db8::2/64"));
        fake.addRoute("::/0", Optional.of(ip("fe80::1")), "eth0");
        assertThat(host.route(ip("2001:db8:1::7"))).contains(new Route(ip("2001:db8:1::7"), RouteType.UNICAST,
                Optional.of(ip("fe80::1")), Optional.of("eth0"), Optional.of(ip("2001:db8::2"))));
    }

    @Test
    void addRouteChecksItsGatewayAndInterface() {
        fake.addLink("eth0", "eth");
        assertThatThrownBy(() -> fake.addRoute("0.0.0.0/0", Optional.of(ip("192.0.2.1")), "eth0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("down");
        host.setLinkUp("eth0", true);
        host.addAddress(addr("eth0", "192.0.2.2/24"));
        assertThatThrownBy(() -> fake.addRoute("0.0.0.0/0", Optional.of(ip("198.51.100.1")), "eth0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not on a network");
        assertThatThrownBy(() -> fake.addRoute("::/0", Optional.of(ip("192.0.2.1")), "eth0"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fake.addRoute("192.0.2.0/24", Optional.empty(), "eth0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already");
        assertThatThrownBy(() -> fake.addRoute("0.0.0.0/0", Optional.empty(), "eth9"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRouteStraightThroughAnInterfaceIsOnLink() {
        eth0Up();
        host.addAddress(addr("eth0", "192.0.2.2/24"));
        fake.addRoute("198.51.100.0/24", Optional.empty(), "eth0");
        assertThat(host.route(ip("198.51.100.9"))).contains(new Route(ip("198.51.100.9"), RouteType.UNICAST,
                Optional.empty(), Optional.of("eth0"), Optional.of(ip("192.0.2.2"))));
    }

    @Test
    void noRouteIsEmpty() {
        assertThat(host.route(ip("192.0.2.1"))).isEmpty();
        assertThat(host.route(ip("2001:db8::1"))).isEmpty();
    }

    @Test
    void anIpv6PrefixOnLoopbackIsARejectRoute() {
        host.addAddress(addr("lo", "2001:db8::10/64"));
        assertThat(host.route(ip("2001:db8::10"))).map(Route::type).contains(RouteType.LOCAL);
        assertThat(host.route(ip("2001:db8::11"))).isEmpty();
    }

    // ---- settings -------------------------------------------------------------------------------------

    @Test
    void settingsOfMissingInterfacesOrOfAnUnloadedIpvsAreAbsentAndNotWritable() {
        Setting eth9 = Setting.of(Sysctl.ARP_IGNORE, "eth9");
        Setting vs = Setting.of(Sysctl.VS_CONNTRACK);
        assertThat(host.readSettings(List.of(eth9, vs, Setting.all(Sysctl.ARP_IGNORE))))
                .containsOnlyKeys(vs, Setting.all(Sysctl.ARP_IGNORE));
        assertThat(catchThrowableOfType(() -> host.writeSetting(eth9, 1), KernelException.class).errno())
                .isEqualTo(Errno.ENOENT);
        host.writeSetting(vs, 1);
        fake.unloadIpvs();
        assertThat(fake.ipvsLoaded()).isFalse();
        assertThat(host.readSetting(vs)).isEmpty();
        assertThat(catchThrowableOfType(() -> host.writeSetting(vs, 1), KernelException.class).errno())
                .isEqualTo(Errno.ENOENT);
        fake.loadIpvs();
        assertThat(host.readSetting(vs)).hasValue(0);
    }

    @Test
    void rangesAreCheckedByHostBeforeTheFake() {
        assertThatThrownBy(() -> host.writeSetting(Setting.all(Sysctl.ARP_ANNOUNCE), 3))
                .isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void newInterfacesCopyDefault() {
        host.writeSetting(Setting.of(Sysctl.RP_FILTER, Setting.DEFAULT), 2);
        host.writeSetting(Setting.of(Sysctl.IPV6_FORWARDING, Setting.DEFAULT), 1);
        fake.addLink("eth0", "eth");
        assertThat(host.readSetting(Setting.of(Sysctl.RP_FILTER, "eth0"))).hasValue(2);
        assertThat(host.readSetting(Setting.of(Sysctl.IPV6_FORWARDING, "eth0"))).hasValue(1);
        assertThat(host.readSetting(Setting.of(Sysctl.ARP_IGNORE, "eth0"))).hasValue(0);
    }

    @Test
    void writingDefaultReachesInterfacesWhereTheSettingWasNeverWritten() {
        fake.addLink("eth0", "eth");
        fake.addLink("eth1", "eth");
        host.writeSetting(Setting.of(Sysctl.ARP_IGNORE, "eth1"), 2);
        host.writeSetting(Setting.of(Sysctl.ARP_IGNORE, Setting.DEFAULT), 1);
        assertThat(host.readSetting(Setting.of(Sysctl.ARP_IGNORE, "eth0"))).hasValue(1);
        assertThat(host.readSetting(Setting.of(Sysctl.ARP_IGNORE, "eth1"))).hasValue(2);
        assertThat(host.readSetting(Setting.of(Sysctl.ARP_IGNORE, "lo"))).hasValue(0); // marked written when up
        fake.addLink("eth2", "eth"); // copies default and its written marks
        host.writeSetting(Setting.of(Sysctl.ARP_IGNORE, Setting.DEFAULT), 3);
        assertThat(host.readSetting(Setting.of(Sysctl.ARP_IGNORE, "eth0"))).hasValue(3);
        assertThat(host.readSetting(Setting.of(Sysctl.ARP_IGNORE, "eth2"))).hasValue(1);
    }

    @Test
    void writingAllChangesOnlyAllExceptForwarding() {
        fake.addLink("eth0", "eth");
        host.writeSetting(Setting.all(Sysctl.ARP_IGNORE), 1);
        assertThat(host.readSetting(Setting.of(Sysctl.ARP_IGNORE, "eth0"))).hasValue(0);
        assertThat(host.readSetting(Setting.of(Sysctl.ARP_IGNORE, Setting.DEFAULT))).hasValue(0);
        assertThat(host.readEffective(Sysctl.ARP_IGNORE, "eth0")).hasValue(1);
    }

    @Test
    void ipv4ForwardingOfAllOrIpForwardSetsEveryInterfaceWhenItChanges() {
        fake.addLink("eth0", "eth");
        host.writeSetting(Setting.all(Sysctl.FORWARDING), 1);
        for (String d : List.of(Setting.ALL, Setting.DEFAULT, "lo", "eth0")) {
            assertThat(host.readSetting(Setting.of(Sysctl.FORWARDING, d))).as(d).hasValue(1);
        }
        assertThat(host.readSetting(Setting.of(Sysctl.IP_FORWARD))).hasValue(1);
        assertThat(host.readSetting(Setting.of(Sysctl.IPV6_FORWARDING, "eth0"))).hasValue(0);
        host.writeSetting(Setting.of(Sysctl.FORWARDING, "eth0"), 0);
        host.writeSetting(Setting.of(Sysctl.IP_FORWARD), 1); // no change: eth0 keeps its own value
        assertThat(host.readSetting(Setting.of(Sysctl.FORWARDING, "eth0"))).hasValue(0);
        host.writeSetting(Setting.of(Sysctl.IP_FORWARD), 0);
        host.writeSetting(Setting.of(Sysctl.FORWARDING, "eth0"), 1);
        host.writeSetting(Setting.of(Sysctl.FORWARDING, Setting.DEFAULT), 1); // only default
        assertThat(host.readSetting(Setting.all(Sysctl.FORWARDING))).hasValue(0);
        assertThat(host.readSetting(Setting.of(Sysctl.FORWARDING, "lo"))).hasValue(0);
    }

    @Test
    void ipv6ForwardingOfAllSetsEveryInterfaceAndDefaultAlways() {
        fake.addLink("eth0", "eth");
        host.writeSetting(Setting.all(Sysctl.IPV6_FORWARDING), 1);
        host.writeSetting(Setting.of(Sysctl.IPV6_FORWARDING, "eth0"), 0);
        host.writeSetting(Setting.all(Sysctl.IPV6_FORWARDING), 1); // unchanged, and still reaches eth0
        for (String d : List.of(Setting.ALL, Setting.DEFAULT, "lo", "eth0")) {
            assertThat(host.readSetting(Setting.of(Sysctl.IPV6_FORWARDING, d))).as(d).hasValue(1);
        }
        assertThat(host.readSetting(Setting.of(Sysctl.IP_FORWARD))).hasValue(0);
    }

    // ---- announcements --------------------------------------------------------------------------------

    @Test
    void announcementsAreRecorded() {
        eth0Up();
        host.addAddress(addr("eth0", "192.0.2.10/24"));
        host.announce("eth0", ip("192.0.2.10"), 3, Duration.ofMillis(500));
        assertThat(fake.announcements()).containsExactly(
                new FakeHost.Announcement("eth0", ip("192.0.2.10"), 3, Duration.ofMillis(500)));
    }

    @Test
    void hostRefusesAnnouncingOnADownLoopbackOrNoArpLink() {
        fake.addLink("eth0", "eth");
        fake.addLink("dummy0", "dummy");
        host.setLinkUp("dummy0", true);
        for (String name : List.of("eth0", "lo", "dummy0")) {
            assertThatThrownBy(() -> host.announce(name, ip("192.0.2.10"), 1, Duration.ZERO))
                    .as(name).isInstanceOf(InvalidConfigurationException.class);
        }
        assertThatThrownBy(() -> host.announce("eth9", ip("192.0.2.10"), 1, Duration.ZERO))
                .isInstanceOf(InterfaceNotFoundException.class);
        assertThat(catchThrowableOfType(() -> fake.announce("eth9", ip("192.0.2.10"), 1, Duration.ZERO),
                InterfaceNotFoundException.class).errno()).isEqualTo(Errno.ENODEV);
        assertThat(fake.announcements()).isEmpty();
    }

    // ---- the facade -----------------------------------------------------------------------------------

    @Test
    void aClosedFakeRefusesCalls() {
        host.close();
        assertThatThrownBy(fake::listLinks).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> fake.addLink("eth0", "eth")).isInstanceOf(IllegalStateException.class);
        assertThat(fake.announcements()).isEmpty();
    }

    @Test
    void manyThreadsSeeAConsistentHost() throws InterruptedException {
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            int n = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    host.addAddress(addr("lo", "10." + n + ".0." + i + "/32"));
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(host.listAddresses("lo")).hasSize(2 + 200);
        assertThat(host.readSetting(Setting.of(Sysctl.IP_FORWARD))).isEqualTo(OptionalInt.of(0));
    }
}
