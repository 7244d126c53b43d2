package io.github.ipvs4j.examples.jipvsadm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.rules.IpvsadmRules;
import io.github.ipvs4j.testkit.FakeKernel;
import io.github.ipvs4j.testkit.gen.IpvsGenerators;
import io.github.ipvs4j.testkit.gen.PropertyRunner;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * jipvsadm against the real ipvsadm 1.31 on the same kernel (run as root in the qemu guest): rules
 * loaded by either tool read back identically through the other, single commands leave the same table
 * with the same exit status and messages, and listings print the same text.
 */
class JipvsadmKernelIT {
    private static final String IPVSADM = Files.isExecutable(Path.of("/usr/sbin/ipvsadm")) ? "/usr/sbin/ipvsadm"
            : "ipvsadm";
    private static Ipvs ipvs;

    @BeforeAll
    static void open() throws Exception {
        System.setProperty(Jipvsadm.PROGRAM_PROPERTY, "ipvsadm"); // so usage hints read the same
        // Direct-routing and tunnel destinations must be in a subnet the director has.
        sh("ip link set dummy0 up; ip addr add 198.51.100.254/24 dev dummy0;"
                + " ip -6 addr add 2001:db8:1::fe/64 dev dummy0 nodad; true");
        ipvs = Ipvs.open();
    }

    @AfterAll
    static void close() {
        ipvs.close();
    }

    @AfterEach
    void clean() throws Exception {
        sh(IPVSADM + " -C; " + IPVSADM + " --stop-daemon master; " + IPVSADM + " --stop-daemon backup; "
                + IPVSADM + " --set 900 120 300; true");
    }

    record Result(int status, String out, String err) {
    }

    private static Result ipvsadm(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(IPVSADM));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out, err);
    }

    private static Result jipvsadm(String stdin, String... args) {
        JipvsadmTest.Result r = JipvsadmTest.run(() -> ipvs, stdin, args);
        return new Result(r.status(), r.out(), r.err());
    }

    private static String sh(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    private static String[] words(String line) {
        return line.trim().split(" +");
    }

    /** The listings compared after each change: every column set and the settings. */
    private static final List<String> LISTINGS = List.of("-S -n", "-L -n", "-L -n --stats", "-L -n --rate",
            "-L -n --stats --exact", "-L -n --thresholds", "-L -n --persistent-conn", "-L -n --tun-info",
            "-L --timeout", "-L --daemon", "-L -n -c");

    private static void sameListings() throws Exception {
        for (String listing : LISTINGS) {
            assertThat(jipvsadm("", words(listing))).as(listing).isEqualTo(ipvsadm("", words(listing)));
        }
        // --nosort: the kernel's order of services is a hash order; compare the service blocks as sets.
        assertThat(blocks(jipvsadm("", "-L", "-n", "--nosort").out()))
                .isEqualTo(blocks(ipvsadm("", "-L", "-n", "--nosort").out()));
    }

    /** A listing cut into service blocks (a service line and its real servers), sorted. */
    private static List<String> blocks(String listing) {
        List<String> blocks = new ArrayList<>();
        StringBuilder current = null;
        for (String line : listing.split("\n")) {
            if (!line.startsWith(" ") && current != null) {
                blocks.add(current.toString());
                current = null;
            }
            current = current == null ? new StringBuilder(line) : current.append('\n').append(line);
        }
        if (current != null) {
            blocks.add(current.toString());
        }
        blocks.sort(null);
        return blocks;
    }

    private static String rules(long seed) {
        IpvsConfig table = JipvsadmTest.restorable(
                IpvsGenerators.ipvsConfigs(FakeKernel.DEBIAN_6_1_SCHEDULERS, 6, 5).generate(seed));
        return IpvsadmRules.formatWithThresholds(IpvsadmRules.sortedAsIpvsadm(table));
    }

    @Test
    void rulesLoadedByEitherToolReadBackIdenticallyThroughTheOther() throws Exception {
        PropertyRunner.cases(6).forAll(r -> r.nextLong(), seed -> {
            try {
                String text = rules(seed);
                ipvsadm("", "-C");
                assertThat(ipvsadm(text, "-R")).as("ipvsadm -R of\n%s", text).isEqualTo(new Result(0, "", ""));
                String byIpvsadm = ipvsadm("", "-S", "-n").out();
                assertThat(jipvsadm("", "-S", "-n")).isEqualTo(new Result(0, byIpvsadm, ""));
                sameListings();

                ipvsadm("", "-C");
                assertThat(jipvsadm(text, "-R")).as("jipvsadm -R of\n%s", text).isEqualTo(new Result(0, "", ""));
                assertThat(ipvsadm("", "-S", "-n")).isEqualTo(new Result(0, byIpvsadm, ""));
                sameListings();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    /**
     * Commands run by each tool on the same starting table: same status, output, messages and table.
     * The last column says whether the message text is compared (kernel refusals); for command lines
     * ipvsadm refuses, only the status is (jipvsadm words those its own way).
     */
    private static final String BASE = """
            -A -t 192.0.2.1:80 -s wrr -p 300
            -a -t 192.0.2.1:80 -r 198.51.100.11:80 -m -w 2 -x 50 -y 10
            -a -t 192.0.2.1:80 -r 198.51.100.12:80 -g -w 1
            -A -u 192.0.2.2:53 -s rr -o
            -a -u 192.0.2.2:53 -r 198.51.100.13:5353 -m -w 1
            -A -f 7 -s sh -b sh-fallback,sh-port
            -a -f 7 -r 198.51.100.14:0 -i -w 3 --tun-type gue --tun-port 6080 --tun-csum
            -A -t [2001:db8::1]:443 -s mh -p 60 -M 64
            -a -t [2001:db8::1]:443 -r [2001:db8:1::11]:443 -m -w 4
            """;

    private static final List<String> COMMANDS = List.of(
            "-A -t 192.0.2.3:80 -s lc",
            "-A -t 192.0.2.1:80",
            "-A -t 192.0.2.3:80 -s nosuchsched",
            "-E -t 192.0.2.1:80 -s rr",
            "-E -t 192.0.2.9:80",
            "-D -t 192.0.2.1:80",
            "-D -t 192.0.2.9:80",
            "-D -f 7",
            "-a -t 192.0.2.1:80 -r 198.51.100.15 -m -w 5 -x 9",
            "-a -t 192.0.2.1:80 -r 198.51.100.11 -m",
            "-a -t 192.0.2.9:80 -r 198.51.100.11 -m",
            "-a -t 192.0.2.1:80 -r 224.0.0.1 -m",
            "-e -t 192.0.2.1:80 -r 198.51.100.11 -m -w 0",
            "-e -t 192.0.2.1:80 -r 198.51.100.99 -m",
            "-e -f 7 -r 198.51.100.14 -i --tun-type gre --tun-csum",
            "-d -t 192.0.2.1:80 -r 198.51.100.12",
            "-d -t 192.0.2.1:80 -r 198.51.100.99",
            "-d -u 192.0.2.9:53 -r 198.51.100.13",
            "-Z",
            "-Z -t 192.0.2.1:80",
            "-Z -t 192.0.2.9:80",
            "--set 100 0 50",
            "--start-daemon master --mcast-interface dummy0 --syncid 5",
            "--start-daemon backup --mcast-interface dummy0 --syncid 6 --mcast-port 8849 --mcast-ttl 2",
            "--stop-daemon master",
            "-C",
            "-L -n -t 192.0.2.1:80",
            "-L -n -t 192.0.2.1:80 --stats",
            "-L -n -f 7 --tun-info",
            "-L -n -t 192.0.2.9:80");

    private static final List<String> REFUSED_LINES = List.of(
            "-A -t 192.0.2.3:0",
            "-A -t 192.0.2.3:80 -w 2",
            "-a -t 192.0.2.1:80",
            "-A -t 192.0.2.3:80 --bogus",
            "-t 192.0.2.1:80",
            "--set 1 2",
            "-L -c --stats");

    private void reset() throws Exception {
        clean();
        assertThat(ipvsadm(BASE, "-R").status()).isZero();
    }

    @Test
    void singleCommandsDoTheSameAsIpvsadm() throws Exception {
        for (String line : COMMANDS) {
            reset();
            Result byJ = jipvsadm("", words(line));
            String tableJ = ipvsadm("", "-S", "-n").out() + ipvsadm("", "-L", "-n", "--thresholds").out()
                    + ipvsadm("", "-L", "--timeout").out() + ipvsadm("", "-L", "--daemon").out();
            reset();
            Result byI = ipvsadm("", words(line));
            String tableI = ipvsadm("", "-S", "-n").out() + ipvsadm("", "-L", "-n", "--thresholds").out()
                    + ipvsadm("", "-L", "--timeout").out() + ipvsadm("", "-L", "--daemon").out();
            assertThat(byJ).as(line).isEqualTo(byI);
            assertThat(tableJ).as("table after %s", line).isEqualTo(tableI);
        }
        reset();
        sameListings();
        for (String line : REFUSED_LINES) {
            Result byJ = jipvsadm("", words(line));
            Result byI = ipvsadm("", words(line));
            assertThat(byJ.status()).as(line).isEqualTo(byI.status());
            assertThat(byJ.out()).as(line).isEqualTo(byI.out());
            assertThat(byJ.err()).as(line).isNotEmpty();
        }
        assertThat(jipvsadm("", "-S", "-n")).isEqualTo(ipvsadm("", "-S", "-n"));
    }

    @Test
    void restoreWithRefusedLinesGoesOnAsIpvsadmDoes() throws Exception {
        String rules = BASE + """
                -A -t 192.0.2.1:80 -s rr
                -a -t 192.0.2.9:80 -r 198.51.100.11 -m
                -a -t 192.0.2.1:80 -r 198.51.100.16 -m -w 7
                -d -t 192.0.2.1:80 -r 198.51.100.99
                """;
        Result byI = ipvsadm(rules, "-R");
        String tableI = ipvsadm("", "-S", "-n").out();
        clean();
        Result byJ = jipvsadm(rules, "-R");
        assertThat(byJ).isEqualTo(byI);
        assertThat(ipvsadm("", "-S", "-n").out()).isEqualTo(tableI);
    }

    @Test
    void dryRunPlansWhatRestoreThenDoes() throws Exception {
        reset();
        String before = ipvsadm("", "-S", "-n").out();
        String rules = """
                -E -t 192.0.2.1:80 -s rr
                -a -t 192.0.2.1:80 -r 198.51.100.16 -m -w 7
                -D -u 192.0.2.2:53
                """;
        Result plan = jipvsadm(rules, "-R", "--dry-run");
        assertThat(plan.status()).isZero();
        assertThat(ipvsadm("", "-S", "-n").out()).isEqualTo(before);
        assertThat(jipvsadm(plan.out(), "-R")).isEqualTo(new Result(0, "", ""));
        String planned = ipvsadm("", "-S", "-n").out();
        reset();
        ipvsadm(rules, "-R");
        assertThat(ipvsadm("", "-S", "-n").out()).isEqualTo(planned);
    }
}
