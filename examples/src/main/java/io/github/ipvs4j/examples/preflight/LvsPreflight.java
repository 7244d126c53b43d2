package io.github.ipvs4j.examples.preflight;

import io.github.ipvs4j.Host;
import io.github.ipvs4j.examples.files.TextFile;
import io.github.ipvs4j.host.HostChange;
import io.github.ipvs4j.host.HostChangeException;
import io.github.ipvs4j.host.InterfaceNotFoundException;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.InvalidConfigurationException;
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.PermissionDeniedException;
import io.github.ipvs4j.preflight.Finding;
import io.github.ipvs4j.preflight.Preflight;
import io.github.ipvs4j.preflight.PreflightFix;
import io.github.ipvs4j.preflight.PreflightReport;
import io.github.ipvs4j.preflight.Role;
import io.github.ipvs4j.rules.IpvsadmRules;
import io.github.ipvs4j.rules.RulesSyntaxException;
import io.github.ipvs4j.spi.TransportOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code lvs-preflight}: whether this host (or a network namespace of it) is ready to be an LVS director
 * or real server, as findings, one a line; with {@code --fix}, makes the changes the findings name and
 * checks again. Exit status 0 when ready, 1 when an error remains (or a change failed), 2 for bad usage
 * or a host that cannot be read or changed at all.
 */
public final class LvsPreflight {
    static final String USAGE = """
            usage: lvs-preflight --role director|real-server --mode dr|nat|tun --vip ADDR [--vip ADDR]...
                                 [--interface IF] [--netns NAME] [--rules FILE] [--fix]
              --role R       director (holds the VIPs and the IPVS table) or real-server
              --mode M       the forwarding method: dr (direct routing), nat (masquerading) or tun (IP-in-IP)
              --vip ADDR     a virtual IP, an IPv4 or IPv6 literal; repeat for several
              --interface IF the director's interface for the VIPs; a DR real server's interface facing the
                             director; a TUN real server's tunnel
              --netns NAME   check the network namespace NAME (ip netns) instead of this process's own
              --rules FILE   the director's table in ipvsadm -S format, whose real servers are checked too
              --fix          make the changes the findings name, then check again
            Prints one finding a line: error (the cluster will not work), advice, or ok (a fact).
            Exit status: 0 ready, 1 an error remains or a change failed, 2 bad usage or the host cannot be read.
            """;
    private static final String PROGRAM = "lvs-preflight";

    /** The options that take a value. */
    private static final List<String> VALUED = List.of("--role", "--mode", "--vip", "--interface", "--netns",
            "--rules");

    /**
     * The parsed command line.
     *
     * @param preflight what to check
     * @param netns the network namespace named by {@code --netns}, if any
     * @param transport how to open the host: in that namespace, or in this process's own
     * @param fix whether to make the changes the findings name
     */
    record Options(Preflight preflight, Optional<String> netns, TransportOptions transport, boolean fix) {
    }

    /** A command line that cannot be run; the message says why, naming the option. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private LvsPreflight() {
    }

    /**
     * Entry point; see {@link #USAGE}.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the program on the real host ({@link Host#open(TransportOptions)}).
     *
     * @param args the command line
     * @param out where the findings and changes go
     * @param err where errors go
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, Host::open);
    }

    /** Runs the program on the host {@code opener} opens for the options (a namespace or none). */
    static int run(String[] args, PrintStream out, PrintStream err, Function<TransportOptions, Host> opener) {
        if (List.of(args).contains("-h") || List.of(args).contains("--help")) {
            out.print(USAGE);
            return 0;
        }
        Options options;
        try {
            options = parse(args);
        } catch (UsageException e) {
            err.print(PROGRAM + ": " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        String where = options.netns().map(n -> "network namespace " + n).orElse("this host");
        Host host;
        try {
            host = opener.apply(options.transport());
        } catch (IpvsException e) {
            err.println(PROGRAM + ": cannot open " + where + ": " + e.getMessage());
            return 2;
        }
        try (host) {
            return options.fix() ? fix(options.preflight(), host, where, out, err)
                    : check(options.preflight(), host, where, out, err);
        }
    }

    private static int check(Preflight preflight, Host host, String where, PrintStream out, PrintStream err) {
        PreflightReport report;
        try {
            report = preflight.check(host);
        } catch (IpvsException e) {
            err.println(PROGRAM + ": cannot read " + where + ": " + unreadable(e));
            return 2;
        }
        print(report, out);
        return report.ready() ? 0 : 1;
    }

    private static int fix(Preflight preflight, Host host, String where, PrintStream out, PrintStream err) {
        PreflightFix fix;
        try {
            fix = preflight.fix(host);
        } catch (HostChangeException e) {
            e.applied().forEach(c -> out.println("changed: " + c));
            err.println(PROGRAM + ": could not " + e.failed() + ": " + e.getCause().getMessage());
            err.println(PROGRAM + ": not applied: " + (e.notApplied().isEmpty() ? "none"
                    : String.join("; ", e.notApplied().stream().map(HostChange::toString).toList())));
            if (e.getCause() instanceof PermissionDeniedException) {
                return 2;
            }
            out.println("after the changes:");
            return check(preflight, host, where, out, err) == 2 ? 2 : 1;
        } catch (IpvsException e) {
            err.println(PROGRAM + ": cannot read " + where + ": " + unreadable(e));
            return 2;
        }
        print(fix.before(), out);
        if (fix.applied().isEmpty()) {
            out.println("nothing to change");
        } else {
            fix.applied().forEach(c -> out.println("changed: " + c));
            out.println("after the changes:");
            print(fix.after(), out);
        }
        return fix.after().ready() ? 0 : 1;
    }

    private static String unreadable(IpvsException e) {
        if (e instanceof InterfaceNotFoundException missing) {
            return "no interface " + missing.interfaceName() + " (--interface)";
        }
        return e.getMessage();
    }

    private static void print(PreflightReport report, PrintStream out) {
        for (Finding f : report.findings()) {
            out.println(f);
        }
    }

    /** Parses the command line, reading the rules file if one is named. */
    static Options parse(String[] args) throws UsageException {
        Role role = null;
        ForwardingMethod method = null;
        List<String> vips = new ArrayList<>();
        String interfaceName = null;
        String netns = null;
        Path rules = null;
        boolean fix = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--fix")) {
                fix = true;
                continue;
            }
            if (!VALUED.contains(option)) {
                throw new UsageException("unexpected argument '" + option + "'");
            }
            if (++i == args.length) {
                throw new UsageException(option + " needs a value");
            }
            String value = args[i];
            switch (option) {
                case "--role" -> role = role(value);
                case "--mode" -> method = method(value);
                case "--vip" -> vips.add(value);
                case "--interface" -> interfaceName = value;
                case "--netns" -> netns = value;
                default -> rules = Path.of(value);
            }
        }
        if (role == null || method == null || vips.isEmpty()) {
            throw new UsageException((role == null ? "--role" : method == null ? "--mode" : "--vip") + " is needed");
        }
        if (rules != null && role != Role.DIRECTOR) {
            throw new UsageException("--rules is for a director: a real server has no IPVS table");
        }
        try {
            Preflight.Builder builder = Preflight.builder(role, method);
            vips.forEach(builder::vip);
            if (interfaceName != null) {
                builder.interfaceName(interfaceName);
            }
            if (rules != null) {
                builder.table(IpvsadmRules.parse(TextFile.read(rules), rules.toString()).toConfig());
            }
            TransportOptions transport = netns == null ? TransportOptions.DEFAULTS
                    : TransportOptions.DEFAULTS.withNetworkNamespace(netns);
            return new Options(builder.build(), Optional.ofNullable(netns), transport, fix);
        } catch (InvalidConfigurationException | RulesSyntaxException | TextFile.NotUtf8Exception e) {
            throw new UsageException(e.getMessage());
        } catch (IOException e) {
            throw new UsageException(rules + ": cannot read: " + TextFile.reason(e));
        }
    }

    private static Role role(String value) throws UsageException {
        return switch (value) {
            case "director" -> Role.DIRECTOR;
            case "real-server" -> Role.REAL_SERVER;
            default -> throw new UsageException("--role '" + value + "': expected director or real-server");
        };
    }

    private static ForwardingMethod method(String value) throws UsageException {
        return switch (value) {
            case "dr" -> ForwardingMethod.DR;
            case "nat" -> ForwardingMethod.NAT;
            case "tun" -> ForwardingMethod.tunnel();
            default -> throw new UsageException("--mode '" + value + "': expected dr, nat or tun");
        };
    }
}
