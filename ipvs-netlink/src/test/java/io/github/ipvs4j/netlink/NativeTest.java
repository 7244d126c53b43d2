package io.github.ipvs4j.netlink;

import static org.assertj.core.api.Assertions.assertThat;

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
