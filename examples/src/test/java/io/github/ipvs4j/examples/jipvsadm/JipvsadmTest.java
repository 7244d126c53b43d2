package io.github.ipvs4j.examples.jipvsadm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.apply.Reconciler;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.IpvsUnavailableException;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.SyncDaemon;
import io.github.ipvs4j.model.Timeouts;
import io.github.ipvs4j.spi.IpvsTransport;
import io.github.ipvs4j.testkit.Client;
import io.github.ipvs4j.testkit.FakeKernel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JipvsadmTest {
    private static final ServiceKey WEB = ServiceKey.of(io.github.ipvs4j.model.Protocol.TCP,
            io.github.ipvs4j.internal.Addresses.parse("192.0.2.1"), 80);

    private final FakeKernel kernel = FakeKernel.create();
    private final Ipvs ipvs = Ipvs.using(kernel);

    record Result(int status, String out, String err) {
    }

    static Result run(Supplier<Ipvs> kernel, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Jipvsadm.run(args, kernel, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Result run(String... args) {
        return run(() -> ipvs, "", args);
    }

    private Result restore(String rules, String... args) {
        List<String> all = new ArrayList<>(List.of("-R"));
        all.addAll(List.of(args));
        return run(() -> ipvs, rules, all.toArray(String[]::new));
    }

    private void ok(String... args) {
        Result r = run(args);
        assertThat(r.err()).as("stderr of %s", String.join(" ", args)).isEmpty();
        assertThat(r.status()).isZero();
    }

    private String save() {
        Result r = run("-S", "-n");
        assertThat(r.status()).isZero();
        return r.out();
    }

    // ---- commands ---------------------------------------------------------------------------------------

    @Test
    void serviceCommandsChangeTheTable() {
        ok("-A", "-t", "192.0.2.1:80", "-s", "wrr", "-p", "300");
        assertThat(save()).isEqualTo("-A -t 192.0.2.1:80 -s wrr -p 300\n");
        ok("--edit-service", "--tcp-service", "192.0.2.1:80", "--scheduler=rr");
        assertThat(save()).isEqualTo("-A -t 192.0.2.1:80 -s rr\n");
        ok("-A", "-f", "7", "-6", "-s", "sh", "-b", "sh-port", "-p");
        ok("-A", "-u", "[2001:db8::1]:53", "-o");
        ok("-A", "--sctp-service", "192.0.2.2:9", "-s", "mh", "-b", "mh-fallback");
        assertThat(save()).isEqualTo("""
                -A -t 192.0.2.1:80 -s rr
                -A --sctp-service 192.0.2.2:9 -s mh -b mh-fallback
                -A -u [2001:db8::1]:53 -s wlc -o
                -A -f 7 -6 -s sh -p 300 -b sh-port
                """);
        ok("-D", "-t", "192.0.2.1:80");
        ok("-D", "-f", "7", "-6");
        assertThat(ipvs.listServices()).hasSize(2);
        ok("-C");
        assertThat(ipvs.listServices()).isEmpty();
    }

    @Test
    void realServerCommandsChangeTheTable() {
        ok("-A", "-t", "192.0.2.1:80");
        ok("-a", "-t", "192.0.2.1:80", "-r", "198.51.100.1:8080", "-m", "-w", "3", "-x", "10", "-y", "2");
        ok("-a", "-t", "192.0.2.1:80", "-r", "198.51.100.2", "-g");
        ok("-a", "-t", "192.0.2.1:80", "-r", "198.51.100.3", "-i", "--tun-type", "gue", "--tun-port", "6080",
                "--tun-csum");
        assertThat(ipvs.listRealServers(WEB)).extracting(RealServer::weight).containsExactly(1, 1, 3);
        assertThat(ipvs.listRealServers(WEB).get(2).upperThreshold()).isEqualTo(10);
        assertThat(save()).isEqualTo("""
                -A -t 192.0.2.1:80 -s wlc
                -a -t 192.0.2.1:80 -r 198.51.100.1:8080 -m -w 3
                -a -t 192.0.2.1:80 -r 198.51.100.2:80 -g -w 1
                -a -t 192.0.2.1:80 -r 198.51.100.3:80 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum
                """);
        ok("-e", "-t", "192.0.2.1:80", "-r", "198.51.100.1:8080", "-m", "-w", "0");
        ok("-d", "-t", "192.0.2.1:80", "-r", "198.51.100.2");
        assertThat(save()).isEqualTo("""
                -A -t 192.0.2.1:80 -s wlc
                -a -t 192.0.2.1:80 -r 198.51.100.1:8080 -m -w 0
                -a -t 192.0.2.1:80 -r 198.51.100.3:80 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum
                """);
        // -e without -x/-y returns the thresholds to 0, as ipvsadm does.
        assertThat(ipvs.listRealServers(WEB).get(1).upperThreshold()).isZero();
    }

    @Test
    void zeroClearsCountersOfOneServiceOrAll() {
        ok("-A", "-t", "192.0.2.1:80", "-s", "rr");
        ok("-a", "-t", "192.0.2.1:80", "-r", "198.51.100.1", "-m");
        ok("-A", "-u", "192.0.2.1:53", "-s", "rr");
        ok("-a", "-u", "192.0.2.1:53", "-r", "198.51.100.1", "-m");
        kernel.connect(Client.tcp("203.0.113.1", 40000, "192.0.2.1", 80));
        kernel.connect(Client.udp("203.0.113.1", 40000, "192.0.2.1", 53));
        String stats = run("-L", "-n", "--stats", "--exact").out();
        assertThat(stats).contains("TCP  192.0.2.1:80                        1        0");
        ok("-Z", "-t", "192.0.2.1:80");
        stats = run("-L", "-n", "--stats").out();
        assertThat(stats).contains("TCP  192.0.2.1:80                        0        0")
                .contains("UDP  192.0.2.1:53                        1        0");
        ok("-Z");
        assertThat(run("-L", "-n", "--stats").out()).contains("UDP  192.0.2.1:53                        0        0");
    }

    @Test
    void timeoutsAndDaemons() {
        ok("--set", "60", "0", "30");
        assertThat(ipvs.getTimeouts()).isEqualTo(new Timeouts(60, 120, 30));
        assertThat(run("-L", "--timeout").out()).isEqualTo("Timeout (tcp tcpfin udp): 60 120 30\n");
        ok("--start-daemon", "master", "--mcast-interface", "eth1", "--syncid", "7");
        ok("--start-daemon", "backup");
        assertThat(ipvs.listSyncDaemons()).extracting(SyncDaemon::role)
                .containsExactlyInAnyOrder(SyncDaemon.Role.MASTER, SyncDaemon.Role.BACKUP);
        assertThat(run("-L", "--daemon").out()).isEqualTo("""
                master sync daemon (mcast=eth1, syncid=7, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)
                backup sync daemon (mcast=eth0, syncid=0, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)
                """);
        ok("--stop-daemon", "master");
        assertThat(ipvs.listSyncDaemons()).extracting(SyncDaemon::role).containsExactly(SyncDaemon.Role.BACKUP);
    }

    // ---- listings ---------------------------------------------------------------------------------------

    @Test
    void listingsWithEachOption() {
        ok("-A", "-t", "192.0.2.1:80", "-s", "wrr", "-p", "60");
        ok("-a", "-t", "192.0.2.1:80", "-r", "198.51.100.2:80", "-m", "-w", "2", "-x", "8", "-y", "4");
        ok("-a", "-t", "192.0.2.1:80", "-r", "198.51.100.1:80", "-i", "--tun-type", "gre", "--tun-nocsum");
        ok("-A", "-f", "3", "-s", "rr");
        kernel.connect(Client.tcp("203.0.113.9", 40000, "192.0.2.1", 80));

        String header = "IP Virtual Server version 1.2.1 (size=4096)\n";
        assertThat(run("-L", "-n")).isEqualTo(new Result(0, header + """
                Prot LocalAddress:Port Scheduler Flags
                  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
                TCP  192.0.2.1:80 wrr persistent 60
                  -> 198.51.100.1:80              Tunnel  1      1          0        \s
                  -> 198.51.100.2:80              Masq    2      0          0        \s
                FWM  3 rr
                """, ""));
        // No arguments at all list the table, as with ipvsadm; -l is -L; clusters such as -Ln work.
        assertThat(run().out()).isEqualTo(run("-l", "-n").out()).isEqualTo(run("-Ln").out());
        assertThat(run("-L", "-n", "--nosort").out()).contains("""
                  -> 198.51.100.1:80              Tunnel  1      1          0        \s
                  -> 198.51.100.2:80              Masq    2      0          0        \s
                """);
        assertThat(run("-L", "-n", "--thresholds").out()).contains("""
                  -> 198.51.100.2:80              8          4          0          0        \s
                """);
        assertThat(run("-L", "-n", "--persistent-conn").out()).contains("""
                  -> 198.51.100.1:80              1         1           1          0        \s
                """);
        assertThat(run("-L", "-n", "--tun-info").out()).contains("""
                  -> 198.51.100.2:80              Masq    n/a           2      0          0        \s
                """, """
                  -> 198.51.100.1:80              Tunnel  gre:-c        1      1          0        \s
                """);
        assertThat(run("-L", "-n", "--stats").out()).contains(
                "Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes\n",
                "TCP  192.0.2.1:80                        1        0        0        0        0\n");
        assertThat(run("-L", "-n", "--rate", "--exact").out()).contains(
                "Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS\n");
        // --stats wins over --rate, as in ipvsadm.
        assertThat(run("-L", "-n", "--rate", "--stats").out()).isEqualTo(run("-L", "-n", "--stats").out());
        assertThat(run("-L", "-n", "-t", "192.0.2.1:80")).isEqualTo(new Result(0, """
                Prot LocalAddress:Port Scheduler Flags
                  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
                TCP  192.0.2.1:80 wrr persistent 60
                  -> 198.51.100.1:80              Tunnel  1      1          0        \s
                  -> 198.51.100.2:80              Masq    2      0          0        \s
                """, ""));
        Result connections = run("-L", "-n", "-c");
        assertThat(connections.out()).startsWith("IPVS connection entries\n"
                + "pro expire state       source             virtual            destination\n")
                .contains("TCP 15:00  ESTABLISHED 203.0.113.9:40000  192.0.2.1:80       198.51.100.1:80\n");
    }

    // ---- errors -----------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-A -t 192.0.2.1:80                              | 255 | Service already exists",
        "-E -t 192.0.2.9:80                              | 255 | No such service",
        "-D -t 192.0.2.9:80                              | 255 | No such service",
        "-Z -t 192.0.2.9:80                              | 255 | No such service",
        "-a -t 192.0.2.9:80 -r 198.51.100.1              | 255 | Service not defined",
        "-e -t 192.0.2.9:80 -r 198.51.100.1              | 255 | Service not defined",
        "-d -t 192.0.2.9:80 -r 198.51.100.1              | 255 | Service not defined",
        "-a -t 192.0.2.1:80 -r 198.51.100.1              | 255 | Destination already exists",
        "-e -t 192.0.2.1:80 -r 198.51.100.9              | 255 | No such destination",
        "-d -t 192.0.2.1:80 -r 198.51.100.9              | 255 | No such destination",
        "-A -t 192.0.2.2:80 -s twos                      | 255 | Scheduler or persistence engine not found",
        "-E -t 192.0.2.1:80 -s twos                      | 255 | Scheduler or persistence engine not found",
        "-A -t 192.0.2.2:80 -p 60 --pe nope              | 255 | Scheduler or persistence engine not found",
        "-a -t 192.0.2.1:80 -r 224.0.0.1                 | 255 | Invalid operation.  Possibly wrong module version, address not unicast, ...",
        "--stop-daemon master                            | 255 | No daemon is running",
        "-L -n -t 192.0.2.9:80                           | 1   | No such service",
        "--foo                                           | 255 | --foo: unknown option",
        "-A -t 192.0.2.2:80 --bogus                      | 255 | --bogus: unknown option",
        "-A -t                                           | 255 | -t: missing argument",
        "-t 192.0.2.1:80                                 | 255 | Try `jipvsadm -h' or 'jipvsadm --help' for more information.",
        "-L --dry-run                                    | 2   | --dry-run is only for -R (restore)",
    })
    void kernelRefusalsAndBadOptionsAsIpvsadm(String args, int status, String message) {
        ok("-A", "-t", "192.0.2.1:80");
        ok("-a", "-t", "192.0.2.1:80", "-r", "198.51.100.1");
        Ipvs debian = Ipvs.using(kernelLike(kernel, FakeKernel.builder().debian61().build()));
        Result r = run(() -> debian, "", args.trim().split(" +"));
        assertThat(r.err()).isEqualTo(message + "\n");
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.out()).isEmpty();
    }

    /** The same table on another fake kernel (e.g. one without some schedulers). */
    private static FakeKernel kernelLike(FakeKernel source, FakeKernel target) {
        Ipvs from = Ipvs.using(source);
        Ipvs to = Ipvs.using(target);
        Reconciler.of(to).apply(from.readConfig());
        return target;
    }

    @Test
    void commandLinesIpvsadmRefusesExitWithStatus2() {
        for (String[] args : List.of(new String[] {"-A", "-t", "192.0.2.1:0"},
                new String[] {"-A", "-t", "192.0.2.1:80", "-w", "2"},
                new String[] {"-a", "-t", "192.0.2.1:80"},
                new String[] {"-A", "-t", "192.0.2.1:80", "-A"},
                new String[] {"-a", "-t", "192.0.2.1:80", "-r", "198.51.100.1", "-w", "x"},
                new String[] {"--set", "1", "2"},
                new String[] {"-L", "-c", "--stats"})) {
            Result r = run(args);
            assertThat(r.status()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", args)).isNotBlank().endsWith("\n");
        }
        assertThat(ipvs.listServices()).isEmpty();
    }

    @Test
    void helpAndVersionNeedNoKernel() {
        Supplier<Ipvs> none = () -> {
            throw new AssertionError("the kernel was opened");
        };
        Result help = run(none, "", "-h");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("-R [--dry-run]", "--start-daemon");
        Result version = run(none, "", "--version");
        assertThat(version.status()).isZero();
        assertThat(version.out()).startsWith("jipvsadm 0.1.0");
        assertThat(run(none, "", "--bogus").status()).isEqualTo(255);
    }

    @Test
    void missingKernelIsReportedAsIpvsadmDoes() {
        Result r = run(() -> {
            throw new IpvsUnavailableException("no ip_vs here", null);
        }, "", "-L", "-n");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("Can't initialize ipvs: no ip_vs here\n"
                + "Are you sure that IP Virtual Server is built in the kernel or as module?\n");
    }

    // ---- restore ----------------------------------------------------------------------------------------

    @Test
    void restoreSendsRunsOfChangesAsOneBatch() {
        List<String> calls = new ArrayList<>();
        Ipvs counted = Ipvs.using(recording(kernel, calls));
        StringBuilder rules = new StringBuilder();
        for (int s = 1; s <= 50; s++) {
            rules.append("-A -t 192.0.2.").append(s).append(":80 -s rr\n");
            for (int r = 1; r <= 20; r++) {
                rules.append("-a -t 192.0.2.").append(s).append(":80 -r 198.51.100.").append(r).append(" -m\n");
            }
        }
        Result r = run(() -> counted, rules.toString(), "-R");
        assertThat(r).isEqualTo(new Result(0, "", ""));
        assertThat(calls).containsExactly("submit");
        assertThat(ipvs.readConfig().realServerCount()).isEqualTo(1000);
        // Real servers end in the kernel order ipvsadm's one-by-one adds give: newest first.
        assertThat(ipvs.listRealServers(WEB).get(0).address().getHostAddress()).isEqualTo("198.51.100.20");
    }

    @Test
    void restoreSendsLargeInputsInBatchesAndReportsInLineOrder() {
        List<String> calls = new ArrayList<>();
        Ipvs counted = Ipvs.using(recording(kernel, calls));
        StringBuilder rules = new StringBuilder();
        for (int s = 1; s <= 250; s++) {
            rules.append("-A -t 192.0.2.").append(s).append(":80 -s rr\n");
            if (s == 10) {
                rules.append("-A -t 192.0.2.1:80 -s rr\n"); // in the first batch
            }
            if (s == 200) {
                rules.append("-a -t 192.0.2.251:80 -r 198.51.100.1 -m\n"); // in the third
            }
            for (int r = 1; r <= 20; r++) {
                rules.append("-a -t 192.0.2.").append(s).append(":80 -r 198.51.100.").append(r).append(" -m\n");
            }
        }
        rules.append("-A -t 192.0.2.252:80 -w 1\n-A -t 192.0.2.253:80\n"); // -w on a service stops a restore
        Result r = run(() -> counted, rules.toString(), "-R");
        // 5,252 changes before the bad line: batches of 2,048, 2,048 and 1,156, their refusals before
        // the bad line's message, and nothing after it applied.
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("Service already exists\nService not defined\n");
        assertThat(r.err().lines()).hasSize(3).last().asString().contains("-w");
        assertThat(calls).containsExactly("submit", "submit", "submit");
        assertThat(ipvs.readConfig().services()).hasSize(250);
        assertThat(ipvs.readConfig().realServerCount()).isEqualTo(5000);
    }

    @Test
    void restoreGoesOnAfterKernelRefusalsAndReturnsTheLastLinesStatus() {
        Result r = restore("""
                -A -t 192.0.2.1:80 -s rr
                -A -t 192.0.2.1:80 -s wrr
                -a -t 192.0.2.1:80 -r 198.51.100.1 -m

                -a -t 192.0.2.9:80 -r 198.51.100.1 -m
                -a -t 192.0.2.1:80 -r 198.51.100.2 -m
                """);
        assertThat(r).isEqualTo(new Result(0, "", "Service already exists\nService not defined\n"));
        assertThat(save()).isEqualTo("""
                -A -t 192.0.2.1:80 -s rr
                -a -t 192.0.2.1:80 -r 198.51.100.1:80 -m -w 1
                -a -t 192.0.2.1:80 -r 198.51.100.2:80 -m -w 1
                """);
        Result last = restore("-A -t 192.0.2.1:80\n");
        assertThat(last).isEqualTo(new Result(255, "", "Service already exists\n"));
    }

    @Test
    void restoreRunsOtherCommandsInPlace() {
        Result r = restore("""
                -A -t 192.0.2.1:80 -s rr
                -a -t 192.0.2.1:80 -r 198.51.100.1 -m
                -C
                -A -u 192.0.2.1:53 -s rr
                --set 10 20 30
                -S -n
                -D -u 192.0.2.1:53
                -A -t 192.0.2.2:80
                """);
        assertThat(r).isEqualTo(new Result(0, "-A -u 192.0.2.1:53 -s rr\n", ""));
        assertThat(save()).isEqualTo("-A -t 192.0.2.2:80 -s wlc\n");
        assertThat(ipvs.getTimeouts()).isEqualTo(new Timeouts(10, 20, 30));
    }

    @Test
    void restoreStopsAtALineIpvsadmRefusesAfterApplyingThoseBefore() {
        Result r = restore("""
                -A -t 192.0.2.1:80 -s rr
                -A -t 192.0.2.2:80 --bogus
                -A -t 192.0.2.3:80 -w 1
                -A -t 192.0.2.4:80
                """);
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("--bogus: unknown option\n").contains("-w");
        assertThat(ipvs.listServices()).extracting(s -> s.key().toString())
                .containsExactly(WEB.toString());
        // A line that is no command ends the restore with 255, as ipvsadm's hint does.
        Result hint = restore("-A -t 192.0.2.5:80\n-t 192.0.2.6:80\n-A -t 192.0.2.7:80\n");
        assertThat(hint.status()).isEqualTo(255);
        assertThat(ipvs.listServices()).hasSize(2);
    }

    @Test
    void restoreThenSaveReadsBackGeneratedTables() {
        io.github.ipvs4j.testkit.gen.PropertyRunner.cases(60).forAll(
                io.github.ipvs4j.testkit.gen.IpvsGenerators.ipvsConfigs(FakeKernel.DEBIAN_6_1_SCHEDULERS, 6, 5)
                        .map(JipvsadmTest::restorable),
                config -> {
                    Ipvs fresh = Ipvs.using(FakeKernel.create());
                    String rules = io.github.ipvs4j.rules.IpvsadmRules.formatWithThresholds(
                            io.github.ipvs4j.rules.IpvsadmRules.sortedAsIpvsadm(config));
                    assertThat(run(() -> fresh, rules, "-R")).isEqualTo(new Result(0, "", ""));
                    assertThat(fresh.readConfig().sorted().services()).containsExactlyElementsOf(
                            withKernelOrder(config).sorted().services());
                    Result saved = run(() -> fresh, "", "-S", "-n");
                    assertThat(saved.out()).isEqualTo(io.github.ipvs4j.rules.IpvsadmRules.format(
                            io.github.ipvs4j.rules.IpvsadmRules.sortedAsIpvsadm(config)));
                    // And the saved text restores to the same listing on another kernel.
                    Ipvs again = Ipvs.using(FakeKernel.create());
                    run(() -> again, saved.out(), "-R");
                    assertThat(run(() -> again, "", "-L", "-n").out()).isEqualTo(run(() -> fresh, "", "-L", "-n").out());
                });
    }

    /** What ipvsadm -R can express: DR and tunnel servers of address services take the service's port. */
    static IpvsConfig restorable(IpvsConfig config) {
        List<io.github.ipvs4j.model.ServiceConfig> out = new ArrayList<>();
        for (io.github.ipvs4j.model.ServiceConfig s : config.services()) {
            List<RealServer> servers = new ArrayList<>();
            for (RealServer rs : s.realServers()) {
                if (s.service().key() instanceof ServiceKey.Address a
                        && !(rs.forwarding() instanceof ForwardingMethod.Masquerade)) {
                    RealServer moved = RealServer.builder(rs.address(), a.port()).forwarding(rs.forwarding())
                            .weight(rs.weight()).thresholds(rs.lowerThreshold(), rs.upperThreshold()).build();
                    if (servers.stream().noneMatch(x -> x.endpoint().equals(moved.endpoint()))) {
                        servers.add(moved);
                    }
                } else if (servers.stream().noneMatch(x -> x.endpoint().equals(rs.endpoint()))) {
                    servers.add(rs);
                }
            }
            out.add(new io.github.ipvs4j.model.ServiceConfig(s.service(), servers));
        }
        return new IpvsConfig(out);
    }

    /** The real servers as a kernel lists them after adds in this order: newest first. */
    private static IpvsConfig withKernelOrder(IpvsConfig config) {
        List<io.github.ipvs4j.model.ServiceConfig> out = new ArrayList<>();
        for (io.github.ipvs4j.model.ServiceConfig s : io.github.ipvs4j.rules.IpvsadmRules.sortedAsIpvsadm(config)
                .services()) {
            List<RealServer> servers = new ArrayList<>(s.realServers());
            java.util.Collections.reverse(servers);
            out.add(new io.github.ipvs4j.model.ServiceConfig(s.service(), servers));
        }
        return new IpvsConfig(out);
    }

    @Test
    void dryRunPrintsThePlanAndChangesNothing() {
        ok("-A", "-t", "192.0.2.1:80", "-s", "rr");
        ok("-a", "-t", "192.0.2.1:80", "-r", "198.51.100.1", "-m");
        ok("-A", "-u", "192.0.2.1:53");
        String before = save();
        Result r = restore("""
                -A -t 192.0.2.1:80 -s wrr
                -E -t 192.0.2.1:80 -s wrr
                -a -t 192.0.2.1:80 -r 198.51.100.2 -m -w 2
                -e -t 192.0.2.1:80 -r 198.51.100.1 -m -w 5
                -A -t 192.0.2.3:80 -s rr
                -D -t 192.0.2.3:80
                -D -u 192.0.2.1:53
                -d -t 192.0.2.1:80 -r 198.51.100.7
                -A -f 1 -s rr
                -a -f 1 -r 198.51.100.4 -g
                --set 0 0 60
                """, "--dry-run");
        assertThat(r.err()).isEqualTo("Service already exists\nNo such destination\n");
        assertThat(r.out()).isEqualTo("""
                -E -t 192.0.2.1:80 -s wrr
                -A -f 1 -s rr
                -e -t 192.0.2.1:80 -r 198.51.100.1:80 -m -w 5
                -a -t 192.0.2.1:80 -r 198.51.100.2:80 -m -w 2
                -a -f 1 -r 198.51.100.4:0 -g -w 1
                -D -u 192.0.2.1:53
                --set 0 0 60
                """);
        assertThat(r.status()).isZero();
        assertThat(save()).isEqualTo(before);
        assertThat(ipvs.getTimeouts()).isEqualTo(FakeKernel.DEFAULT_TIMEOUTS);
        // Applying it for real gives the table the plan leads to.
        restore("""
                -E -t 192.0.2.1:80 -s wrr
                -a -t 192.0.2.1:80 -r 198.51.100.2 -m -w 2
                -e -t 192.0.2.1:80 -r 198.51.100.1 -m -w 5
                -D -u 192.0.2.1:53
                -A -f 1 -s rr
                -a -f 1 -r 198.51.100.4 -g
                """);
        assertThat(restore(r.out(), "--dry-run").out()).isEqualTo("--set 0 0 60\n");
    }

    @Test
    void dryRunAddsRealServersInTheRulesOrderAfterTheExistingOnes() {
        ok("-A", "-t", "192.0.2.1:80", "-s", "rr");
        ok("-a", "-t", "192.0.2.1:80", "-r", "198.51.100.1", "-m");
        Result r = restore("""
                -a -t 192.0.2.1:80 -r 198.51.100.3 -m -w 3
                -e -t 192.0.2.1:80 -r 198.51.100.1 -m -w 5
                -a -t 192.0.2.1:80 -r 198.51.100.2 -m -w 2
                -d -t 192.0.2.1:80 -r 198.51.100.3
                -a -t 192.0.2.1:80 -r 198.51.100.3 -m -w 4
                """, "--dry-run");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("""
                -e -t 192.0.2.1:80 -r 198.51.100.1:80 -m -w 5
                -a -t 192.0.2.1:80 -r 198.51.100.2:80 -m -w 2
                -a -t 192.0.2.1:80 -r 198.51.100.3:80 -m -w 4
                """);
    }

    @Test
    void fakeStateKeepsTheTableBetweenRuns(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path file = dir.resolve("table.rules");
        assertThat(FakeState.run(file, k -> run(() -> k, "", "-A", "-t", "192.0.2.1:80", "-s", "rr").status(),
                System.err)).isZero();
        FakeState.run(file, k -> run(() -> k, "", "-a", "-t", "192.0.2.1:80", "-r", "198.51.100.1", "-x", "9").status(),
                System.err);
        FakeState.run(file, k -> run(() -> k, "", "-a", "-t", "192.0.2.1:80", "-r", "198.51.100.2").status(),
                System.err);
        String[] listed = new String[1];
        FakeState.run(file, k -> {
            listed[0] = run(() -> k, "", "-L", "-n", "--thresholds").out();
            assertThat(k.listRealServerStatus(WEB).get(0).server().address().getHostAddress())
                    .isEqualTo("198.51.100.2");
            return 0;
        }, System.err);
        assertThat(listed[0]).contains("198.51.100.1:80              9          0");
    }

    /** One command on the fake state in {@code file}: its status, output, and what the state reported. */
    private static Result fake(Path file, String... args) {
        ByteArrayOutputStream stateErr = new ByteArrayOutputStream();
        Result[] command = new Result[1];
        int status = FakeState.run(file, k -> (command[0] = run(() -> k, "", args)).status(),
                new PrintStream(stateErr, true, StandardCharsets.UTF_8));
        String err = stateErr.toString(StandardCharsets.UTF_8);
        return command[0] == null ? new Result(status, "", err)
                : new Result(status, command[0].out(), command[0].err() + err);
    }

    @Test
    void aFakeStateThatCannotBeReadIsReportedAndNoCommandRuns(@TempDir Path dir) throws IOException {
        // Each printed a Java stack trace (exit 1), the last one after the command had run.
        Path garbage = Files.writeString(dir.resolve("garbage.rules"), "garbage\n");
        Path twice = Files.writeString(dir.resolve("twice.rules"),
                "-A -t 192.0.2.1:80 -s rr\n-A -t 192.0.2.1:80 -s rr\n");
        Path latin1 = Files.write(dir.resolve("latin1.rules"), "-A -t 192.0.2.1:80 -s rr\n# caf\u00e9\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        Path folder = Files.createDirectory(dir.resolve("folder.rules"));
        Path nowhere = dir.resolve("nowhere").resolve("table.rules");
        Map<Path, String> messages = Map.of(
                garbage, garbage + ":1: no command given (one of -A, -E, -D, -C, -a, -e, -d, -L, -Z, -S, -R, --set,"
                        + " --start-daemon, --stop-daemon, -h or -v)",
                twice, twice + ":2: -A: virtual service TCP 192.0.2.1:80 already exists",
                latin1, latin1 + ":2: byte 0xe9 is not UTF-8",
                folder, folder + ": cannot read: Is a directory",
                nowhere, nowhere + ": no such folder " + nowhere.getParent());
        for (Map.Entry<Path, String> m : messages.entrySet()) {
            Path file = m.getKey();
            byte[] before = Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
            for (String[] args : List.of(new String[] {"-L", "-n"}, new String[] {"-A", "-t", "192.0.2.9:80"})) {
                boolean[] ran = new boolean[1];
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int status = FakeState.run(file, k -> {
                    ran[0] = true;
                    return run(() -> k, "", args).status();
                }, new PrintStream(err, true, StandardCharsets.UTF_8));
                assertThat(status).as("%s %s", file, args[0]).isEqualTo(Jipvsadm.BAD_USAGE);
                assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("jipvsadm: " + m.getValue() + "\n");
                assertThat(ran[0]).isFalse();
                assertThat(Files.isRegularFile(file) ? Files.readAllBytes(file) : null).isEqualTo(before);
            }
        }
        assertThat(nowhere.getParent()).doesNotExist();
    }

    @Test
    void aFakeStateTheFakeKernelRefusesIsReportedAndLeftAsItIs(@TempDir Path dir) throws IOException {
        // The refused rule vanished from the file, even on a failing (-S -p: status 2) or read-only command.
        String[][] states = {
            {"-A -t 192.0.2.1:80 -s rr\n-A -t 198.51.100.9:80 -s rr -p 60 --pe foo\n",
                ":2: the fake kernel refuses this rule: Scheduler or persistence engine not found"},
            {"-A -t 192.0.2.1:80 -s rr\n-A -t 198.51.100.9:80 -s nosuch\n",
                ":2: the fake kernel refuses this rule: Scheduler or persistence engine not found"},
            {"-A -t 192.0.2.1:80 -s rr\n-a -t 192.0.2.1:80 -r 198.51.100.1:80 -m\n\n"
                    + "-a -t 192.0.2.1:80 -r 224.0.0.1:80 -m\n",
                ":4: the fake kernel refuses this rule: Invalid operation.  Possibly wrong module version, address not"
                        + " unicast, ..."}};
        for (String[] state : states) {
            Path file = Files.writeString(dir.resolve("table.rules"), state[0]);
            for (String[] args : List.of(new String[] {"-S", "-p"}, new String[] {"-L", "-n"},
                    new String[] {"-S", "-n"}, new String[] {"-Z"}, new String[] {"-A", "-t", "192.0.2.9:80"})) {
                Result r = fake(file, args);
                assertThat(r.status()).as(String.join(" ", args)).isEqualTo(Jipvsadm.BAD_USAGE);
                assertThat(r.err()).isEqualTo("jipvsadm: " + file + state[1] + "\n");
                assertThat(r.out()).isEmpty();
                assertThat(Files.readString(file)).isEqualTo(state[0]);
            }
        }
    }

    @Test
    void onlyACommandThatSucceedsAndChangesTheTableWritesTheFakeState(@TempDir Path dir) throws IOException {
        // Written by hand: a rewrite would drop the comment and blank line and reorder the real servers.
        String state = """
                # the web service
                -A -t 192.0.2.1:80 -s rr

                -a -t 192.0.2.1:80 -r 198.51.100.2:80 -m
                -a -t 192.0.2.1:80 -r 198.51.100.1:80 -m
                """;
        Path file = Files.writeString(dir.resolve("table.rules"), state);
        for (String[] args : List.of(new String[] {"-L", "-n"}, new String[] {"-S", "-n"}, new String[] {"-Z"},
                new String[] {"-S", "-p"}, new String[] {"-A", "-t", "192.0.2.1:80"},
                new String[] {"-d", "-t", "192.0.2.1:80", "-r", "198.51.100.3"},
                new String[] {"-E", "-t", "192.0.2.1:80", "-s", "rr"}, new String[] {"-h"})) {
            fake(file, args);
            assertThat(Files.readString(file)).as(String.join(" ", args)).isEqualTo(state);
        }
        Result r = fake(file, "-e", "-t", "192.0.2.1:80", "-r", "198.51.100.1", "-m", "-w", "4");
        assertThat(r.status()).isZero();
        assertThat(Files.readString(file)).isEqualTo("""
                -A -t 192.0.2.1:80 -s rr
                -a -t 192.0.2.1:80 -r 198.51.100.2:80 -m -w 1
                -a -t 192.0.2.1:80 -r 198.51.100.1:80 -m -w 4
                """);
        try (var leftovers = Files.list(dir)) {
            assertThat(leftovers).containsExactly(file);
        }
    }

    @Test
    void aWriteThatFailsHalfWayLeavesTheOldFakeStateWhole(@TempDir Path dir) throws Exception {
        // A real jipvsadm process whose files may not grow past 1 KiB (ulimit -f 1): writing the state
        // in place left its first 1024 bytes.
        StringBuilder state = new StringBuilder();
        for (int i = 1; i <= 60; i++) {
            state.append("-A -t 192.0.2.").append(i).append(":80 -s rr\n");
        }
        Path file = Files.writeString(dir.resolve("table.rules"), state);
        assertThat(state.length()).isGreaterThan(1024);
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "ulimit -f 1 && exec \"$@\"", "jipvsadm", java,
                "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"), Jipvsadm.class.getName(),
                "-A", "-t", "192.0.2.200:80", "-s", "rr").redirectErrorStream(true);
        pb.environment().put(Jipvsadm.FAKE_STATE_ENV, file.toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(file)).isEqualTo(state.toString());
        assertThat(output).isEqualTo("jipvsadm: " + file + ": cannot write: File too large\n");
        assertThat(p.exitValue()).isEqualTo(Jipvsadm.BAD_USAGE);
        try (var leftovers = Files.list(dir)) {
            assertThat(leftovers).containsExactly(file);
        }
    }

    /** A transport that records the names of the calls made to it, then forwards them. */
    static IpvsTransport recording(IpvsTransport target, List<String> calls) {
        return (IpvsTransport) Proxy.newProxyInstance(IpvsTransport.class.getClassLoader(),
                new Class<?>[] {IpvsTransport.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
