package io.github.ipvs4j.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.KernelException;
import io.github.ipvs4j.spi.TransportOptions;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The host transport against the real kernel, in two namespaces joined by a veth pair (h1a in ns1,
 * 198.51.100.1/24 and 2001:db8:5::1/64; h2a in ns2, .2 and ::2), each compared with what {@code ip}
 * and {@code sysctl} say.
 */
class HostKernelIT extends KernelSupport {
    private static final String NS1 = "ipvs4j-h1";
    private static final String NS2 = "ipvs4j-h2";
    private static final String STALE_MAC = "02:00:00:00:00:99";

    private NetlinkHostTransport host;

    @BeforeEach
    void createNamespaces() {
        shell("ip netns del " + NS1 + "; ip netns del " + NS2);
        sh("ip netns add " + NS1 + " && ip netns add " + NS2
                + " && ip link add h1a netns " + NS1 + " type veth peer name h2a netns " + NS2
                + " && ip -n " + NS1 + " link set lo up && ip -n " + NS2 + " link set lo up"
                + " && ip -n " + NS1 + " addr add 198.51.100.1/24 dev h1a"
                + " && ip -n " + NS2 + " addr add 198.51.100.2/24 dev h2a"
                + " && ip -n " + NS1 + " addr add 2001:db8:5::1/64 dev h1a nodad"
                + " && ip -n " + NS2 + " addr add 2001:db8:5::2/64 dev h2a nodad"
                + " && ip -n " + NS1 + " link set h1a up && ip -n " + NS2 + " link set h2a up"
                + " && ip -n " + NS1 + " route add 203.0.113.0/24 via 198.51.100.2"
                + " && ip -n " + NS1 + " -6 route add 2001:db8:7::/48 via 2001:db8:5::2");
        awaitOperationallyUp(NS1, "h1a");
        awaitOperationallyUp(NS2, "h2a");
        host = NetlinkHostTransport.open(TransportOptions.DEFAULTS.withNetworkNamespace(NS1));
    }

    /**
     * Waits (up to 5 s) until the kernel has activated a device it just brought up: until then (its link
     * watcher runs up to a second later) the device drops what is sent on it, announcements included.
     */
    private static void awaitOperationallyUp(String namespace, String device) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!"UP".equals(ipJson(namespace, "link show dev " + device).get(0).get("operstate"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(device + " in " + namespace + " did not come up within 5 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @AfterEach
    void deleteNamespaces() {
        if (host != null) {
            host.close();
        }
        sh("ip netns del " + NS1 + " && ip netns del " + NS2);
    }

    private static InetAddress ip(String literal) {
        return Addresses.parse(literal, IllegalArgumentException::new);
    }

    private static List<Map<String, Object>> ipJson(String namespace, String args) {
        return Json.objects(sh("ip -n " + namespace + " -j " + args));
    }

    @Test
    void linksAreWhatIpLinkShows() {
        List<String> expected = new ArrayList<>();
        for (Map<String, Object> l : ipJson(NS1, "-d link show")) {
            @SuppressWarnings("unchecked")
            List<String> flags = (List<String>) l.get("flags");
            @SuppressWarnings("unchecked")
            Map<String, Object> info = (Map<String, Object>) l.get("linkinfo");
            String type = (String) l.get("link_type");
            String mac = "ether".equals(type) || "loopback".equals(type) ? (String) l.get("address") : "-";
            expected.add(l.get("ifindex") + " " + l.get("ifname") + " " + (info == null ? "-" : info.get("info_kind"))
                    + " up=" + flags.contains("UP") + " lo=" + flags.contains("LOOPBACK") + " noarp="
                    + flags.contains("NOARP") + " " + mac + " " + l.get("mtu"));
        }
        List<String> actual = new ArrayList<>();
        for (Link l : host.listLinks()) {
            boolean ether = l.hardwareAddress().map(h -> h.bytes().length == 6).orElse(false);
            actual.add(l.index() + " " + l.name() + " " + l.kind().orElse("-") + " up=" + l.up() + " lo="
                    + l.loopback() + " noarp=" + l.noArp() + " "
                    + (ether ? l.hardwareAddress().get().text() : "-") + " " + l.mtu());
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(actual).anyMatch(s -> s.contains(" h1a veth up=true"));
    }

    @Test
    void addressesAreWhatIpAddrShows() {
        sh("ip -n " + NS1 + " addr add 192.0.2.7/32 dev lo label lo:x && ip -n " + NS1
                + " addr add 192.0.2.8/32 dev lo");
        assertThat(host.listAddresses().stream().map(HostKernelIT::describe).toList()).isEqualTo(ipAddresses(NS1));
    }

    /** IPv4 before IPv6, each in interface order, as ip lists them within an interface. */
    private static List<String> ipAddresses(String namespace) {
        List<String> out = new ArrayList<>();
        List<Map<String, Object>> links = ipJson(namespace, "addr show");
        for (String family : List.of("inet", "inet6")) {
            for (Map<String, Object> l : links) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> infos = (List<Map<String, Object>>) l.get("addr_info");
                for (Map<String, Object> a : infos) {
                    if (family.equals(a.get("family"))) {
                        out.add(l.get("ifname") + " " + ip((String) a.get("local")).getHostAddress() + "/"
                                + a.get("prefixlen") + " " + a.get("scope") + " "
                                + (a.containsKey("label") ? a.get("label") : "-"));
                    }
                }
            }
        }
        return out;
    }

    private static String describe(InterfaceAddress a) {
        return a.interfaceName() + " " + a.address().getHostAddress() + "/" + a.prefixLength() + " " + a.scope() + " "
                + a.label().orElse("-");
    }

    @Test
    void addressesAreAddedAndRemoved() {
        InterfaceAddress v4 = InterfaceAddress.of("lo", "192.0.2.10/32").withLabel("lo:vip");
        InterfaceAddress v6 = InterfaceAddress.of("lo", "2001:db8::10/128");
        host.addAddress(v4);
        host.addAddress(v6);
        String shown = sh("ip -n " + NS1 + " -j addr show dev lo");
        assertThat(shown).contains("\"local\":\"192.0.2.10\",\"prefixlen\":32").contains("\"label\":\"lo:vip\"")
                .contains("\"local\":\"2001:db8::10\",\"prefixlen\":128");
        assertThat(host.listAddresses()).contains(v4, v6);
        for (InterfaceAddress a : List.of(v4, v6)) {
            assertThatThrownBy(() -> host.addAddress(a)).isInstanceOf(AlreadyExistsException.class)
                    .hasMessageContaining(Addresses.format(a.address()) + "/" + a.prefixLength() + " on lo");
        }
        host.removeAddress(v4);
        host.removeAddress(v6);
        assertThat(sh("ip -n " + NS1 + " -j addr show dev lo")).doesNotContain("192.0.2.10")
                .doesNotContain("2001:db8::10");
        for (InterfaceAddress a : List.of(v4, v6)) {
            assertThatThrownBy(() -> host.removeAddress(a)).isInstanceOf(KernelException.class)
                    .satisfies(e -> assertThat(((KernelException) e).errno()).isEqualTo(Errno.EADDRNOTAVAIL));
        }
        assertThatThrownBy(() -> host.addAddress(InterfaceAddress.of("nosuch0", "192.0.2.11/32")))
                .isInstanceOf(InterfaceNotFoundException.class).hasMessageContaining("nosuch0")
                .satisfies(e -> assertThat(((InterfaceNotFoundException) e).interfaceName()).isEqualTo("nosuch0"));
        assertThatThrownBy(() -> host.removeAddress(InterfaceAddress.of("nosuch0", "192.0.2.11/32")))
                .isInstanceOf(InterfaceNotFoundException.class).hasMessageContaining("nosuch0");
    }

    @Test
    void linksAreSetUpAndDown() {
        sh("ip -n " + NS1 + " link add d0 type dummy");
        host.setLinkUp("d0", true);
        assertThat(sh("ip -n " + NS1 + " -j link show d0")).contains("\"UP\"");
        assertThat(host.listLinks()).filteredOn(l -> l.name().equals("d0")).singleElement()
                .satisfies(l -> assertThat(l.up()).isTrue());
        host.setLinkUp("d0", false);
        assertThat(sh("ip -n " + NS1 + " -j link show d0")).doesNotContain("\"UP\"");
        assertThatThrownBy(() -> host.setLinkUp("nosuch0", true)).isInstanceOf(InterfaceNotFoundException.class)
                .hasMessageContaining("nosuch0");
    }

    @Test
    void routesAreWhatIpRouteGetSays() {
        for (String destination : List.of("198.51.100.2", "203.0.113.9", "198.51.100.1", "2001:db8:5::2",
                "2001:db8:7::1", "2001:db8:5::1")) {
            Map<String, Object> r = ipJson(NS1, "route get " + destination).get(0);
            Route expected = new Route(ip(destination),
                    r.containsKey("type") ? RouteType.valueOf(((String) r.get("type")).toUpperCase(Locale.ROOT))
                            : RouteType.UNICAST,
                    Optional.ofNullable((String) r.get("gateway")).map(HostKernelIT::ip),
                    Optional.ofNullable((String) r.get("dev")),
                    Optional.ofNullable((String) r.get("prefsrc")).map(HostKernelIT::ip));
            assertThat(host.route(ip(destination))).as(destination).contains(expected);
        }
        assertThat(host.route(ip("198.51.100.2")).orElseThrow().onLink()).isTrue();
        assertThat(host.route(ip("203.0.113.9")).orElseThrow().gateway()).contains(ip("198.51.100.2"));
        assertThat(host.route(ip("198.51.100.1")).orElseThrow().type()).isEqualTo(RouteType.LOCAL);
        assertThat(shell("ip -n " + NS1 + " route get 192.0.2.99").exit()).isNotZero();
        assertThat(host.route(ip("192.0.2.99"))).isEmpty();
        assertThat(host.route(ip("2001:db8:99::1"))).isEmpty();
    }

    /** IPv4 answers a lookup ending in a reject route with an errno, IPv6 with the route: both come back typed. */
    @Test
    void rejectRoutesComeBackWithTheirType() {
        sh("ip -n " + NS1 + " route add blackhole 203.0.113.128/25 && ip -n " + NS1 + " route add prohibit"
                + " 203.0.113.64/26 && ip -n " + NS1 + " route add unreachable 203.0.113.32/27 && ip -n " + NS1
                + " -6 route add blackhole 2001:db8:8::/48 && ip -n " + NS1 + " -6 route add prohibit 2001:db8:9::/48");
        assertThat(host.route(ip("203.0.113.129")).map(Route::type)).contains(RouteType.BLACKHOLE);
        assertThat(host.route(ip("203.0.113.65")).map(Route::type)).contains(RouteType.PROHIBIT);
        assertThat(host.route(ip("203.0.113.33")).map(Route::type)).contains(RouteType.UNREACHABLE);
        assertThat(host.route(ip("2001:db8:8::1")).map(Route::type)).contains(RouteType.BLACKHOLE);
        assertThat(host.route(ip("2001:db8:9::1")).map(Route::type)).contains(RouteType.PROHIBIT);
        assertThat(host.route(ip("203.0.113.1")).map(Route::type)).contains(RouteType.UNICAST); // the rest of /24
    }

    @Test
    void settingsAreWhatSysctlSays() {
        List<Setting> settings = List.of(Setting.all(Sysctl.ARP_IGNORE), Setting.of(Sysctl.ARP_IGNORE, "h1a"),
                Setting.of(Sysctl.IP_FORWARD), Setting.of(Sysctl.VS_EXPIRE_NODEST_CONN),
                Setting.of(Sysctl.IPV6_FORWARDING, "h1a"));
        String rootArpIgnore = sh("sysctl -n net.ipv4.conf.all.arp_ignore");
        host.writeSetting(Setting.all(Sysctl.ARP_IGNORE), 2);
        host.writeSetting(Setting.of(Sysctl.ARP_IGNORE, "h1a"), 1);
        host.writeSetting(Setting.of(Sysctl.IP_FORWARD), 1);
        host.writeSetting(Setting.of(Sysctl.VS_EXPIRE_NODEST_CONN), 1);
        Map<Setting, Integer> values = host.readSettings(settings);
        assertThat(values).hasSize(settings.size());
        for (Setting s : settings) {
            assertThat(values.get(s)).as(s.name())
                    .isEqualTo(Integer.parseInt(sh("ip netns exec " + NS1 + " sysctl -n " + s.name()).trim()));
        }
        assertThat(values).containsEntry(Setting.all(Sysctl.ARP_IGNORE), 2)
                .containsEntry(Setting.of(Sysctl.ARP_IGNORE, "h1a"), 1).containsEntry(Setting.of(Sysctl.IP_FORWARD), 1)
                .containsEntry(Setting.of(Sysctl.VS_EXPIRE_NODEST_CONN), 1);
        // The namespace's own values: the root namespace's are untouched.
        assertThat(sh("sysctl -n net.ipv4.conf.all.arp_ignore")).isEqualTo(rootArpIgnore);
        Setting missing = Setting.of(Sysctl.ARP_IGNORE, "nosuch0");
        assertThat(host.readSettings(List.of(missing, Setting.of(Sysctl.IP_FORWARD))))
                .containsOnlyKeys(Setting.of(Sysctl.IP_FORWARD));
        assertThatThrownBy(() -> host.writeSetting(missing, 1)).isInstanceOf(KernelException.class)
                .satisfies(e -> assertThat(((KernelException) e).errno()).isEqualTo(Errno.ENOENT))
                .hasMessageContaining("net.ipv4.conf.nosuch0.arp_ignore");
    }

    @Test
    void aNamespaceThatDoesNotExistIsAClearError() {
        assertThatThrownBy(() -> new NetlinkHostTransportProvider().open(
                TransportOptions.DEFAULTS.withNetworkNamespace("ipvs4j-nosuch")))
                .isInstanceOf(IpvsException.class).hasMessageContaining("/run/netns/ipvs4j-nosuch");
    }

    @Test
    void changesAreRefusedWithoutCapNetAdmin() {
        Result r = PermissionKernelIT.runAsNobody(HostPermissionProbe.class);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("read setting: succeeded")
                .contains("write setting: PermissionDeniedException errno 13")
                .contains("add address: PermissionDeniedException errno 1: add address 192.0.2.250/32 on lo");
        assertThat(sh("ip -j addr show dev lo")).doesNotContain("192.0.2.250");
    }

    @Test
    void aGratuitousArpUpdatesTheNeighbour() {
        sh("ip -n " + NS1 + " addr add 198.51.100.10/32 dev h1a"
                + " && ip -n " + NS2 + " neigh replace 198.51.100.10 lladdr " + STALE_MAC + " dev h2a nud stale");
        assertThat(neighbour("198.51.100.10")).isEqualTo(STALE_MAC);
        host.announce("h1a", ip("198.51.100.10"), 2, Duration.ofMillis(50));
        assertThat(awaitNeighbour("198.51.100.10")).isEqualTo(mac("h1a"));
    }

    @Test
    void anUnsolicitedNeighbourAdvertisementUpdatesTheNeighbour() {
        sh("ip -n " + NS1 + " addr add 2001:db8:5::10/128 dev h1a nodad"
                + " && ip -n " + NS2 + " -6 neigh replace 2001:db8:5::10 lladdr " + STALE_MAC + " dev h2a nud stale");
        assertThat(neighbour("2001:db8:5::10")).isEqualTo(STALE_MAC);
        host.announce("h1a", ip("2001:db8:5::10"), 1, Duration.ZERO);
        assertThat(awaitNeighbour("2001:db8:5::10")).isEqualTo(mac("h1a"));
    }

    private String mac(String interfaceName) {
        return host.listLinks().stream().filter(l -> l.name().equals(interfaceName)).findFirst()
                .flatMap(Link::hardwareAddress).map(HardwareAddress::text).orElseThrow();
    }

    /** The link-layer address of NS2's neighbour entry for {@code address} on h2a, or "" if it has none. */
    private static String neighbour(String address) {
        List<Map<String, Object>> entries = ipJson(NS2, "neigh show " + address + " dev h2a");
        return entries.isEmpty() ? "" : String.valueOf(entries.get(0).get("lladdr"));
    }

    /** {@link #neighbour} once it is no longer the stale address, waiting up to 5 s for the packet. */
    private static String awaitNeighbour(String address) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        String now = neighbour(address);
        while (now.equals(STALE_MAC) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            now = neighbour(address);
        }
        return now;
    }
}
