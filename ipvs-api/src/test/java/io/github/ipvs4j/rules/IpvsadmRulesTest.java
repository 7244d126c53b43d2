package io.github.ipvs4j.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.AddressFamily;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.InvalidConfigurationException;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.Persistence;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.SchedulerFlag;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.Timeouts;
import io.github.ipvs4j.model.TunnelChecksum;
import io.github.ipvs4j.model.VirtualService;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Golden texts in the exact form {@code ipvsadm -Sn} (1.31) prints, derived from its print_service_entry:
 * "-A svc -s sched [-p T [-M mask]] [--pe pe] [-o] [-b flags]", "-a svc -r addr:port fwd -w W" and the
 * tunnel options after the weight.
 */
class IpvsadmRulesTest {

    static final String GOLDEN = String.join("\n",
            "-A -t 192.0.2.1:80 -s wlc",
            "-a -t 192.0.2.1:80 -r 198.51.100.1:80 -g -w 1",
            "-a -t 192.0.2.1:80 -r 198.51.100.2:8080 -m -w 3",
            "-A -u 192.0.2.1:53 -s rr -o",
            "-a -u 192.0.2.1:53 -r 198.51.100.3:5353 -m -w 0",
            "-A -t 192.0.2.2:0 -s sh -p 300 -M 255.255.255.0 -b sh-fallback,sh-port",
            "-A --sctp-service 192.0.2.3:3868 -s wrr -p 600 --pe sip",
            "-A -t [2001:db8::10]:443 -s mh -p 3600 -M 64 -b mh-port",
            "-a -t [2001:db8::10]:443 -r [2001:db8::1:2]:443 -g -w 0",
            "-a -t [2001:db8::10]:443 -r 198.51.100.7:443 -i -w 5 --tun-type ipip",
            "-A -f 1 -s wlc",
            "-a -f 1 -r 198.51.100.3:0 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum",
            "-a -f 1 -r 198.51.100.4:0 -i -w 1 --tun-type gre --tun-nocsum",
            "-a -f 1 -r 198.51.100.5:0 -i -w 1 --tun-type gue --tun-port 6081 --tun-remcsum",
            "-A -f 4294967295 -6 -s lc -p 300 -o",
            "-a -f 4294967295 -6 -r [2001:db8::5]:0 -m -w 2",
            "-A -t 192.0.2.4:80 -s wrr -b flag-1,flag-3",
            "-A -u [2001:db8::53]:53 -s twos",
            "-a -u [2001:db8::53]:53 -r [::ffff:198.51.100.9]:53 -m -w 65535",
            "-A -t 0.0.0.0:1 -s rr -p 2678400 -M 0.0.0.0",
            "") ;

    static IpvsConfig goldenModel() {
        ServiceKey web = ServiceKey.tcp("192.0.2.1", 80);
        ServiceKey dns = ServiceKey.udp("192.0.2.1", 53);
        ServiceKey v6 = ServiceKey.tcp("2001:db8::10", 443);
        ServiceKey mark = ServiceKey.fwmark(1);
        ServiceKey mark6 = ServiceKey.fwmark(4294967295L, AddressFamily.INET6);
        ServiceKey dns6 = ServiceKey.udp("2001:db8::53", 53);
        return IpvsConfig.of(
                ServiceConfig.of(VirtualService.builder(web).build(),
                        RealServer.builder("198.51.100.1", 80).build(),
                        RealServer.builder("198.51.100.2", 8080).weight(3).forwarding(ForwardingMethod.NAT).build()),
                ServiceConfig.of(VirtualService.builder(dns).scheduler(Scheduler.RR).onePacket(true).build(),
                        RealServer.builder("198.51.100.3", 5353).weight(0).forwarding(ForwardingMethod.NAT).build()),
                ServiceConfig.of(VirtualService.builder(ServiceKey.tcp("192.0.2.2", 0)).scheduler(Scheduler.SH)
                        .persistence(300)
                        .persistencePrefixLength(24).schedulerFlags(SchedulerFlag.FALLBACK, SchedulerFlag.PORT)
                        .build()),
                ServiceConfig.of(VirtualService.builder(ServiceKey.sctp("192.0.2.3", 3868)).scheduler(Scheduler.WRR)
                        .persistence(600)
                        .persistenceEngine("sip").build()),
                ServiceConfig.of(VirtualService.builder(v6).scheduler(Scheduler.MH).persistence(3600)
                        .persistencePrefixLength(64).schedulerFlags(SchedulerFlag.PORT).build(),
                        RealServer.builder("2001:db8::1:2", 443).weight(0).build(),
                        RealServer.builder("198.51.100.7", 443).weight(5).forwarding(ForwardingMethod.tunnel())
                                .build()),
                ServiceConfig.of(VirtualService.builder(mark).build(),
                        RealServer.builder("198.51.100.3", 0).forwarding(ForwardingMethod.gue(6080)
                                .withChecksum(TunnelChecksum.CHECKSUM)).build(),
                        RealServer.builder("198.51.100.4", 0).forwarding(ForwardingMethod.gre()).build(),
                        RealServer.builder("198.51.100.5", 0).forwarding(ForwardingMethod.gue(6081)
                                .withChecksum(TunnelChecksum.REMOTE_CHECKSUM)).build()),
                ServiceConfig.of(VirtualService.builder(mark6).scheduler(Scheduler.LC).persistence(300)
                        .onePacket(true).build(),
                        RealServer.builder("2001:db8::5", 0).weight(2).forwarding(ForwardingMethod.NAT).build()),
                ServiceConfig.of(VirtualService.builder(ServiceKey.tcp("192.0.2.4", 80)).scheduler(Scheduler.WRR)
                        .schedulerFlags(SchedulerFlag.FALLBACK, SchedulerFlag.FLAG_3).build()),
                ServiceConfig.of(VirtualService.builder(dns6).scheduler(Scheduler.TWOS).build(),
                        RealServer.builder("::ffff:198.51.100.9", 53).weight(65535).forwarding(ForwardingMethod.NAT)
                                .build()),
                ServiceConfig.of(VirtualService.builder(ServiceKey.tcp("0.0.0.0", 1)).scheduler(Scheduler.RR)
                        .persistence(2678400)
                        .persistencePrefixLength(0).build()));
    }

    @Test
    void goldenTextReadsToTheModel() {
        assertThat(IpvsadmRules.parse(GOLDEN, "golden").toConfig()).isEqualTo(goldenModel());
    }

    @Test
    void modelWritesTheGoldenText() {
        assertThat(IpvsadmRules.format(goldenModel())).isEqualTo(GOLDEN);
        StringBuilder sb = new StringBuilder();
        try {
            IpvsadmRules.write(goldenModel(), sb);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(sb).hasToString(GOLDEN);
    }

    @Test
    void emptyTableWritesNothing() {
        assertThat(IpvsadmRules.format(IpvsConfig.EMPTY)).isEmpty();
        assertThat(IpvsadmRules.parse("", "empty").toConfig()).isEqualTo(IpvsConfig.EMPTY);
    }

    @Test
    void thresholdsAreLeftOutLikeIpvsadmUnlessAskedFor() {
        ServiceKey key = ServiceKey.tcp("192.0.2.1", 80);
        IpvsConfig config = IpvsConfig.of(ServiceConfig.of(VirtualService.builder(key).build(),
                RealServer.builder("198.51.100.1", 80).thresholds(10, 100).build(),
                RealServer.builder("198.51.100.2", 80).thresholds(0, 50).build()));
        assertThat(IpvsadmRules.format(config)).isEqualTo("-A -t 192.0.2.1:80 -s wlc\n"
                + "-a -t 192.0.2.1:80 -r 198.51.100.1:80 -g -w 1\n"
                + "-a -t 192.0.2.1:80 -r 198.51.100.2:80 -g -w 1\n");
        String complete = IpvsadmRules.formatWithThresholds(config);
        assertThat(complete).isEqualTo("-A -t 192.0.2.1:80 -s wlc\n"
                + "-a -t 192.0.2.1:80 -r 198.51.100.1:80 -g -w 1 -x 100 -y 10\n"
                + "-a -t 192.0.2.1:80 -r 198.51.100.2:80 -g -w 1 -x 50\n");
        assertThat(IpvsadmRules.parse(complete, "t").toConfig()).isEqualTo(config);
    }

    @Test
    void localForwardingIsWrittenAsGatewayingAndBypassCannotBeWritten() {
        ServiceKey key = ServiceKey.tcp("192.0.2.1", 80);
        IpvsConfig local = IpvsConfig.of(ServiceConfig.of(VirtualService.builder(key).build(),
                RealServer.builder("192.0.2.1", 80).forwarding(ForwardingMethod.LOCAL).build()));
        assertThat(IpvsadmRules.format(local)).endsWith("-r 192.0.2.1:80 -g -w 1\n");
        IpvsConfig bypass = IpvsConfig.of(ServiceConfig.of(VirtualService.builder(key).build(),
                RealServer.builder("192.0.2.1", 80).forwarding(ForwardingMethod.BYPASS).build()));
        assertThatThrownBy(() -> IpvsadmRules.format(bypass)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("forwarding method").hasMessageContaining("bypass");
    }

    @Test
    void addressesArePrintedAsGlibcInetNtopDoes() {
        assertThat(IpvsadmFormat.address(Addresses.parse("::ffff:192.0.2.1"))).isEqualTo("::ffff:192.0.2.1");
        assertThat(IpvsadmFormat.address(Addresses.parse("::ffff:0.0.0.1"))).isEqualTo("::ffff:0.0.0.1");
        assertThat(IpvsadmFormat.address(Addresses.parse("::c000:201"))).isEqualTo("::192.0.2.1");
        assertThat(IpvsadmFormat.address(Addresses.parse("::1"))).isEqualTo("::1");
        assertThat(IpvsadmFormat.address(Addresses.parse("::"))).isEqualTo("::");
        assertThat(IpvsadmFormat.address(Addresses.parse("::1:0:0"))).isEqualTo("::1:0:0");
        assertThat(IpvsadmFormat.address(Addresses.parse("2001:DB8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(IpvsadmFormat.address(Addresses.parse("2001:db8:0:1:1:1:1:1"))).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(IpvsadmFormat.endpoint(Addresses.parse("2001:db8::1"), 0)).isEqualTo("[2001:db8::1]:0");
    }

    /**
     * {@code -S} writes its words straight onto the line; each line must still be the command that
     * {@link IpvsadmCommand} formats word by word. Random addresses cover every byte value.
     */
    @Test
    void writtenLinesAreTheCommandsOfTheTable() {
        long seed = Long.getLong("ipvs4j.seed", System.nanoTime());
        java.util.Random random = new java.util.Random(seed);
        List<ServiceConfig> services = new java.util.ArrayList<>();
        List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            boolean v6 = random.nextInt(4) == 0;
            VirtualService service = VirtualService.builder(ServiceKey.tcp(address(random, v6), random.nextInt(65536)))
                    .scheduler(Scheduler.WRR).build();
            int upper = random.nextInt(100);
            RealServer server = RealServer.builder(address(random, v6), random.nextInt(65536))
                    .weight(random.nextInt(65536)).thresholds(random.nextInt(upper + 1), upper)
                    .forwarding(random.nextBoolean() ? ForwardingMethod.NAT
                            : ForwardingMethod.gue(1 + random.nextInt(65535)))
                    .build();
            services.add(ServiceConfig.of(service, server));
            expected.add(new IpvsadmCommand.AddService(service).toString());
            expected.add(new IpvsadmCommand.AddRealServer(service.key(), server).toString());
        }
        IpvsConfig config = new IpvsConfig(services);
        assertThat(IpvsadmRules.formatWithThresholds(config).split("\n"))
                .as("seed %d (replay with -Dipvs4j.seed=%d)", seed, seed).containsExactlyElementsOf(expected);
    }

    private static String address(java.util.Random random, boolean v6) {
        byte[] b = new byte[v6 ? 16 : 4];
        random.nextBytes(b);
        try {
            return java.net.InetAddress.getByAddress(b).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    // ---- reading ------------------------------------------------------------------------------------

    @Test
    void blankLinesCommentsAndTheProgramNameAreSkipped() throws IOException {
        String text = "# saved by ipvsadm\n"
                + "\n"
                + "   \t \r\n"
                + "ipvsadm -A -t 192.0.2.1:80 -s rr   # the web service\r\n"
                + "\t-a\t-t 192.0.2.1:80   -r 198.51.100.1 -m\n"
                + "  # -a -t 192.0.2.1:80 -r 198.51.100.2 -m\n";
        IpvsadmRules rules = IpvsadmRules.parse(new StringReader(text), "rules.txt");
        assertThat(rules.lines()).extracting(IpvsadmRules.Line::number).containsExactly(4, 5);
        assertThat(rules.sourceName()).isEqualTo("rules.txt");
        assertThat(rules.toConfig()).isEqualTo(IpvsConfig.of(ServiceConfig.of(
                VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).scheduler(Scheduler.RR).build(),
                RealServer.builder("198.51.100.1", 80).forwarding(ForwardingMethod.NAT).build())));
        assertThat(IpvsadmRules.read(new StringReader(text), "rules.txt")).isEqualTo(rules.toConfig());
    }

    @Test
    void tokenizeSplitsLikeIpvsadmRestore() {
        assertThat(IpvsadmRules.tokenize(" -A\t-t  192.0.2.1:80\r")).containsExactly("-A", "-t", "192.0.2.1:80");
        assertThat(IpvsadmRules.tokenize("ipvsadm -C")).containsExactly("-C");
        assertThat(IpvsadmRules.tokenize("-C #ipvsadm")).containsExactly("-C");
        assertThat(IpvsadmRules.tokenize("  # all comment")).isEmpty();
        assertThat(IpvsadmRules.tokenize("")).isEmpty();
        // No quoting: quotes are part of the word, as for ipvsadm -R.
        assertThat(IpvsadmRules.tokenize("-s \"rr\"")).containsExactly("-s", "\"rr\"");
    }

    @Test
    void errorsNameSourceLineAndReason() {
        String text = "-A -t 192.0.2.1:80\n\n# fine so far\n-a -t 192.0.2.1:80 -r 198.51.100.1 --foo\n";
        assertThatThrownBy(() -> IpvsadmRules.parse(text, "rules.txt"))
                .isInstanceOfSatisfying(RulesSyntaxException.class, e -> {
                    assertThat(e).hasMessage("rules.txt:4: unknown option --foo");
                    assertThat(e.sourceName()).contains("rules.txt");
                    assertThat(e.lineNumber()).isEqualTo(4);
                    assertThat(e.reason()).isEqualTo("unknown option --foo");
                });
    }

    @Test
    void aValueTheModelRejectsIsTheCause() {
        assertThatThrownBy(() -> IpvsadmRules.parse("-a -t 192.0.2.1:80 -r 198.51.100.1 -x 5 -y 10", "r"))
                .isInstanceOfSatisfying(RulesSyntaxException.class, e -> {
                    assertThat(e.getMessage()).startsWith("r:1: lower threshold: 10 is not allowed");
                    assertThat(e.getCause()).isInstanceOf(InvalidConfigurationException.class);
                });
        assertThatThrownBy(() -> IpvsadmRules.parse("-A -t 192.0.2.1:80 -s Bad!", "r"))
                .isInstanceOf(RulesSyntaxException.class).hasMessageStartingWith("r:1: scheduler: \"Bad!\"")
                .hasCauseInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void restoreHelpAndVersionAreNotRules() {
        for (String line : List.of("-R", "-h", "--version")) {
            assertThatThrownBy(() -> IpvsadmRules.parse("-C\n" + line, "r"))
                    .isInstanceOf(RulesSyntaxException.class).hasMessageContaining("r:2: ")
                    .hasMessageEndingWith("is not a rule");
        }
    }

    @Test
    void commandsAreFoldedInOrder() {
        String text = String.join("\n",
                "-A -t 192.0.2.1:80 -s rr",
                "-A -t 192.0.2.2:80",
                "-A -t 192.0.2.3:80",
                "-a -t 192.0.2.1:80 -r 198.51.100.1:80 -m",
                "-a -t 192.0.2.1:80 -r 198.51.100.2:80 -m",
                "-a -t 192.0.2.1:80 -r 198.51.100.3:80 -m",
                "-e -t 192.0.2.1:80 -r 198.51.100.1:80 -m -w 7",
                "-d -t 192.0.2.1:80 -r 198.51.100.2:80",
                "-E -t 192.0.2.1:80 -s wrr",
                "-D -t 192.0.2.2:80",
                "-Z",
                "-L -n",
                "-S -n",
                "-A -t 192.0.2.4:80");
        IpvsadmRules rules = IpvsadmRules.parse(text, "r");
        assertThat(rules.commands()).hasSize(14);
        assertThat(rules.toConfig()).isEqualTo(IpvsConfig.of(
                ServiceConfig.of(VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).scheduler(Scheduler.WRR)
                        .build(),
                        RealServer.builder("198.51.100.1", 80).forwarding(ForwardingMethod.NAT).weight(7).build(),
                        RealServer.builder("198.51.100.3", 80).forwarding(ForwardingMethod.NAT).build()),
                ServiceConfig.of(VirtualService.builder(ServiceKey.tcp("192.0.2.3", 80)).build()),
                ServiceConfig.of(VirtualService.builder(ServiceKey.tcp("192.0.2.4", 80)).build())));
    }

    @Test
    void manyRealServersOfOneServiceKeepTheirOrderAndDuplicatesTheirLine() {
        // 40,000 real servers of one service (found quadratic by fuzzing; loads in linear time now): an
        // edit keeps the place, a real server deleted and added again goes last, a duplicate names its line.
        int n = 40_000;
        StringBuilder text = new StringBuilder("-A -t 192.0.2.1:80 -s rr\n");
        for (int i = 0; i < n; i++) {
            text.append("-a -t 192.0.2.1:80 -r ").append(address(i)).append(":80 -m\n");
        }
        text.append("-e -t 192.0.2.1:80 -r ").append(address(20_000)).append(":80 -m -w 9\n");
        text.append("-d -t 192.0.2.1:80 -r ").append(address(0)).append(":80\n");
        text.append("-a -t 192.0.2.1:80 -r ").append(address(0)).append(":80 -g\n");
        List<RealServer> servers = IpvsadmRules.parse(text.toString(), "r").toConfig().services().get(0).realServers();
        List<String> expected = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            expected.add(address(i));
        }
        expected.add(address(0));
        assertThat(servers.stream().map(rs -> rs.address().getHostAddress()).toList()).isEqualTo(expected);
        assertThat(servers.get(20_000 - 1).weight()).isEqualTo(9);
        assertThat(servers.get(n - 1))
                .isEqualTo(RealServer.builder(address(0), 80).forwarding(ForwardingMethod.DR).build());

        text.append("-a -t 192.0.2.1:80 -r ").append(address(30_000)).append(":80 -i\n");
        assertFolding(text.toString(), "r:" + (n + 5) + ": -a: real server " + address(30_000)
                + ":80 already exists in TCP 192.0.2.1:80");
    }

    /** The i-th address of 10.0.0.0/8. */
    private static String address(int i) {
        return "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255);
    }

    @Test
    void clearEmptiesTheTable() {
        assertThat(IpvsadmRules.parse("-A -t 192.0.2.1:80\n-C\n-A -u 192.0.2.1:53", "r").toConfig())
                .isEqualTo(IpvsConfig.of(ServiceConfig.of(VirtualService.builder(ServiceKey.udp("192.0.2.1", 53))
                .build())));
    }

    @Test
    void foldingErrorsNameTheLine() {
        assertFolding("-A -t 192.0.2.1:80\n-A -t 192.0.2.1:80",
                "r:2: -A: virtual service TCP 192.0.2.1:80 already exists");
        assertFolding("-E -t 192.0.2.1:80", "r:1: -E: no virtual service TCP 192.0.2.1:80 (add it with -A first)");
        assertFolding("-D -f 3", "r:1: -D: no virtual service FWM 3 (add it with -A first)");
        assertFolding("-a -t 192.0.2.1:80 -r 198.51.100.1",
                "r:1: -a: no virtual service TCP 192.0.2.1:80 (add it with -A first)");
        assertFolding("-A -t 192.0.2.1:80\n-a -t 192.0.2.1:80 -r 198.51.100.1\n-a -t 192.0.2.1:80 -r 198.51.100.1 -w 2",
                "r:3: -a: real server 198.51.100.1:80 already exists in TCP 192.0.2.1:80");
        assertFolding("-A -t 192.0.2.1:80\n-e -t 192.0.2.1:80 -r 198.51.100.1",
                "r:2: -e: no real server 198.51.100.1:80 in TCP 192.0.2.1:80");
        assertFolding("-A -t 192.0.2.1:80\n-d -t 192.0.2.1:80 -r 198.51.100.1:81",
                "r:2: -d: no real server 198.51.100.1:81 in TCP 192.0.2.1:80");
        assertFolding("--set 1 2 3", "r:1: --set: --set sets what a table (IpvsConfig) does not hold;"
                + " apply commands() instead");
        assertFolding("--start-daemon master", "r:1: --start-daemon: --start-daemon sets what a table"
                + " (IpvsConfig) does not hold; apply commands() instead");
        assertFolding("--stop-daemon backup", "r:1: --stop-daemon: --stop-daemon sets what a table"
                + " (IpvsConfig) does not hold; apply commands() instead");
    }

    @Test
    void theCommandReaderReportsABadLineAndReadsOnAfterIt() throws java.io.IOException {
        IpvsadmRules.CommandReader reader = new IpvsadmRules.CommandReader(new java.io.StringReader(String.join("\n",
                "-A -t 192.0.2.1:80 -s rr", "", "-A -t 192.0.2.1:80 --bogus", "-C")), "in");
        assertThat(reader.next().orElseThrow().number()).isEqualTo(1);
        RulesSyntaxException e = org.assertj.core.api.Assertions.catchThrowableOfType(RulesSyntaxException.class,
                reader::next);
        assertThat(e.lineNumber()).isEqualTo(3);
        assertThat(e.sourceName()).contains("in");
        IpvsadmRules.Line last = reader.next().orElseThrow();
        assertThat(last.number()).isEqualTo(4);
        assertThat(last.command()).isInstanceOf(IpvsadmCommand.Clear.class);
        assertThat(reader.next()).isEmpty();
    }

    @Test
    void lineOfNamesTheLastLineThatDefinesAServiceOrRealServer() {
        IpvsadmRules rules = IpvsadmRules.parse(String.join("\n",
                "-A -t 192.0.2.1:80 -s rr",
                "",
                "-a -t 192.0.2.1:80 -r 198.51.100.1:80 -m",
                "-A -t 192.0.2.2:80",
                "-e -t 192.0.2.1:80 -r 198.51.100.1:80 -m -w 3",
                "-E -t 192.0.2.2:80 -s sh",
                "-a -t 192.0.2.1:80 -r 198.51.100.2:80 -m",
                "-d -t 192.0.2.1:80 -r 198.51.100.2:80",
                "-D -t 192.0.2.2:80"), "r");
        ServiceKey web = ServiceKey.tcp("192.0.2.1", 80);
        assertThat(rules.lineOf(web, null)).isEqualTo(1);
        assertThat(rules.lineOf(web, endpoint("198.51.100.1", 80))).isEqualTo(5);
        // A deletion defines nothing: the line to blame is still the one that added it.
        assertThat(rules.lineOf(web, endpoint("198.51.100.2", 80))).isEqualTo(7);
        assertThat(rules.lineOf(ServiceKey.tcp("192.0.2.2", 80), null)).isEqualTo(6);
        assertThat(rules.lineOf(ServiceKey.tcp("192.0.2.3", 80), null)).isZero();
        assertThat(rules.lineOf(web, endpoint("198.51.100.1", 81))).isZero();
    }

    private static java.net.InetSocketAddress endpoint(String address, int port) {
        return new java.net.InetSocketAddress(Addresses.parse(address), port);
    }

    private static void assertFolding(String text, String message) {
        IpvsadmRules rules = IpvsadmRules.parse(text, "r");
        assertThatThrownBy(rules::toConfig).isInstanceOf(RulesSyntaxException.class).hasMessage(message);
    }

    @Test
    void nonTableCommandsAreStillParsed() {
        IpvsadmRules rules = IpvsadmRules.parse("--set 900 120 300\n--start-daemon backup --syncid 3", "r");
        assertThat(rules.commands()).containsExactly(
                new IpvsadmCommand.SetTimeouts(new Timeouts(900, 120, 300)),
                new IpvsadmCommand.StartDaemon(new io.github.ipvs4j.model.SyncDaemon(
                        io.github.ipvs4j.model.SyncDaemon.Role.BACKUP, "eth0", 3, 0, Optional.empty(), 0, 0)));
    }

    // ---- ipvsadm's order ------------------------------------------------------------------------------

    @Test
    void sortedAsIpvsadmOrdersByMarkFamilyProtocolAddressPort() {
        VirtualService udpLow = VirtualService.builder(ServiceKey.udp("192.0.2.1", 53)).build();
        VirtualService tcpHigh = VirtualService.builder(ServiceKey.tcp("203.0.113.1", 80)).build();
        VirtualService tcpLowPort443 = VirtualService.builder(ServiceKey.tcp("192.0.2.1", 443)).build();
        VirtualService tcpLowPort80 = VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).build();
        VirtualService sctp = VirtualService.builder(ServiceKey.sctp("192.0.2.1", 80)).build();
        VirtualService v6 = VirtualService.builder(ServiceKey.tcp("2001:db8::1", 80)).build();
        VirtualService mark2 = VirtualService.builder(ServiceKey.fwmark(2)).build();
        VirtualService mark1v6 = VirtualService.builder(ServiceKey.fwmark(1, AddressFamily.INET6)).build();
        VirtualService mark1 = VirtualService.builder(ServiceKey.fwmark(1)).build();
        IpvsConfig config = new IpvsConfig(List.of(mark2, v6, mark1v6, sctp, udpLow, tcpHigh, tcpLowPort443,
                mark1, tcpLowPort80).stream().map(s -> new ServiceConfig(s, List.of())).toList());
        assertThat(IpvsadmRules.sortedAsIpvsadm(config).services()).extracting(ServiceConfig::service)
                .containsExactly(tcpLowPort80, tcpLowPort443, tcpHigh, udpLow, sctp, v6, mark1, mark1v6, mark2);
    }

    @Test
    void sortedAsIpvsadmOrdersRealServersByAddressThenPort() {
        RealServer b = RealServer.builder("198.51.100.2", 80).forwarding(ForwardingMethod.NAT).build();
        RealServer a81 = RealServer.builder("198.51.100.1", 81).forwarding(ForwardingMethod.NAT).build();
        RealServer a80 = RealServer.builder("198.51.100.1", 80).forwarding(ForwardingMethod.NAT).build();
        IpvsConfig config = IpvsConfig.of(ServiceConfig.of(VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80))
                .build(), b, a81, a80));
        assertThat(IpvsadmRules.sortedAsIpvsadm(config).services().get(0).realServers()).containsExactly(a80, a81, b);
    }

    @Test
    void sortedAsIpvsadmComparesLikeIpvsadmEvenAcrossTheWrap() {
        // ipvsadm subtracts 32-bit words: 10.0.0.1 - 200.0.0.1 wraps to a positive int, so 200.0.0.1 comes first.
        VirtualService low = VirtualService.builder(ServiceKey.tcp("10.0.0.1", 80)).build();
        VirtualService high = VirtualService.builder(ServiceKey.tcp("200.0.0.1", 80)).build();
        IpvsConfig config = IpvsConfig.of(ServiceConfig.of(low), ServiceConfig.of(high));
        assertThat(IpvsadmRules.sortedAsIpvsadm(config).services()).extracting(ServiceConfig::service)
                .containsExactly(high, low);
    }

    @Test
    void persistenceDefaultsMatchIpvsadm() {
        VirtualService s = ((IpvsadmCommand.AddService) IpvsadmCommand.parse("-A", "-t", "192.0.2.1:80", "-p"))
                .service();
        assertThat(s.persistence()).contains(new Persistence(300, 32, Optional.empty()));
        assertThat(s.scheduler()).isEqualTo(Scheduler.WLC);
    }

    @Test
    void aPlanPrintsAsTheIpvsadmCommandsThatMakeIt() {
        VirtualService web = VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).scheduler(Scheduler.WRR).build();
        RealServer rs = RealServer.builder("198.51.100.1", 80).forwarding(ForwardingMethod.NAT).weight(2).build();
        io.github.ipvs4j.apply.Plan plan = new io.github.ipvs4j.apply.Plan(List.of(
                new io.github.ipvs4j.model.Change.CreateService(web),
                new io.github.ipvs4j.model.Change.CreateRealServer(web.key(), rs),
                new io.github.ipvs4j.model.Change.UpdateRealServer(web.key(), rs.toBuilder().weight(0).build()),
                new io.github.ipvs4j.model.Change.RemoveRealServer(web.key(), rs.endpoint()),
                new io.github.ipvs4j.model.Change.RemoveService(ServiceKey.fwmark(7))), List.of());
        assertThat(IpvsadmRules.format(plan)).isEqualTo("""
                -A -t 192.0.2.1:80 -s wrr
                -a -t 192.0.2.1:80 -r 198.51.100.1:80 -m -w 2
                -e -t 192.0.2.1:80 -r 198.51.100.1:80 -m -w 0
                -d -t 192.0.2.1:80 -r 198.51.100.1:80
                -D -f 7
                """);
    }
}
