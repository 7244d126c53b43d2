package io.github.ipvs4j.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import jnr.constants.platform.AddressFamily;
import jnr.constants.platform.Errno;
import jnr.constants.platform.OpenFlags;
import jnr.constants.platform.Sock;
import jnr.constants.platform.SocketLevel;
import jnr.constants.platform.SocketMessage;
import jnr.constants.platform.SocketOption;
import org.junit.jupiter.api.Test;

/** Native writes Linux's constants out; they must be the values jnr-constants has for Linux. */
class NativeTest {
    @Test
    void constantsAreLinuxValuesAsJnrConstantsHasThem() {
        assertThat(Native.AF_NETLINK).isEqualTo(AddressFamily.AF_NETLINK.intValue());
        assertThat(Native.SOCK_RAW).isEqualTo(Sock.SOCK_RAW.intValue());
        assertThat(Native.SOCK_DGRAM).isEqualTo(Sock.SOCK_DGRAM.intValue());
        assertThat(Native.SOL_SOCKET).isEqualTo(SocketLevel.SOL_SOCKET.intValue());
        assertThat(Native.SO_SNDBUF).isEqualTo(SocketOption.SO_SNDBUF.intValue());
        assertThat(Native.SO_RCVBUF).isEqualTo(SocketOption.SO_RCVBUF.intValue());
        assertThat(Native.SO_RCVBUFFORCE).isEqualTo(SocketOption.SO_RCVBUFFORCE.intValue());
        assertThat(Native.MSG_TRUNC).isEqualTo(SocketMessage.MSG_TRUNC.intValue());
        assertThat(Native.MSG_DONTWAIT).isEqualTo(SocketMessage.MSG_DONTWAIT.intValue());
        assertThat(Native.O_RDONLY).isEqualTo(OpenFlags.O_RDONLY.intValue());
        assertThat(Native.O_CLOEXEC).isEqualTo(OpenFlags.O_CLOEXEC.intValue());
        assertThat(Native.SOCK_CLOEXEC).isEqualTo(OpenFlags.O_CLOEXEC.intValue()); // defined as O_CLOEXEC
        // The errno values the transport reads live in ipvs-api's internal Errno, once.
        assertThat(io.github.ipvs4j.internal.Errno.EINTR).isEqualTo(Errno.EINTR.intValue());
        assertThat(io.github.ipvs4j.internal.Errno.EAGAIN).isEqualTo(Errno.EAGAIN.intValue())
                .isEqualTo(Errno.EWOULDBLOCK.intValue());
        assertThat(io.github.ipvs4j.internal.Errno.ENOBUFS).isEqualTo(Errno.ENOBUFS.intValue());
    }

    @Test
    void sockaddrLlIsLaidOutAsLinuxDefinesIt() {
        byte[] a = Native.sockaddrLl(0x0806, 0x01020304, new byte[] {-1, -1, -1, -1, -1, -1});
        ByteBuffer b = ByteBuffer.wrap(a).order(ByteOrder.nativeOrder());
        assertThat(a).hasSize(20);
        assertThat(b.getShort(0)).isEqualTo((short) 17); // sll_family, host order
        assertThat(a[2]).isEqualTo((byte) 0x08); // sll_protocol, network order
        assertThat(a[3]).isEqualTo((byte) 0x06);
        assertThat(b.getInt(4)).isEqualTo(0x01020304); // sll_ifindex, host order
        assertThat(b.getShort(8)).isZero(); // sll_hatype
        assertThat(a[10]).isZero(); // sll_pkttype
        assertThat(a[11]).isEqualTo((byte) 6); // sll_halen
        assertThat(Arrays.copyOfRange(a, 12, 20)).containsExactly(-1, -1, -1, -1, -1, -1, 0, 0);
    }

    @Test
    void networkOrder16IsHtons() {
        byte[] memory = ByteBuffer.allocate(2).order(ByteOrder.nativeOrder())
                .putShort((short) Native.networkOrder16(0x86dd)).array();
        assertThat(memory).containsExactly((byte) 0x86, (byte) 0xdd);
    }

    @Test
    void libcIsBoundFromTheProcessItself() {
        assertThat(Native.loadFailure()).isNull();
        int fd = Native.socket(Native.NETLINK_GENERIC);
        try {
            assertThat(Native.bindNetlink(fd)).isNotZero();
        } finally {
            Native.close(fd);
        }
    }
}
