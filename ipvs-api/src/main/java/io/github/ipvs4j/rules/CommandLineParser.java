package io.github.ipvs4j.rules;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.internal.Netmasks;
import io.github.ipvs4j.model.AddressFamily;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.InvalidConfigurationException;
import io.github.ipvs4j.model.Persistence;
import io.github.ipvs4j.model.Protocol;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.SchedulerFlag;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.SyncDaemon;
import io.github.ipvs4j.model.Timeouts;
import io.github.ipvs4j.model.TunnelChecksum;
import io.github.ipvs4j.model.TunnelType;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.rules.IpvsadmCommand.ListOption;
import io.github.ipvs4j.rules.Options.Arg;
import io.github.ipvs4j.rules.Options.Command;
import io.github.ipvs4j.rules.Options.Option;
import io.github.ipvs4j.rules.Options.Slot;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one ipvsadm argument list in two steps, as ipvsadm (popt) does: split it into options with their
 * values ({@code -w 3}, {@code -w3}, {@code --weight=3}, clusters such as {@code -Ln}, {@code --} ending
 * the options), then interpret them in order and check the combination. One instance per line.
 */
final class CommandLineParser {
    /** ipvsadm's default persistence timeout and default timeout ceiling ({@code MAX_TIMEOUT}). */
    private static final int MAX_TIMEOUT = 31 * 86400;
    private static final Slot[] SLOTS = Slot.values();

    private final List<String> args;

    private Command command;
    private String commandSpelling;
    /** How each slot's option was spelled, by {@link Slot#ordinal()}; null where none was given. */
    private final String[] given = new String[SLOTS.length];
    private final List<String> positional = new ArrayList<>();

    // The service (-t/-u/--sctp-service/-f, -6) and its settings.
    private Protocol protocol;
    private InetAddress serviceAddress;
    private int servicePort;
    private long fwmark;
    private AddressFamily fwmarkFamily = AddressFamily.INET;
    private String scheduler;
    private Integer timeout;
    private Integer prefixLength;
    private String engine;
    private boolean onePacket;
    private String schedulerFlags;

    // The real server.
    private InetAddress serverAddress;
    private Integer serverPort;
    private Option forwarding;
    private int weight = RealServer.DEFAULT_WEIGHT;
    private int upperThreshold;
    private int lowerThreshold;
    private TunnelType tunnelType = TunnelType.IPIP;
    private int tunnelPort;

    // Daemons and --set.
    private SyncDaemon.Role role;
    private String interfaceName;
    private int syncId;
    private InetAddress multicastGroup;
    private int multicastPort;
    private int multicastTtl;
    private int maxLength;

    private final Set<ListOption> listOptions = EnumSet.noneOf(ListOption.class);

    CommandLineParser(List<String> args) {
        this.args = args;
    }

    IpvsadmCommand parse() {
        try {
            return interpret();
        } catch (InvalidConfigurationException e) {
            throw new RulesSyntaxException(null, 0, e.getMessage(), e);
        }
    }

    private boolean given(Slot slot) {
        return given[slot.ordinal()] != null;
    }

    /** How the option of a given slot was written, e.g. {@code -w} or {@code --weight}. */
    private String spelling(Slot slot) {
        return given[slot.ordinal()];
    }

    private static RulesSyntaxException error(String reason) {
        return new RulesSyntaxException(reason);
    }

    // ---- step 1: options and values -----------------------------------------------------------------

    private IpvsadmCommand interpret() {
        if (args.isEmpty()) {
            return IpvsadmCommand.ListTable.all();
        }
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (optionsEnded || a.length() < 2 || a.charAt(0) != '-') {
                positional.add(a);
            } else if (a.equals("--")) {
                optionsEnded = true;
            } else if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
                Option o = Option.byLongName(name);
                if (o == null) {
                    throw error("unknown option --" + name);
                }
                String spelling = o.longSpelling;
                String value = null;
                if (eq >= 0) {
                    if (o.arg == Arg.NONE) {
                        throw error("option " + spelling + " takes no value");
                    }
                    value = a.substring(eq + 1);
                } else if (o.arg == Arg.REQUIRED) {
                    if (i + 1 >= args.size()) {
                        throw error("option " + spelling + " needs a value");
                    }
                    value = args.get(++i);
                } else if (o.arg == Arg.OPTIONAL && i + 1 < args.size() && !args.get(i + 1).startsWith("-")) {
                    value = args.get(++i);
                }
                if (accept(o, spelling, value)) {
                    return helpOrVersion();
                }
            } else {
                // A cluster of short options: -Ln, -w3, -p600.
                for (int j = 1; j < a.length(); j++) {
                    char c = a.charAt(j);
                    Option o = Option.byShortName(c);
                    if (o == null) {
                        throw error("unknown option -" + c);
                    }
                    String spelling = o.shortSpelling;
                    String value = null;
                    if (o.arg != Arg.NONE) {
                        String rest = a.substring(j + 1);
                        if (!rest.isEmpty()) {
                            value = rest;
                        } else if (o.arg == Arg.REQUIRED) {
                            if (i + 1 >= args.size()) {
                                throw error("option " + spelling + " needs a value");
                            }
                            value = args.get(++i);
                        } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("-")) {
                            value = args.get(++i);
                        }
                    }
                    if (accept(o, spelling, value)) {
                        return helpOrVersion();
                    }
                    if (value != null) {
                        break;
                    }
                }
            }
        }
        return build();
    }

    private IpvsadmCommand helpOrVersion() {
        return command == Command.HELP ? new IpvsadmCommand.Help() : new IpvsadmCommand.Version();
    }

    // ---- step 2: each option in order -------------------------------------------------------------

    /** Takes one option; returns true when it is -h or -v, after which ipvsadm reads nothing more. */
    private boolean accept(Option o, String spelling, String value) {
        if (command == null) {
            if (o.command == null) {
                throw error("the first option must be a command (-A, -E, -D, -C, -a, -e, -d, -L, -Z, -S, -R,"
                        + " --set, --start-daemon, --stop-daemon, -h or -v), not " + spelling);
            }
            command = o.command;
            commandSpelling = spelling;
            if (command == Command.HELP || command == Command.VERSION) {
                return true;
            }
            if (command == Command.START_DAEMON || command == Command.STOP_DAEMON) {
                role = role(spelling, value);
            }
            return false;
        }
        if (o.command != null) {
            throw error("more than one command: " + commandSpelling + " and " + spelling);
        }
        if (o.slot != null) {
            if (given(o.slot)) {
                throw error("multiple '" + o.slot.label + "' options specified (" + spelling(o.slot) + " and "
                        + spelling + ")");
            }
            given[o.slot.ordinal()] = spelling;
        }
        switch (o) {
            case TCP_SERVICE: service(Protocol.TCP, spelling, value); break;
            case UDP_SERVICE: service(Protocol.UDP, spelling, value); break;
            case SCTP_SERVICE: service(Protocol.SCTP, spelling, value); break;
            case FWMARK_SERVICE: fwmark = fwmark(spelling, value); break;
            case IPV6:
                if (fwmark == 0) {
                    throw error(spelling + " used before -f (it makes a firewall-mark service IPv6)");
                }
                fwmarkFamily = AddressFamily.INET6;
                prefixLength = null;
                break;
            case SCHEDULER: scheduler = value; break;
            case PERSISTENT:
                timeout = value == null ? Persistence.DEFAULT_TIMEOUT_SECONDS
                        : number(spelling, "persistence timeout", value, 1, Integer.MAX_VALUE);
                break;
            case NETMASK: prefixLength = netmask(spelling, value); break;
            case REAL_SERVER: realServer(spelling, value); break;
            case MASQUERADING:
            case IPIP:
            case GATEWAYING:
                forwarding = o;
                break;
            case WEIGHT: weight = number(spelling, "weight", value, 0, Integer.MAX_VALUE); break;
            case U_THRESHOLD: upperThreshold = number(spelling, "upper threshold", value, 0, Integer.MAX_VALUE); break;
            case L_THRESHOLD: lowerThreshold = number(spelling, "lower threshold", value, 0, Integer.MAX_VALUE); break;
            case NUMERIC: listOptions.add(ListOption.NUMERIC); break;
            case CONNECTION: listOptions.add(ListOption.CONNECTIONS); break;
            case TIMEOUT: listOptions.add(ListOption.TIMEOUTS); break;
            case DAEMON: listOptions.add(ListOption.DAEMONS); break;
            case STATS: listOptions.add(ListOption.STATS); break;
            case RATE: listOptions.add(ListOption.RATE); break;
            case THRESHOLDS: listOptions.add(ListOption.THRESHOLDS); break;
            case PERSISTENT_CONN: listOptions.add(ListOption.PERSISTENT_CONNECTIONS); break;
            case NOSORT: listOptions.add(ListOption.NO_SORT); break;
            case EXACT: listOptions.add(ListOption.EXACT); break;
            case TUN_INFO: listOptions.add(ListOption.TUN_INFO); break;
            case SORT: break; // sorting is the default; ipvsadm keeps --sort for compatibility
            case OPS: onePacket = true; break;
            case PE: engine = value; break;
            case SCHED_FLAGS: schedulerFlags = value; break;
            case MCAST_INTERFACE: interfaceName = value; break;
            case SYNCID: syncId = number(spelling, "sync id", value, 0, 255); break;
            case MCAST_GROUP: multicastGroup = address(spelling, "multicast group", value); break;
            case MCAST_PORT: multicastPort = number(spelling, "multicast port", value, 1, 65535); break;
            case MCAST_TTL: multicastTtl = number(spelling, "multicast ttl", value, 1, 255); break;
            case SYNC_MAXLEN:
                maxLength = number(spelling, "sync max length", value, 1, IpvsadmCommand.StartDaemon.MAX_SYNC_LENGTH);
                break;
            case TUN_TYPE: tunnelType = tunnelType(spelling, value); break;
            case TUN_PORT: tunnelPort = number(spelling, "tunnel port", value, 1, 65535); break;
            case TUN_NOCSUM:
            case TUN_CSUM:
            case TUN_REMCSUM:
                break; // which one was given is in 'given'
            default:
                throw new IllegalStateException("unhandled option " + o);
        }
        return false;
    }

    private static SyncDaemon.Role role(String spelling, String value) {
        if ("master".equals(value)) {
            return SyncDaemon.Role.MASTER;
        }
        if ("backup".equals(value)) {
            return SyncDaemon.Role.BACKUP;
        }
        throw error(spelling + ": \"" + value + "\" is neither master nor backup");
    }

    private void service(Protocol p, String spelling, String value) {
        protocol = p;
        Endpoint e = endpoint(spelling, "virtual service", value);
        serviceAddress = e.address;
        servicePort = e.port == null ? 0 : e.port;
        if (serviceAddress instanceof Inet6Address) {
            prefixLength = null; // ipvsadm resets the persistence granularity to /128 here
        }
    }

    private void realServer(String spelling, String value) {
        Endpoint e = endpoint(spelling, "real server", value);
        serverAddress = e.address;
        serverPort = e.port;
    }

    private record Endpoint(InetAddress address, Integer port) {
    }

    /** {@code 192.0.2.1}, {@code 192.0.2.1:80}, {@code 2001:db8::1} or {@code [2001:db8::1]:80}. */
    private static Endpoint endpoint(String spelling, String what, String text) {
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw endpointError(spelling, what, text);
            }
            String inner = text.substring(1, close);
            if (inner.indexOf(':') < 0) {
                throw endpointError(spelling, what, text);
            }
            return new Endpoint(literal(spelling, what, text, inner), port(spelling, what, text.substring(close + 2)));
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            return new Endpoint(literal(spelling, what, text, text), null);
        }
        if (colon != text.lastIndexOf(':')) {
            // Two colons or more: a bare IPv6 address, which has no port.
            return new Endpoint(literal(spelling, what, text, text), null);
        }
        return new Endpoint(literal(spelling, what, text, text.substring(0, colon)),
                port(spelling, what, text.substring(colon + 1)));
    }

    private static RulesSyntaxException endpointError(String spelling, String what, String text) {
        return error(spelling + ": illegal " + what + " address[:port] \"" + text + "\"; expected an IP literal"
                + " such as 192.0.2.1:80 or [2001:db8::1]:80 (names are not looked up)");
    }

    /** The address in an endpoint; {@code text} is the whole endpoint, for the message. */
    private static InetAddress literal(String spelling, String what, String text, String address) {
        InetAddress a = ipv4(address);
        if (a != null) {
            return a;
        }
        return Addresses.parse(address, expected -> endpointError(spelling, what, text));
    }

    // Read without allocating on the way: rules files are mostly IPv4 endpoints, one or two per line.
    /**
     * A plain dotted quad (four decimal numbers of one to three digits, each up to 255); null for anything
     * else, which {@link Addresses#parse} then reads or refuses.
     */
    private static InetAddress ipv4(String text) {
        int n = text.length();
        byte[] bytes = new byte[4];
        int i = 0;
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (i >= n || text.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
            int start = i;
            int value = 0;
            while (i < n && i - start < 3) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                value = value * 10 + (c - '0');
                i++;
            }
            if (i == start || value > 255) {
                return null;
            }
            bytes[part] = (byte) value;
        }
        return i == n ? Addresses.fromBytes(bytes) : null;
    }

    private static int port(String spelling, String what, String text) {
        return number(spelling, what + " port", text, 0, 65535);
    }

    private static InetAddress address(String spelling, String what, String text) {
        return Addresses.parse(text,
                expected -> error(spelling + ": illegal " + what + " \"" + text + "\"; expected an IP literal"));
    }

    /** A decimal number in min..max. */
    private static int number(String spelling, String what, String text, int min, long max) {
        long v = decimal(text);
        if (v < min || v > max) {
            throw error(spelling + ": illegal " + what + " \"" + text + "\"; expected " + min + ".." + max);
        }
        return (int) v;
    }

    private static long fwmark(String spelling, String text) {
        long v = decimal(text);
        if (v < 1 || v > 0xFFFF_FFFFL) {
            throw error(spelling + ": illegal firewall mark \"" + text + "\"; expected 1..4294967295");
        }
        return v;
    }

    /** One to ten ASCII decimal digits as a number, else -1. */
    private static long decimal(String text) {
        int n = text.length();
        if (n == 0 || n > 10) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** An IPv4 dotted netmask, or an IPv6 prefix length when the service is IPv6 by now (as ipvsadm). */
    private int netmask(String spelling, String text) {
        boolean ipv6 = serviceAddress instanceof Inet6Address
                || (fwmark != 0 && fwmarkFamily == AddressFamily.INET6);
        if (ipv6) {
            return number(spelling, "IPv6 persistence prefix length", text, 1, 128);
        }
        String[] parts = text.split("\\.", -1);
        int mask = 0;
        boolean ok = parts.length == 4;
        for (int k = 0; ok && k < 4; k++) {
            ok = !parts[k].isEmpty() && parts[k].length() <= 3 && parts[k].chars().allMatch(c -> c >= '0' && c <= '9')
                    && Integer.parseInt(parts[k]) <= 255;
            mask = ok ? (mask << 8) | Integer.parseInt(parts[k]) : mask;
        }
        if (!ok || Netmasks.ipv4Mask(Integer.bitCount(mask)) != mask) {
            throw error(spelling + ": illegal persistence netmask \"" + text + "\"; expected a contiguous IPv4"
                    + " netmask such as 255.255.255.0 (for an IPv6 service, a prefix length after the address)");
        }
        return Integer.bitCount(mask);
    }

    private static TunnelType tunnelType(String spelling, String value) {
        for (TunnelType t : TunnelType.values()) {
            if (t.ipvsadmName().equals(value)) {
                return t;
            }
        }
        throw error(spelling + ": illegal tunnel type \"" + value + "\"; expected ipip, gue or gre");
    }

    // ---- step 3: the combination ----------------------------------------------------------------------

    private IpvsadmCommand build() {
        if (command == null) {
            throw error("no command given (one of -A, -E, -D, -C, -a, -e, -d, -L, -Z, -S, -R, --set,"
                    + " --start-daemon, --stop-daemon, -h or -v)");
        }
        Timeouts timeouts = null;
        if (command == Command.SET) {
            if (positional.size() < 3) {
                throw error("--set needs 3 timeout values: tcp tcpfin udp");
            }
            timeouts = new Timeouts(number("--set", "tcp timeout", positional.get(0), 0, MAX_TIMEOUT),
                    number("--set", "tcpfin timeout", positional.get(1), 0, MAX_TIMEOUT),
                    number("--set", "udp timeout", positional.get(2), 0, MAX_TIMEOUT));
            positional.subList(0, 3).clear();
        }
        if (!positional.isEmpty()) {
            throw error("unexpected argument " + positional.get(0));
        }
        checkOptions();
        switch (command) {
            case ADD_SERVICE: return new IpvsadmCommand.AddService(virtualService());
            case EDIT_SERVICE: return new IpvsadmCommand.EditService(virtualService());
            case REMOVE_SERVICE: return new IpvsadmCommand.DeleteService(serviceKey());
            case CLEAR: return new IpvsadmCommand.Clear();
            case ZERO: return new IpvsadmCommand.Zero(given(Slot.SERVICE)
                    ? Optional.of(serviceKey()) : Optional.empty());
            case LIST: return new IpvsadmCommand.ListTable(given(Slot.SERVICE)
                    ? Optional.of(serviceKey()) : Optional.empty(), listOptions);
            case SAVE: return new IpvsadmCommand.Save(listOptions.contains(ListOption.NUMERIC));
            case RESTORE: return new IpvsadmCommand.Restore();
            case SET: return new IpvsadmCommand.SetTimeouts(timeouts);
            case STOP_DAEMON: return new IpvsadmCommand.StopDaemon(role);
            case START_DAEMON:
                return new IpvsadmCommand.StartDaemon(new SyncDaemon(role, interfaceName == null ? "eth0"
                        : interfaceName, syncId, maxLength, Optional.ofNullable(multicastGroup), multicastPort,
                        multicastTtl));
            case ADD_SERVER: {
                ServiceKey key = serviceKey();
                return new IpvsadmCommand.AddRealServer(key, realServer(key));
            }
            case EDIT_SERVER: {
                ServiceKey key = serviceKey();
                return new IpvsadmCommand.EditRealServer(key, realServer(key));
            }
            case DELETE_SERVER: {
                ServiceKey key = serviceKey();
                int port = serverPort != null ? serverPort : servicePort;
                return new IpvsadmCommand.DeleteRealServer(key, new InetSocketAddress(serverAddress, port));
            }
            default:
                throw new IllegalStateException("unhandled command " + command);
        }
    }

    /** Which options the command requires, allows, and allows only one of (ipvsadm's table). */
    private void checkOptions() {
        for (Slot s : command.required) {
            if (!given(s)) {
                throw error(command + " needs the '" + s.label + "' option");
            }
        }
        String oneOf = null;
        for (Slot slot : SLOTS) {
            String spelling = spelling(slot);
            if (spelling == null) {
                continue;
            }
            if (!command.allows(slot)) {
                throw error("option " + spelling + " is not allowed with " + command);
            }
            if (command.onlyOneOf.contains(slot)) {
                if (oneOf != null) {
                    throw error("option " + spelling + " conflicts with " + oneOf + " in " + command);
                }
                oneOf = spelling;
            }
        }
    }

    private ServiceKey serviceKey() {
        return fwmark != 0 ? ServiceKey.fwmark(fwmark, fwmarkFamily)
                : ServiceKey.of(protocol, serviceAddress, servicePort);
    }

    private VirtualService virtualService() {
        ServiceKey key = serviceKey();
        if (key instanceof ServiceKey.Address a) {
            if (a.port() == 0 && timeout == null) {
                throw error("port 0 is only allowed for a persistent service (add -p)");
            }
            if (onePacket && a.protocol() != Protocol.UDP) {
                throw error("one-packet scheduling (-o) is only for UDP and firewall-mark services");
            }
        }
        if (timeout == null && given(Slot.NETMASK)) {
            throw error("option " + spelling(Slot.NETMASK) + " (persistence granularity) needs -p");
        }
        if (timeout == null && engine != null) {
            throw error("option " + spelling(Slot.PE) + " (persistence engine) needs -p");
        }
        Scheduler sched = Scheduler.of(scheduler == null ? Scheduler.WLC.name() : scheduler);
        VirtualService.Builder b = VirtualService.builder(key).scheduler(sched).onePacket(onePacket);
        if (timeout != null) {
            b.persistence(timeout);
            if (prefixLength != null) {
                b.persistencePrefixLength(prefixLength);
            }
            if (engine != null) {
                b.persistenceEngine(engine);
            }
        }
        if (schedulerFlags != null) {
            b.schedulerFlags(schedulerFlags(sched));
        }
        return b.build();
    }

    private Set<SchedulerFlag> schedulerFlags(Scheduler sched) {
        Set<SchedulerFlag> flags = EnumSet.noneOf(SchedulerFlag.class);
        String spelling = spelling(Slot.SCHED_FLAGS);
        for (String name : schedulerFlags.split(",")) {
            if (name.isEmpty()) {
                continue;
            }
            SchedulerFlag flag = null;
            for (SchedulerFlag f : SchedulerFlag.values()) {
                if (name.equals("flag-" + (f.ordinal() + 1))) {
                    flag = f;
                } else if (f != SchedulerFlag.FLAG_3 && (name.startsWith("sh-") || name.startsWith("mh-"))
                        && name.substring(3).equals(f == SchedulerFlag.FALLBACK ? "fallback" : "port")) {
                    if (!name.startsWith(sched.name() + "-")) {
                        throw error(spelling + ": scheduler flag " + name + " needs scheduler "
                                + name.substring(0, 2) + ", not " + sched);
                    }
                    flag = f;
                }
            }
            if (flag == null) {
                throw error(spelling + ": invalid scheduler flag \"" + name + "\"; expected flag-1, flag-2,"
                        + " flag-3, sh-fallback, sh-port, mh-fallback or mh-port");
            }
            flags.add(flag);
        }
        if (flags.isEmpty()) {
            throw error(spelling + ": no scheduler flag given");
        }
        return flags;
    }

    private RealServer realServer(ServiceKey key) {
        int port = serverPort != null ? serverPort : servicePort;
        Option fwd = forwarding == null ? Option.GATEWAYING : forwarding;
        // ipvsadm sends the service's port for direct routing and tunnelling: those methods cannot
        // change the port. Firewall-mark services have no port to send.
        if (key instanceof ServiceKey.Address && fwd != Option.MASQUERADING) {
            port = servicePort;
        }
        boolean tunnelOptions = given(Slot.TUN_TYPE) || given(Slot.TUN_PORT)
                || given(Slot.TUN_NOCSUM) || given(Slot.TUN_CSUM)
                || given(Slot.TUN_REMCSUM);
        if (AddressFamily.of(serverAddress) != key.family() && fwd != Option.IPIP) {
            throw error("a real server of another address family than its service needs tunnelling (-i)");
        }
        if (tunnelOptions && fwd != Option.IPIP) {
            throw error("tunnel options need tunnelling (-i), not "
                    + (given(Slot.FORWARD) ? spelling(Slot.FORWARD) : "-g (the default)"));
        }
        ForwardingMethod method;
        if (fwd == Option.MASQUERADING) {
            method = ForwardingMethod.NAT;
        } else if (fwd == Option.GATEWAYING) {
            method = ForwardingMethod.DR;
        } else {
            method = new ForwardingMethod.Tunnel(tunnelType, tunnelType == TunnelType.GUE ? requireTunnelPort()
                    : forbidTunnelPort(), checksum());
        }
        return RealServer.builder(serverAddress, port).forwarding(method).weight(weight)
                .upperThreshold(upperThreshold).lowerThreshold(lowerThreshold).build();
    }

    private int requireTunnelPort() {
        if (!given(Slot.TUN_PORT)) {
            throw error("tunnel type gue needs --tun-port");
        }
        return tunnelPort;
    }

    private int forbidTunnelPort() {
        if (given(Slot.TUN_PORT)) {
            throw error("option " + spelling(Slot.TUN_PORT) + " is not allowed with tunnel type "
                    + tunnelType.ipvsadmName() + " (only with gue)");
        }
        return 0;
    }

    private TunnelChecksum checksum() {
        TunnelChecksum result = TunnelChecksum.NONE;
        String first = null;
        for (Slot s : List.of(Slot.TUN_NOCSUM, Slot.TUN_CSUM, Slot.TUN_REMCSUM)) {
            if (!given(s)) {
                continue;
            }
            if (tunnelType == TunnelType.IPIP || (tunnelType == TunnelType.GRE && s == Slot.TUN_REMCSUM)) {
                throw error("option " + spelling(s) + " is not allowed with tunnel type " + tunnelType.ipvsadmName());
            }
            if (first != null) {
                throw error("option " + spelling(s) + " conflicts with " + first);
            }
            first = spelling(s);
            result = s == Slot.TUN_CSUM ? TunnelChecksum.CHECKSUM
                    : s == Slot.TUN_REMCSUM ? TunnelChecksum.REMOTE_CHECKSUM : TunnelChecksum.NONE;
        }
        return result;
    }
}
