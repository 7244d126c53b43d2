package io.github.ipvs4j.examples.preflight;

import static io.github.ipvs4j.examples.Netns.batch;
import static io.github.ipvs4j.examples.Netns.sh;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.Host;
import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.apply.Reconciler;
import io.github.ipvs4j.examples.Netns;
import io.github.ipvs4j.host.HostChange;
import io.github.ipvs4j.host.InterfaceAddress;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.preflight.Finding;
import io.github.ipvs4j.preflight.Preflight;
import io.github.ipvs4j.preflight.PreflightFix;
import io.github.ipvs4j.preflight.Role;
import io.github.ipvs4j.preflight.Severity;
import io.github.ipvs4j.rules.IpvsadmRules;
import io.github.ipvs4j.spi.TransportOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clusters of the tutorials built on the real kernel with every cluster setting made by ipvs4j: the
 * machines are network namespaces cabled by {@code ip} (the hardware), and the VIPs, ARP and forwarding
 * settings and IPVS tables come from {@code lvs-preflight}, {@link Preflight} and the {@link Reconciler}.
 * Then clients' HTTP requests through the VIP reach both real servers.
 */
class PreflightKernelIT {
    private static final String DR_VIP = "192.0.2.100";
    private static final String NAT_VIP = "203.0.113.100";

    @TempDir
    Path dir;

    @BeforeEach
    @AfterEach
    void clean() {
        Netns.clean();
    }

    /**
     * LVS-DR: director, two real servers and a client on one switch in 192.0.2.0/24, so the client ARPs
     * for the VIP itself and only the director may answer.
     */
    @Test
    void drClusterSetUpByPreflightServesThroughTheDirector() throws Exception {
        Netns.bridge("pfd-br");
        for (String[] m : new String[][] {{"pfd-dir", "192.0.2.1"}, {"pfd-rs1", "192.0.2.11"},
                {"pfd-rs2", "192.0.2.12"}, {"pfd-cl", "192.0.2.50"}}) {
            Netns.namespace(m[0]);
            Netns.plug(m[0], "eth0", "pfd-br", m[1] + "/24", null);
        }
        Netns.httpd("pfd-rs1", "rs1");
        Netns.httpd("pfd-rs2", "rs2");

        // rs1 through the command line: bare, it has neither the VIP nor the ARP settings.
        Cli check = cli("--role", "real-server", "--mode", "dr", "--vip", DR_VIP, "--netns", "pfd-rs1");
        assertThat(check.status()).as(check.toString()).isEqualTo(1);
        assertThat(check.out())
                .contains("error  VIP 192.0.2.100 is not on this host, needs 192.0.2.100/32 on lo")
                .contains("error  net.ipv4.conf.all.arp_ignore is 0")
                .contains("error  net.ipv4.conf.all.arp_announce is 0");
        Cli fix = cli("--role", "real-server", "--mode", "dr", "--vip", DR_VIP, "--netns", "pfd-rs1", "--fix");
        assertThat(fix.status()).as(fix.toString()).isZero();
        assertThat(fix.out()).contains("changed: add address 192.0.2.100/32 on lo",
                "changed: set net.ipv4.conf.all.arp_ignore = 1", "changed: set net.ipv4.conf.all.arp_announce = 2");
        // What the kernel has now, seen by ip and sysctl.
        assertThat(sh("ip", "-n", "pfd-rs1", "-o", "addr", "show", "dev", "lo")).contains("inet 192.0.2.100/32");
        assertThat(sh("ip", "netns", "exec", "pfd-rs1", "sysctl", "-n", "net.ipv4.conf.all.arp_ignore",
                "net.ipv4.conf.all.arp_announce")).isEqualTo("1\n2\n");

        // rs2 through the Java API.
        Preflight realServer = Preflight.builder(Role.REAL_SERVER, ForwardingMethod.DR).vip(DR_VIP).build();
        try (Host rs2 = Host.open(in("pfd-rs2"))) {
            PreflightFix done = realServer.fix(rs2);
            assertThat(done.before().ready()).isFalse();
            assertThat(done.after().ready()).as(done.after().toString()).isTrue();
        }

        // The director: the VIP from its preflight, the table from the Reconciler, both in its namespace.
        IpvsConfig table = table(DR_VIP, ForwardingMethod.DR, "192.0.2.11", "192.0.2.12");
        Preflight director = Preflight.builder(Role.DIRECTOR, ForwardingMethod.DR).vip(DR_VIP).table(table).build();
        String directorMac;
        try (Host host = Host.open(in("pfd-dir")); Ipvs ipvs = Ipvs.open(in("pfd-dir"))) {
            PreflightFix done = director.fix(host);
            assertThat(done.before().ready()).isFalse();
            assertThat(done.applied()).contains(new HostChange.AddAddress(InterfaceAddress.host("eth0",
                    InetAddress.getByName(DR_VIP))));
            assertThat(done.after().ready()).as(done.after().toString()).isTrue();
            Reconciler.of(ipvs).apply(table);
            directorMac = host.getLink("eth0").orElseThrow().hardwareAddress().orElseThrow().toString();
        }

        assertThat(answers("pfd-cl", "http://" + DR_VIP + "/", 4)).containsOnly("rs1", "rs2").contains("rs1", "rs2");
        // The client reached the VIP through the director's MAC address: no real server answered its ARP.
        assertThat(Netns.neighbour("pfd-cl", DR_VIP)).isEqualTo(directorMac);

        // Undo one setting by hand: the preflight names exactly that one.
        sh("ip", "netns", "exec", "pfd-rs1", "sysctl", "-qw", "net.ipv4.conf.all.arp_ignore=0");
        try (Host rs1 = Host.open(in("pfd-rs1"))) {
            assertThat(realServer.check(rs1).findings(Severity.ERROR)).extracting(Finding::subject)
                    .containsExactly("net.ipv4.conf.all.arp_ignore");
        }
        Cli again = cli("--role", "real-server", "--mode", "dr", "--vip", DR_VIP, "--netns", "pfd-rs1");
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.out().lines().filter(l -> l.startsWith("error"))).singleElement().asString()
                .startsWith("error  net.ipv4.conf.all.arp_ignore is 0");
    }

    /**
     * LVS-NAT: the director routes between the clients' network (203.0.113.0/24) and the real servers'
     * (198.51.100.0/24), whose default route it is; forwarding is off until its preflight fixes it.
     */
    @Test
    void natClusterForwardsOnlyAfterTheDirectorsFix() throws Exception {
        Netns.bridge("pfn-front");
        Netns.bridge("pfn-back");
        Netns.namespace("pfn-dir");
        Netns.plug("pfn-dir", "eth0", "pfn-front", "203.0.113.1/24", null);
        Netns.plug("pfn-dir", "eth1", "pfn-back", "198.51.100.1/24", null);
        Netns.namespace("pfn-cl");
        Netns.plug("pfn-cl", "eth0", "pfn-front", "203.0.113.2/24", "203.0.113.1");
        for (int i = 1; i <= 2; i++) {
            Netns.namespace("pfn-rs" + i);
            Netns.plug("pfn-rs" + i, "eth0", "pfn-back", "198.51.100.1" + i + "/24", "198.51.100.1");
            Netns.httpd("pfn-rs" + i, "rs" + i);
        }
        IpvsConfig table = table(NAT_VIP, ForwardingMethod.NAT, "198.51.100.11", "198.51.100.12");
        Path rules = Files.writeString(dir.resolve("nat.rules"), IpvsadmRules.format(table));

        // A NAT real server needs nothing on itself.
        Cli rs = cli("--role", "real-server", "--mode", "nat", "--vip", NAT_VIP, "--netns", "pfn-rs1");
        assertThat(rs.status()).as(rs.toString()).isZero();
        assertThat(rs.out()).startsWith("ok     NAT real server");

        Cli check = cli("--role", "director", "--mode", "nat", "--vip", NAT_VIP, "--netns", "pfn-dir",
                "--rules", rules.toString());
        assertThat(check.status()).as(check.toString()).isEqualTo(1);
        assertThat(check.out()).contains("error  VIP 203.0.113.100 is not on this host, needs 203.0.113.100/32 on eth0")
                .contains("error  net.ipv4.ip_forward is 0, needs 1")
                .contains("error  net.ipv4.conf.all.send_redirects is 1, needs 0")
                .contains("error  net.ipv4.conf.eth1.send_redirects is 1, needs 0");

        // The table alone is not enough: the real servers' replies are not forwarded back.
        try (Host host = Host.open(in("pfn-dir")); Ipvs ipvs = Ipvs.open(in("pfn-dir"))) {
            host.addAddress(InterfaceAddress.host("eth0", InetAddress.getByName(NAT_VIP)));
            Reconciler.of(ipvs).apply(table);
            assertThat(Netns.get("pfn-cl", "http://" + NAT_VIP + "/", 2).status()).isNotZero();
            host.removeAddress(InterfaceAddress.host("eth0", InetAddress.getByName(NAT_VIP)));
        }

        Cli fix = cli("--role", "director", "--mode", "nat", "--vip", NAT_VIP, "--netns", "pfn-dir",
                "--rules", rules.toString(), "--fix");
        assertThat(fix.status()).as(fix.toString()).isZero();
        assertThat(fix.out()).contains("changed: add address 203.0.113.100/32 on eth0",
                "changed: set net.ipv4.ip_forward = 1", "changed: set net.ipv4.conf.all.send_redirects = 0");
        assertThat(answers("pfn-cl", "http://" + NAT_VIP + "/", 4)).contains("rs1", "rs2").containsOnly("rs1", "rs2");
    }

    /** After the director takes the VIP over, its gratuitous ARP moves a client's stale entry to it. */
    @Test
    void announceMovesAClientsNeighbourEntryToTheDirector() throws Exception {
        Netns.bridge("pfa-br");
        Netns.namespace("pfa-dir");
        Netns.plug("pfa-dir", "eth0", "pfa-br", "192.0.2.1/24", null);
        Netns.namespace("pfa-cl");
        Netns.plug("pfa-cl", "eth0", "pfa-br", "192.0.2.50/24", null);
        // The client's cache still points the VIP at a machine that held it before (or a real server).
        String old = "02:00:00:00:00:99";
        batch("pfa-cl", "neigh replace " + DR_VIP + " lladdr " + old + " dev eth0 nud stale");
        assertThat(Netns.neighbour("pfa-cl", DR_VIP)).isEqualTo(old);

        Preflight director = Preflight.builder(Role.DIRECTOR, ForwardingMethod.DR).vip(DR_VIP).build();
        try (Host host = Host.open(in("pfa-dir"))) {
            assertThat(director.fix(host).after().ready()).isTrue();
            host.announce("eth0", InetAddress.getByName(DR_VIP), 2, Duration.ofMillis(200));
            String mac = host.getLink("eth0").orElseThrow().hardwareAddress().orElseThrow().toString();
            assertThat(Netns.neighbour("pfa-cl", DR_VIP)).isEqualTo(mac);
        }
    }

    /** A namespace that does not exist, or an interface that does not, is exit status 2 naming it. */
    @Test
    void whatCannotBeReadIsNamed() {
        Cli ns = cli("--role", "real-server", "--mode", "dr", "--vip", DR_VIP, "--netns", "pf-nosuch");
        assertThat(ns.status()).isEqualTo(2);
        assertThat(ns.err()).startsWith("lvs-preflight: cannot open network namespace pf-nosuch: ")
                .contains("/run/netns/pf-nosuch");
        Cli device = cli("--role", "director", "--mode", "dr", "--vip", DR_VIP, "--interface", "pf-nosuch0");
        assertThat(device.status()).isEqualTo(2);
        assertThat(device.err()).isEqualTo("lvs-preflight: cannot read this host: no interface pf-nosuch0"
                + " (--interface)\n");
    }

    private static IpvsConfig table(String vip, ForwardingMethod method, String... realServers) {
        VirtualService web = VirtualService.builder(ServiceKey.tcp(vip, 80)).scheduler(Scheduler.RR).build();
        List<RealServer> servers = new ArrayList<>();
        for (String rs : realServers) {
            servers.add(RealServer.builder(rs, 80).forwarding(method).build());
        }
        return IpvsConfig.of(ServiceConfig.of(web, servers.toArray(RealServer[]::new)));
    }

    private static TransportOptions in(String ns) {
        return TransportOptions.DEFAULTS.withNetworkNamespace(ns);
    }

    /** The bodies of {@code n} HTTP requests, one after another; each must succeed. */
    private static List<String> answers(String client, String url, int n) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Netns.Result r = Netns.get(client, url, 5);
            assertThat(r.status()).as("GET %s from %s: %s", url, client, r.out()).isZero();
            bodies.add(r.out().strip());
        }
        return bodies;
    }

    /** What one run of lvs-preflight printed. */
    private record Cli(int status, String out, String err) {
    }

    private static Cli cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = LvsPreflight.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Cli(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
