package io.github.ipvs4j.netlink;

import static io.github.ipvs4j.netlink.IpvsNetlink.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.AddressFamily;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.RealServerStatus;
import io.github.ipvs4j.model.Stats;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.model.VirtualServiceStatus;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The in-place parsing: views that are re-parsed for every message and nesting level must never show
 * a previous message's attributes, and decoding must not depend on the order the kernel writes them.
 */
class AttributesTest {

    /** One datagram holding a message per body, as a dump's datagram holds many. */
    private static ByteBuffer datagram(int command, List<Consumer<MessageWriter>> bodies) {
        MessageWriter w = new MessageWriter(64);
        int seq = 1;
        for (Consumer<MessageWriter> body : bodies) {
            int start = w.beginMessage(0x20, Netlink.NLM_F_MULTI, seq++, 99);
            w.genlHeader(command, FAMILY_VERSION);
            body.accept(w);
            w.endMessage(start);
        }
        return ByteBuffer.wrap(w.toByteArray());
    }

    @Test
    void oneCursorDecodesEveryMessageOfADatagram() {
        ModelGenerator gen = new ModelGenerator("oneCursorDecodesEveryMessageOfADatagram");
        List<RealServer> servers = new ArrayList<>();
        List<Stats> stats = new ArrayList<>();
        List<Consumer<MessageWriter>> bodies = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            RealServer server = gen.realServer(gen.family());
            Stats s = gen.stats();
            servers.add(server);
            stats.add(s);
            // Statistics in every other message only: a message without them must read as zero,
            // not as the previous message's.
            bodies.add(destWithStats(server, i % 2 == 0 ? s : null));
        }
        NetlinkMessage m = new NetlinkMessage().reset(datagram(CMD_NEW_DEST, bodies));
        List<InetAddress> addresses = new ArrayList<>();
        int i = 0;
        while (m.next()) {
            assertThat(m.seq()).isEqualTo(i + 1);
            RealServerStatus read = IpvsCodec.readRealServer(m.genlAttributes("reply").nested(CMD_ATTR_DEST, "d"),
                    AddressFamily.INET);
            assertThat(read.server()).as("seed %d message %d", gen.seed, i).isEqualTo(servers.get(i));
            assertThat(read.stats()).isEqualTo(i % 2 == 0 ? stats.get(i) : Stats.ZERO);
            addresses.add(read.server().address());
            i++;
        }
        assertThat(i).isEqualTo(50);
        // The address bytes go through one reused array: every address decoded earlier is intact.
        for (int k = 0; k < 50; k++) {
            assertThat(addresses.get(k)).isEqualTo(servers.get(k).address());
        }
    }

    /** A destination as the kernel dumps it: the real server's attributes and, if given, statistics. */
    private static Consumer<MessageWriter> destWithStats(RealServer server, Stats stats) {
        return w -> {
            MessageWriter inner = new MessageWriter(64);
            IpvsCodec.writeRealServer(inner, server);
            int nest = w.beginNested(CMD_ATTR_DEST);
            copyAttributes(w, inner.toByteArray());
            if (stats != null) {
                IpvsCodecTest.writeStats64(w, DEST_ATTR_STATS64, stats);
            }
            w.endNested(nest);
        };
    }

    /** Re-writes the attributes nested in one serialised nest attribute into {@code w}. */
    private static void copyAttributes(MessageWriter w, byte[] nest) {
        Attributes a = Attributes.parse(ByteBuffer.wrap(nest, 4, nest.length - 4), "copy");
        for (int type = 1; type <= 32; type++) {
            if (a.has(type)) {
                w.putBytes(type, a.bytes(type));
            }
        }
    }

    @Test
    void aReusedNestedViewShowsOnlyItsCurrentAttributes() {
        ByteBuffer d = datagram(CMD_NEW_SERVICE, List.of(w -> {
            int a = w.beginNested(CMD_ATTR_SERVICE);
            w.putU16(SVC_ATTR_AF, 2);
            w.putU32(SVC_ATTR_TIMEOUT, 77);
            w.endNested(a);
            int b = w.beginNested(CMD_ATTR_DEST);
            w.putU32(DEST_ATTR_WEIGHT, 5);
            w.endNested(b);
        }));
        Attributes top = NetlinkMessage.first(d).genlAttributes("reply");
        Attributes service = top.nested(CMD_ATTR_SERVICE, "service");
        assertThat(service.u32(SVC_ATTR_TIMEOUT)).isEqualTo(77);
        Attributes dest = top.nested(CMD_ATTR_DEST, "real server");
        assertThat(dest).isSameAs(service); // one child per level, re-parsed
        assertThat(dest.u32(DEST_ATTR_WEIGHT)).isEqualTo(5);
        assertThat(dest.has(DEST_ATTR_ADDR)).isFalse(); // type 1, SVC_ATTR_AF a moment ago
        assertThat(dest.has(SVC_ATTR_TIMEOUT)).isFalse();
        assertThatThrownBy(() -> dest.u32(SVC_ATTR_TIMEOUT)).isInstanceOf(MalformedMessageException.class)
                .hasMessageEndingWith(": reply > real server: attribute " + SVC_ATTR_TIMEOUT + " is missing");
    }

    @Test
    void decodingDoesNotDependOnAttributeOrder() {
        ModelGenerator gen = new ModelGenerator("decodingDoesNotDependOnAttributeOrder");
        for (int round = 0; round < 500; round++) {
            VirtualService service = gen.service();
            Stats stats = gen.stats();
            MessageWriter ordered = new MessageWriter(64);
            IpvsCodec.writeService(ordered, service);
            byte[] nest = ordered.toByteArray();
            Attributes a = Attributes.parse(ByteBuffer.wrap(nest, 4, nest.length - 4), "copy");
            List<Integer> types = new ArrayList<>();
            for (int type = 1; type <= 32; type++) {
                if (a.has(type)) {
                    types.add(type);
                }
            }
            types.add(SVC_ATTR_STATS64);
            Collections.shuffle(types, gen.random);
            ByteBuffer d = datagram(CMD_NEW_SERVICE, List.of(w -> {
                int n = w.beginNested(CMD_ATTR_SERVICE);
                for (int type : types) {
                    if (type == SVC_ATTR_STATS64) {
                        IpvsCodecTest.writeStats64(w, SVC_ATTR_STATS64, stats);
                    } else {
                        w.putBytes(type, a.bytes(type));
                    }
                }
                w.endNested(n);
            }));
            VirtualServiceStatus read = IpvsCodec.readService(NetlinkMessage.first(d).genlAttributes("reply")
                    .nested(CMD_ATTR_SERVICE, "service"));
            assertThat(read.service()).as("seed %d round %d order %s", gen.seed, round, types).isEqualTo(service);
            assertThat(read.stats()).isEqualTo(stats);
        }
    }

    @Test
    void errorsNameThePathOfNestingLevels() {
        ByteBuffer d = datagram(CMD_NEW_DEST, List.of(w -> {
            int n = w.beginNested(CMD_ATTR_DEST);
            int s = w.beginNested(DEST_ATTR_STATS64);
            w.putU32(STATS_ATTR_CONNS, 1); // 4 bytes where the 64-bit set has 8
            w.endNested(s);
            w.endNested(n);
        }));
        Attributes stats = NetlinkMessage.first(d).genlAttributes("reply").nested(CMD_ATTR_DEST, "real server")
                .nested(DEST_ATTR_STATS64, "stats64");
        assertThatThrownBy(() -> stats.u64(STATS_ATTR_CONNS)).isInstanceOf(MalformedMessageException.class)
                .hasMessageEndingWith(": reply > real server > stats64: attribute 1 has 4 bytes, expected 8");
    }

    @Test
    void schedulerNamesAreMatchedInPlaceAndUnknownOnesStillDecode() {
        for (String name : List.of("rr", "wrr", "lblcr", "twos", "my_sched9", "r")) {
            ByteBuffer d = datagram(CMD_NEW_SERVICE, List.of(w -> {
                int n = w.beginNested(CMD_ATTR_SERVICE);
                w.putU16(SVC_ATTR_AF, 2);
                w.putU16(SVC_ATTR_PROTOCOL, 6);
                w.putBytes(SVC_ATTR_ADDR, new byte[16]);
                w.putBe16(SVC_ATTR_PORT, 80);
                w.putString(SVC_ATTR_SCHED_NAME, name);
                w.endNested(n);
            }));
            VirtualServiceStatus read = IpvsCodec.readService(NetlinkMessage.first(d).genlAttributes("reply")
                    .nested(CMD_ATTR_SERVICE, "service"));
            assertThat(read.service().scheduler().name()).isEqualTo(name);
        }
    }

    /** The byte-by-byte stores and loads agree with ByteBuffer's, in host and network order. */
    @Test
    void scalarsMatchByteBufferLayoutAtTheEdges() {
        ModelGenerator gen = new ModelGenerator("scalarsMatchByteBufferLayoutAtTheEdges");
        long[] edges = {0, 1, -1, 0x7f, 0x80, 0xff, 0x8000, 0xffff, Integer.MIN_VALUE, Integer.MAX_VALUE,
            0x8000_0000L, 0xffff_ffffL, Long.MIN_VALUE, Long.MAX_VALUE, 0x0102_0304_0506_0708L};
        for (int round = 0; round < 200; round++) {
            long v = round < edges.length ? edges[round] : gen.random.nextLong();
            MessageWriter w = new MessageWriter(64);
            w.putU8(1, (int) v);
            w.putU16(2, (int) v);
            w.putU32(3, (int) v);
            w.putU64(4, v);
            w.putBe16(5, (int) v);
            w.putBe32(6, (int) v);
            byte[] bytes = w.toByteArray();
            // Independent reference: ByteBuffer at the offsets the layout implies (4-byte header, padded).
            ByteBuffer host = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
            ByteBuffer net = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
            assertThat(host.get(4)).isEqualTo((byte) v);
            assertThat(host.getShort(12)).isEqualTo((short) v);
            assertThat(host.getInt(20)).isEqualTo((int) v);
            assertThat(host.getLong(28)).isEqualTo(v);
            assertThat(net.getShort(40)).isEqualTo((short) v);
            assertThat(net.getInt(48)).isEqualTo((int) v);
            Attributes a = Attributes.parse(ByteBuffer.wrap(bytes), "scalars");
            assertThat(a.u8(1)).isEqualTo((int) v & 0xff);
            assertThat(a.u16(2)).isEqualTo((int) v & 0xffff);
            assertThat(a.u32(3)).isEqualTo((int) v);
            assertThat(a.u64(4)).isEqualTo(v);
            assertThat(a.be16(5)).isEqualTo((int) v & 0xffff);
            assertThat(a.be32(6)).isEqualTo((int) v);
        }
    }

    @Test
    void addressesAreZeroPaddedInAReusedWriter() {
        InetAddress a = Addresses.parse("192.0.2.1");
        InetAddress b = Addresses.parse("2001:db8::7");
        InetAddress c = Addresses.parse("198.51.100.9");
        MessageWriter w = new MessageWriter(64);
        // Dirty the buffer first: reset does not clear it, so padding must be written, not assumed.
        for (int i = 0; i < 32; i++) {
            w.putU32(1, -1);
        }
        for (InetAddress[] sequence : new InetAddress[][] {{a, b, a, c, b, a}, {c, c, b, b, a, a}}) {
            w.reset();
            for (InetAddress x : sequence) {
                w.putAddress(DEST_ATTR_ADDR, x, ADDRESS_SIZE);
            }
            ByteBuffer written = ByteBuffer.wrap(w.toByteArray()).order(ByteOrder.nativeOrder());
            for (InetAddress x : sequence) {
                assertThat(written.getShort() & 0xffff).isEqualTo(4 + ADDRESS_SIZE);
                assertThat(written.getShort() & 0xffff).isEqualTo(DEST_ATTR_ADDR);
                byte[] field = new byte[ADDRESS_SIZE];
                written.get(field);
                byte[] expected = new byte[ADDRESS_SIZE];
                System.arraycopy(x.getAddress(), 0, expected, 0, x.getAddress().length);
                assertThat(field).isEqualTo(expected);
            }
        }
    }
}
