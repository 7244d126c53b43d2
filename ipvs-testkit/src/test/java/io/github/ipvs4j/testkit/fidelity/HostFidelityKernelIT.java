package io.github.ipvs4j.testkit.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.Host;
import io.github.ipvs4j.host.AddressScope;
import io.github.ipvs4j.host.InterfaceAddress;
import io.github.ipvs4j.host.Link;
import io.github.ipvs4j.host.Route;
import io.github.ipvs4j.host.Setting;
import io.github.ipvs4j.host.Sysctl;
import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.preflight.HostState;
import io.github.ipvs4j.preflight.Preflight;
import io.github.ipvs4j.preflight.Role;
import io.github.ipvs4j.spi.TransportOptions;
import io.github.ipvs4j.testkit.FakeHost;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The fake host against the real kernel: the same generated host states made on both (links,
 * addresses, settings, links up and down, through {@link Host} on each), then the same observations
 * (addresses, settings, routes) and the same preflight findings for DR and TUN real servers and DR
 * and NAT directors, IPv4 and IPv6. Every refusal must match too (exception type and errno). The
 * namespace has DAD off ({@code accept_dad} 0), which the fake does not model. Seeded:
 * {@code -Dipvs4j.seed=N} replays; the seed is printed.
 */
class HostFidelityKernelIT {
    private static final String NS = "ipvs4j-hostfid";
    private static final int CASES = Integer.getInteger("ipvs4j.hostFidelity.cases", 12);
    private static final int STEPS = 20;
    private static final List<Sysctl> INTERFACE_SETTINGS = List.of(Sysctl.ARP_IGNORE, Sysctl.ARP_ANNOUNCE,
            Sysctl.RP_FILTER, Sysctl.SEND_REDIRECTS, Sysctl.PROXY_ARP);
    private static final List<Sysctl> GLOBAL_SETTINGS = List.of(Sysctl.IP_FORWARD, Sysctl.VS_EXPIRE_NODEST_CONN,
            Sysctl.VS_EXPIRE_QUIESCENT_TEMPLATE, Sysctl.VS_CONNTRACK);
    private static final List<String> DEVICES = List.of(Setting.ALL, Setting.DEFAULT, "lo", "eth0", "eth1", "tunl0");
    private static final List<String> ADDRESSES = List.of("192.0.2.100/32", "192.0.2.100/24", "192.0.2.2/24",
            "192.0.2.3/24", "198.51.100.1/24", "198.51.100.100/32", "2001:db8::100/128", "2001:db8:1::1/64");
    private static final List<String> PROBES = List.of("192.0.2.11", "192.0.2.100", "198.51.100.11", "203.0.113.5",
            "127.0.0.5", "2001:db8::11", "2001:db8:1::11", "2001:db8::100");

    private static final IpvsConfig TABLE = IpvsConfig.of(
            ServiceConfig.of(VirtualService.builder(ServiceKey.tcp("192.0.2.100", 80)).persistence(60).build(),
                    RealServer.builder("192.0.2.11", 80).build(),
                    RealServer.builder("198.51.100.11", 80).forwarding(ForwardingMethod.NAT).build(),
                    RealServer.builder("203.0.113.5", 80).forwarding(ForwardingMethod.tunnel()).build()),
            ServiceConfig.of(VirtualService.builder(ServiceKey.tcp("2001:db8::100", 80)).build(),
                    RealServer.builder("2001:db8:1::11", 80).forwarding(ForwardingMethod.NAT).build()));
    private static final Preflight DIRECTOR = Preflight.builder(Role.DIRECTOR, ForwardingMethod.DR)
            .vip("192.0.2.100").table(TABLE).build();
    private static final List<Preflight> PREFLIGHTS = List.of(
            Preflight.builder(Role.REAL_SERVER, ForwardingMethod.DR).vip("192.0.2.100").vip("2001:db8::100").build(),
            Preflight.builder(Role.REAL_SERVER, ForwardingMethod.DR).vip("192.0.2.100").interfaceName("eth0").build(),
            Preflight.builder(Role.REAL_SERVER, ForwardingMethod.tunnel()).vip("192.0.2.100").build(),
            DIRECTOR,
            Preflight.builder(Role.DIRECTOR, ForwardingMethod.NAT).vip("192.0.2.100").vip("2001:db8::100")
                    .interfaceName("eth0").table(TABLE).build());

    private int checks;

    @Test
    void theFakeHostAgreesWithTheKernelOnEveryObservationAndFinding() throws Exception {
        long seed = Long.getLong("ipvs4j.seed", System.nanoTime());
        System.out.println("host fidelity: seed " + seed + " (-Dipvs4j.seed=" + seed + " replays)");
        SplittableRandom random = new SplittableRandom(seed);
        for (int c = 0; c < CASES; c++) {
            long caseSeed = random.nextLong();
            try {
                runCase(new SplittableRandom(caseSeed));
            } catch (AssertionError e) {
                throw new AssertionError("case " + c + " of seed " + seed + ": " + e.getMessage(), e);
            }
        }
        System.out.println("host fidelity: " + CASES + " host states, " + checks + " observations and findings"
                + " agreed");
    }

    private void runCase(SplittableRandom random) throws Exception {
        sh("ip netns add " + NS);
        // No DAD, as the fake models it: without this an IPv6 address of an interface with ARP stays
        // tentative (neither local nor a source) until the interface has carrier, then for about a second,
        // and the kernel ends that asynchronously. The veth pair made next inherits default's 0.
        sh("ip netns exec " + NS + " sh -c 'echo 0 > /proc/sys/net/ipv6/conf/all/accept_dad"
                + " && echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad'");
        // The hardware: a veth pair; ipip gives every namespace its tunl0.
        sh("ip -n " + NS + " link add eth0 address 02:00:00:00:00:0a type veth peer name eth1 address"
                + " 02:00:00:00:00:0b");
        FakeHost fake = FakeHost.create();
        try (Host real = Host.open(TransportOptions.DEFAULTS.withNetworkNamespace(NS));
                Host faked = Host.using(fake)) {
            // The fake gets the same links in the kernel's index order (the order of listings and findings).
            for (Link l : real.listLinks()) {
                switch (l.name()) {
                    case "lo" -> { }
                    case "tunl0" -> fake.addLink("tunl0", "ipip");
                    case "eth0", "eth1" -> fake.addLink(l.name(), "veth", l.hardwareAddress().orElseThrow());
                    default -> throw new AssertionError("unexpected interface " + l + " in a fresh namespace");
                }
            }
            real.setLinkUp("lo", true); // a fresh namespace's lo is down; the fake's starts up
            List<Host> both = List.of(real, faked);
            // Start both from the kernel's defaults, whatever this namespace inherited.
            for (Sysctl s : INTERFACE_SETTINGS) {
                for (String d : DEVICES) {
                    both.forEach(h -> h.writeSetting(Setting.of(s, d), s.kernelDefault()));
                }
            }
            for (Sysctl s : GLOBAL_SETTINGS) {
                both.forEach(h -> h.writeSetting(Setting.of(s), s.kernelDefault()));
            }
            both.forEach(h -> h.writeSetting(Setting.all(Sysctl.IPV6_FORWARDING), 0));
            compare(real, faked, "after the start");
            for (int step = 0; step < STEPS; step++) {
                String what = step(random, real, faked);
                compare(real, faked, "after step " + step + ": " + what);
            }
        } finally {
            sh("ip netns del " + NS);
        }
    }

    /** One random change, made on both; their outcomes must agree. */
    private String step(SplittableRandom random, Host real, Host faked) {
        int kind = random.nextInt(10);
        String what;
        Consumer<Host> change;
        if (kind < 4) {
            Sysctl s = INTERFACE_SETTINGS.get(random.nextInt(INTERFACE_SETTINGS.size()));
            Setting setting = Setting.of(s, DEVICES.get(random.nextInt(DEVICES.size())));
            int value = s.min() + random.nextInt(Math.min(s.max(), 3) - s.min() + 1);
            what = "set " + setting + " = " + value;
            change = h -> h.writeSetting(setting, value);
        } else if (kind == 4) {
            Setting setting = random.nextBoolean() ? Setting.of(GLOBAL_SETTINGS.get(random.nextInt(4)))
                    : Setting.of(Sysctl.FORWARDING, DEVICES.get(random.nextInt(DEVICES.size())));
            int value = random.nextInt(2);
            what = "set " + setting + " = " + value;
            change = h -> h.writeSetting(setting, value);
        } else if (kind == 5) {
            String link = List.of("eth0", "eth1", "tunl0").get(random.nextInt(3));
            boolean up = random.nextInt(4) != 0;
            what = "link " + link + (up ? " up" : " down");
            change = h -> h.setLinkUp(link, up);
        } else if (kind < 9) {
            String device = List.of("lo", "eth0", "eth0", "eth1", "tunl0").get(random.nextInt(5));
            InterfaceAddress a = InterfaceAddress.of(device, ADDRESSES.get(random.nextInt(ADDRESSES.size())));
            what = "add " + a;
            change = h -> h.addAddress(a);
        } else {
            List<InterfaceAddress> present = real.listAddresses().stream().filter(HostFidelityKernelIT::generated)
                    .toList();
            if (present.isEmpty()) {
                return "nothing to remove";
            }
            InterfaceAddress a = present.get(random.nextInt(present.size()));
            InterfaceAddress plain = InterfaceAddress.of(a.interfaceName(), a.address(), a.prefixLength());
            what = "remove " + plain;
            change = h -> h.removeAddress(plain);
        }
        String realOutcome = outcome(real, change);
        String fakeOutcome = outcome(faked, change);
        assertThat(fakeOutcome).as("outcome of %s", what).isEqualTo(realOutcome);
        checks++;
        return what + " (" + realOutcome + ")";
    }

    private static boolean generated(InterfaceAddress a) {
        return ADDRESSES.stream()
                .anyMatch(x -> InterfaceAddress.of(a.interfaceName(), x).address().equals(a.address()));
    }

    private static String outcome(Host host, Consumer<Host> change) {
        try {
            change.accept(host);
            return "ok";
        } catch (IpvsException e) {
            return e.getClass().getSimpleName() + " errno " + e.errno();
        }
    }

    private void compare(Host real, Host faked, String when) {
        // One observation per host serves every preflight: they read the same settings, and only the
        // directors' (all with the same table) use the routes.
        HostState realState = DIRECTOR.observe(real);
        HostState fakeState = DIRECTOR.observe(faked);
        assertThat(names(fakeState.links())).as("links %s", when).isEqualTo(names(realState.links()));
        assertThat(comparable(fakeState.addresses())).as("addresses %s", when)
                .isEqualTo(comparable(realState.addresses()));
        assertThat(fakeState.settings()).as("settings %s", when).isEqualTo(realState.settings());
        for (String probe : PROBES) {
            InetAddress to = Addresses.parse(probe);
            assertThat(route(faked.route(to))).as("route to %s %s", probe, when).isEqualTo(route(real.route(to)));
        }
        for (Preflight p : PREFLIGHTS) {
            assertThat(p.evaluate(fakeState).findings()).as("findings of %s %s", p, when)
                    .isEqualTo(p.evaluate(realState).findings());
        }
        checks += 3 + PROBES.size() + PREFLIGHTS.size();
    }

    private static List<String> names(List<Link> links) {
        List<String> names = new ArrayList<>();
        links.forEach(l -> names.add(l.name() + (l.up() ? " up" : " down") + (l.noArp() ? " noarp" : "")
                + (l.loopback() ? " loopback" : "")));
        return names;
    }

    /**
     * Addresses as compared: IPv6 link-local addresses are left out (the kernel adds them only once a
     * link has carrier and after duplicate address detection, which the fake does not model).
     */
    private static List<String> comparable(List<InterfaceAddress> addresses) {
        return addresses.stream().filter(a -> !(a.scope().equals(AddressScope.LINK)))
                .map(a -> a.toString() + " label " + a.label().orElse("-")).toList();
    }

    private static String route(Optional<Route> route) {
        return route.map(Route::toString).orElse("no route");
    }

    private static void sh(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(command + ": " + out);
        }
    }
}
