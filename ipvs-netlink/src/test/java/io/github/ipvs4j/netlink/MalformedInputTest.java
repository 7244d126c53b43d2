package io.github.ipvs4j.netlink;

import static io.github.ipvs4j.netlink.IpvsNetlink.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ipvs4j.model.AddressFamily;
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Malformed kernel input gives a clear {@link IpvsException}, never a hang or an unchecked crash. */
class MalformedInputTest {

    private static byte[] serviceMessage(VirtualService s) {
        MessageWriter w = new MessageWriter(64);
        int start = w.beginMessage(0x20, Netlink.NLM_F_MULTI, 1, 1);
        w.genlHeader(CMD_NEW_SERVICE, 1);
        IpvsCodec.writeService(w, s);
        w.endMessage(start);
        return w.toByteArray();
    }

    /** Decodes a datagram holding service messages, as the transport does. */
    private static void decodeServices(byte[] datagram) {
        NetlinkMessage m = new NetlinkMessage().reset(ByteBuffer.wrap(datagram));
        while (m.next()) {
            IpvsCodec.readService(m.genlAttributes("reply").nested(CMD_ATTR_SERVICE, "service"));
        }
    }

    @Test
    void truncatedHeader() {
        byte[] whole = serviceMessage(VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).build());
        assertThatThrownBy(() -> decodeServices(Arrays.copyOf(whole, 10)))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("truncated header");
    }

    @Test
    void messageLengthBeyondTheDatagram() {
        byte[] whole = serviceMessage(VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).build());
        assertThatThrownBy(() -> decodeServices(Arrays.copyOf(whole, whole.length - 4)))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("message length");
        ByteBuffer.wrap(whole).order(ByteOrder.nativeOrder()).putInt(0, 3);
        assertThatThrownBy(() -> decodeServices(whole)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("message length 3");
    }

    @Test
    void attributeLengthBeyondItsParent() {
        byte[] whole = serviceMessage(VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).build());
        // The first nested attribute (service) starts after the 16-byte header and 4-byte genl header.
        ByteBuffer.wrap(whole).order(ByteOrder.nativeOrder()).putShort(20, (short) 2000);
        assertThatThrownBy(() -> decodeServices(whole)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("attribute 1").hasMessageContaining("length 2000");
    }

    @Test
    void missingAndMisSizedAttributes() {
        MessageWriter w = new MessageWriter(64);
        int start = w.beginMessage(0x20, 0, 1, 1);
        w.genlHeader(CMD_NEW_DEST, 1);
        int nest = w.beginNested(CMD_ATTR_DEST);
        w.putBytes(DEST_ATTR_ADDR, new byte[16]);
        w.putU16(DEST_ATTR_PORT, 80);
        w.putU16(DEST_ATTR_WEIGHT, 1); // 2 bytes where the kernel sends 4
        w.endNested(nest);
        w.endMessage(start);
        Attributes dest = NetlinkMessage.first(ByteBuffer.wrap(w.toByteArray()))
                .genlAttributes("reply").nested(CMD_ATTR_DEST, "real server");
        assertThatThrownBy(() -> IpvsCodec.readRealServer(dest, AddressFamily.INET))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("attribute 3 is missing");
        assertThatThrownBy(() -> dest.u32(DEST_ATTR_WEIGHT)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("attribute 4 has 2 bytes, expected 4");
    }

    @Test
    void shortAddressIsAnError() {
        MessageWriter w = new MessageWriter(64);
        int start = w.beginMessage(0x20, 0, 1, 1);
        w.genlHeader(CMD_NEW_SERVICE, 1);
        int nest = w.beginNested(CMD_ATTR_SERVICE);
        w.putU16(SVC_ATTR_AF, 10);
        w.putU16(SVC_ATTR_PROTOCOL, 6);
        w.putBytes(SVC_ATTR_ADDR, new byte[4]);
        w.putBe16(SVC_ATTR_PORT, 80);
        w.endNested(nest);
        w.endMessage(start);
        assertThatThrownBy(() -> IpvsCodec.readServiceKey(NetlinkMessage.first(ByteBuffer.wrap(w.toByteArray()))
                .genlAttributes("r").nested(CMD_ATTR_SERVICE, "service")))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("expected at least 16");
    }

    @Test
    void unknownAttributesAreSkipped() {
        MessageWriter w = new MessageWriter(64);
        int start = w.beginMessage(0x20, 0, 1, 1);
        w.genlHeader(CMD_SET_INFO, 1);
        w.putU64(31, 5);
        w.putU32(INFO_ATTR_VERSION, 0x010201);
        w.putString(999, "from a future kernel");
        w.putU32(INFO_ATTR_CONN_TAB_SIZE, 4096);
        w.endMessage(start);
        Attributes a = NetlinkMessage.first(ByteBuffer.wrap(w.toByteArray())).genlAttributes("info");
        assertThat(IpvsCodec.readInfo(a).connectionTableSize()).isEqualTo(4096);
    }

    @Test
    void emptyAndZeroLengthInputs() {
        assertThat(new NetlinkMessage().reset(ByteBuffer.allocate(0)).next()).isFalse();
        assertThatThrownBy(() -> new NetlinkMessage().reset(ByteBuffer.allocate(16)).next())
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("message length 0");
        // A message whose payload (2 bytes) is too short for a generic netlink header or an error code.
        ByteBuffer shortOne = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder()).putInt(0, 18).putShort(4, (short) 0x20);
        NetlinkMessage bare = NetlinkMessage.first(shortOne);
        assertThat(bare.payloadLength()).isEqualTo(2);
        assertThatThrownBy(bare::genlCommand).isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(bare::errorCode).isInstanceOf(MalformedMessageException.class);
    }

    /**
     * Every truncation and random corruption of valid messages either decodes or fails with an
     * {@link IpvsException}: nothing else escapes, and nothing loops.
     */
    @Test
    void corruptedMessagesFailCleanly() {
        ModelGenerator gen = new ModelGenerator("corruptedMessagesFailCleanly");
        int decoded = 0;
        int rejected = 0;
        for (int round = 0; round < 300; round++) {
            VirtualService s = gen.service();
            RealServer rs = gen.realServer(s.family());
            MessageWriter w = new MessageWriter(64);
            int start = w.beginMessage(0x20, 0, 1, 1);
            w.genlHeader(CMD_NEW_DEST, 1);
            IpvsCodec.writeService(w, s);
            IpvsCodec.writeRealServer(w, rs);
            w.endMessage(start);
            byte[] valid = w.toByteArray();
            for (int cut = 0; cut <= valid.length; cut++) {
                if (tryDecode(Arrays.copyOf(valid, cut), s.family())) {
                    decoded++;
                } else {
                    rejected++;
                }
            }
            for (int flip = 0; flip < 50; flip++) {
                byte[] bad = valid.clone();
                int n = 1 + gen.random.nextInt(4);
                for (int k = 0; k < n; k++) {
                    bad[gen.random.nextInt(bad.length)] = (byte) gen.random.nextInt(256);
                }
                if (tryDecode(bad, s.family())) {
                    decoded++;
                } else {
                    rejected++;
                }
            }
        }
        assertThat(decoded).isPositive();
        assertThat(rejected).isPositive();
    }

    private static boolean tryDecode(byte[] datagram, AddressFamily family) {
        try {
            NetlinkMessage m = new NetlinkMessage().reset(ByteBuffer.wrap(datagram));
            int messages = 0;
            while (m.next()) {
                messages++;
                Attributes top = m.genlAttributes("reply");
                IpvsCodec.readService(top.nested(CMD_ATTR_SERVICE, "service"));
                IpvsCodec.readRealServer(top.nested(CMD_ATTR_DEST, "real server"), family);
                m.errorText();
            }
            return messages > 0;
        } catch (IpvsException e) {
            assertThat(e.getMessage()).isNotBlank();
            return false;
        }
    }
}
