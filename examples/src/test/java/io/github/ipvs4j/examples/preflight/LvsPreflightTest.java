package io.github.ipvs4j.examples.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.Host;
import io.github.ipvs4j.host.InterfaceAddress;
import io.github.ipvs4j.host.Link;
import io.github.ipvs4j.host.Route;
import io.github.ipvs4j.host.Setting;
import io.github.ipvs4j.host.Sysctl;
import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.IpvsOperation;
import io.github.ipvs4j.spi.HostTransport;
import io.github.ipvs4j.spi.KernelErrors;
import io.github.ipvs4j.spi.TransportOptions;
import io.github.ipvs4j.testkit.FakeHost;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LvsPreflightTest {
    private static final String VIP = "192.0.2.100";
    private static final String[] DR_REAL_SERVER = {"--role", "real-server", "--mode", "dr", "--vip", VIP};

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    /** The options each run opened its host with. */
    private final List<TransportOptions> opened = new ArrayList<>();

    /**
     * The fake host the program sees: closing it (as the program does) leaves it open for the test's
     * checks, and a setting may be made to fail as a kernel would refuse it.
     */
    private static final class Fake implements HostTransport {
        final FakeHost host = FakeHost.create();
        Setting failing;
        int errno;

        @Override
        public List<Link> listLinks() {
            return host.listLinks();
        }

        @Override
        public List<InterfaceAddress> listAddresses() {
            return host.listAddresses();
        }

        @Override
        public void addAddress(InterfaceAddress address) {
            host.addAddress(address);
        }

        @Override
        public void removeAddress(InterfaceAddress address) {
            host.removeAddress(address);
        }

        @Override
        public void setLinkUp(String interfaceName, boolean up) {
            host.setLinkUp(interfaceName, up);
        }

        @Override
        public Optional<Route> route(InetAddress destination) {
            return host.route(destination);
        }

        @Override
        public Map<Setting, Integer> readSettings(Collection<Setting> settings) {
            return host.readSettings(settings);
        }

        @Override
        public void writeSetting(Setting setting, int value) {
            if (setting.equals(failing)) {
                throw KernelErrors.hostError(errno, IpvsOperation.WRITE_SETTING, setting.name(), null);
            }
            host.writeSetting(setting, value);
        }

        @Override
        public void announce(String interfaceName, InetAddress address, int count, Duration interval) {
            host.announce(interfaceName, address, count, interval);
        }

        @Override
        public void close() {
        }

        /** Reads the fake as the test sees it. */
        Host view() {
            return Host.using(this);
        }
    }

    /** A bare machine on 192.0.2.0/24: lo, and eth0 up with {@code cidr}. */
    private static Fake machine(String cidr) {
        Fake fake = new Fake();
        fake.host.addLink("eth0", "veth");
        Host host = fake.view();
        host.setLinkUp("eth0", true);
        host.addAddress(InterfaceAddress.of("eth0", cidr));
        return fake;
    }

    private int run(Fake fake, String... args) {
        return run(options -> {
            opened.add(options);
            return Host.using(fake);
        }, args);
    }

    private int run(Function<TransportOptions, Host> opener, String... args) {
        out.reset();
        err.reset();
        return LvsPreflight.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), opener);
    }

    private static String[] with(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aBareDrRealServerHasThreeErrorsOneALine() {
        Fake fake = machine("192.0.2.11/24");
        assertThat(run(fake, DR_REAL_SERVER)).isEqualTo(1);
        assertThat(out().lines()).hasSize(3).allMatch(l -> l.startsWith("error  "));
        assertThat(out()).startsWith("error  VIP 192.0.2.100 is not on this host, needs 192.0.2.100/32 on lo: ")
                .contains("\nerror  net.ipv4.conf.all.arp_ignore is 0 (in effect on eth0: 0), needs 1 or more: ")
                .contains("(fix: set net.ipv4.conf.all.arp_announce = 2)\n");
        assertThat(err()).isEmpty();
        assertThat(opened).containsExactly(TransportOptions.DEFAULTS);
    }

    @Test
    void fixPrintsEachChangeThenTheFindingsAfterAndLeavesTheHostReady() {
        Fake fake = machine("192.0.2.11/24");
        assertThat(run(fake, with(DR_REAL_SERVER, "--fix"))).as(err()).isZero();
        String[] sections = out().split("after the changes:\n");
        assertThat(sections).hasSize(2);
        assertThat(sections[0].lines().filter(l -> !l.startsWith("error  "))).containsExactly(
                "changed: add address 192.0.2.100/32 on lo",
                "changed: set net.ipv4.conf.all.arp_ignore = 1",
                "changed: set net.ipv4.conf.all.arp_announce = 2");
        assertThat(sections[1].lines()).singleElement().asString()
                .startsWith("ok     VIP 192.0.2.100: 192.0.2.100/32 on lo");
        Host host = fake.view();
        assertThat(host.readEffective(Sysctl.ARP_IGNORE, "eth0")).isEqualTo(OptionalInt.of(1));
        assertThat(host.findAddress(ip(VIP))).extracting(InterfaceAddress::interfaceName).containsExactly("lo");

        // Ready now: a check exits 0, and another --fix changes nothing.
        assertThat(run(fake, DR_REAL_SERVER)).isZero();
        assertThat(out()).doesNotContain("error");
        assertThat(run(fake, with(DR_REAL_SERVER, "--fix"))).isZero();
        assertThat(out()).endsWith("nothing to change\n");
    }

    @Test
    void aDirectorWhoseRealServerIsBehindAGatewayStaysNotReadyAfterTheFix() throws IOException {
        Fake fake = machine("192.0.2.1/24");
        fake.host.addRoute("198.51.100.0/24", Optional.of(ip("192.0.2.254")), "eth0");
        Path rules = Files.writeString(dir.resolve("dr.rules"), """
                -A -t 192.0.2.100:80 -s rr
                -a -t 192.0.2.100:80 -r 192.0.2.11:80 -g -w 1
                -a -t 192.0.2.100:80 -r 198.51.100.12:80 -g -w 1
                """);
        String[] director = {"--role", "director", "--mode", "dr", "--vip", VIP, "--rules", rules.toString()};
        assertThat(run(fake, director)).isEqualTo(1);
        assertThat(out()).contains("error  VIP 192.0.2.100 is not on this host, needs 192.0.2.100/32 on eth0")
                .contains("error  real server 198.51.100.12 is ").contains("needs on a directly connected network")
                .doesNotContain("real server 192.0.2.11");

        assertThat(run(fake, with(director, "--fix"))).isEqualTo(1);
        String after = out().substring(out().indexOf("after the changes:\n"));
        assertThat(after.lines().filter(l -> l.startsWith("error"))).singleElement().asString()
                .startsWith("error  real server 198.51.100.12 is ");
        assertThat(out()).contains("changed: add address 192.0.2.100/32 on eth0",
                "changed: set net.ipv4.conf.all.send_redirects = 0");
    }

    @Test
    void aRefusedChangeSaysWhatWasAppliedWhatFailedAndWhatWasNot() {
        Fake fake = machine("192.0.2.11/24");
        fake.failing = Setting.all(Sysctl.ARP_IGNORE);
        fake.errno = Errno.ENOENT;
        assertThat(run(fake, with(DR_REAL_SERVER, "--fix"))).isEqualTo(1);
        assertThat(out()).startsWith("changed: add address 192.0.2.100/32 on lo\nafter the changes:\n")
                .contains("error  net.ipv4.conf.all.arp_ignore is 0")
                .contains("error  net.ipv4.conf.all.arp_announce is 0")
                .doesNotContain("error  VIP");
        assertThat(err()).startsWith("lvs-preflight: could not set net.ipv4.conf.all.arp_ignore = 1: ")
                .contains("ENOENT")
                .contains("lvs-preflight: not applied: set net.ipv4.conf.all.arp_announce = 2\n");
    }

    @Test
    void withoutThePermissionToChangeTheHostTheFixExitsTwoNamingWhy() {
        Fake fake = machine("192.0.2.11/24");
        fake.failing = Setting.all(Sysctl.ARP_IGNORE);
        fake.errno = Errno.EROFS;
        assertThat(run(fake, with(DR_REAL_SERVER, "--fix"))).isEqualTo(2);
        assertThat(out()).isEqualTo("changed: add address 192.0.2.100/32 on lo\n");
        assertThat(err()).contains("/proc/sys is read-only here (EROFS)")
                .contains("not applied: set net.ipv4.conf.all.arp_announce = 2");

        Fake bare = machine("192.0.2.12/24");
        bare.failing = Setting.all(Sysctl.ARP_IGNORE);
        bare.errno = Errno.EPERM;
        bare.view().addAddress(InterfaceAddress.host("lo", ip(VIP)));
        assertThat(run(bare, with(DR_REAL_SERVER, "--fix"))).isEqualTo(2);
        assertThat(out()).isEmpty();
        assertThat(err()).contains("needs CAP_NET_ADMIN");
    }

    @Test
    void netnsOpensTheHostInThatNamespaceAndAMissingOneIsAClearError() {
        Fake fake = machine("192.0.2.11/24");
        assertThat(run(fake, with(DR_REAL_SERVER, "--netns", "rs1"))).isEqualTo(1);
        assertThat(opened).containsExactly(TransportOptions.DEFAULTS.withNetworkNamespace("rs1"));

        Function<TransportOptions, Host> none = options -> {
            throw new IpvsException("cannot enter network namespace " + options.networkNamespace().orElseThrow()
                    + ": no such file (ENOENT)", null);
        };
        assertThat(run(none, with(DR_REAL_SERVER, "--netns", "nosuch"))).isEqualTo(2);
        assertThat(err()).isEqualTo("lvs-preflight: cannot open network namespace nosuch: cannot enter network"
                + " namespace /run/netns/nosuch: no such file (ENOENT)\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void anUnknownInterfaceIsNamed() {
        Fake fake = machine("192.0.2.1/24");
        assertThat(run(fake, "--role", "director", "--mode", "dr", "--vip", VIP, "--interface", "eth9")).isEqualTo(2);
        assertThat(err()).isEqualTo("lvs-preflight: cannot read this host: no interface eth9 (--interface)\n");
    }

    @Test
    void aNatDirectorNeedsForwardingAndNoRedirects() {
        Fake fake = machine("203.0.113.1/24");
        String[] nat = {"--role", "director", "--mode", "nat", "--vip", "203.0.113.100"};
        assertThat(run(fake, nat)).isEqualTo(1);
        assertThat(out()).contains("error  net.ipv4.ip_forward is 0, needs 1: ")
                .contains("error  net.ipv4.conf.all.send_redirects is 1, needs 0: ");
        assertThat(run(fake, with(nat, "--fix"))).isZero();
        assertThat(fake.view().readSetting(Setting.of(Sysctl.IP_FORWARD))).isEqualTo(OptionalInt.of(1));
    }

    @Test
    void helpPrintsTheUsage() {
        assertThat(run(new Fake(), "--help")).isZero();
        assertThat(out()).isEqualTo(LvsPreflight.USAGE).startsWith("usage: lvs-preflight --role director|real-server");
        assertThat(opened).isEmpty();
    }

    @Test
    void badUsageExitsTwoNamingTheOptionAndOpensNoHost() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.rules"), "-A -t 192.0.2.100:80 -s rr\n-x\n");
        Map<List<String>, String> cases = Map.of(
                List.of(), "--role is needed",
                List.of("--role", "director", "--vip", VIP), "--mode is needed",
                List.of("--role", "director", "--mode", "dr"), "--vip is needed",
                List.of("--role", "router", "--mode", "dr", "--vip", VIP),
                "--role 'router': expected director or real-server",
                List.of("--role", "director", "--mode", "fast", "--vip", VIP), "--mode 'fast': expected dr, nat or tun",
                List.of("--role", "director", "--mode", "dr", "--vip", "www.example.com"), "vip: \"www.example.com\"",
                List.of("--role", "director", "--mode", "dr", "--vip"), "--vip needs a value",
                List.of("--role", "director", "--mode", "dr", "--vip", VIP, "--verbose"),
                "unexpected argument '--verbose'",
                List.of("--role", "real-server", "--mode", "dr", "--vip", VIP, "--rules", "x"),
                "--rules is for a director",
                List.of("--role", "director", "--mode", "dr", "--vip", VIP, "--rules", bad.toString()), "bad.rules:2");
        cases.forEach((args, message) -> {
            assertThat(run(new Fake(), args.toArray(String[]::new))).as(args.toString()).isEqualTo(2);
            assertThat(err()).as(args.toString()).startsWith("lvs-preflight: ").contains(message).contains("usage:");
        });
        assertThat(run(new Fake(), "--role", "director", "--mode", "dr", "--vip", VIP, "--rules",
                dir.resolve("missing").toString())).isEqualTo(2);
        assertThat(err()).contains("missing: cannot read");
        assertThat(opened).isEmpty();
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
