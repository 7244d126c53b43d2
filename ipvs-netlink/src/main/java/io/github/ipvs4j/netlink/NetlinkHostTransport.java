package io.github.ipvs4j.netlink;

import io.github.ipvs4j.host.InterfaceAddress;
import io.github.ipvs4j.host.Link;
import io.github.ipvs4j.host.Route;
import io.github.ipvs4j.host.RouteType;
import io.github.ipvs4j.host.Setting;
import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.model.InvalidConfigurationException;
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.IpvsOperation;
import io.github.ipvs4j.spi.HostTransport;
import io.github.ipvs4j.spi.KernelErrors;
import io.github.ipvs4j.spi.TransportOptions;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real kernel's host networking: rtnetlink (NETLINK_ROUTE) for interfaces, addresses and route
 * lookups, {@code /proc/sys} for settings, a packet socket for announcements. Thread-safe: the one
 * rtnetlink socket serves one exchange at a time.
 *
 * <p>Settings are read and written as files under {@code /proc/sys}, as {@code sysctl} does, not with
 * {@code RTM_SETLINK}'s {@code IFLA_INET_CONF}: the netlink write stores the value and skips what the
 * {@code /proc} write handler does besides, e.g. writing {@code forwarding} through {@code /proc}
 * propagates it to every interface (for {@code all}) and flushes the route cache, the netlink write
 * does neither; and {@code RTM_GETNETCONF} reports only a handful of the settings (forwarding,
 * rp_filter, ...), not {@code arp_ignore} or {@code net.ipv4.vs.*}.
 *
 * <p>In another network namespace, the socket is opened once on a thread inside it (a socket stays in
 * the namespace it was created in); {@code /proc/sys/net} shows the namespace of the thread that reads
 * it, so each settings call and each announcement's packet socket takes one trip into the namespace.
 */
final class NetlinkHostTransport implements HostTransport {
    private static final Logger LOG = LoggerFactory.getLogger(NetlinkHostTransport.class);
    /** How often an interrupted dump (the table changed under it) is repeated before giving up. */
    private static final int DUMP_ATTEMPTS = 10;
    private static final Path PROC_SYS = Path.of("/proc/sys");

    private final Optional<Path> namespace;
    private final long timeoutNanos;
    private final Supplier<NetlinkSocket> sockets;
    private NetlinkSocket socket; // guarded by this; replaced when broken
    private boolean closed; // guarded by this

    private NetlinkHostTransport(Optional<Path> namespace, long timeoutNanos, Supplier<NetlinkSocket> sockets,
            NetlinkSocket first) {
        this.namespace = namespace;
        this.timeoutNanos = timeoutNanos;
        this.sockets = sockets;
        this.socket = first;
    }

    /**
     * Opens the transport: its rtnetlink socket, in the namespace if one is given.
     *
     * @throws io.github.ipvs4j.model.PermissionDeniedException if the namespace may not be entered
     * @throws IpvsException if the namespace does not exist or the socket cannot be opened
     */
    static NetlinkHostTransport open(TransportOptions options) {
        Optional<Path> namespace = options.networkNamespace();
        // The answers of a link dump are large (statistics, per-family settings): large datagrams.
        Supplier<NetlinkSocket> open = () -> NetlinkSocket.open(Native.NETLINK_ROUTE, NetlinkSocket.LARGE_DATAGRAMS);
        Supplier<NetlinkSocket> sockets = namespace.isPresent()
                ? () -> NetworkNamespace.call(namespace.get(), IpvsOperation.OPEN, open) : open;
        try {
            return new NetlinkHostTransport(namespace, options.timeout().toNanos(), sockets, sockets.get());
        } catch (ErrnoException e) {
            throw new IpvsException("open: cannot open an rtnetlink socket" + namespace.map(p -> " in " + p).orElse("")
                    + ": " + e.getMessage(), e.errno(), IpvsOperation.OPEN, null, null, e);
        }
    }

    // ---- the exchange ---------------------------------------------------------------------------------

    /**
     * Does {@code work} on the socket (a fresh one if the last broke), turning failures into ipvs4j's
     * typed exceptions that name {@code subject} and {@code interfaceName}.
     */
    private synchronized <T> T exchange(IpvsOperation op, String subject, String interfaceName,
            Function<NetlinkSocket, T> work) {
        if (closed) {
            throw new IllegalStateException("the host transport is closed");
        }
        try {
            if (socket == null || socket.isBroken()) {
                if (socket != null) {
                    socket.close();
                    socket = null;
                }
                socket = sockets.get();
            }
            T result = work.apply(socket);
            LOG.debug("{} {}: done", op, subject);
            return result;
        } catch (KernelError e) {
            LOG.debug("{} {}: the kernel refused with errno {}", op, subject, e.errno());
            throw KernelErrors.hostError(e.errno(), op, subject, interfaceName);
        } catch (ErrnoException | MalformedMessageException e) {
            if (socket != null) {
                socket.markBroken();
            }
            throw new IpvsException(describe(op, subject) + ": " + e.getMessage(),
                    e instanceof ErrnoException ee ? ee.errno() : 0, op, null, null, e);
        }
    }

    private static String describe(IpvsOperation op, String subject) {
        return op.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + subject;
    }

    /** One request with NLM_F_ACK, written by {@code request}; its data messages go to {@code onData}. */
    private void request(NetlinkSocket s, Consumer<MessageWriter> request, int seq,
            NetlinkSocket.MessageHandler onData) {
        MessageWriter w = s.writer();
        request.accept(w);
        s.call(w, seq, timeoutNanos, onData);
    }

    /** A dump, repeated while the kernel flags it inconsistent (the table changed under it). */
    private <T> List<T> dump(NetlinkSocket s, int messageType, DumpRequest request, Function<NetlinkMessage, T> read) {
        for (int attempt = 1; ; attempt++) {
            List<T> out = new ArrayList<>();
            int seq = s.nextSeq();
            MessageWriter w = s.writer();
            request.write(w, seq, s.portId());
            boolean interrupted = s.call(w, seq, timeoutNanos, m -> {
                if (m.type() == messageType) {
                    T item = read.apply(m);
                    if (item != null) {
                        out.add(item);
                    }
                }
            });
            if (!interrupted) {
                return out;
            }
            if (attempt == DUMP_ATTEMPTS) {
                throw new ErrnoException("the kernel's table kept changing during " + DUMP_ATTEMPTS + " dumps",
                        Errno.EAGAIN);
            }
        }
    }

    private interface DumpRequest {
        void write(MessageWriter w, int seq, int portId);
    }

    // ---- links and addresses --------------------------------------------------------------------------

    @Override
    public List<Link> listLinks() {
        return exchange(IpvsOperation.LIST_LINKS, "interfaces", null, this::links);
    }

    private List<Link> links(NetlinkSocket s) {
        List<Link> links = dump(s, RtnetlinkCodec.RTM_NEWLINK, RtnetlinkCodec::writeLinkDump, RtnetlinkCodec::readLink);
        links.sort(Comparator.comparingInt(Link::index));
        return links;
    }

    /**
     * The interface of a name, asked of the kernel for that one; ENODEV if there is none. Not a dump of
     * every link: each change needs its interface's index, and a dump grows with the host's interfaces.
     */
    private Link link(NetlinkSocket s, String name) {
        int seq = s.nextSeq();
        return oneLink(s, seq, w -> RtnetlinkCodec.writeLinkGet(w, seq, s.portId(), name), name);
    }

    /** The name of interface {@code index}, asked of the kernel for that one interface. */
    private String linkName(NetlinkSocket s, int index) {
        int seq = s.nextSeq();
        return oneLink(s, seq, w -> RtnetlinkCodec.writeLinkGet(w, seq, s.portId(), index), "interface " + index)
                .name();
    }

    /** The one interface a get request ({@code seq}, written by {@code request}) answers with. */
    private Link oneLink(NetlinkSocket s, int seq, Consumer<MessageWriter> request, String what) {
        List<Link> found = new ArrayList<>(1);
        request(s, request, seq, m -> {
            if (m.type() == RtnetlinkCodec.RTM_NEWLINK && found.isEmpty()) {
                found.add(RtnetlinkCodec.readLink(m));
            }
        });
        if (found.isEmpty()) {
            throw new MalformedMessageException("the kernel acknowledged the request for " + what + " without it");
        }
        return found.get(0);
    }

    @Override
    public List<InterfaceAddress> listAddresses() {
        return exchange(IpvsOperation.LIST_ADDRESSES, "addresses", null, s -> {
            Map<Integer, String> names = names(s);
            Map<String, Integer> indices = new HashMap<>();
            names.forEach((index, name) -> indices.put(name, index));
            List<InterfaceAddress> all = dump(s, RtnetlinkCodec.RTM_NEWADDR, RtnetlinkCodec::writeAddressDump,
                    m -> RtnetlinkCodec.readAddress(m, names::get));
            // Stable: the kernel's order (primary addresses first) stays within an interface.
            all.sort(Comparator.comparingInt((InterfaceAddress a) -> a.address() instanceof Inet4Address ? 0 : 1)
                    .thenComparingInt(a -> indices.get(a.interfaceName())));
            return all;
        });
    }

    /** The name of every interface index, from a link dump on {@code s}. */
    private Map<Integer, String> names(NetlinkSocket s) {
        Map<Integer, String> names = new HashMap<>();
        for (Link l : links(s)) {
            names.put(l.index(), l.name());
        }
        return names;
    }

    @Override
    public void addAddress(InterfaceAddress address) {
        changeAddress(true, address);
    }

    @Override
    public void removeAddress(InterfaceAddress address) {
        changeAddress(false, address);
    }

    private void changeAddress(boolean add, InterfaceAddress address) {
        String subject = address.toString();
        IpvsOperation op = add ? IpvsOperation.ADD_ADDRESS : IpvsOperation.REMOVE_ADDRESS;
        exchange(op, subject, address.interfaceName(), s -> {
            int index = link(s, address.interfaceName()).index();
            int seq = s.nextSeq();
            request(s, w -> RtnetlinkCodec.writeAddress(w, seq, s.portId(), add, index, address), seq, m -> { });
            return null;
        });
    }

    @Override
    public void setLinkUp(String interfaceName, boolean up) {
        exchange(IpvsOperation.SET_LINK, interfaceName + (up ? " up" : " down"), interfaceName, s -> {
            int index = link(s, interfaceName).index();
            int seq = s.nextSeq();
            request(s, w -> RtnetlinkCodec.writeSetLinkUp(w, seq, s.portId(), index, up), seq, m -> { });
            return null;
        });
    }

    // ---- routes ---------------------------------------------------------------------------------------

    @Override
    public Optional<Route> route(InetAddress destination) {
        try {
            return Optional.of(exchange(IpvsOperation.GET_ROUTE, Addresses.format(destination), null, s -> {
                int seq = s.nextSeq();
                List<Route> found = new ArrayList<>(1);
                int[] outgoing = {0};
                request(s, w -> RtnetlinkCodec.writeRouteGet(w, seq, s.portId(), destination), seq, m -> {
                    if (m.type() == RtnetlinkCodec.RTM_NEWROUTE && found.isEmpty()) {
                        found.add(RtnetlinkCodec.readRoute(m, destination, index -> {
                            outgoing[0] = index;
                            return null; // named below, once this answer is read
                        }));
                    }
                });
                if (found.isEmpty()) {
                    throw new MalformedMessageException("the kernel acknowledged the route lookup without a route");
                }
                Route r = found.get(0);
                // One interface by index, not a dump of all: a director looks up a route per real server.
                return outgoing[0] == 0 ? r : new Route(r.destination(), r.type(), r.gateway(),
                        Optional.of(linkName(s, outgoing[0])), r.preferredSource());
            }));
        } catch (IpvsException e) {
            // IPv4 answers a lookup that ends in a reject route with the route type's errno
            // (fib_semantics.c's fib_props), where IPv6 answers with the route.
            Optional<RouteType> rejected = switch (e.errno()) {
                case Errno.EHOSTUNREACH -> Optional.of(RouteType.UNREACHABLE);
                case Errno.EACCES -> Optional.of(RouteType.PROHIBIT);
                case Errno.EINVAL -> Optional.of(RouteType.BLACKHOLE);
                default -> Optional.empty();
            };
            if (rejected.isPresent()) {
                return Optional.of(new Route(destination, rejected.get(), Optional.empty(), Optional.empty(),
                        Optional.empty()));
            }
            if (e.errno() == Errno.ENETUNREACH || e.errno() == Errno.EAGAIN) { // no route, or a throw route
                return Optional.empty();
            }
            throw e;
        }
    }

    // ---- settings -------------------------------------------------------------------------------------

    @Override
    public Map<Setting, Integer> readSettings(Collection<Setting> settings) {
        List<Setting> wanted = List.copyOf(settings);
        return inNamespace(IpvsOperation.READ_SETTING, () -> {
            Map<Setting, Integer> values = new LinkedHashMap<>();
            for (Setting setting : wanted) {
                read(setting).ifPresent(v -> values.put(setting, v));
            }
            return values;
        });
    }

    private static Optional<Integer> read(Setting setting) {
        Path file = PROC_SYS.resolve(setting.path());
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw settingError(e, IpvsOperation.READ_SETTING, setting);
        }
        try {
            return Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            throw new IpvsException(describe(IpvsOperation.READ_SETTING, setting.name()) + ": " + file
                    + " holds \"" + text + "\", not an integer", e);
        }
    }

    @Override
    public void writeSetting(Setting setting, int value) {
        inNamespace(IpvsOperation.WRITE_SETTING, () -> {
            // One write(2) through Native, not java.nio: its errno (EPERM from forwarding's handler,
            // EROFS, EINVAL) reaches the message; the JDK reports most of them only as localised text.
            try {
                Native.writeFile(PROC_SYS.resolve(setting.path()).toString(),
                        (value + "\n").getBytes(StandardCharsets.US_ASCII));
            } catch (ErrnoException e) {
                throw KernelErrors.hostError(e.errno(), IpvsOperation.WRITE_SETTING, setting.name(), null);
            }
            return null;
        });
    }

    private static IpvsException settingError(IOException e, IpvsOperation op, Setting setting) {
        int errno = errnoOf(e);
        if (errno == 0) {
            return new IpvsException(describe(op, setting.name()) + ": " + e, 0, op, null, null, e);
        }
        return KernelErrors.hostError(errno, op, setting.name(), null);
    }

    /**
     * The errno behind a failed read of a setting, where the JDK says it with a type: {@link NoSuchFileException}
     * for ENOENT, {@link AccessDeniedException} for EACCES; 0 for any other failure.
     */
    static int errnoOf(IOException e) {
        if (e instanceof NoSuchFileException) {
            return Errno.ENOENT;
        }
        if (e instanceof AccessDeniedException) {
            return Errno.EACCES;
        }
        return 0;
    }

    /** Runs {@code work} on a thread inside the namespace, or here if there is none. */
    private <T> T inNamespace(IpvsOperation op, Supplier<T> work) {
        return namespace.isPresent() ? NetworkNamespace.call(namespace.get(), op, work) : work.get();
    }

    // ---- announcements --------------------------------------------------------------------------------

    @Override
    public void announce(String interfaceName, InetAddress address, int count, Duration interval) {
        boolean ipv4 = address instanceof Inet4Address;
        String subject = KernelErrors.announcement(address, interfaceName);
        Link link = exchange(IpvsOperation.ANNOUNCE_ADDRESS, subject, interfaceName, s -> link(s, interfaceName));
        byte[] mac = link.hardwareAddress().map(h -> h.bytes()).orElse(new byte[0]);
        if (mac.length != 6) {
            throw new InvalidConfigurationException("interface of " + subject, interfaceName,
                    "an interface with a 6-byte Ethernet address");
        }
        int etherType = ipv4 ? Announcements.ETH_P_ARP : Announcements.ETH_P_IPV6;
        byte[] packet = ipv4 ? Announcements.gratuitousArp(mac, (Inet4Address) address)
                : Announcements.neighbourAdvertisement(mac, (Inet6Address) address);
        byte[] to = Native.sockaddrLl(etherType, link.index(),
                ipv4 ? Announcements.BROADCAST : Announcements.ALL_NODES_MAC);
        try {
            // Socket, sends and close all on one thread (in the namespace, if any): a caller interrupted
            // while it waits leaves no socket open behind it.
            inNamespace(IpvsOperation.ANNOUNCE_ADDRESS, () -> {
                int fd = Native.packetSocket();
                try {
                    for (int i = 0; i < count; i++) {
                        if (i > 0) {
                            sleep(interval, subject, i);
                        }
                        Native.sendPacket(fd, packet, to);
                    }
                } finally {
                    Native.close(fd);
                }
                return null;
            });
        } catch (ErrnoException e) {
            throw KernelErrors.hostError(e.errno(), IpvsOperation.ANNOUNCE_ADDRESS, subject, interfaceName);
        }
    }

    private static void sleep(Duration interval, String subject, int sent) {
        try {
            Thread.sleep(interval.toMillis(), interval.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpvsException(describe(IpvsOperation.ANNOUNCE_ADDRESS, subject) + ": interrupted after "
                    + sent + " sent", 0, IpvsOperation.ANNOUNCE_ADDRESS, null, null, e);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (socket != null) {
                socket.close();
                socket = null;
            }
        }
    }
}
