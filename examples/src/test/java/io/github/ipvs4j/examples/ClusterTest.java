package io.github.ipvs4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The cluster examples on the fake kernel and fake hosts: the hosts' preflight before the table. */
class ClusterTest {

    private static String run(String title, io.github.ipvs4j.model.IpvsConfig table, Cluster.Site site) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = Cluster.run(title, table, site, new Cluster.Options(false, 10, 1),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(status).as(out).isZero();
        return out;
    }

    @Test
    void drShowsABareDirectorAndRealServerFixedToReadyBeforeTheTable() {
        String out = run("LVS-DR", LvsDrCluster.table(), LvsDrCluster.site());
        int director = out.indexOf("Preflight of a bare director, a fake host with eth0 192.0.2.1/24"
                + " (director, DR, VIPs [192.0.2.100]):\n    error  VIP 192.0.2.100 is not on this host");
        int realServer = out.indexOf("Preflight of a bare real server, a fake host with eth0 192.0.2.11/24"
                + " (real server, DR, VIPs [192.0.2.100]):\n");
        int rules = out.indexOf("Rules (ipvsadm -Sn):");
        assertThat(director).isNotNegative().isLessThan(realServer);
        assertThat(realServer).isLessThan(rules);
        assertThat(out.substring(director, realServer)).contains("""
                  What --fix changes:
                    add address 192.0.2.100/32 on eth0
                    set net.ipv4.conf.all.send_redirects = 0
                """).contains("  After the fix (ready):\n    ok     VIP 192.0.2.100: 192.0.2.100/32 on eth0: ");
        assertThat(out.substring(realServer, rules)).contains("""
                  What --fix changes:
                    add address 192.0.2.100/32 on lo
                    set net.ipv4.conf.all.arp_ignore = 1
                    set net.ipv4.conf.all.arp_announce = 2
                  After the fix (ready):
                """);
        assertThat(out).contains("10 simulated clients of TCP 192.0.2.100:80 (wrr):");
    }

    @Test
    void natDirectorNeedsForwardingAndItsRealServerNothing() {
        String out = run("LVS-NAT", LvsNatCluster.table(), LvsNatCluster.site());
        assertThat(out).contains("error  net.ipv4.ip_forward is 0, needs 1: ")
                .contains("    set net.ipv4.ip_forward = 1\n")
                .contains("    set net.ipv4.conf.eth1.send_redirects = 0\n")
                .contains("Preflight of a bare real server, a fake host with eth0 198.51.100.153/24, default via"
                        + " 198.51.100.1 (real server, NAT, VIPs [203.0.113.152]):\n    ok     NAT real server: ")
                .contains("  Nothing to change.\n");
    }
}
