package io.github.ipvs4j.examples.jipvsadm;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.internal.Netmasks;
import io.github.ipvs4j.model.AddressFamily;
import io.github.ipvs4j.model.Connection;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.IpvsInfo;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.RealServerStatus;
import io.github.ipvs4j.model.SchedulerFlag;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.Stats;
import io.github.ipvs4j.model.SyncDaemon;
import io.github.ipvs4j.model.Timeouts;
import io.github.ipvs4j.model.TunnelChecksum;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.model.VirtualServiceStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Formats tables the way {@code ipvsadm -L -n} (1.31) prints them, column for column, so output can be
 * compared with ipvsadm's as text.
 */
public final class Listing {

    /** Which columns a listing shows (ipvsadm's mutually exclusive display options). */
    public enum Columns {
        /** Forward, Weight, ActiveConn, InActConn. */
        DEFAULT,
        /** {@code --stats}: counters. */
        STATS,
        /** {@code --rate}: rates. */
        RATE,
        /** {@code --thresholds}. */
        THRESHOLDS,
        /** {@code --persistent-conn}. */
        PERSISTENT_CONN,
        /** {@code --tun-info}. */
        TUN_INFO
    }

    /**
     * How to list.
     *
     * @param columns the column set
     * @param exact print exact numbers ({@code --exact}) instead of K/M/G/T
     * @param sort sort services and real servers as ipvsadm does (false for {@code --nosort})
     */
    public record Format(Columns columns, boolean exact, boolean sort) {
        /** ipvsadm's default: default columns, abbreviated numbers, sorted. */
        public static final Format DEFAULT = new Format(Columns.DEFAULT, false, true);
    }

    /**
     * A service with its real servers, as read from the kernel.
     *
     * @param service the service and its statistics
     * @param realServers its real servers in kernel order
     */
    public record Entry(VirtualServiceStatus service, List<RealServerStatus> realServers) {
    }

    private Listing() {
    }

    /** The whole table, as {@code ipvsadm -L -n}: version line, title, every service. */
    public static String table(IpvsInfo info, List<Entry> entries, Format format) {
        StringBuilder out = new StringBuilder();
        out.append("IP Virtual Server version ").append(info.version()).append(" (size=")
                .append(info.connectionTableSize()).append(")\n");
        title(out, format.columns());
        List<Entry> sorted = new ArrayList<>(entries);
        if (format.sort()) {
            sorted.sort(Comparator.comparing(e -> e.service().service().key(), ServiceKey.ORDER));
        }
        for (Entry e : sorted) {
            service(out, e, format);
        }
        return out.toString();
    }

    /** One service, as {@code ipvsadm -L -n -t ADDR:PORT}: title and the service, no version line. */
    public static String single(Entry entry, Format format) {
        StringBuilder out = new StringBuilder();
        title(out, format.columns());
        service(out, entry, format);
        return out.toString();
    }

    /** {@code ipvsadm -L --timeout}. */
    public static String timeouts(Timeouts t) {
        return "Timeout (tcp tcpfin udp): " + t.tcp() + " " + t.tcpFin() + " " + t.udp() + "\n";
    }

    /** {@code ipvsadm -L --daemon}: masters first, then backups. */
    public static String daemons(List<SyncDaemon> daemons) {
        StringBuilder out = new StringBuilder();
        for (SyncDaemon.Role role : SyncDaemon.Role.values()) {
            for (SyncDaemon d : daemons) {
                if (d.role() != role) {
                    continue;
                }
                out.append(role.name().toLowerCase(Locale.ROOT)).append(" sync daemon (mcast=")
                        .append(d.interfaceName()).append(", syncid=").append(d.syncId());
                if (d.maxLength() != 0) {
                    out.append(", maxlen=").append(d.maxLength());
                }
                d.multicastGroup().ifPresent(g -> out.append(", group=").append(Addresses.format(g)));
                if (d.multicastPort() != 0) {
                    out.append(", port=").append(d.multicastPort());
                }
                if (d.multicastTtl() != 0) {
                    out.append(", ttl=").append(d.multicastTtl());
                }
                out.append(")\n");
            }
        }
        return out.toString();
    }

    /** {@code ipvsadm -L -n -c}: the connection table. */
    public static String connections(List<Connection> connections) {
        StringBuilder out = new StringBuilder("IPVS connection entries\n");
        out.append(String.format("pro expire %-11s %-18s %-18s %s%n", "state", "source", "virtual", "destination"));
        for (Connection c : connections) {
            String expire = String.format("%02d:%02d", c.expiresInSeconds() / 60, c.expiresInSeconds() % 60);
            out.append(String.format("%-3s %-6s %-11s %-18s %-18s %s%n", c.protocol(), expire, c.state(),
                    Addresses.format(c.clientAddress(), c.clientPort()),
                    Addresses.format(c.virtualAddress(), c.virtualPort()),
                    Addresses.format(c.realAddress(), c.realPort())));
        }
        return out.toString();
    }

    private static void title(StringBuilder out, Columns columns) {
        switch (columns) {
            case STATS -> out.append(String.format("%-33s %8s %8s %8s %8s %8s%n  -> RemoteAddress:Port%n",
                    "Prot LocalAddress:Port", "Conns", "InPkts", "OutPkts", "InBytes", "OutBytes"));
            case RATE -> out.append(String.format("%-33s %8s %8s %8s %8s %8s%n  -> RemoteAddress:Port%n",
                    "Prot LocalAddress:Port", "CPS", "InPPS", "OutPPS", "InBPS", "OutBPS"));
            case THRESHOLDS -> out.append(String.format("%-33s %-10s %-10s %-10s %-10s%n  -> RemoteAddress:Port%n",
                    "Prot LocalAddress:Port", "Uthreshold", "Lthreshold", "ActiveConn", "InActConn"));
            case PERSISTENT_CONN -> out.append(String.format(
                    "%-33s %-9s %-11s %-10s %-10s%n  -> RemoteAddress:Port%n",
                    "Prot LocalAddress:Port", "Weight", "PersistConn", "ActiveConn", "InActConn"));
            case TUN_INFO -> out.append("Prot LocalAddress:Port Scheduler Flags\n"
                    + "  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn\n");
            default -> out.append("Prot LocalAddress:Port Scheduler Flags\n"
                    + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n");
        }
    }

    private static void service(StringBuilder out, Entry entry, Format format) {
        VirtualService s = entry.service().service();
        Stats st = entry.service().stats();
        String name = serviceName(s.key());
        switch (format.columns()) {
            case STATS -> {
                out.append(String.format("%-33s", name));
                counters(out, format.exact(), st.connections(), st.inPackets(), st.outPackets(), st.inBytes(),
                        st.outBytes());
            }
            case RATE -> {
                out.append(String.format("%-33s", name));
                counters(out, format.exact(), st.connectionRate(), st.inPacketRate(), st.outPacketRate(),
                        st.inByteRate(), st.outByteRate());
            }
            default -> {
                out.append(name).append(' ').append(s.scheduler().name());
                if (!s.schedulerFlags().isEmpty()) {
                    out.append(" (").append(flags(s)).append(')');
                }
                s.persistence().ifPresent(p -> {
                    out.append(" persistent ").append(Integer.toUnsignedString(p.timeoutSeconds()));
                    if (p.prefixLength() != s.family().addressBits()) {
                        out.append(" mask ").append(s.family() == AddressFamily.INET
                                ? Netmasks.dotted(Netmasks.ipv4Mask(p.prefixLength())) : p.prefixLength());
                    }
                    p.engine().ifPresent(e -> out.append(" pe ").append(e));
                });
                if (s.onePacket()) {
                    out.append(" ops");
                }
            }
        }
        out.append('\n');
        List<RealServerStatus> servers = new ArrayList<>(entry.realServers());
        if (format.sort()) {
            servers.sort(Listing::compareAsIpvsadm);
        }
        for (RealServerStatus rs : servers) {
            realServer(out, rs, format);
        }
    }

    private static void realServer(StringBuilder out, RealServerStatus status, Format format) {
        RealServer rs = status.server();
        String name = Addresses.format(rs.address(), rs.port());
        if (rs.family() != AddressFamily.INET6 && name.length() > 28) {
            name = name.substring(0, 28);
        }
        Stats st = status.stats();
        switch (format.columns()) {
            case STATS -> {
                out.append(String.format("  -> %-28s", name));
                counters(out, format.exact(), st.connections(), st.inPackets(), st.outPackets(), st.inBytes(),
                        st.outBytes());
                out.append('\n');
            }
            case RATE -> {
                out.append(String.format("  -> %-28s %8s %8s %8s", name, Long.toUnsignedString(st.connectionRate()),
                        Long.toUnsignedString(st.inPacketRate()), Long.toUnsignedString(st.outPacketRate())));
                counters(out, format.exact(), st.inByteRate(), st.outByteRate());
                out.append('\n');
            }
            case THRESHOLDS -> out.append(String.format("  -> %-28s %-10d %-10d %-10d %-10d%n", name,
                    rs.upperThreshold(), rs.lowerThreshold(), status.activeConnections(),
                    status.inactiveConnections()));
            case PERSISTENT_CONN -> out.append(String.format("  -> %-28s %-9d %-11d %-10d %-10d%n", name,
                    rs.weight(), status.persistentConnections(), status.activeConnections(),
                    status.inactiveConnections()));
            case TUN_INFO -> out.append(String.format("  -> %-28s %-7s %-13s %-6d %-10d %-10d%n", name,
                    forwardName(rs.forwarding()), tunnelInfo(rs.forwarding()), rs.weight(),
                    status.activeConnections(), status.inactiveConnections()));
            default -> out.append(String.format("  -> %-28s %-7s %-6d %-10d %-10d%n", name,
                    forwardName(rs.forwarding()), rs.weight(), status.activeConnections(),
                    status.inactiveConnections()));
        }
    }

    /** ipvsadm's service column: {@code TCP  192.0.2.1:80}, cut at 33 characters unless IPv6. */
    static String serviceName(ServiceKey key) {
        if (key instanceof ServiceKey.FirewallMark m) {
            return "FWM  " + m.mark() + (m.family() == AddressFamily.INET6 ? " IPv6" : "");
        }
        ServiceKey.Address a = (ServiceKey.Address) key;
        String name = String.format("%-4s %s", a.protocol(), Addresses.format(a.address(), a.port()));
        return a.family() != AddressFamily.INET6 && name.length() > 33 ? name.substring(0, 33) : name;
    }

    /** ipvsadm's {@code Forward} column. */
    static String forwardName(ForwardingMethod method) {
        return method.toString();
    }

    private static String tunnelInfo(ForwardingMethod method) {
        if (!(method instanceof ForwardingMethod.Tunnel t)) {
            return "n/a"; // ipvsadm prints its NA, lower case
        }
        String flags = t.checksum() == TunnelChecksum.NONE ? "-c"
                : t.checksum() == TunnelChecksum.CHECKSUM ? "+c" : "r+c";
        return switch (t.type()) {
            case IPIP -> "ipip";
            case GUE -> "gue:" + t.port() + ":" + flags;
            case GRE -> "gre:" + flags;
        };
    }

    private static String flags(VirtualService s) {
        List<String> names = new ArrayList<>();
        for (SchedulerFlag f : s.schedulerFlags()) {
            // For sh and mh ipvsadm prints only the two flags it knows by name.
            boolean named = s.scheduler().name().equals("sh") || s.scheduler().name().equals("mh");
            if (!(named && f == SchedulerFlag.FLAG_3)) {
                names.add(f.ipvsadmName(s.scheduler()));
            }
        }
        return String.join(",", names);
    }

    /** ipvsadm's {@code print_largenum}: 9 columns, abbreviated with K/M/G/T unless exact. */
    private static void counters(StringBuilder out, boolean exact, long... values) {
        for (long v : values) {
            String digits = Long.toUnsignedString(v);
            if (exact) {
                out.append(String.format("%" + (digits.length() <= 8 ? 9 : digits.length() + 1) + "s", digits));
            } else if (Long.compareUnsigned(v, 100_000_000L) < 0) {
                out.append(String.format("%9s", digits));
            } else if (Long.compareUnsigned(v, 1_000_000_000L) < 0) {
                out.append(String.format("%8sK", Long.divideUnsigned(v, 1_000L)));
            } else if (Long.compareUnsigned(v, 100_000_000_000L) < 0) {
                out.append(String.format("%8sM", Long.divideUnsigned(v, 1_000_000L)));
            } else if (Long.compareUnsigned(v, 100_000_000_000_000L) < 0) {
                out.append(String.format("%8sG", Long.divideUnsigned(v, 1_000_000_000L)));
            } else {
                out.append(String.format("%8sT", Long.toUnsignedString(Long.divideUnsigned(v, 1_000_000_000_000L))));
            }
        }
    }

    /**
     * ipvsadm's real-server order: address, then port, compared as it does, by subtracting 32-bit
     * words and reading the difference as a signed int (so addresses more than 2^31 apart compare
     * "backwards"; reproduced so the text matches).
     */
    static int compareAsIpvsadm(RealServerStatus x, RealServerStatus y) {
        byte[] a = x.server().address().getAddress();
        byte[] b = y.server().address().getAddress();
        int r = 0;
        for (int i = 0; r == 0 && i + 4 <= Math.min(a.length, b.length); i += 4) {
            r = word(a, i) - word(b, i);
            if (a.length == 4) {
                break;
            }
        }
        return r != 0 ? r : x.server().port() - y.server().port();
    }

    private static int word(byte[] b, int i) {
        return ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }
}
