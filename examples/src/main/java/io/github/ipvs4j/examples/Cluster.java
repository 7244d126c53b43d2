package io.github.ipvs4j.examples;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.apply.ApplyResult;
import io.github.ipvs4j.apply.Reconciler;
import io.github.ipvs4j.examples.jipvsadm.Listing;
import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualServiceStatus;
import io.github.ipvs4j.rules.IpvsadmRules;
import io.github.ipvs4j.testkit.ConnectResult;
import io.github.ipvs4j.testkit.FakeKernel;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the cluster examples share: pick the kernel (fake unless asked or running as root on a kernel
 * with IPVS), apply a desired table, print it as {@code ipvsadm -Ln} would, and on the fake kernel
 * play simulated clients through it to show how the scheduler spreads them.
 */
final class Cluster {
    private static final String USAGE = "usage: %s [--fake | --real] [--clients N] [--seed N]%n"
            + "  --fake       use the in-memory fake kernel (the default unless root on a kernel with IPVS)%n"
            + "  --real       configure this machine's kernel through ipvs-netlink (needs root and ip_vs)%n"
            + "  --clients N  simulated clients on the fake kernel (default 3000)%n"
            + "  --seed N     seed of the simulated clients (default 1)%n";

    /** Parsed command line. */
    record Options(boolean real, int clients, long seed) {
    }

    private Cluster() {
    }

    /** Parses the shared options; exits with status 2 and a usage message on bad input. */
    static Options parse(String program, String[] args) {
        Boolean real = null;
        int clients = 3000;
        long seed = 1;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--fake" -> real = false;
                    case "--real" -> real = true;
                    case "--clients" -> clients = Integer.parseInt(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
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
        } catch (RuntimeException e) {
            System.err.printf("%s: %s%n" + USAGE, program, e instanceof ArrayIndexOutOfBoundsException
                    ? "missing value" : e.getMessage(), program);
            System.exit(2);
        }
        return new Options(real != null ? real : rootOnIpvsKernel(), clients, seed);
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

    /** Runs an example: apply {@code desired}, list, simulate. Returns the exit status. */
    static int run(String title, IpvsConfig desired, Options options, PrintStream out) {
        FakeKernel fake = options.real() ? null : FakeKernel.create();
        try (Ipvs ipvs = fake != null ? Ipvs.using(fake) : Ipvs.open()) {
            out.println(title + (fake != null ? " on the fake kernel (no root needed; --real for this machine's)"
                    : " on this machine's kernel"));
            out.println();
            out.println("Rules (ipvsadm -Sn):");
            out.print(indent(IpvsadmRules.format(desired)));
            ApplyResult result = Reconciler.of(ipvs).apply(desired);
            out.println();
            out.println("Applied " + result.applied().size() + " changes. The table, as ipvsadm -Ln shows it:");
            out.print(indent(table(ipvs)));
            if (fake == null) {
                out.println();
                out.println("Traffic simulation runs on the fake kernel only; send real clients to the VIP.");
                return 0;
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
