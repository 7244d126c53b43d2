package io.github.ipvs4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster examples with {@code --real}, as root on the guest's kernel: what they configure,
 * the real ipvsadm reads back as the tutorials' rules. The guest's root namespace is the director; its
 * hardware is a bridge on the examples' three networks (192.0.2.0/24, 203.0.113.0/24, 198.51.100.0/24),
 * where the preflight's fix puts the VIPs.
 */
class ClustersKernelIT {

    /** The root namespace's settings the directors' fixes change, restored after each test. */
    private static final List<String> CHANGED = List.of("net.ipv4.ip_forward", "net.ipv4.conf.all.send_redirects",
            "net.ipv4.conf.default.send_redirects", "net.ipv4.vs.expire_nodest_conn");

    private final List<String> before = new ArrayList<>();

    @BeforeEach
    void hardware() throws IOException, InterruptedException {
        ipvsadm("-C");
        Netns.clean();
        List<String> read = new ArrayList<>(List.of("sysctl", "-n"));
        read.addAll(CHANGED);
        List<String> values = Netns.sh(read.toArray(String[]::new)).lines().toList();
        for (int i = 0; i < CHANGED.size(); i++) {
            before.add(CHANGED.get(i) + "=" + values.get(i));
        }
        Netns.bridge("pfc-br");
        Netns.batch(null, "addr add 192.0.2.1/24 dev pfc-br", "addr add 203.0.113.1/24 dev pfc-br",
                "addr add 198.51.100.1/24 dev pfc-br");
    }

    @AfterEach
    void clean() throws IOException, InterruptedException {
        ipvsadm("-C");
        Netns.clean();
        List<String> restore = new ArrayList<>(List.of("sysctl", "-qw"));
        restore.addAll(before);
        Netns.sh(restore.toArray(String[]::new));
    }

    @Test
    void mainExampleDefaultsToTheRealKernelAsRootAndConfiguresIt() throws Exception {
        // In the guest we are root and ip_vs is loaded, so without a flag the example uses the real kernel.
        assertThat(Cluster.rootOnIpvsKernel()).isTrue();
        String out = run("LVS-DR", LvsDrCluster.table(), LvsDrCluster.site(), Cluster.parse("lvs-dr", new String[0]));
        assertThat(out).contains("on this machine's kernel").contains("Applied 4 changes")
                .contains("Preflight of this machine as the director (director, DR, VIPs [192.0.2.100]):")
                .contains("    add address 192.0.2.100/32 on pfc-br\n").contains("After the fix (ready):");
        assertThat(Netns.sh("ip", "-o", "addr", "show", "dev", "pfc-br")).contains("inet 192.0.2.100/32");
        assertThat(ipvsadm("-Sn")).isEqualTo("""
                -A -t 192.0.2.100:80 -s wrr
                -a -t 192.0.2.100:80 -r 192.0.2.11:80 -g -w 1
                -a -t 192.0.2.100:80 -r 192.0.2.12:80 -g -w 2
                -a -t 192.0.2.100:80 -r 192.0.2.13:80 -g -w 3
                """);
        // The example prints the table as ipvsadm -Ln does; the real ipvsadm shows the same lines.
        for (String line : ipvsadm("-Ln").split("\n")) {
            assertThat(out).contains(line);
        }
        // Applying again changes nothing, on the host or in the table.
        assertThat(run("LVS-DR", LvsDrCluster.table(), LvsDrCluster.site(), new Cluster.Options(true, 0, 1)))
                .contains("Applied 0 changes").contains("  Nothing to change.");
    }

    @Test
    void drExampleSetsUpTheRealServersInTheirNamespacesAndClientsReachThemByWeight() throws Exception {
        for (int i = 1; i <= 3; i++) {
            Netns.namespace("pfc-rs" + i);
            Netns.plug("pfc-rs" + i, "eth0", "pfc-br", "192.0.2.1" + i + "/24", null);
            Netns.httpd("pfc-rs" + i, "rs" + i);
        }
        Netns.namespace("pfc-cl");
        Netns.plug("pfc-cl", "eth0", "pfc-br", "192.0.2.50/24", null);
        Cluster.Options options = Cluster.parse("lvs-dr", new String[] {"--real", "--interface", "pfc-br",
            "--real-server-netns", "pfc-rs1", "--real-server-netns", "pfc-rs2", "--real-server-netns", "pfc-rs3"});
        String out = run("LVS-DR", LvsDrCluster.table(), LvsDrCluster.site(), options);
        assertThat(out).contains("Preflight of the real server in network namespace pfc-rs3 (real server, DR,"
                + " VIPs [192.0.2.100]):").contains("    set net.ipv4.conf.all.arp_ignore = 1\n");
        for (int i = 1; i <= 3; i++) {
            assertThat(Netns.sh("ip", "-n", "pfc-rs" + i, "-o", "addr", "show", "dev", "lo"))
                    .contains("inet 192.0.2.100/32");
        }
        // wrr with weights 1, 2, 3: six requests in a row go once to rs1, twice to rs2, three times to rs3.
        Map<String, Integer> answers = new TreeMap<>();
        for (int i = 0; i < 6; i++) {
            Netns.Result r = Netns.get("pfc-cl", "http://192.0.2.100/", 5);
            assertThat(r.status()).as(r.out()).isZero();
            answers.merge(r.out().strip(), 1, Integer::sum);
        }
        assertThat(answers).isEqualTo(Map.of("rs1", 1, "rs2", 2, "rs3", 3));
    }

    @Test
    void natExampleConfiguresTheRealKernel() throws Exception {
        String out = run("LVS-NAT", LvsNatCluster.table(), LvsNatCluster.site(), new Cluster.Options(true, 0, 1));
        assertThat(out).contains("Applied 3 changes").contains("    set net.ipv4.ip_forward = 1\n")
                .contains("After the fix (ready):");
        assertThat(ipvsadm("-Sn")).isEqualTo("""
                -A -t 203.0.113.152:81 -s wrr
                -a -t 203.0.113.152:81 -r 198.51.100.153:10000 -m -w 1
                -a -t 203.0.113.152:81 -r 198.51.100.154:10000 -m -w 1
                """);
    }

    private static String run(String title, io.github.ipvs4j.model.IpvsConfig table, Cluster.Site site,
            Cluster.Options options) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = Cluster.run(title, table, site, options, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(status).as(out).isZero();
        return out;
    }

    private static String ipvsadm(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "ipvsadm";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("ipvsadm %s: %s", String.join(" ", args), out).isZero();
        return out;
    }
}
