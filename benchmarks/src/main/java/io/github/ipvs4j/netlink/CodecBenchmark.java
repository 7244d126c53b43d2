package io.github.ipvs4j.netlink;

import static io.github.ipvs4j.netlink.IpvsNetlink.*;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.AddressFamily;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.Protocol;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.RealServerStatus;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.Stats;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.model.VirtualServiceStatus;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding and decoding of one service and one real-server message, as the netlink transport does
 * them (the codec classes are package-private, hence this package): requests into a reused writer,
 * replies parsed in place by a reused cursor, as a socket does for every datagram. Run with
 * {@code -prof gc}: {@code gc.alloc.rate.norm} is the bytes allocated per message. The
 * {@code objects*} benchmarks build only the objects a decode returns, from constants: the decode's
 * allocation minus theirs is what the codec allocates beyond its result.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {
    private static final int FAMILY_ID = 32;

    private final MessageWriter writer = new MessageWriter(4096);
    private final NetlinkMessage cursor = new NetlinkMessage();
    private VirtualService service;
    private RealServer realServer;
    /** Real servers with distinct address objects, as a batch adding many servers writes them. */
    private RealServer[] distinctRealServers;
    private ByteBuffer serviceReply;
    private ByteBuffer realServerReply;
    private byte[] serviceAddress;
    private byte[] realServerAddress;
    private int seq;

    @Setup
    public void setUp() {
        service = VirtualService.builder(ServiceKey.tcp("198.18.0.1", 80)).scheduler(Scheduler.WRR).build();
        realServer = RealServer.builder("198.51.100.7", 8080).weight(3).forwarding(ForwardingMethod.NAT).build();
        distinctRealServers = new RealServer[64];
        for (int i = 0; i < distinctRealServers.length; i++) {
            distinctRealServers[i] = RealServer.builder("198.51.100." + (i + 1), 8080).weight(3)
                    .forwarding(ForwardingMethod.NAT).build();
        }
        // In host byte order, as the socket's receive buffer is.
        serviceReply = ByteBuffer.wrap(kernelServiceReply()).order(java.nio.ByteOrder.nativeOrder());
        realServerReply = ByteBuffer.wrap(kernelRealServerReply()).order(java.nio.ByteOrder.nativeOrder());
        serviceAddress = Addresses.parse("198.18.0.1").getAddress();
        realServerAddress = Addresses.parse("198.51.100.7").getAddress();
    }

    // ---- encoding: one request into a reused writer, as a batch does ----------------------------------

    @Benchmark
    public int encodeNewService() {
        writer.reset();
        int start = writer.beginMessage(FAMILY_ID, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, ++seq, 0);
        writer.genlHeader(CMD_NEW_SERVICE, FAMILY_VERSION);
        IpvsCodec.writeService(writer, service);
        writer.endMessage(start);
        return writer.size();
    }

    @Benchmark
    public int encodeNewRealServer() {
        return encodeNewDest(realServer);
    }

    /** {@link #encodeNewRealServer()} with a different real server (address object) each time. */
    @Benchmark
    public int encodeNewRealServerDistinct() {
        return encodeNewDest(distinctRealServers[(seq + 1) & (distinctRealServers.length - 1)]);
    }

    private int encodeNewDest(RealServer server) {
        writer.reset();
        int start = writer.beginMessage(FAMILY_ID, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, ++seq, 0);
        writer.genlHeader(CMD_NEW_DEST, FAMILY_VERSION);
        IpvsCodec.writeServiceKey(writer, service.key());
        IpvsCodec.writeRealServer(writer, server);
        writer.endMessage(start);
        return writer.size();
    }

    // ---- decoding: one dump message, from the datagram to the model objects ---------------------------

    @Benchmark
    public VirtualServiceStatus decodeService() {
        NetlinkMessage m = first(serviceReply);
        Attributes svc = m.genlAttributes("reply").nested(CMD_ATTR_SERVICE, "service");
        return IpvsCodec.readService(svc);
    }

    @Benchmark
    public RealServerStatus decodeRealServer() {
        NetlinkMessage m = first(realServerReply);
        Attributes dest = m.genlAttributes("reply").nested(CMD_ATTR_DEST, "real server");
        return IpvsCodec.readRealServer(dest, AddressFamily.INET);
    }

    /** The framing and attribute parsing of {@link #decodeRealServer()} alone, to split its cost. */
    @Benchmark
    public Attributes parseRealServerAttributes() {
        NetlinkMessage m = first(realServerReply);
        return m.genlAttributes("reply").nested(CMD_ATTR_DEST, "real server");
    }

    /** {@link #parseRealServerAttributes()} plus the nested 64-bit statistics that decoding parses too. */
    @Benchmark
    public Attributes parseRealServerStatistics() {
        return parseRealServerAttributes().nested(DEST_ATTR_STATS64, "stats64");
    }

    private NetlinkMessage first(ByteBuffer datagram) {
        NetlinkMessage m = cursor.reset(datagram);
        if (!m.next()) {
            throw new IllegalStateException("no message");
        }
        return m;
    }

    // ---- baselines: only the objects a decode returns -------------------------------------------------

    @Benchmark
    public VirtualServiceStatus objectsService() {
        InetAddress address = Addresses.fromBytes(serviceAddress.clone());
        VirtualService vs = new VirtualService(ServiceKey.of(Protocol.TCP, address, 80), Scheduler.WRR, Set.of(),
                Optional.empty(), false);
        return new VirtualServiceStatus(vs, new Stats(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    }

    @Benchmark
    public RealServerStatus objectsRealServer() {
        InetAddress address = Addresses.fromBytes(realServerAddress.clone());
        RealServer rs = new RealServer(address, 8080, 3, ForwardingMethod.NAT, 0, 0);
        return new RealServerStatus(rs, 1, 2, 0, new Stats(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    }

    // ---- replies shaped as the 6.1 kernel sends them (ip_vs_genl_fill_service / _dest) ----------------

    private static byte[] kernelServiceReply() {
        MessageWriter w = new MessageWriter(512);
        int start = w.beginMessage(FAMILY_ID, Netlink.NLM_F_MULTI, 1, 4242);
        w.genlHeader(CMD_NEW_SERVICE, FAMILY_VERSION);
        int nest = w.beginNested(CMD_ATTR_SERVICE);
        w.putU16(SVC_ATTR_AF, 2);
        w.putU16(SVC_ATTR_PROTOCOL, 6);
        w.putBytes(SVC_ATTR_ADDR, new byte[] {(byte) 198, 18, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        w.putBe16(SVC_ATTR_PORT, 80);
        w.putString(SVC_ATTR_SCHED_NAME, "wrr");
        // The kernel's flags word of a plain service: only its own "hashed" bit (the mask all ones).
        // (This used to say 0x10, scheduler flag 2, which objectsService does not build.)
        w.putU32Pair(SVC_ATTR_FLAGS, SVC_F_HASHED, -1);
        w.putU32(SVC_ATTR_TIMEOUT, 0);
        w.putBe32(SVC_ATTR_NETMASK, 0xffffffff);
        stats(w);
        w.endNested(nest);
        w.endMessage(start);
        return w.toByteArray();
    }

    private static byte[] kernelRealServerReply() {
        MessageWriter w = new MessageWriter(512);
        int start = w.beginMessage(FAMILY_ID, Netlink.NLM_F_MULTI, 1, 4242);
        w.genlHeader(CMD_NEW_DEST, FAMILY_VERSION);
        int nest = w.beginNested(CMD_ATTR_DEST);
        w.putBytes(DEST_ATTR_ADDR, new byte[] {(byte) 198, 51, 100, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        w.putBe16(DEST_ATTR_PORT, 8080);
        w.putU32(DEST_ATTR_FWD_METHOD, 0);
        w.putU32(DEST_ATTR_WEIGHT, 3);
        w.putU8(DEST_ATTR_TUN_TYPE, 0);
        w.putBe16(DEST_ATTR_TUN_PORT, 0);
        w.putU16(DEST_ATTR_TUN_FLAGS, 0);
        w.putU32(DEST_ATTR_U_THRESH, 0);
        w.putU32(DEST_ATTR_L_THRESH, 0);
        w.putU32(DEST_ATTR_ACTIVE_CONNS, 1);
        w.putU32(DEST_ATTR_INACT_CONNS, 2);
        w.putU32(DEST_ATTR_PERSIST_CONNS, 0);
        w.putU16(DEST_ATTR_ADDR_FAMILY, 2);
        stats(w);
        w.endNested(nest);
        w.endMessage(start);
        return w.toByteArray();
    }

    /**
     * The kernel sends both the 64-bit and the legacy statistics (same attribute numbers for services
     * and destinations); the decoder reads the 64-bit set.
     */
    private static void stats(MessageWriter w) {
        int s64 = w.beginNested(SVC_ATTR_STATS64);
        for (int type = STATS_ATTR_CONNS; type <= STATS_ATTR_OUTBPS; type++) {
            w.putU64(type, type);
        }
        w.endNested(s64);
        int s32 = w.beginNested(SVC_ATTR_STATS);
        for (int type = STATS_ATTR_CONNS; type <= STATS_ATTR_OUTBPS; type++) {
            if (type == STATS_ATTR_INBYTES || type == STATS_ATTR_OUTBYTES) {
                w.putU64(type, type);
            } else {
                w.putU32(type, type);
            }
        }
        w.endNested(s32);
    }
}
