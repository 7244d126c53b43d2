package io.github.ipvs4j.netlink;

import static io.github.ipvs4j.netlink.IpvsNetlink.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.model.AddressFamily;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.IpvsInfo;
import io.github.ipvs4j.model.Persistence;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.RealServerStatus;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.SchedulerFlag;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.Stats;
import io.github.ipvs4j.model.SyncDaemon;
import io.github.ipvs4j.model.Timeouts;
import io.github.ipvs4j.model.TunnelChecksum;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.model.VirtualServiceStatus;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Encode/decode round trips of every IPVS attribute, on seeded random model values. */
class IpvsCodecTest {
    private static final int FAMILY = 0x20;
    private static final int ROUNDS = 2000;

    /** Writes one generic netlink message as the kernel would send it and returns its top attributes. */
    static Attributes message(int command, Consumer<MessageWriter> body) {
        MessageWriter w = new MessageWriter(64);
        int start = w.beginMessage(FAMILY, Netlink.NLM_F_MULTI, 7, 1234);
        w.genlHeader(command, FAMILY_VERSION);
        body.accept(w);
        w.endMessage(start);
        NetlinkMessage m = NetlinkMessage.first(ByteBuffer.wrap(w.toByteArray()));
        assertThat(m.type()).isEqualTo(FAMILY);
        assertThat(m.seq()).isEqualTo(7);
        assertThat(m.portId()).isEqualTo(1234);
        assertThat(m.genlCommand()).isEqualTo(command);
        Attributes a = m.genlAttributes("test");
        assertThat(m.next()).as("one message").isFalse();
        return a;
    }

    @Test
    void servicesRoundTrip() {
        ModelGenerator gen = new ModelGenerator("servicesRoundTrip");
        for (int i = 0; i < ROUNDS; i++) {
            VirtualService service = gen.service();
            Attributes a = message(CMD_NEW_SERVICE, w -> IpvsCodec.writeService(w, service));
            VirtualServiceStatus read = IpvsCodec.readService(a.nested(CMD_ATTR_SERVICE, "service"));
            assertThat(read.service()).as("seed %d round %d", gen.seed, i).isEqualTo(service);
            assertThat(read.stats()).isEqualTo(Stats.ZERO);
            assertThat(IpvsCodec.readServiceConfig(a.nested(CMD_ATTR_SERVICE, "service"))).isEqualTo(service);
        }
    }

    @Test
    void serviceKeysRoundTrip() {
        ModelGenerator gen = new ModelGenerator("serviceKeysRoundTrip");
        for (int i = 0; i < ROUNDS; i++) {
            ServiceKey key = gen.serviceKey();
            Attributes a = message(CMD_DEL_SERVICE, w -> IpvsCodec.writeServiceKey(w, key));
            Attributes svc = a.nested(CMD_ATTR_SERVICE, "service");
            assertThat(IpvsCodec.readServiceKey(svc)).isEqualTo(key);
            assertThat(svc.has(SVC_ATTR_SCHED_NAME)).isFalse();
        }
    }

    @Test
    void realServersRoundTrip() {
        ModelGenerator gen = new ModelGenerator("realServersRoundTrip");
        for (int i = 0; i < ROUNDS; i++) {
            AddressFamily family = gen.family();
            RealServer server = gen.realServer(family);
            Attributes a = message(CMD_NEW_DEST, w -> IpvsCodec.writeRealServer(w, server));
            Attributes dest = a.nested(CMD_ATTR_DEST, "real server");
            assertThat(dest.u16(DEST_ATTR_ADDR_FAMILY)).isEqualTo(server.family().number());
            RealServerStatus read = IpvsCodec.readRealServer(dest, family);
            assertThat(read.server()).as("seed %d round %d", gen.seed, i).isEqualTo(server);
            assertThat(IpvsCodec.readRealServerConfig(dest, family)).isEqualTo(server);
        }
    }

    @Test
    void syncDaemonsRoundTrip() {
        ModelGenerator gen = new ModelGenerator("syncDaemonsRoundTrip");
        for (int i = 0; i < ROUNDS; i++) {
            SyncDaemon daemon = gen.syncDaemon();
            Attributes a = message(CMD_NEW_DAEMON, w -> IpvsCodec.writeSyncDaemon(w, daemon));
            assertThat(IpvsCodec.readSyncDaemon(a.nested(CMD_ATTR_DAEMON, "daemon"))).isEqualTo(daemon);
        }
    }

    @Test
    void timeoutsRoundTrip() {
        ModelGenerator gen = new ModelGenerator("timeoutsRoundTrip");
        for (int i = 0; i < ROUNDS; i++) {
            Timeouts t = new Timeouts(gen.intEdgy(Timeouts.MAX_SECONDS), gen.intEdgy(Timeouts.MAX_SECONDS),
                    gen.intEdgy(Timeouts.MAX_SECONDS));
            assertThat(IpvsCodec.readTimeouts(message(CMD_SET_CONFIG, w -> IpvsCodec.writeTimeouts(w, t))))
                    .isEqualTo(t);
        }
    }

    @Test
    void infoAndStatsAsTheKernelSendsThem() {
        ModelGenerator gen = new ModelGenerator("infoAndStatsAsTheKernelSendsThem");
        Attributes info = message(CMD_SET_INFO, w -> {
            w.putU32(INFO_ATTR_VERSION, 0x010201);
            w.putU32(INFO_ATTR_CONN_TAB_SIZE, 4096);
        });
        assertThat(IpvsCodec.readInfo(info)).isEqualTo(new IpvsInfo(0x010201, 4096));
        assertThat(IpvsCodec.readInfo(info).version()).isEqualTo("1.2.1");
        for (int i = 0; i < ROUNDS; i++) {
            Stats s = gen.stats();
            Attributes both = message(CMD_NEW_SERVICE, w -> {
                writeStats32(w, SVC_ATTR_STATS, new Stats(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
                writeStats64(w, SVC_ATTR_STATS64, s);
            });
            assertThat(IpvsCodec.readStats(both, SVC_ATTR_STATS64, SVC_ATTR_STATS)).isEqualTo(s);
        }
        // A kernel before 4.1 has only the 32-bit set: counters are unsigned.
        Attributes old = message(CMD_NEW_DEST, w -> writeStats32(w, DEST_ATTR_STATS,
                new Stats(0xFFFF_FFFFL, 2, 3, -1L, 5, 6, 7, 8, 9, 0xFFFF_FFFFL)));
        assertThat(IpvsCodec.readStats(old, DEST_ATTR_STATS64, DEST_ATTR_STATS))
                .isEqualTo(new Stats(0xFFFF_FFFFL, 2, 3, -1L, 5, 6, 7, 8, 9, 0xFFFF_FFFFL));
        assertThat(IpvsCodec.readStats(message(CMD_NEW_DEST, w -> { }), DEST_ATTR_STATS64, DEST_ATTR_STATS))
                .isEqualTo(Stats.ZERO);
    }

    /** A service as the kernel dumps it: the "hashed" flag set, mask all ones, counts and stats. */
    @Test
    void kernelServiceReplyHidesTheHashedFlag() {
        Stats stats = new Stats(10, 20, 30, 40, 50, 1, 2, 3, 4, 5);
        Attributes a = message(CMD_NEW_SERVICE, w -> {
            int nest = w.beginNested(CMD_ATTR_SERVICE);
            w.putU16(SVC_ATTR_AF, 2);
            w.putU16(SVC_ATTR_PROTOCOL, 6);
            w.putBytes(SVC_ATTR_ADDR, new byte[] {(byte) 192, 0, 2, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
            w.putBe16(SVC_ATTR_PORT, 80);
            w.putString(SVC_ATTR_SCHED_NAME, "sh");
            w.putString(SVC_ATTR_PE_NAME, "sip");
            w.putBytes(SVC_ATTR_FLAGS, flags(SVC_F_PERSISTENT | SVC_F_HASHED | 0x0008 | 0x0010, -1));
            w.putU32(SVC_ATTR_TIMEOUT, 600);
            w.putBe32(SVC_ATTR_NETMASK, 0xFFFFFF00);
            writeStats32(w, SVC_ATTR_STATS, stats);
            writeStats64(w, SVC_ATTR_STATS64, stats);
            w.putU32(30, 99); // an attribute a newer kernel might add: skipped
            w.endNested(nest);
        });
        VirtualServiceStatus s = IpvsCodec.readService(a.nested(CMD_ATTR_SERVICE, "service"));
        assertThat(s.service()).isEqualTo(VirtualService.builder(ServiceKey.tcp("192.0.2.10", 80))
                .scheduler(Scheduler.SH)
                .schedulerFlags(SchedulerFlag.FALLBACK, SchedulerFlag.PORT).persistence(600)
                .persistencePrefixLength(24).persistenceEngine("sip").build());
        assertThat(s.stats()).isEqualTo(stats);
    }

    @Test
    void netmaskIsAMaskForIpv4AndAPrefixLengthForIpv6() {
        VirtualService v4 = VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).persistence(300)
                .persistencePrefixLength(20).build();
        Attributes a4 = message(CMD_NEW_SERVICE, w -> IpvsCodec.writeService(w, v4)).nested(CMD_ATTR_SERVICE, "s");
        assertThat(a4.be32(SVC_ATTR_NETMASK)).isEqualTo(0xFFFFF000);
        VirtualService v6 = VirtualService.builder(ServiceKey.tcp("2001:db8::1", 80)).persistence(300)
                .persistencePrefixLength(64).build();
        Attributes a6 = message(CMD_NEW_SERVICE, w -> IpvsCodec.writeService(w, v6)).nested(CMD_ATTR_SERVICE, "s");
        assertThat(a6.u32(SVC_ATTR_NETMASK)).isEqualTo(64);
        // Without persistence: the full mask, as ipvsadm sends.
        VirtualService plain = VirtualService.builder(ServiceKey.udp("192.0.2.1", 53)).build();
        Attributes ap = message(CMD_NEW_SERVICE, w -> IpvsCodec.writeService(w, plain)).nested(CMD_ATTR_SERVICE, "s");
        assertThat(ap.be32(SVC_ATTR_NETMASK)).isEqualTo(-1);
        assertThat(ap.u32(SVC_ATTR_TIMEOUT)).isZero();
    }

    @Test
    void flagsCarryTheMaskOfTheBitsIpvs4jManages() {
        VirtualService s = VirtualService.builder(ServiceKey.udp("192.0.2.1", 53)).onePacket(true)
                .schedulerFlags(SchedulerFlag.FLAG_3).build();
        byte[] f = message(CMD_NEW_SERVICE, w -> IpvsCodec.writeService(w, s)).nested(CMD_ATTR_SERVICE, "s")
                .bytes(SVC_ATTR_FLAGS);
        ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.nativeOrder());
        assertThat(b.getInt(0)).isEqualTo(SVC_F_ONEPACKET | 0x20);
        assertThat(b.getInt(4)).isEqualTo(0x3D).isEqualTo(SVC_F_USER_MASK);
    }

    @Test
    void tunnelAttributesAreSentOnlyForTunnels() {
        RealServer gue = RealServer.builder("2001:db8::5", 0).forwarding(ForwardingMethod.gue(6080)
                .withChecksum(TunnelChecksum.REMOTE_CHECKSUM)).build();
        Attributes d = message(CMD_NEW_DEST, w -> IpvsCodec.writeRealServer(w, gue)).nested(CMD_ATTR_DEST, "d");
        assertThat(d.u8(DEST_ATTR_TUN_TYPE)).isEqualTo(1);
        assertThat(d.be16(DEST_ATTR_TUN_PORT)).isEqualTo(6080);
        assertThat(d.u16(DEST_ATTR_TUN_FLAGS)).isEqualTo(2);
        assertThat(d.u16(DEST_ATTR_ADDR_FAMILY)).isEqualTo(10);
        RealServer dr = RealServer.builder("192.0.2.5", 80).build();
        Attributes d2 = message(CMD_NEW_DEST, w -> IpvsCodec.writeRealServer(w, dr)).nested(CMD_ATTR_DEST, "d");
        assertThat(d2.has(DEST_ATTR_TUN_TYPE)).isFalse();
        assertThat(d2.u32(DEST_ATTR_FWD_METHOD)).isEqualTo(3);
    }

    @Test
    void aDestinationWithoutFamilyTakesTheServicesFamily() {
        Attributes d = message(CMD_NEW_DEST, w -> {
            int nest = w.beginNested(CMD_ATTR_DEST);
            w.putBytes(DEST_ATTR_ADDR, new byte[] {(byte) 198, 51, 100, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
            w.putBe16(DEST_ATTR_PORT, 8080);
            w.putU32(DEST_ATTR_FWD_METHOD, 0 | 0x2000); // masq, with a non-forwarding bit the mask drops
            w.putU32(DEST_ATTR_WEIGHT, Integer.MAX_VALUE);
            w.putU32(DEST_ATTR_U_THRESH, 100);
            w.putU32(DEST_ATTR_L_THRESH, 50);
            w.putU32(DEST_ATTR_ACTIVE_CONNS, -1);
            w.putU32(DEST_ATTR_INACT_CONNS, 2);
            w.putU32(DEST_ATTR_PERSIST_CONNS, 3);
            w.endNested(nest);
        }).nested(CMD_ATTR_DEST, "d");
        RealServerStatus s = IpvsCodec.readRealServer(d, AddressFamily.INET);
        assertThat(s.server()).isEqualTo(RealServer.builder("198.51.100.7", 8080).forwarding(ForwardingMethod.NAT)
                .weight(Integer.MAX_VALUE).thresholds(50, 100).build());
        assertThat(s.activeConnections()).isEqualTo(0xFFFF_FFFFL);
        assertThat(s.inactiveConnections()).isEqualTo(2);
        assertThat(s.persistentConnections()).isEqualTo(3);
    }

    @Test
    void persistenceWithoutNetmaskIsPerClient() {
        Attributes a = message(CMD_NEW_SERVICE, w -> {
            int nest = w.beginNested(CMD_ATTR_SERVICE);
            w.putU16(SVC_ATTR_AF, 10);
            w.putU32(SVC_ATTR_FWMARK, 7);
            w.putString(SVC_ATTR_SCHED_NAME, "rr");
            w.putBytes(SVC_ATTR_FLAGS, flags(SVC_F_PERSISTENT, -1));
            w.putU32(SVC_ATTR_TIMEOUT, 60);
            w.endNested(nest);
        });
        VirtualService s = IpvsCodec.readService(a.nested(CMD_ATTR_SERVICE, "s")).service();
        assertThat(s.key()).isEqualTo(ServiceKey.fwmark(7, AddressFamily.INET6));
        assertThat(s.persistence()).contains(Persistence.of(60, AddressFamily.INET6));
        assertThat(s.persistence().flatMap(Persistence::engine)).isEqualTo(Optional.empty());
    }

    static byte[] flags(int flags, int mask) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(flags).putInt(mask).array();
    }

    static void writeStats64(MessageWriter w, int type, Stats s) {
        int nest = w.beginNested(type);
        w.putU64(STATS_ATTR_CONNS, s.connections());
        w.putU64(STATS_ATTR_INPKTS, s.inPackets());
        w.putU64(STATS_ATTR_OUTPKTS, s.outPackets());
        w.putU64(STATS_ATTR_INBYTES, s.inBytes());
        w.putU64(STATS_ATTR_OUTBYTES, s.outBytes());
        w.putU64(STATS_ATTR_CPS, s.connectionRate());
        w.putU64(STATS_ATTR_INPPS, s.inPacketRate());
        w.putU64(STATS_ATTR_OUTPPS, s.outPacketRate());
        w.putU64(STATS_ATTR_INBPS, s.inByteRate());
        w.putU64(STATS_ATTR_OUTBPS, s.outByteRate());
        w.putBytes(STATS_ATTR_PAD, new byte[0]);
        w.endNested(nest);
    }

    static void writeStats32(MessageWriter w, int type, Stats s) {
        int nest = w.beginNested(type);
        w.putU32(STATS_ATTR_CONNS, (int) s.connections());
        w.putU32(STATS_ATTR_INPKTS, (int) s.inPackets());
        w.putU32(STATS_ATTR_OUTPKTS, (int) s.outPackets());
        w.putU64(STATS_ATTR_INBYTES, s.inBytes());
        w.putU64(STATS_ATTR_OUTBYTES, s.outBytes());
        w.putU32(STATS_ATTR_CPS, (int) s.connectionRate());
        w.putU32(STATS_ATTR_INPPS, (int) s.inPacketRate());
        w.putU32(STATS_ATTR_OUTPPS, (int) s.outPacketRate());
        w.putU32(STATS_ATTR_INBPS, (int) s.inByteRate());
        w.putU32(STATS_ATTR_OUTBPS, (int) s.outByteRate());
        w.endNested(nest);
    }
}
