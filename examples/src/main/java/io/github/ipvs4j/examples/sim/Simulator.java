package io.github.ipvs4j.examples.sim;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.apply.ApplyException;
import io.github.ipvs4j.apply.Reconciler;
import io.github.ipvs4j.examples.files.TextFile;
import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.rules.IpvsadmRules;
import io.github.ipvs4j.rules.RulesSyntaxException;
import io.github.ipvs4j.testkit.ConnectResult;
import io.github.ipvs4j.testkit.FakeKernel;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ipvs-sim --rules RULES --traffic TRAFFIC}: loads an {@code ipvsadm -S} rules file into the fake
 * kernel, plays a traffic file through it and prints where each connection went, then how many went
 * to each real server. Exit status 0, or 2 for bad input (the message names file, line and problem).
 */
public final class Simulator {
    private static final String USAGE = "usage: ipvs-sim --rules RULES --traffic TRAFFIC\n"
            + "  RULES    an ipvsadm -S rules file (-A/-a lines)\n"
            + "  TRAFFIC  lines '<tcp|udp|sctp> <client-ip> <client-port> <virtual-ip> <virtual-port> <hold|close>'\n"
            + "           and 'advance <seconds>'; blank lines and # comments are skipped; - reads standard input\n"
            + "Prints '<client-ip> <client-port> -> <real-ip> <real-port>' per connection, or '-> none (why)' when\n"
            + "IPVS forwards nothing (no service, no real server, dropped), then the connections per real server.\n";

    private Simulator() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Runs the simulator; returns the exit status. {@code in} is read when the traffic file is {@code -}. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        Path rules = null;
        Path traffic = null;
        for (int i = 0; i < args.length; i++) {
            if ((args[i].equals("--rules") || args[i].equals("--traffic")) && i + 1 < args.length) {
                if (args[i].equals("--rules")) {
                    rules = Path.of(args[++i]);
                } else {
                    traffic = Path.of(args[++i]);
                }
            } else if (args[i].equals("-h") || args[i].equals("--help")) {
                out.print(USAGE);
                return 0;
            } else {
                err.print("ipvs-sim: unexpected argument '" + args[i] + "'\n" + USAGE);
                return 2;
            }
        }
        if (rules == null || traffic == null) {
            err.print("ipvs-sim: both --rules and --traffic are needed\n" + USAGE);
            return 2;
        }
        IpvsadmRules lines;
        IpvsConfig config;
        List<Traffic.Step> steps;
        try {
            lines = IpvsadmRules.parse(TextFile.read(rules), rules.toString());
            config = lines.toConfig();
        } catch (RulesSyntaxException | TextFile.NotUtf8Exception e) {
            err.println("ipvs-sim: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("ipvs-sim: " + rules + ": cannot read: " + TextFile.reason(e));
            return 2;
        }
        try {
            String text = traffic.toString().equals("-") ? TextFile.read(in, "-") : TextFile.read(traffic);
            steps = Traffic.parse(new StringReader(text), traffic.toString());
        } catch (Traffic.SyntaxException | TextFile.NotUtf8Exception e) {
            err.println("ipvs-sim: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("ipvs-sim: " + traffic + ": cannot read: " + TextFile.reason(e));
            return 2;
        }
        FakeKernel kernel = FakeKernel.create();
        try (Ipvs ipvs = Ipvs.using(kernel)) {
            try {
                Reconciler.of(ipvs).apply(config);
            } catch (IpvsException e) {
                // The first change refused, with the line that defines what it changes.
                int line = e.service().map(s -> lines.lineOf(s, e.realServer().orElse(null))).orElse(0);
                String reason = e instanceof ApplyException && e.getCause() != null ? e.getCause().getMessage()
                        : e.getMessage();
                err.println("ipvs-sim: " + rules + (line > 0 ? ":" + line : "") + ": the kernel refuses this rule: "
                        + reason);
                return 2;
            }
            play(kernel, steps, out);
        }
        return 0;
    }

    /** Plays the steps and prints one line per connection, then the summary. */
    static void play(FakeKernel kernel, List<Traffic.Step> steps, PrintStream out) {
        Map<InetSocketAddress, Integer> perServer = new TreeMap<>(Comparator
                .comparing((InetSocketAddress a) -> a.getAddress().getAddress(), Arrays::compareUnsigned)
                .thenComparingInt(InetSocketAddress::getPort));
        int none = 0;
        for (Traffic.Step step : steps) {
            if (step instanceof Traffic.Advance a) {
                kernel.advance(a.duration());
                continue;
            }
            Traffic.Connect c = (Traffic.Connect) step;
            ConnectResult result = kernel.connect(c.protocol(), c.client(), c.clientPort(), c.virtualAddress(),
                    c.virtualPort());
            String from = Addresses.format(c.client()) + " " + c.clientPort() + " -> ";
            if (result.realServer().isPresent()) {
                InetSocketAddress rs = result.realServer().get();
                out.println(from + Addresses.format(rs.getAddress()) + " " + rs.getPort());
                perServer.merge(rs, 1, Integer::sum);
                if (!c.hold()) {
                    kernel.disconnect(result.handle());
                }
            } else {
                out.println(from + "none (" + result.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")");
                none++;
            }
        }
        out.println();
        out.println("connections per real server:");
        perServer.forEach((rs, n) -> out.println("  " + Addresses.format(rs.getAddress()) + " " + rs.getPort() + " "
                + n));
        out.println("  none " + none);
    }
}
