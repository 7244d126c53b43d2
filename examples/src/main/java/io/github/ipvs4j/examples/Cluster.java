package io.github.ipvs4j.examples;

import io.github.ipvs4j.Host;
import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.apply.ApplyResult;
import io.github.ipvs4j.apply.Reconciler;
import io.github.ipvs4j.examples.jipvsadm.Listing;
import io.github.ipvs4j.host.InterfaceAddress;
import io.github.ipvs4j.host.Link;
import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualServiceStatus;
import io.github.ipvs4j.preflight.Preflight;
import io.github.ipvs4j.preflight.PreflightFix;
import io.github.ipvs4j.preflight.Role;
import io.github.ipvs4j.rules.IpvsadmRules;
import io.github.ipvs4j.spi.TransportOptions;
import io.github.ipvs4j.testkit.ConnectResult;
import io.github.ipvs4j.testkit.FakeHost;
import io.github.ipvs4j.testkit.FakeKernel;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What the cluster examples share: pick the kernel (fake unless asked or running as root on a kernel
 * with IPVS), set up the hosts with their preflight's fix (fake hosts, or this machine as the director
 * and real servers in network namespaces), apply a desired table, print it as {@code ipvsadm -Ln} would,
 * and on the fake kernel play simulated clients through it to show how the scheduler spreads them.
 */
final class Cluster {
    private static final String USAGE = "usage: %s [--fake | --real [--interface IF] [--real-server-netns NAME]...]"
            + " [--clients N] [--seed N]%n"
            + "  --fake       use the in-memory fake kernel and fake hosts (the default unless root on a kernel"
            + " with IPVS)%n"
            + "  --real       configure this machine as the director: its VIP and settings (the preflight's fix)"
            + " and its%n"
            + "               IPVS table, through ipvs-netlink (needs root and ip_vs)%n"
            + "  --interface IF            with --real, the interface for the VIP (default: the one whose network"
            + " holds it)%n"
            + "  --real-server-netns NAME  with --real, also set up the real server in network namespace NAME"
            + " (repeatable)%n"
            + "  --clients N  simulated clients on the fake kernel (default 3000)%n"
            + "  --seed N     seed of the simulated clients (default 1)%n";

    /**
     * Parsed command line.
     *
     * @param real whether to configure this machine instead of fakes
     * @param clients how many clients to simulate on the fake kernel
     * @param seed the seed of the simulated clients
     * @param interfaceName with {@code real}, the director's interface for the VIP, if named
     * @param realServerNetns with {@code real}, the network namespaces of real servers to set up
     */
    record Options(boolean real, int clients, long seed, Optional<String> interfaceName,
            List<String> realServerNetns) {
        Options {
            Objects.requireNonNull(interfaceName, "interfaceName");
            realServerNetns = List.copyOf(realServerNetns);
        }

        /** Options without an interface or real-server namespaces. */
        Options(boolean real, int clients, long seed) {
            this(real, clients, seed, Optional.empty(), List.of());
        }
    }

    /**
     * The machines of a cluster as they come out of the box, for the preflight on fake hosts: what their
     * own network setup gives them, and nothing an LVS tutorial adds.
     *
     * @param method how the director forwards to the real servers
     * @param director the director's addresses, {@code eth0} first, one interface each
     * @param realServer a real server's address on {@code eth0}
     * @param realServerGateway a real server's default gateway, if it has one
     */
    record Site(ForwardingMethod method, List<String> director, String realServer,
            Optional<String> realServerGateway) {
        Site {
            Objects.requireNonNull(method, "method");
            director = List.copyOf(director);
            Objects.requireNonNull(realServer, "realServer");
            Objects.requireNonNull(realServerGateway, "realServerGateway");
        }
    }

    private Cluster() {
    }

    /** Parses the shared options; exits with status 2 and a usage message on bad input. */
    static Options parse(String program, String[] args) {
        Boolean real = null;
        int clients = 3000;
        long seed = 1;
        Optional<String> interfaceName = Optional.empty();
        List<String> namespaces = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--fake" -> real = false;
                    case "--real" -> real = true;
                    case "--clients" -> clients = Integer.parseInt(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--interface" -> interfaceName = Optional.of(Link.checkName("--interface", args[++i]));
                    case "--real-server-netns" -> namespaces.add(namespace(args[++i]));
                    case "-h", "--help" -> {
                        System.out.printf(USAGE, program);
                        System.exit(0);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (clients < 0 || clients > 10_000_000) {
                throw new IllegalArgumentException("--clients must be 0..10000000");
            }
            if (real == null) {
                real = rootOnIpvsKernel();
            }
            if (!real && (interfaceName.isPresent() || !namespaces.isEmpty())) {
                throw new IllegalArgumentException("--interface and --real-server-netns configure this machine:"
                        + " they need --real");
            }
        } catch (RuntimeException e) {
            System.err.printf("%s: %s%n" + USAGE, program, e instanceof ArrayIndexOutOfBoundsException
                    ? "missing value" : e.getMessage(), program);
            System.exit(2);
        }
        return new Options(real, clients, seed, interfaceName, namespaces);
    }

    /** Checks a namespace name as {@code TransportOptions} takes it; returns it. */
    private static String namespace(String name) {
        TransportOptions.DEFAULTS.withNetworkNamespace(name);
        return name;
    }

    /** True when running as root on a kernel whose IPVS is loaded: then the real kernel is the default. */
    static boolean rootOnIpvsKernel() {
        try {
            boolean root = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .anyMatch(l -> l.matches("Uid:\\s+0\\s.*"));
            return root && Files.exists(Path.of("/proc/net/ip_vs"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs an example: set up the director's host and apply {@code desired} to its kernel, list the table;
     * on fakes, first show the preflight of a bare director and real server and fix them, and afterwards
     * simulate clients; with {@code --real}, also set up the real servers of {@code --real-server-netns}.
     * Returns the exit status: 0, or 1 if the kernel refused something or a host is not ready.
     */
    static int run(String title, IpvsConfig desired, Site site, Options options, PrintStream out) {
        FakeKernel fake = options.real() ? null : FakeKernel.create();
        try (Ipvs ipvs = fake != null ? Ipvs.using(fake) : Ipvs.open()) {
            out.println(title + (fake != null ? " on the fake kernel (no root needed; --real for this machine's)"
                    : " on this machine's kernel"));
            out.println();
            boolean ready = true;
            if (fake != null) {
                preflightOnFakeHosts(desired, site, out);
            } else {
                try (Host host = Host.open()) {
                    ready = fixAndShow("this machine as the director", director(desired, site, options), host, out);
                }
            }
            out.println("Rules (ipvsadm -Sn):");
            out.print(indent(IpvsadmRules.format(desired)));
            ApplyResult result = Reconciler.of(ipvs).apply(desired);
            out.println();
            out.println("Applied " + result.applied().size() + " changes. The table, as ipvsadm -Ln shows it:");
            out.print(indent(table(ipvs)));
            if (fake == null) {
                for (String ns : options.realServerNetns()) {
                    out.println();
                    try (Host host = Host.open(TransportOptions.DEFAULTS.withNetworkNamespace(ns))) {
                        ready &= fixAndShow("the real server in network namespace " + ns, realServer(desired, site),
                                host, out);
                    }
                }
                out.println();
                out.println("Traffic simulation runs on the fake kernel only; send real clients to the VIP.");
                return ready ? 0 : 1;
            }
            simulate(fake, desired, options, out);
            out.println();
            out.println("After the clients (about half of them closed: InActConn counts those):");
            out.print(indent(table(ipvs)));
            return 0;
        } catch (IpvsException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
    }

    /** The director's preflight: the table's VIPs and real servers, on {@code --interface} if named. */
    static Preflight director(IpvsConfig desired, Site site, Options options) {
        Preflight.Builder b = Preflight.builder(Role.DIRECTOR, site.method()).table(desired);
        vips(desired).forEach(b::vip);
        options.interfaceName().ifPresent(b::interfaceName);
        return b.build();
    }

    /** A real server's preflight: the table's VIPs. */
    static Preflight realServer(IpvsConfig desired, Site site) {
        Preflight.Builder b = Preflight.builder(Role.REAL_SERVER, site.method());
        vips(desired).forEach(b::vip);
        return b.build();
    }

    private static Set<InetAddress> vips(IpvsConfig desired) {
        Set<InetAddress> vips = new LinkedHashSet<>();
        for (ServiceConfig sc : desired.services()) {
            if (sc.service().key() instanceof ServiceKey.Address a) {
                vips.add(a.address());
            }
        }
        return vips;
    }

    /** The preflight of a bare director and a bare real server on fake hosts, fixed. */
    private static void preflightOnFakeHosts(IpvsConfig desired, Site site, PrintStream out) {
        try (Host director = fakeMachine(site.director(), Optional.empty());
                Host realServer = fakeMachine(List.of(site.realServer()), site.realServerGateway())) {
            fixAndShow("a bare director, a fake host with " + describe(site.director()),
                    director(desired, site, new Options(false, 0, 0)), director, out);
            out.println();
            fixAndShow("a bare real server, a fake host with " + describe(List.of(site.realServer()))
                    + site.realServerGateway().map(g -> ", default via " + g).orElse(""),
                    realServer(desired, site), realServer, out);
            out.println();
        }
    }

    /** A fake host with {@code lo} and, up, one interface per address ({@code eth0}, {@code eth1}, ...). */
    private static Host fakeMachine(List<String> cidrs, Optional<String> gateway) {
        FakeHost fake = FakeHost.create();
        Host host = Host.using(fake);
        for (int i = 0; i < cidrs.size(); i++) {
            fake.addLink("eth" + i, "veth");
            host.setLinkUp("eth" + i, true);
            host.addAddress(InterfaceAddress.of("eth" + i, cidrs.get(i)));
        }
        gateway.ifPresent(g -> fake.addRoute("0.0.0.0/0", Optional.of(Addresses.parse(g)), "eth0"));
        return host;
    }

    private static String describe(List<String> cidrs) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < cidrs.size(); i++) {
            parts.add("eth" + i + " " + cidrs.get(i));
        }
        return String.join(", ", parts);
    }

    /**
     * Checks a host, applies the fixes of the findings, checks again, and prints the three; returns
     * whether the host is ready.
     */
    private static boolean fixAndShow(String what, Preflight preflight, Host host, PrintStream out) {
        PreflightFix fix = preflight.fix(host);
        out.println("Preflight of " + what + " (" + preflight + "):");
        out.print(indent(fix.before().toString()));
        if (fix.applied().isEmpty()) {
            out.println("  Nothing to change.");
        } else {
            out.println("  What --fix changes:");
            fix.applied().forEach(c -> out.println("    " + c));
            out.println("  After the fix (" + (fix.after().ready() ? "ready" : "NOT READY") + "):");
            out.print(indent(fix.after().toString()));
        }
        return fix.after().ready();
    }

    static String table(Ipvs ipvs) {
        List<Listing.Entry> entries = new ArrayList<>();
        for (VirtualServiceStatus s : ipvs.listServiceStatus()) {
            entries.add(new Listing.Entry(s, ipvs.listRealServerStatus(s.service().key())));
        }
        return Listing.table(ipvs.info(), entries, Listing.Format.DEFAULT);
    }

    /**
     * Connects {@code options.clients()} clients from 203.0.113.0/24 to each address service, one
     * after another, closing about half of them, and prints where they went against the weights.
     */
    private static void simulate(FakeKernel kernel, IpvsConfig desired, Options options, PrintStream out) {
        SplittableRandom random = new SplittableRandom(options.seed());
        for (ServiceConfig service : desired.services()) {
            if (!(service.service().key() instanceof ServiceKey.Address vip)) {
                continue;
            }
            Map<InetSocketAddress, Integer> spread = new LinkedHashMap<>();
            service.realServers().forEach(rs -> spread.put(rs.endpoint(), 0));
            int dropped = 0;
            for (int i = 0; i < options.clients(); i++) {
                InetAddress client = Addresses.fromBytes(new byte[] {(byte) 203, 0, 113, (byte) (1 + random.nextInt(254))});
                ConnectResult r = kernel.connect(vip.protocol(), client, 1024 + random.nextInt(64511), vip.address(),
                        vip.port());
                if (r.realServer().isEmpty()) {
                    dropped++;
                    continue;
                }
                spread.merge(r.realServer().get(), 1, Integer::sum);
                if (random.nextBoolean()) {
                    kernel.disconnect(r.handle());
                }
            }
            int totalWeight = service.realServers().stream().mapToInt(RealServer::weight).sum();
            out.println();
            out.printf("%d simulated clients of %s (%s):%n", options.clients(), vip, service.service().scheduler());
            for (RealServer rs : service.realServers()) {
                int n = spread.get(rs.endpoint());
                out.printf("  %-22s weight %-3d %6d connections  %5.1f%%  (weight share %5.1f%%)%n",
                        Addresses.format(rs.address(), rs.port()), rs.weight(), n,
                        options.clients() == 0 ? 0.0 : 100.0 * n / options.clients(),
                        totalWeight == 0 ? 0.0 : 100.0 * rs.weight() / totalWeight);
            }
            if (dropped > 0) {
                out.printf("  %d clients found no real server%n", dropped);
            }
        }
    }

    private static String indent(String text) {
        StringBuilder sb = new StringBuilder();
        text.lines().forEach(l -> sb.append("    ").append(l).append('\n'));
        return sb.toString();
    }
}
