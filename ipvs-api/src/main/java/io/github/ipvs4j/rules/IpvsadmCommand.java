package io.github.ipvs4j.rules;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.Change;
import io.github.ipvs4j.model.InvalidConfigurationException;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.SyncDaemon;
import io.github.ipvs4j.model.Timeouts;
import io.github.ipvs4j.model.VirtualService;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One ipvsadm command line, typed: what {@code ipvsadm} would do with those arguments. {@link #parse}
 * reads an argument list the way ipvsadm 1.31 does; {@link #arguments()} writes one back (numeric, in the
 * order {@code ipvsadm -S} uses), so {@code parse(c.arguments())} equals {@code c}.
 *
 * <pre>{@code
 * IpvsadmCommand c = IpvsadmCommand.parse("-A", "-t", "192.0.2.1:80", "-s", "wrr");
 * if (c instanceof IpvsadmCommand.AddService add) { ... add.service() ... }
 * IpvsadmCommand.of(change).toString();   // "-e -t 192.0.2.1:80 -r 198.51.100.1:80 -m -w 0"
 * }</pre>
 *
 * <p>Commands that change the table map to and from a {@link Change} ({@link #of(Change)},
 * {@link #toChange()}).
 *
 * <p>Where this parser differs from ipvsadm 1.31, on purpose:
 * <ul>
 * <li>Addresses must be IP literals and ports numbers: host and service names are refused, never looked
 *     up. A bracketed address must be IPv6 ({@code [2001:db8::1]:80}); IPv4 must be a dotted quad.
 * <li>{@code -w} accepts up to 2147483647 (ipvsadm: 65535) and {@code -p} up to 2147483647 seconds
 *     (ipvsadm: 2678400), because {@code ipvsadm -S} prints whatever the kernel holds and other tools
 *     (keepalived, this library) may set more.
 * <li>The options of a line are read in any order: a real server without a port takes the service's port
 *     even when {@code -r} comes before {@code -t}. {@code -6} must still come after {@code -f}, and the
 *     command must come first, as in ipvsadm.
 * <li>{@code -M} and {@code --pe} without {@code -p} are refused (ipvsadm accepts and the kernel ignores
 *     them); the model holds them only as part of persistence.
 * <li>An IPv4 {@code -M} must be a contiguous dotted netmask such as {@code 255.255.255.0}.
 * </ul>
 * Like ipvsadm, it gives a real server reached by direct routing or tunnelling the service's port
 * (unless the service is a firewall mark), refuses port 0 for a service without persistence, and
 * one-packet scheduling ({@code -o}) for TCP and SCTP services.
 */
public sealed interface IpvsadmCommand permits IpvsadmCommand.AddService, IpvsadmCommand.EditService,
        IpvsadmCommand.DeleteService, IpvsadmCommand.AddRealServer, IpvsadmCommand.EditRealServer,
        IpvsadmCommand.DeleteRealServer, IpvsadmCommand.Clear, IpvsadmCommand.Zero, IpvsadmCommand.SetTimeouts,
        IpvsadmCommand.StartDaemon, IpvsadmCommand.StopDaemon, IpvsadmCommand.ListTable, IpvsadmCommand.Save,
        IpvsadmCommand.Restore, IpvsadmCommand.Help, IpvsadmCommand.Version {

    /**
     * The arguments of this command as ipvsadm takes them, without the program name, e.g.
     * {@code [-A, -t, 192.0.2.1:80, -s, wlc]}. Addresses and ports are numeric.
     *
     * @return the arguments, unmodifiable
     */
    List<String> arguments();

    /**
     * The change to the table this command makes.
     *
     * @return the change, or empty for commands that make none of the kinds a {@link Change} has
     */
    default Optional<Change> toChange() {
        return Optional.empty();
    }

    /**
     * Reads one ipvsadm command line, as ipvsadm 1.31 would.
     *
     * @param arguments the arguments after the program name; an empty list means {@code -L}, as for ipvsadm
     * @return the command
     * @throws NullPointerException if {@code arguments} or one of them is null
     * @throws RulesSyntaxException if ipvsadm would refuse the line, or the model rejects a value in it
     *     (then that {@link InvalidConfigurationException} is the cause)
     */
    static IpvsadmCommand parse(List<String> arguments) {
        return new CommandLineParser(List.copyOf(Objects.requireNonNull(arguments, "arguments"))).parse();
    }

    /**
     * Reads one ipvsadm command line given as separate arguments; see {@link #parse(List)}.
     *
     * @param arguments the arguments after the program name; none means {@code -L}, as for ipvsadm
     * @return the command
     * @throws NullPointerException if {@code arguments} or one of them is null
     * @throws RulesSyntaxException if ipvsadm would refuse the line, or the model rejects a value in it
     *     (then that {@link InvalidConfigurationException} is the cause)
     */
    static IpvsadmCommand parse(String... arguments) {
        return parse(List.of(arguments));
    }

    /**
     * Returns the ipvsadm command that makes the given change.
     *
     * @param change the change
     * @return its {@code -A}, {@code -E}, {@code -D}, {@code -a}, {@code -e} or {@code -d} command
     * @throws NullPointerException if {@code change} is null
     */
    static IpvsadmCommand of(Change change) {
        return Objects.requireNonNull(change, "change").accept(new Change.Visitor<IpvsadmCommand>() {
            @Override
            public IpvsadmCommand createService(VirtualService service) {
                return new AddService(service);
            }

            @Override
            public IpvsadmCommand updateService(VirtualService service) {
                return new EditService(service);
            }

            @Override
            public IpvsadmCommand removeService(ServiceKey service) {
                return new DeleteService(service);
            }

            @Override
            public IpvsadmCommand createRealServer(ServiceKey service, RealServer server) {
                return new AddRealServer(service, server);
            }

            @Override
            public IpvsadmCommand updateRealServer(ServiceKey service, RealServer server) {
                return new EditRealServer(service, server);
            }

            @Override
            public IpvsadmCommand removeRealServer(ServiceKey service, InetSocketAddress endpoint) {
                return new DeleteRealServer(service, endpoint);
            }
        });
    }

    private static List<String> args(String command, ServiceKey service) {
        List<String> out = new ArrayList<>();
        out.add(command);
        if (service != null) {
            IpvsadmFormat.service(service, out::add);
        }
        return out;
    }

    private static String join(List<String> arguments) {
        return String.join(" ", arguments);
    }

    /**
     * {@code -A}: create a virtual service.
     *
     * @param service the service
     */
    record AddService(VirtualService service) implements IpvsadmCommand {
        /**
         * Validates the component.
         *
         * @param service the service
         * @throws NullPointerException if a component is null
         */
        public AddService {
            Objects.requireNonNull(service, "service");
        }

        @Override
        public List<String> arguments() {
            List<String> out = args("-A", service.key());
            IpvsadmFormat.serviceOptions(service, out::add);
            return Collections.unmodifiableList(out);
        }

        @Override
        public Optional<Change> toChange() {
            return Optional.of(new Change.CreateService(service));
        }

        /** The command line, e.g. {@code -A -t 192.0.2.1:80 -s wlc}. */
        @Override
        public String toString() {
            return join(arguments());
        }
    }

    /**
     * {@code -E}: edit a virtual service; every setting not given returns to its default.
     *
     * @param service the service as it should be
     */
    record EditService(VirtualService service) implements IpvsadmCommand {
        /**
         * Validates the component.
         *
         * @param service the service as it should be
         * @throws NullPointerException if a component is null
         */
        public EditService {
            Objects.requireNonNull(service, "service");
        }

        @Override
        public List<String> arguments() {
            List<String> out = args("-E", service.key());
            IpvsadmFormat.serviceOptions(service, out::add);
            return Collections.unmodifiableList(out);
        }

        @Override
        public Optional<Change> toChange() {
            return Optional.of(new Change.UpdateService(service));
        }

        /** The command line, e.g. {@code -E -t 192.0.2.1:80 -s rr}. */
        @Override
        public String toString() {
            return join(arguments());
        }
    }

    /**
     * {@code -D}: delete a virtual service with its real servers.
     *
     * @param service the service
     */
    record DeleteService(ServiceKey service) implements IpvsadmCommand {
        /**
         * Validates the component.
         *
         * @param service the service
         * @throws NullPointerException if a component is null
         */
        public DeleteService {
            Objects.requireNonNull(service, "service");
        }

        @Override
        public List<String> arguments() {
            return Collections.unmodifiableList(args("-D", service));
        }

        @Override
        public Optional<Change> toChange() {
            return Optional.of(new Change.RemoveService(service));
        }

        /** The command line, e.g. {@code -D -t 192.0.2.1:80}. */
        @Override
        public String toString() {
            return join(arguments());
        }
    }

    /**
     * {@code -a}: add a real server to a service. Its non-zero thresholds are written as {@code -x}/{@code -y}.
     *
     * @param service the service
     * @param server the real server; its family must suit the service's
     */
    record AddRealServer(ServiceKey service, RealServer server) implements IpvsadmCommand {
        /**
         * Validates the components.
         *
         * @param service the service
         * @param server the real server; its family must suit the service's
         * @throws NullPointerException if a component is null
         */
        public AddRealServer {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(server, "server");
            server.checkCompatibleWith(service);
        }

        @Override
        public List<String> arguments() {
            List<String> out = args("-a", service);
            IpvsadmFormat.realServer(server, true, out::add);
            return Collections.unmodifiableList(out);
        }

        @Override
        public Optional<Change> toChange() {
            return Optional.of(new Change.CreateRealServer(service, server));
        }

        /** The command line, e.g. {@code -a -t 192.0.2.1:80 -r 198.51.100.1:80 -g -w 1}. */
        @Override
        public String toString() {
            return join(arguments());
        }
    }

    /**
     * {@code -e}: edit a real server; every setting not given returns to its default.
     *
     * @param service the service
     * @param server the real server as it should be
     */
    record EditRealServer(ServiceKey service, RealServer server) implements IpvsadmCommand {
        /**
         * Validates the components.
         *
         * @param service the service
         * @param server the real server as it should be
         * @throws NullPointerException if a component is null
         */
        public EditRealServer {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(server, "server");
            server.checkCompatibleWith(service);
        }

        @Override
        public List<String> arguments() {
            List<String> out = args("-e", service);
            IpvsadmFormat.realServer(server, true, out::add);
            return Collections.unmodifiableList(out);
        }

        @Override
        public Optional<Change> toChange() {
            return Optional.of(new Change.UpdateRealServer(service, server));
        }

        /** The command line, e.g. {@code -e -t 192.0.2.1:80 -r 198.51.100.1:80 -g -w 0}. */
        @Override
        public String toString() {
            return join(arguments());
        }
    }

    /**
     * {@code -d}: remove a real server from a service.
     *
     * @param service the service
     * @param server the real server's address and port
     */
    record DeleteRealServer(ServiceKey service, InetSocketAddress server) implements IpvsadmCommand {
        /**
         * Validates the components.
         *
         * @param service the service
         * @param server the real server's address and port
         * @throws NullPointerException if a component is null
         */
        public DeleteRealServer {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(server, "server");
            if (server.isUnresolved()) {
                throw new InvalidConfigurationException("real server", server, "an IP address and port");
            }
        }

        @Override
        public List<String> arguments() {
            List<String> out = args("-d", service);
            out.add("-r");
            out.add(IpvsadmFormat.endpoint(server.getAddress(), server.getPort()));
            return Collections.unmodifiableList(out);
        }

        @Override
        public Optional<Change> toChange() {
            return Optional.of(new Change.RemoveRealServer(service, server));
        }

        /** The command line, e.g. {@code -d -t 192.0.2.1:80 -r 198.51.100.1:80}. */
        @Override
        public String toString() {
            return join(arguments());
        }
    }

    /** {@code -C}: delete every virtual service. */
    record Clear() implements IpvsadmCommand {
        @Override
        public List<String> arguments() {
            return List.of("-C");
        }

        /** The command line, {@code -C}. */
        @Override
        public String toString() {
            return "-C";
        }
    }

    /**
     * {@code -Z}: zero the counters of one service, or of all.
     *
     * @param service the service, or empty for every service
     */
    record Zero(Optional<ServiceKey> service) implements IpvsadmCommand {
        /**
         * Validates the component.
         *
         * @param service the service, or empty for every service
         * @throws NullPointerException if a component is null
         */
        public Zero {
            Objects.requireNonNull(service, "service");
        }

        @Override
        public List<String> arguments() {
            return Collections.unmodifiableList(args("-Z", service.orElse(null)));
        }

        /** The command line, e.g. {@code -Z -t 192.0.2.1:80}. */
        @Override
        public String toString() {
            return join(arguments());
        }
    }

    /**
     * {@code --set tcp tcpfin udp}: set connection timeouts (0 leaves one unchanged).
     *
     * @param timeouts the timeouts
     */
    record SetTimeouts(Timeouts timeouts) implements IpvsadmCommand {
        /**
         * Validates the component.
         *
         * @param timeouts the timeouts
         * @throws NullPointerException if a component is null
         */
        public SetTimeouts {
            Objects.requireNonNull(timeouts, "timeouts");
        }

        @Override
        public List<String> arguments() {
            return List.of("--set", Integer.toString(timeouts.tcp()), Integer.toString(timeouts.tcpFin()),
                    Integer.toString(timeouts.udp()));
        }

        /** The command line, e.g. {@code --set 900 120 300}. */
        @Override
        public String toString() {
            return join(arguments());
        }
    }

    /**
     * {@code --start-daemon master|backup}: start a connection synchronisation daemon. ipvsadm's
     * ranges apply: {@code --sync-maxlen} 1..65507, {@code --mcast-port} 1..65535, {@code --mcast-ttl}
     * 1..255, each written only when not 0 (the kernel's default).
     *
     * @param daemon the daemon; ipvsadm's default interface is {@code eth0}
     */
    record StartDaemon(SyncDaemon daemon) implements IpvsadmCommand {
        /** The largest {@code --sync-maxlen} ipvsadm accepts: 65535 less the IP and UDP headers. */
        public static final int MAX_SYNC_LENGTH = 65535 - 20 - 8;

        /**
         * Validates the component against ipvsadm's limits.
         *
         * @param daemon the daemon
         * @throws NullPointerException if a component is null
         * @throws InvalidConfigurationException if its maximum length exceeds {@link #MAX_SYNC_LENGTH}
         */
        public StartDaemon {
            Objects.requireNonNull(daemon, "daemon");
            if (daemon.maxLength() > MAX_SYNC_LENGTH) {
                throw new InvalidConfigurationException("sync max length", daemon.maxLength(),
                        "0.." + MAX_SYNC_LENGTH + " (ipvsadm's limit; 0 = the kernel's default)");
            }
        }

        @Override
        public List<String> arguments() {
            List<String> out = new ArrayList<>(List.of("--start-daemon",
                    daemon.role() == SyncDaemon.Role.MASTER ? "master" : "backup",
                    "--mcast-interface", daemon.interfaceName()));
            if (daemon.syncId() != 0) {
                out.addAll(List.of("--syncid", Integer.toString(daemon.syncId())));
            }
            if (daemon.maxLength() != 0) {
                out.addAll(List.of("--sync-maxlen", Integer.toString(daemon.maxLength())));
            }
            daemon.multicastGroup().ifPresent(g -> out.addAll(List.of("--mcast-group", Addresses.format(g))));
            if (daemon.multicastPort() != 0) {
                out.addAll(List.of("--mcast-port", Integer.toString(daemon.multicastPort())));
            }
            if (daemon.multicastTtl() != 0) {
                out.addAll(List.of("--mcast-ttl", Integer.toString(daemon.multicastTtl())));
            }
            return Collections.unmodifiableList(out);
        }

        /** The command line, e.g. {@code --start-daemon master --mcast-interface eth0 --syncid 7}. */
        @Override
        public String toString() {
            return join(arguments());
        }
    }

    /**
     * {@code --stop-daemon master|backup}: stop the synchronisation daemon in that role.
     *
     * @param role the role
     */
    record StopDaemon(SyncDaemon.Role role) implements IpvsadmCommand {
        /**
         * Validates the component.
         *
         * @param role the role
         * @throws NullPointerException if a component is null
         */
        public StopDaemon {
            Objects.requireNonNull(role, "role");
        }

        @Override
        public List<String> arguments() {
            return List.of("--stop-daemon", role == SyncDaemon.Role.MASTER ? "master" : "backup");
        }

        /** The command line, e.g. {@code --stop-daemon backup}. */
        @Override
        public String toString() {
            return join(arguments());
        }
    }

    /** What {@code -L} shows and how; each constant is one ipvsadm option. */
    enum ListOption {
        /** {@code -n}: numeric addresses and ports. */
        NUMERIC("-n"),
        /** {@code -c}: the connection table instead of the services. */
        CONNECTIONS("-c"),
        /** {@code --timeout}: the connection timeouts instead of the services. */
        TIMEOUTS("--timeout"),
        /** {@code --daemon}: the synchronisation daemons instead of the services. */
        DAEMONS("--daemon"),
        /** {@code --stats}: traffic counters. */
        STATS("--stats"),
        /** {@code --rate}: traffic rates. */
        RATE("--rate"),
        /** {@code --thresholds}: connection thresholds. */
        THRESHOLDS("--thresholds"),
        /** {@code --persistent-conn}: persistent connection counts. */
        PERSISTENT_CONNECTIONS("--persistent-conn"),
        /** {@code --nosort}: in the kernel's order. */
        NO_SORT("--nosort"),
        /** {@code --exact}: exact counter values. */
        EXACT("--exact"),
        /** {@code --tun-info}: tunnel details. */
        TUN_INFO("--tun-info");

        private final String option;

        ListOption(String option) {
            this.option = option;
        }

        /**
         * The ipvsadm option.
         *
         * @return e.g. {@code --stats}
         */
        public String option() {
            return option;
        }
    }

    /**
     * {@code -L} (or {@code -l}, or no arguments at all): list the table, one service, the connections,
     * the timeouts or the daemons.
     *
     * @param service the one service to list, or empty
     * @param options what to show; at most one of a service, {@code CONNECTIONS}, {@code TIMEOUTS} and
     *     {@code DAEMONS}; {@code STATS}, {@code RATE} and {@code THRESHOLDS} only with the table or a
     *     service; {@code PERSISTENT_CONNECTIONS} not with {@code TIMEOUTS} or {@code DAEMONS}
     */
    record ListTable(Optional<ServiceKey> service, Set<ListOption> options) implements IpvsadmCommand {
        /**
         * Validates the combination as ipvsadm does and freezes the set.
         *
         * @param service the one service to list, or empty
         * @param options the options
         * @throws NullPointerException if a component is null
         * @throws InvalidConfigurationException for a combination ipvsadm refuses
         */
        public ListTable {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(options, "options");
            options = options.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(options));
            int what = (service.isPresent() ? 1 : 0);
            for (ListOption o : List.of(ListOption.CONNECTIONS, ListOption.TIMEOUTS, ListOption.DAEMONS)) {
                what += options.contains(o) ? 1 : 0;
            }
            if (what > 1) {
                throw new InvalidConfigurationException("list options", describe(service, options),
                        "at most one of a service, -c, --timeout and --daemon");
            }
            boolean notTable = options.contains(ListOption.CONNECTIONS) || options.contains(ListOption.TIMEOUTS)
                    || options.contains(ListOption.DAEMONS);
            boolean counters = options.contains(ListOption.STATS) || options.contains(ListOption.RATE)
                    || options.contains(ListOption.THRESHOLDS);
            boolean settings = options.contains(ListOption.TIMEOUTS) || options.contains(ListOption.DAEMONS);
            if ((notTable && counters) || (settings && options.contains(ListOption.PERSISTENT_CONNECTIONS))) {
                throw new InvalidConfigurationException("list options", describe(service, options),
                        "--stats, --rate and --thresholds only when listing services, --persistent-conn not"
                                + " with --timeout or --daemon");
            }
        }

        /**
         * {@code -L} with no options: the whole table, with names resolved.
         *
         * @return the command
         */
        public static ListTable all() {
            return new ListTable(Optional.empty(), Set.of());
        }

        private static String describe(Optional<ServiceKey> service, Set<ListOption> options) {
            List<String> out = new ArrayList<>();
            service.ifPresent(s -> IpvsadmFormat.service(s, out::add));
            for (ListOption o : ListOption.values()) {
                if (options.contains(o)) {
                    out.add(o.option());
                }
            }
            return join(out);
        }

        @Override
        public List<String> arguments() {
            List<String> out = args("-L", service.orElse(null));
            for (ListOption o : ListOption.values()) {
                if (options.contains(o)) {
                    out.add(o.option());
                }
            }
            return Collections.unmodifiableList(out);
        }

        /** The command line, e.g. {@code -L -n --stats}. */
        @Override
        public String toString() {
            return join(arguments());
        }
    }

    /**
     * {@code -S}: print the table as rules.
     *
     * @param numeric {@code -n}: numeric addresses and ports
     */
    record Save(boolean numeric) implements IpvsadmCommand {
        @Override
        public List<String> arguments() {
            return numeric ? List.of("-S", "-n") : List.of("-S");
        }

        /** The command line, {@code -S} or {@code -S -n}. */
        @Override
        public String toString() {
            return join(arguments());
        }
    }

    /** {@code -R}: read rules from standard input. */
    record Restore() implements IpvsadmCommand {
        @Override
        public List<String> arguments() {
            return List.of("-R");
        }

        /** The command line, {@code -R}. */
        @Override
        public String toString() {
            return "-R";
        }
    }

    /** {@code -h}: print usage. ipvsadm ignores everything after it. */
    record Help() implements IpvsadmCommand {
        @Override
        public List<String> arguments() {
            return List.of("-h");
        }

        /** The command line, {@code -h}. */
        @Override
        public String toString() {
            return "-h";
        }
    }

    /** {@code -v}: print the version. ipvsadm ignores everything after it. */
    record Version() implements IpvsadmCommand {
        @Override
        public List<String> arguments() {
            return List.of("-v");
        }

        /** The command line, {@code -v}. */
        @Override
        public String toString() {
            return "-v";
        }
    }
}
