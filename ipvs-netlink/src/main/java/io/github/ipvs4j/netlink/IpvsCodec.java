package io.github.ipvs4j.netlink;

import static io.github.ipvs4j.netlink.IpvsNetlink.*;

import io.github.ipvs4j.internal.Netmasks;
import io.github.ipvs4j.model.AddressFamily;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.InvalidConfigurationException;
import io.github.ipvs4j.model.IpvsInfo;
import io.github.ipvs4j.model.Persistence;
import io.github.ipvs4j.model.Protocol;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.RealServerStatus;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.SchedulerFlag;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.Stats;
import io.github.ipvs4j.model.SyncDaemon;
import io.github.ipvs4j.model.Timeouts;
import io.github.ipvs4j.model.TunnelChecksum;
import io.github.ipvs4j.model.TunnelType;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.model.VirtualServiceStatus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Translates between ipvs4j's model and the attributes of the IPVS generic netlink family. Pure: no
 * I/O, so every rule here is tested on the host.
 */
final class IpvsCodec {
    private IpvsCodec() {
    }

    // ---- encoding -----------------------------------------------------------------------------------

    /** A nested service attribute holding only what identifies the service. */
    static void writeServiceKey(MessageWriter w, ServiceKey key) {
        int nest = w.beginNested(CMD_ATTR_SERVICE);
        keyAttributes(w, key);
        w.endNested(nest);
    }

    /** A nested service attribute with the whole definition, for create and update. */
    static void writeService(MessageWriter w, VirtualService service) {
        int nest = w.beginNested(CMD_ATTR_SERVICE);
        keyAttributes(w, service.key());
        w.putAsciiString(SVC_ATTR_SCHED_NAME, schedulerName(service.scheduler()));
        int flags = service.onePacket() ? SVC_F_ONEPACKET : 0;
        for (SchedulerFlag f : service.schedulerFlags()) {
            flags |= f.bit();
        }
        Persistence persistence = service.persistence().orElse(null);
        if (persistence != null) {
            flags |= SVC_F_PERSISTENT;
        }
        // struct ip_vs_flags { flags; mask }: the kernel changes only the bits in the mask.
        w.putU32Pair(SVC_ATTR_FLAGS, flags, SVC_F_USER_MASK);
        w.putU32(SVC_ATTR_TIMEOUT, persistence != null ? persistence.timeoutSeconds() : 0);
        AddressFamily family = service.family();
        int prefix = persistence != null ? persistence.prefixLength() : family.addressBits();
        if (family == AddressFamily.INET) {
            w.putBe32(SVC_ATTR_NETMASK, Netmasks.ipv4Mask(prefix));
        } else {
            w.putU32(SVC_ATTR_NETMASK, prefix); // IPv6: the kernel keeps the prefix length, host order
        }
        if (persistence != null && persistence.engine().isPresent()) {
            String engine = persistence.engine().get();
            if (engine.equals(PE_SIP)) {
                w.putAsciiString(SVC_ATTR_PE_NAME, PE_SIP_ASCII);
            } else {
                w.putString(SVC_ATTR_PE_NAME, engine);
            }
        }
        w.endNested(nest);
    }

    private static void keyAttributes(MessageWriter w, ServiceKey key) {
        w.putU16(SVC_ATTR_AF, key.family().number());
        if (key instanceof ServiceKey.FirewallMark m) {
            w.putU32(SVC_ATTR_FWMARK, (int) m.mark());
        } else {
            ServiceKey.Address a = (ServiceKey.Address) key;
            w.putU16(SVC_ATTR_PROTOCOL, a.protocol().number());
            w.putAddress(SVC_ATTR_ADDR, a.address(), ADDRESS_SIZE);
            w.putBe16(SVC_ATTR_PORT, a.port());
        }
    }

    /** A nested destination attribute with the whole real server, for add and update. */
    static void writeRealServer(MessageWriter w, RealServer server) {
        int nest = w.beginNested(CMD_ATTR_DEST);
        endpointAttributes(w, server.address(), server.port());
        ForwardingMethod fwd = server.forwarding();
        w.putU32(DEST_ATTR_FWD_METHOD, fwd.code());
        w.putU32(DEST_ATTR_WEIGHT, server.weight());
        w.putU32(DEST_ATTR_U_THRESH, server.upperThreshold());
        w.putU32(DEST_ATTR_L_THRESH, server.lowerThreshold());
        if (fwd instanceof ForwardingMethod.Tunnel t) {
            w.putU8(DEST_ATTR_TUN_TYPE, t.type().code());
            w.putBe16(DEST_ATTR_TUN_PORT, t.port());
            w.putU16(DEST_ATTR_TUN_FLAGS, t.checksum().flags());
        }
        w.endNested(nest);
    }

    /** A nested destination attribute holding only what identifies the real server. */
    static void writeRealServerKey(MessageWriter w, InetSocketAddress endpoint) {
        int nest = w.beginNested(CMD_ATTR_DEST);
        endpointAttributes(w, endpoint.getAddress(), endpoint.getPort());
        w.endNested(nest);
    }

    private static void endpointAttributes(MessageWriter w, InetAddress address, int port) {
        w.putAddress(DEST_ATTR_ADDR, address, ADDRESS_SIZE); // union nf_inet_addr, zero-padded
        w.putBe16(DEST_ATTR_PORT, port);
        // Always sent: a destination's family may differ from its service's (tunnelling).
        w.putU16(DEST_ATTR_ADDR_FAMILY, AddressFamily.of(address).number());
    }

    /** A nested daemon attribute to start a sync daemon. */
    static void writeSyncDaemon(MessageWriter w, SyncDaemon d) {
        int nest = w.beginNested(CMD_ATTR_DAEMON);
        w.putU32(DAEMON_ATTR_STATE, d.role().state());
        w.putString(DAEMON_ATTR_MCAST_IFN, d.interfaceName());
        w.putU32(DAEMON_ATTR_SYNC_ID, d.syncId());
        if (d.maxLength() != 0) {
            w.putU16(DAEMON_ATTR_SYNC_MAXLEN, d.maxLength());
        }
        d.multicastGroup().ifPresent(g -> {
            if (AddressFamily.of(g) == AddressFamily.INET) {
                w.putBytes(DAEMON_ATTR_MCAST_GROUP, g.getAddress());
            } else {
                w.putBytes(DAEMON_ATTR_MCAST_GROUP6, g.getAddress());
            }
        });
        if (d.multicastPort() != 0) {
            // Host byte order, unlike the other ports: the kernel keeps this one in host order (its
            // default, 8848, reads back as 8848 only this way; verified on 6.1).
            w.putU16(DAEMON_ATTR_MCAST_PORT, d.multicastPort());
        }
        if (d.multicastTtl() != 0) {
            w.putU8(DAEMON_ATTR_MCAST_TTL, d.multicastTtl());
        }
        w.endNested(nest);
    }

    /** A nested daemon attribute naming the role to stop. */
    static void writeSyncDaemonRole(MessageWriter w, SyncDaemon.Role role) {
        int nest = w.beginNested(CMD_ATTR_DAEMON);
        w.putU32(DAEMON_ATTR_STATE, role.state());
        w.endNested(nest);
    }

    /** The three timeouts (0 = leave unchanged, which the kernel honours). */
    static void writeTimeouts(MessageWriter w, Timeouts t) {
        w.putU32(CMD_ATTR_TIMEOUT_TCP, t.tcp());
        w.putU32(CMD_ATTR_TIMEOUT_TCP_FIN, t.tcpFin());
        w.putU32(CMD_ATTR_TIMEOUT_UDP, t.udp());
    }

    /** The only persistence engine in the kernel, with its name's bytes ready to write. */
    private static final String PE_SIP = "sip";
    private static final byte[] PE_SIP_ASCII = PE_SIP.getBytes(StandardCharsets.US_ASCII);

    /** The built-in schedulers and their names' bytes, index for index. */
    private static final Scheduler[] SCHEDULERS = Scheduler.BUILT_IN.toArray(new Scheduler[0]);
    private static final byte[][] SCHEDULER_NAMES = new byte[SCHEDULERS.length][];

    static {
        for (int i = 0; i < SCHEDULERS.length; i++) {
            SCHEDULER_NAMES[i] = SCHEDULERS[i].name().getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** A scheduler's name as ASCII bytes: cached for the built-in ones (names are a-z, 0-9, _). */
    private static byte[] schedulerName(Scheduler scheduler) {
        for (int i = 0; i < SCHEDULERS.length; i++) {
            if (SCHEDULERS[i] == scheduler) {
                return SCHEDULER_NAMES[i];
            }
        }
        for (int i = 0; i < SCHEDULERS.length; i++) {
            if (SCHEDULERS[i].equals(scheduler)) {
                return SCHEDULER_NAMES[i];
            }
        }
        return scheduler.name().getBytes(StandardCharsets.US_ASCII);
    }

    /** The scheduler a service attribute names: a built-in one matched in place, else a new one. */
    private static Scheduler readScheduler(Attributes a) {
        for (int i = 0; i < SCHEDULERS.length; i++) {
            if (a.stringEquals(SVC_ATTR_SCHED_NAME, SCHEDULER_NAMES[i])) {
                return SCHEDULERS[i];
            }
        }
        return Scheduler.of(a.string(SVC_ATTR_SCHED_NAME));
    }

    // Cached values() of the enums decoded per message (values() copies its array on every call).
    private static final AddressFamily[] FAMILIES = AddressFamily.values();
    private static final Protocol[] PROTOCOLS = Protocol.values();
    private static final TunnelType[] TUNNEL_TYPES = TunnelType.values();
    private static final SchedulerFlag[] SCHEDULER_FLAGS = SchedulerFlag.values();
    private static final int SCHEDULER_FLAG_BITS;

    static {
        int bits = 0;
        for (SchedulerFlag f : SCHEDULER_FLAGS) {
            bits |= f.bit();
        }
        SCHEDULER_FLAG_BITS = bits;
    }

    private static AddressFamily family(int number) {
        for (AddressFamily f : FAMILIES) {
            if (f.number() == number) {
                return f;
            }
        }
        return AddressFamily.ofNumber(number); // throws the API's error for an unknown number
    }

    private static Protocol protocol(int number) {
        for (Protocol p : PROTOCOLS) {
            if (p.number() == number) {
                return p;
            }
        }
        return Protocol.ofNumber(number);
    }

    private static TunnelType tunnelType(int code) {
        for (TunnelType t : TUNNEL_TYPES) {
            if (t.code() == code) {
                return t;
            }
        }
        return TunnelType.ofCode(code);
    }

    // ---- decoding -----------------------------------------------------------------------------------

    /** A service from the attributes nested in {@code IPVS_CMD_ATTR_SERVICE}. */
    static VirtualServiceStatus readService(Attributes a) {
        return new VirtualServiceStatus(readServiceConfig(a), readStats(a, SVC_ATTR_STATS64, SVC_ATTR_STATS));
    }

    /** A service without its statistics, which are left undecoded. */
    static VirtualService readServiceConfig(Attributes a) {
        ServiceKey key = readServiceKey(a);
        AddressFamily family = key.family();
        int flags = a.has(SVC_ATTR_FLAGS) ? a.firstU32(SVC_ATTR_FLAGS) & ~SVC_F_HASHED : 0;
        Optional<Persistence> persistence = Optional.empty();
        if ((flags & SVC_F_PERSISTENT) != 0) {
            int prefix = family.addressBits();
            if (a.has(SVC_ATTR_NETMASK)) {
                prefix = family == AddressFamily.INET ? ipv4PrefixLength(a.be32(SVC_ATTR_NETMASK))
                        : a.u32(SVC_ATTR_NETMASK);
            }
            Optional<String> engine = Optional.empty();
            if (a.has(SVC_ATTR_PE_NAME)) {
                String name = a.string(SVC_ATTR_PE_NAME);
                engine = name.isEmpty() ? Optional.empty() : Optional.of(name);
            }
            persistence = Optional.of(new Persistence(a.u32(SVC_ATTR_TIMEOUT), prefix, engine));
        }
        return new VirtualService(key, readScheduler(a), schedulerFlags(flags), persistence,
                (flags & SVC_F_ONEPACKET) != 0);
    }

    /** What identifies a service, from its attributes. */
    static ServiceKey readServiceKey(Attributes a) {
        AddressFamily family = family(a.u16(SVC_ATTR_AF));
        if (a.has(SVC_ATTR_FWMARK)) {
            int mark = a.u32(SVC_ATTR_FWMARK);
            if (mark != 0) {
                return ServiceKey.fwmark(Integer.toUnsignedLong(mark), family);
            }
        }
        Protocol protocol = protocol(a.u16(SVC_ATTR_PROTOCOL));
        return ServiceKey.of(protocol, a.address(SVC_ATTR_ADDR, family, "service"), a.be16(SVC_ATTR_PORT));
    }

    /**
     * A real server from the attributes nested in {@code IPVS_CMD_ATTR_DEST}; its family defaults to
     * the service's when the kernel does not say (kernels before 3.18).
     */
    static RealServerStatus readRealServer(Attributes a, AddressFamily serviceFamily) {
        return new RealServerStatus(readRealServerConfig(a, serviceFamily), unsigned(a, DEST_ATTR_ACTIVE_CONNS),
                unsigned(a, DEST_ATTR_INACT_CONNS), unsigned(a, DEST_ATTR_PERSIST_CONNS),
                readStats(a, DEST_ATTR_STATS64, DEST_ATTR_STATS));
    }

    /** A real server without its connection counts and statistics, which are left undecoded. */
    static RealServer readRealServerConfig(Attributes a, AddressFamily serviceFamily) {
        AddressFamily family = a.has(DEST_ATTR_ADDR_FAMILY) ? family(a.u16(DEST_ATTR_ADDR_FAMILY)) : serviceFamily;
        InetAddress address = a.address(DEST_ATTR_ADDR, family, "real server");
        int code = a.u32(DEST_ATTR_FWD_METHOD) & CONN_F_FWD_MASK;
        ForwardingMethod forwarding;
        if (code == CONN_F_TUNNEL) {
            TunnelType type = a.has(DEST_ATTR_TUN_TYPE) ? tunnelType(a.u8(DEST_ATTR_TUN_TYPE)) : TunnelType.IPIP;
            int tunnelPort = a.has(DEST_ATTR_TUN_PORT) ? a.be16(DEST_ATTR_TUN_PORT) : 0;
            TunnelChecksum checksum = checksum(type, a.has(DEST_ATTR_TUN_FLAGS) ? a.u16(DEST_ATTR_TUN_FLAGS) : 0);
            forwarding = ForwardingMethod.ofCode(code, type, tunnelPort, checksum);
        } else {
            forwarding = ForwardingMethod.ofCode(code, TunnelType.IPIP, 0, TunnelChecksum.NONE);
        }
        return new RealServer(address, a.be16(DEST_ATTR_PORT), a.u32(DEST_ATTR_WEIGHT), forwarding,
                a.u32(DEST_ATTR_U_THRESH), a.u32(DEST_ATTR_L_THRESH));
    }

    /**
     * The checksum mode the kernel applies for a tunnel type and flags word. The kernel accepts flags
     * a type ignores (checksum flags on IPIP, remote checksum on GRE; verified on 6.1), so read what
     * takes effect: nothing for IPIP, the checksum bit for GRE, remote checksum before checksum for GUE.
     */
    static TunnelChecksum checksum(TunnelType type, int flags) {
        boolean csum = (flags & TunnelChecksum.CHECKSUM.flags()) != 0;
        boolean remote = (flags & TunnelChecksum.REMOTE_CHECKSUM.flags()) != 0;
        return switch (type) {
            case IPIP -> TunnelChecksum.NONE;
            case GRE -> csum ? TunnelChecksum.CHECKSUM : TunnelChecksum.NONE;
            case GUE -> remote ? TunnelChecksum.REMOTE_CHECKSUM : csum ? TunnelChecksum.CHECKSUM : TunnelChecksum.NONE;
        };
    }

    private static long unsigned(Attributes a, int type) {
        return a.has(type) ? Integer.toUnsignedLong(a.u32(type)) : 0;
    }

    /** Statistics: the 64-bit set when present (kernels 4.1+), else the 32-bit one, else zero. */
    static Stats readStats(Attributes parent, int stats64Type, int statsType) {
        if (parent.has(stats64Type)) {
            Attributes s = parent.nested(stats64Type, "stats64");
            return new Stats(s.u64(STATS_ATTR_CONNS), s.u64(STATS_ATTR_INPKTS), s.u64(STATS_ATTR_OUTPKTS),
                    s.u64(STATS_ATTR_INBYTES), s.u64(STATS_ATTR_OUTBYTES), s.u64(STATS_ATTR_CPS),
                    s.u64(STATS_ATTR_INPPS), s.u64(STATS_ATTR_OUTPPS), s.u64(STATS_ATTR_INBPS),
                    s.u64(STATS_ATTR_OUTBPS));
        }
        if (parent.has(statsType)) {
            Attributes s = parent.nested(statsType, "stats");
            return new Stats(u32(s, STATS_ATTR_CONNS), u32(s, STATS_ATTR_INPKTS), u32(s, STATS_ATTR_OUTPKTS),
                    s.u64(STATS_ATTR_INBYTES), s.u64(STATS_ATTR_OUTBYTES), u32(s, STATS_ATTR_CPS),
                    u32(s, STATS_ATTR_INPPS), u32(s, STATS_ATTR_OUTPPS), u32(s, STATS_ATTR_INBPS),
                    u32(s, STATS_ATTR_OUTBPS));
        }
        return Stats.ZERO;
    }

    private static long u32(Attributes a, int type) {
        return Integer.toUnsignedLong(a.u32(type));
    }

    /** A sync daemon from the attributes nested in {@code IPVS_CMD_ATTR_DAEMON}. */
    static SyncDaemon readSyncDaemon(Attributes a) {
        Optional<InetAddress> group = Optional.empty();
        if (a.has(DAEMON_ATTR_MCAST_GROUP)) {
            group = Optional.of(a.address(DAEMON_ATTR_MCAST_GROUP, AddressFamily.INET, "multicast group"));
        } else if (a.has(DAEMON_ATTR_MCAST_GROUP6)) {
            group = Optional.of(a.address(DAEMON_ATTR_MCAST_GROUP6, AddressFamily.INET6, "multicast group"));
        }
        return new SyncDaemon(SyncDaemon.Role.ofState(a.u32(DAEMON_ATTR_STATE)), a.string(DAEMON_ATTR_MCAST_IFN),
                a.u32(DAEMON_ATTR_SYNC_ID), a.has(DAEMON_ATTR_SYNC_MAXLEN) ? a.u16(DAEMON_ATTR_SYNC_MAXLEN) : 0,
                group, a.has(DAEMON_ATTR_MCAST_PORT) ? a.u16(DAEMON_ATTR_MCAST_PORT) : 0,
                a.has(DAEMON_ATTR_MCAST_TTL) ? a.u8(DAEMON_ATTR_MCAST_TTL) : 0);
    }

    /** The reply to {@code IPVS_CMD_GET_INFO}. */
    static IpvsInfo readInfo(Attributes a) {
        return new IpvsInfo(a.u32(INFO_ATTR_VERSION), a.u32(INFO_ATTR_CONN_TAB_SIZE));
    }

    /** The reply to {@code IPVS_CMD_GET_CONFIG}. */
    static Timeouts readTimeouts(Attributes a) {
        return new Timeouts(a.u32(CMD_ATTR_TIMEOUT_TCP), a.u32(CMD_ATTR_TIMEOUT_TCP_FIN), a.u32(CMD_ATTR_TIMEOUT_UDP));
    }

    private static Set<SchedulerFlag> schedulerFlags(int flags) {
        if ((flags & SCHEDULER_FLAG_BITS) == 0) {
            return Collections.emptySet(); // what VirtualService keeps for no flags anyway
        }
        EnumSet<SchedulerFlag> set = EnumSet.noneOf(SchedulerFlag.class);
        for (SchedulerFlag f : SCHEDULER_FLAGS) {
            if ((flags & f.bit()) != 0) {
                set.add(f);
            }
        }
        return set;
    }

    private static int ipv4PrefixLength(int mask) {
        int length = Netmasks.ipv4PrefixLength(mask);
        if (length < 0) {
            throw new InvalidConfigurationException("persistence netmask", Netmasks.dotted(mask),
                    "a contiguous netmask such as 255.255.255.0");
        }
        return length;
    }
}
