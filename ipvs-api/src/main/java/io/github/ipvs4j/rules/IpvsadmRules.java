package io.github.ipvs4j.rules;

import io.github.ipvs4j.apply.Plan;
import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.Change;
import io.github.ipvs4j.model.InvalidConfigurationException;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.IpvsOperation;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules format of {@code ipvsadm -S} and {@code ipvsadm -R}: one ipvsadm command line per line.
 *
 * <p>Reading ({@link #parse(Reader, String)}) keeps every command with its line number;
 * {@link #toConfig()} then folds the {@code -A -E -D -a -e -d -C} commands into an {@link IpvsConfig}.
 * Like {@code ipvsadm -R}, lines are split at spaces and tabs (no quoting), blank lines are skipped, and a
 * leading word {@code ipvsadm} is dropped. Text from a {@code #} to the end of the line is a comment
 * (ipvsadm documents this too, though ipvsadm 1.31 itself fails on such lines; its {@code ipvsadm-restore}
 * script removes lines starting with {@code #}).
 *
 * <p>Writing ({@link #write(IpvsConfig, Appendable)}) prints exactly what {@code ipvsadm -Sn} prints for
 * that table, in the config's order (use {@link #sortedAsIpvsadm(IpvsConfig)} for ipvsadm's own order):
 * <pre>
 * -A -t 192.0.2.1:80 -s wrr -p 300
 * -a -t 192.0.2.1:80 -r 198.51.100.1:80 -m -w 2
 * -A -f 7 -6 -s wlc
 * -a -f 7 -6 -r [2001:db8::1]:0 -i -w 1 --tun-type gue --tun-port 6080 --tun-nocsum
 * </pre>
 * Like ipvsadm, it leaves thresholds out; {@link #writeWithThresholds(IpvsConfig, Appendable)} adds
 * them. For the few tables ipvsadm itself cannot restore (a DR real server on another port than its
 * service, a TCP service with {@code -o}, port 0 without persistence), what is written is still what
 * ipvsadm prints, and reading it back gives what {@code ipvsadm -R} would make of it.
 */
public final class IpvsadmRules {
    private final String sourceName;
    private final List<Line> lines;

    /**
     * One command of a rules file.
     *
     * @param number the 1-based line number
     * @param command the command on that line
     */
    public record Line(int number, IpvsadmCommand command) {
        /**
         * Validates the components.
         *
         * @param number the 1-based line number
         * @param command the command on that line
         * @throws NullPointerException if {@code command} is null
         */
        public Line {
            Objects.requireNonNull(command, "command");
        }
    }

    private IpvsadmRules(String sourceName, List<Line> lines) {
        this.sourceName = sourceName;
        this.lines = List.copyOf(lines);
    }

    // ---- reading --------------------------------------------------------------------------------------

    /**
     * Reads rules, e.g. the output of {@code ipvsadm -Sn}.
     *
     * @param reader the text; not closed
     * @param sourceName the name to report errors against, e.g. a file name
     * @return the commands, with line numbers
     * @throws NullPointerException if an argument is null
     * @throws RulesSyntaxException naming the source and line if a line cannot be read (a value the
     *     model rejects is its cause, an {@link InvalidConfigurationException}); {@code -R}, {@code -h}
     *     and {@code -v} are refused, as they are not rules
     * @throws IOException if reading fails
     */
    public static IpvsadmRules parse(Reader reader, String sourceName) throws IOException {
        CommandReader commands = new CommandReader(reader, sourceName);
        List<Line> lines = new ArrayList<>();
        for (Optional<Line> next = commands.next(); next.isPresent(); next = commands.next()) {
            Line line = next.get();
            IpvsadmCommand command = line.command();
            if (command instanceof IpvsadmCommand.Restore || command instanceof IpvsadmCommand.Help
                    || command instanceof IpvsadmCommand.Version) {
                throw new RulesSyntaxException(sourceName, line.number(), command + " is not a rule", null);
            }
            lines.add(line);
        }
        return new IpvsadmRules(sourceName, lines);
    }

    /**
     * Reads an ipvsadm rules text one command at a time, for a program that acts on each line as it
     * comes ({@code ipvsadm -R} does): blank lines are skipped, and a line that cannot be read is
     * reported on its own, after which reading goes on with the next line. Not thread-safe.
     */
    public static final class CommandReader {
        private final BufferedReader in;
        private final String sourceName;
        private int number;

        /**
         * Starts reading.
         *
         * @param reader the text; not closed
         * @param sourceName the name to report errors against, e.g. a file name
         * @throws NullPointerException if an argument is null
         */
        public CommandReader(Reader reader, String sourceName) {
            Objects.requireNonNull(reader, "reader");
            this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
            this.in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        }

        /**
         * Reads the next command.
         *
         * @return the command with its line number, or empty at the end of the text
         * @throws RulesSyntaxException naming the source and line if that line cannot be read; the next
         *     call reads on from the line after it
         * @throws IOException if reading fails
         */
        public Optional<Line> next() throws IOException {
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                number++;
                List<String> tokens = tokenize(text);
                if (tokens.isEmpty()) {
                    continue;
                }
                try {
                    return Optional.of(new Line(number, IpvsadmCommand.parse(tokens)));
                } catch (RulesSyntaxException e) {
                    throw e.at(sourceName, number);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Reads rules from a string; see {@link #parse(Reader, String)}.
     *
     * @param text the rules, one command per line
     * @param sourceName the name to report errors against
     * @return the commands, with line numbers
     * @throws NullPointerException if an argument is null
     * @throws RulesSyntaxException naming the source and line if a line cannot be read
     */
    public static IpvsadmRules parse(String text, String sourceName) {
        try {
            return parse(new StringReader(Objects.requireNonNull(text, "text")), sourceName);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
    }

    /**
     * Reads rules and folds them into a table; {@code parse(reader, sourceName).toConfig()}.
     *
     * @param reader the text; not closed
     * @param sourceName the name to report errors against, e.g. a file name
     * @return the table
     * @throws NullPointerException if an argument is null
     * @throws RulesSyntaxException naming the source and line if a line cannot be read or does not apply
     *     (see {@link #toConfig()})
     * @throws IOException if reading fails
     */
    public static IpvsConfig read(Reader reader, String sourceName) throws IOException {
        return parse(reader, sourceName).toConfig();
    }

    /**
     * Splits one line into arguments as {@code ipvsadm -R} does: at spaces, tabs and carriage returns;
     * a leading word {@code ipvsadm} is dropped and a word starting with {@code #} ends the line.
     *
     * @param line one line
     * @return the arguments, possibly none
     * @throws NullPointerException if {@code line} is null
     */
    public static List<String> tokenize(String line) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && isBlank(line.charAt(i))) {
                i++;
            }
            if (i >= n || line.charAt(i) == '#') {
                break;
            }
            int start = i;
            while (i < n && !isBlank(line.charAt(i))) {
                i++;
            }
            tokens.add(line.substring(start, i));
        }
        if (!tokens.isEmpty() && tokens.get(0).equals("ipvsadm")) {
            tokens.remove(0);
        }
        return tokens;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /**
     * The name errors are reported against.
     *
     * @return the source name given to {@code parse}
     */
    public String sourceName() {
        return sourceName;
    }

    /**
     * Every command read, with its line number, in order.
     *
     * @return the lines, unmodifiable
     */
    public List<Line> lines() {
        return lines;
    }

    /**
     * Every command read, in order.
     *
     * @return the commands, unmodifiable
     */
    public List<IpvsadmCommand> commands() {
        return lines.stream().map(Line::command).toList();
    }

    /**
     * Applies the commands in order to an empty table, as {@code ipvsadm -R} would to a cleared kernel:
     * {@code -A}, {@code -E}, {@code -D}, {@code -a}, {@code -e}, {@code -d} and {@code -C} change it;
     * {@code -Z}, {@code -L} and {@code -S} do not. Services keep the order of their {@code -A} lines,
     * real servers the order of their {@code -a} lines; an edit keeps the place.
     *
     * @return the table
     * @throws RulesSyntaxException naming the line if a command does not apply (a service added twice,
     *     a real server for a missing service, ...), or if it sets what a table does not hold
     *     ({@code --set}, {@code --start-daemon}, {@code --stop-daemon})
     */
    public IpvsConfig toConfig() {
        Map<ServiceKey, VirtualService> services = new LinkedHashMap<>();
        // Each service's real servers by endpoint, in the order of their -a lines (an edit keeps the
        // place): finding one is a lookup, not a search of the list, so a long list loads in linear time.
        Map<ServiceKey, Map<InetSocketAddress, RealServer>> servers = new LinkedHashMap<>();
        for (Line line : lines) {
            IpvsadmCommand c = line.command();
            if (c instanceof IpvsadmCommand.AddService a) {
                ServiceKey key = a.service().key();
                if (services.containsKey(key)) {
                    throw fail(line, "virtual service " + key + " already exists");
                }
                services.put(key, a.service());
                servers.put(key, new LinkedHashMap<>());
            } else if (c instanceof IpvsadmCommand.EditService e) {
                existing(services, e.service().key(), line);
                services.put(e.service().key(), e.service());
            } else if (c instanceof IpvsadmCommand.DeleteService d) {
                existing(services, d.service(), line);
                services.remove(d.service());
                servers.remove(d.service());
            } else if (c instanceof IpvsadmCommand.AddRealServer a) {
                existing(services, a.service(), line);
                if (servers.get(a.service()).putIfAbsent(a.server().endpoint(), a.server()) != null) {
                    throw fail(line, "real server " + Addresses.format(a.server().endpoint()) + " already exists in "
                            + a.service());
                }
            } else if (c instanceof IpvsadmCommand.EditRealServer e) {
                existing(services, e.service(), line);
                existingServer(servers.get(e.service()), e.service(), e.server().endpoint(), line);
                servers.get(e.service()).put(e.server().endpoint(), e.server());
            } else if (c instanceof IpvsadmCommand.DeleteRealServer d) {
                existing(services, d.service(), line);
                existingServer(servers.get(d.service()), d.service(), d.server(), line);
                servers.get(d.service()).remove(d.server());
            } else if (c instanceof IpvsadmCommand.Clear) {
                services.clear();
                servers.clear();
            } else if (c instanceof IpvsadmCommand.SetTimeouts || c instanceof IpvsadmCommand.StartDaemon
                    || c instanceof IpvsadmCommand.StopDaemon) {
                throw fail(line, c.arguments().get(0) + " sets what a table (IpvsConfig) does not hold;"
                        + " apply commands() instead");
            }
            // -Z, -L and -S leave the table as it is.
        }
        List<ServiceConfig> result = new ArrayList<>();
        services.forEach((key, service) -> result.add(new ServiceConfig(service,
                List.copyOf(servers.get(key).values()))));
        return new IpvsConfig(result);
    }

    /**
     * The line that gives a service, or one of its real servers, its definition in {@link #toConfig()}:
     * the last {@code -A} or {@code -E} of the service, or the last {@code -a} or {@code -e} of the real
     * server. When the kernel refuses the table (an unknown scheduler, an address it cannot route), this
     * is the line to report.
     *
     * @param service the service
     * @param realServer the real server's address and port, or null for the service itself
     * @return the 1-based line number, or 0 if no line defines it
     */
    public int lineOf(ServiceKey service, InetSocketAddress realServer) {
        Objects.requireNonNull(service, "service");
        for (int i = lines.size() - 1; i >= 0; i--) {
            Change c = lines.get(i).command().toChange().orElse(null);
            // A removal defines nothing: the line to blame stays the one that created what it removes.
            boolean defines = c != null && c.operation() != IpvsOperation.REMOVE_SERVICE
                    && c.operation() != IpvsOperation.REMOVE_REAL_SERVER;
            if (defines && c.service().equals(service) && Objects.equals(c.realServer().orElse(null), realServer)) {
                return lines.get(i).number();
            }
        }
        return 0;
    }

    private RulesSyntaxException fail(Line line, String reason) {
        return new RulesSyntaxException(sourceName, line.number(), line.command().arguments().get(0) + ": "
                + reason, null);
    }

    private void existing(Map<ServiceKey, VirtualService> services, ServiceKey key, Line line) {
        if (!services.containsKey(key)) {
            throw fail(line, "no virtual service " + key + " (add it with -A first)");
        }
    }

    private void existingServer(Map<InetSocketAddress, RealServer> servers, ServiceKey service,
            InetSocketAddress endpoint, Line line) {
        if (!servers.containsKey(endpoint)) {
            throw fail(line, "no real server " + Addresses.format(endpoint) + " in " + service);
        }
    }

    // ---- writing --------------------------------------------------------------------------------------

    /**
     * Writes the table exactly as {@code ipvsadm -Sn} prints it: per service an {@code -A} line, then an
     * {@code -a} line per real server, each ending in a newline; services and real servers in the
     * config's order. Thresholds are left out, as ipvsadm does.
     *
     * @param config the table
     * @param out where to write
     * @throws NullPointerException if an argument is null
     * @throws IOException if {@code out} fails
     * @throws InvalidConfigurationException for a real server with {@code BYPASS} forwarding, which
     *     ipvsadm cannot express
     */
    public static void write(IpvsConfig config, Appendable out) throws IOException {
        write(config, out, false);
    }

    /**
     * Writes the table as {@link #write(IpvsConfig, Appendable)} does, adding {@code -x} and {@code -y}
     * to real servers with thresholds, so nothing is lost; {@code ipvsadm -R} reads it.
     *
     * @param config the table
     * @param out where to write
     * @throws NullPointerException if an argument is null
     * @throws IOException if {@code out} fails
     * @throws InvalidConfigurationException for a real server with {@code BYPASS} forwarding, which
     *     ipvsadm cannot express
     */
    public static void writeWithThresholds(IpvsConfig config, Appendable out) throws IOException {
        write(config, out, true);
    }

    /**
     * Returns what {@link #write(IpvsConfig, Appendable)} writes.
     *
     * @param config the table
     * @return the rules, one line per service and real server
     * @throws NullPointerException if {@code config} is null
     * @throws InvalidConfigurationException for a real server with {@code BYPASS} forwarding, which
     *     ipvsadm cannot express
     */
    public static String format(IpvsConfig config) {
        StringBuilder sb = new StringBuilder();
        try {
            write(config, sb, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not fail
        }
        return sb.toString();
    }

    /**
     * Returns a plan as the ipvsadm commands that make its changes, one per line in the plan's order
     * ({@code -A}, {@code -E}, {@code -D}, {@code -a}, {@code -e}, {@code -d}): what to show for review,
     * or to feed to {@code ipvsadm -R}.
     *
     * @param plan the plan
     * @return the commands, one per line
     * @throws NullPointerException if {@code plan} is null
     * @throws InvalidConfigurationException for a real server with {@code BYPASS} forwarding, which
     *     ipvsadm cannot express
     */
    public static String format(Plan plan) {
        StringBuilder sb = new StringBuilder();
        for (Change change : plan.changes()) {
            sb.append(IpvsadmCommand.of(change)).append('\n');
        }
        return sb.toString();
    }

    /**
     * Returns what {@link #writeWithThresholds(IpvsConfig, Appendable)} writes.
     *
     * @param config the table
     * @return the rules, one line per service and real server
     * @throws NullPointerException if {@code config} is null
     * @throws InvalidConfigurationException for a real server with {@code BYPASS} forwarding, which
     *     ipvsadm cannot express
     */
    public static String formatWithThresholds(IpvsConfig config) {
        StringBuilder sb = new StringBuilder();
        try {
            write(config, sb, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    private static void write(IpvsConfig config, Appendable out, boolean thresholds) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(out, "out");
        // Lines go out in chunks of some 32 KB, and each service's own arguments are formatted once for
        // all its real servers: -S of 100,000 rules is otherwise mostly per-line overhead.
        StringBuilder text = new StringBuilder(1 << 16);
        IpvsadmFormat.Line line = new IpvsadmFormat.Line(text);
        for (ServiceConfig s : config.services()) {
            int start = text.length();
            IpvsadmFormat.service(s.service().key(), line);
            String service = text.substring(start);
            text.setLength(start);
            text.append("-A").append(service);
            IpvsadmFormat.serviceOptions(s.service(), line);
            text.append('\n');
            for (RealServer rs : s.realServers()) {
                text.append("-a").append(service);
                IpvsadmFormat.realServer(rs, thresholds, line);
                text.append('\n');
            }
            if (text.length() >= 1 << 15) {
                out.append(text);
                text.setLength(0);
            }
        }
        out.append(text);
    }

    // ---- ipvsadm's order ------------------------------------------------------------------------------

    /**
     * Returns the table in the order {@code ipvsadm -S} (and {@code -L}) prints it: services by firewall
     * mark (address services, mark 0, first), family, protocol, address and port; each service's real
     * servers by address and port. ipvsadm compares 32-bit words by subtraction, so two addresses more
     * than 2^31 apart compare the "wrong" way round; this does the same, so for the tables one sees in
     * practice, {@code write(sortedAsIpvsadm(ipvs.readConfig()))} is what {@code ipvsadm -Sn} prints.
     * {@link ServiceKey#ORDER}, the library's listing order, is the same order without the wrap-around.
     *
     * @param config the table
     * @return the same table in ipvsadm's order
     * @throws NullPointerException if {@code config} is null
     */
    public static IpvsConfig sortedAsIpvsadm(IpvsConfig config) {
        List<SortKey<ServiceConfig>> services = new ArrayList<>(config.services().size());
        for (ServiceConfig s : config.services()) {
            List<SortKey<RealServer>> servers = new ArrayList<>(s.realServers().size());
            for (RealServer rs : s.realServers()) {
                servers.add(new SortKey<>(rs, 0, 0, 0, words(rs.address()), rs.address() instanceof Inet6Address, rs.port()));
            }
            mergeSort(servers, IpvsadmRules::compareAddresses);
            List<RealServer> sorted = new ArrayList<>(servers.size());
            for (SortKey<RealServer> k : servers) {
                sorted.add(k.value());
            }
            ServiceConfig service = new ServiceConfig(s.service(), sorted);
            ServiceKey key = s.service().key();
            if (key instanceof ServiceKey.Address a) {
                services.add(new SortKey<>(service, 0, key.family().number(), a.protocol().number(),
                        words(a.address()), a.address() instanceof Inet6Address, a.port()));
            } else {
                services.add(new SortKey<>(service, (int) ((ServiceKey.FirewallMark) key).mark(), key.family().number(),
                        0, null, false, 0));
            }
        }
        mergeSort(services, IpvsadmRules::compareServices);
        List<ServiceConfig> sorted = new ArrayList<>(services.size());
        for (SortKey<ServiceConfig> k : services) {
            sorted.add(k.value());
        }
        return new IpvsConfig(sorted);
    }

    /**
     * What ipvsadm compares, taken from a service or real server once, so that sorting allocates
     * nothing per comparison.
     *
     * @param words the address as four 32-bit words (IPv4 in the first); null for a firewall mark
     */
    private record SortKey<T>(T value, int mark, int family, int protocol, int[] words, boolean ipv6, int port) {
    }

    private static int compareServices(SortKey<?> a, SortKey<?> b) {
        int r = a.mark() - b.mark();
        if (r != 0) {
            return r;
        }
        r = a.family() - b.family();
        if (r != 0) {
            return r;
        }
        if (a.words() == null || b.words() == null) {
            return 0; // same mark and family: the same service
        }
        r = a.protocol() - b.protocol();
        return r != 0 ? r : compareAddresses(a, b);
    }

    /** ipvsadm's address comparison, then the port: the first address's family decides how many words are compared. */
    private static int compareAddresses(SortKey<?> a, SortKey<?> b) {
        int count = a.ipv6() ? 4 : 1;
        for (int i = 0; i < count; i++) {
            int r = a.words()[i] - b.words()[i]; // wraps like ipvsadm's unsigned subtraction read as int
            if (r != 0) {
                return r;
            }
        }
        return a.port() - b.port();
    }

    private static int[] words(InetAddress address) {
        byte[] b = address.getAddress();
        int[] w = new int[4];
        for (int i = 0; i < b.length; i++) {
            w[i / 4] |= (b[i] & 0xff) << (24 - 8 * (i % 4));
        }
        return w;
    }

    /**
     * A plain stable merge sort, as glibc's qsort does it (halves of n/2 and the rest, ties to the left):
     * ipvsadm's comparison is not transitive everywhere, which List.sort may reject, and this gives
     * ipvsadm's order even then. Sorts in an array with one scratch array, no copies per level.
     */
    @SuppressWarnings("unchecked")
    private static <T> void mergeSort(List<T> list, Comparator<T> cmp) {
        if (list.size() < 2) {
            return;
        }
        Object[] items = list.toArray();
        mergeSort(items, new Object[items.length], 0, items.length, (Comparator<Object>) cmp);
        for (int k = 0; k < items.length; k++) {
            list.set(k, (T) items[k]);
        }
    }

    private static void mergeSort(Object[] items, Object[] scratch, int from, int to, Comparator<Object> cmp) {
        int size = to - from;
        if (size < 2) {
            return;
        }
        int mid = from + size / 2;
        mergeSort(items, scratch, from, mid, cmp);
        mergeSort(items, scratch, mid, to, cmp);
        System.arraycopy(items, from, scratch, from, size);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            if (j >= to || (i < mid && cmp.compare(scratch[i], scratch[j]) <= 0)) {
                items[k] = scratch[i++];
            } else {
                items[k] = scratch[j++];
            }
        }
    }

    /**
     * Describes the rules: source name and number of commands.
     *
     * @return e.g. {@code IpvsadmRules[rules.txt, 12 commands]}
     */
    @Override
    public String toString() {
        return "IpvsadmRules[" + sourceName + ", " + lines.size() + " commands]";
    }
}
