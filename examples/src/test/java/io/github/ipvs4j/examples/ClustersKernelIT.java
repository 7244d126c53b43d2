package io.github.ipvs4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster examples with {@code --real}, as root on the guest's kernel: what they configure,
 * the real ipvsadm reads back as the tutorials' rules.
 */
class ClustersKernelIT {

    @BeforeEach
    @AfterEach
    void flush() throws IOException, InterruptedException {
        ipvsadm("-C");
    }

    @Test
    void mainExampleDefaultsToTheRealKernelAsRootAndConfiguresIt() throws Exception {
        // In the guest we are root and ip_vs is loaded, so without a flag the example uses the real kernel.
        assertThat(Cluster.rootOnIpvsKernel()).isTrue();
        String out = run("LVS-DR", LvsDrCluster.table(), Cluster.parse("lvs-dr", new String[0]));
        assertThat(out).contains("on this machine's kernel").contains("Applied 4 changes");
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
        // Applying again changes nothing.
        assertThat(run("LVS-DR", LvsDrCluster.table(), new Cluster.Options(true, 0, 1))).contains("Applied 0 changes");
    }

    @Test
    void natExampleConfiguresTheRealKernel() throws Exception {
        String out = run("LVS-NAT", LvsNatCluster.table(), new Cluster.Options(true, 0, 1));
        assertThat(out).contains("Applied 3 changes");
        assertThat(ipvsadm("-Sn")).isEqualTo("""
                -A -t 203.0.113.152:81 -s wrr
                -a -t 203.0.113.152:81 -r 198.51.100.153:10000 -m -w 1
                -a -t 203.0.113.152:81 -r 198.51.100.154:10000 -m -w 1
                """);
    }

    private static String run(String title, io.github.ipvs4j.model.IpvsConfig table, Cluster.Options options) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = Cluster.run(title, table, options, new PrintStream(bytes, true, StandardCharsets.UTF_8));
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
