package io.github.ipvs4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.spi.KernelErrors;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class IpvsExceptionTest {
    private static final ServiceKey WEB = ServiceKey.tcp("192.0.2.1", 80);
    private static final InetSocketAddress RS = new InetSocketAddress(Addresses.parse("198.51.100.1"), 80);

    @Test
    void permissionErrors() {
        for (int errno : new int[] {Errno.EPERM, Errno.EACCES}) {
            IpvsException e = KernelErrors.fromErrno(errno, IpvsOperation.CREATE_SERVICE, WEB, null);
            assertThat(e).isInstanceOf(PermissionDeniedException.class)
                    .hasMessageContaining("create service TCP 192.0.2.1:80").hasMessageContaining("CAP_NET_ADMIN")
                    .hasMessageContaining(Errno.name(errno));
            assertThat(e.errno()).isEqualTo(errno);
            assertThat(e.operation()).contains(IpvsOperation.CREATE_SERVICE);
            assertThat(e.service()).contains(WEB);
            assertThat(e.realServer()).isEmpty();
        }
    }

    @Test
    void alreadyExistsNamesWhat() {
        IpvsException service = KernelErrors.fromErrno(Errno.EEXIST, IpvsOperation.CREATE_SERVICE, WEB, null);
        assertThat(service).isInstanceOf(AlreadyExistsException.class)
                .hasMessage("create service TCP 192.0.2.1:80: virtual service already exists (EEXIST)");
        IpvsException server = KernelErrors.fromErrno(Errno.EEXIST, IpvsOperation.CREATE_REAL_SERVER, WEB, RS);
        assertThat(server).isInstanceOf(AlreadyExistsException.class).hasMessage(
                "create real server TCP 192.0.2.1:80 -> 198.51.100.1:80: real server already exists (EEXIST)");
        assertThat(server.realServer()).contains(RS);
    }

    @Test
    void notFound() {
        assertThat(KernelErrors.fromErrno(Errno.ESRCH, IpvsOperation.REMOVE_SERVICE, WEB, null))
                .isInstanceOf(ServiceNotFoundException.class).isInstanceOf(NotFoundException.class)
                .hasMessage("remove service TCP 192.0.2.1:80: no such virtual service (ESRCH)");
        assertThat(KernelErrors.fromErrno(Errno.ESRCH, IpvsOperation.CREATE_REAL_SERVER, WEB, RS))
                .isInstanceOf(ServiceNotFoundException.class);
        assertThat(KernelErrors.fromErrno(Errno.EEXIST, IpvsOperation.START_SYNC_DAEMON, null, null))
                .isInstanceOf(AlreadyExistsException.class)
                .hasMessage("start sync daemon: a synchronisation daemon already runs in that role (EEXIST)");
        // ESRCH from stopping a sync daemon means none runs in that role, not a missing service.
        assertThat(KernelErrors.fromErrno(Errno.ESRCH, IpvsOperation.STOP_SYNC_DAEMON, null, null))
                .isExactlyInstanceOf(KernelException.class)
                .hasMessage("stop sync daemon: no synchronisation daemon runs in that role (ESRCH)");
        for (IpvsOperation op : new IpvsOperation[] {IpvsOperation.UPDATE_REAL_SERVER, IpvsOperation.REMOVE_REAL_SERVER}) {
            assertThat(KernelErrors.fromErrno(Errno.ENOENT, op, WEB, RS))
                    .isInstanceOf(RealServerNotFoundException.class).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("no such real server (ENOENT)");
        }
    }

    @Test
    void enoentOnAServiceMeansAMissingModule() {
        for (IpvsOperation op : new IpvsOperation[] {IpvsOperation.CREATE_SERVICE, IpvsOperation.UPDATE_SERVICE}) {
            IpvsException e = KernelErrors.fromErrno(Errno.ENOENT, op, WEB, null);
            assertThat(e).isExactlyInstanceOf(KernelException.class)
                    .hasMessageContaining("no such scheduler or persistence engine module (ENOENT)");
        }
        assertThat(KernelErrors.fromErrno(Errno.ENOENT, IpvsOperation.GET_SERVICE, WEB, null))
                .isExactlyInstanceOf(KernelException.class).hasMessage("get service TCP 192.0.2.1:80: not found (ENOENT)");
    }

    @Test
    void otherErrnosAreKernelExceptionsWithHints() {
        IpvsException e = KernelErrors.fromErrno(Errno.EINVAL, IpvsOperation.CREATE_REAL_SERVER, WEB, RS);
        assertThat(e).isExactlyInstanceOf(KernelException.class).hasMessageStartingWith(
                "create real server TCP 192.0.2.1:80 -> 198.51.100.1:80: kernel refused with EINVAL (invalid argument");
        assertThat(KernelErrors.fromErrno(Errno.EBUSY, IpvsOperation.START_SYNC_DAEMON, null, null))
                .hasMessage("start sync daemon: kernel refused with EBUSY (busy: e.g. a sync daemon already running"
                        + " in that role)");
        assertThat(KernelErrors.fromErrno(Errno.ERANGE, IpvsOperation.UPDATE_REAL_SERVER, WEB, RS))
                .hasMessageContaining("ERANGE (a value out of the kernel's range");
        assertThat(KernelErrors.fromErrno(Errno.EAFNOSUPPORT, IpvsOperation.CREATE_SERVICE, WEB, null))
                .hasMessageContaining("address family not supported");
        IpvsException unknown = KernelErrors.fromErrno(200, IpvsOperation.FLUSH, null, null);
        assertThat(unknown).isExactlyInstanceOf(KernelException.class).hasMessage("flush: kernel refused with errno 200");
        assertThat(unknown.errno()).isEqualTo(200);
    }

    @Test
    void ipv6RealServersAreBracketed() {
        InetSocketAddress v6 = new InetSocketAddress(Addresses.parse("2001:db8::1"), 443);
        assertThat(KernelErrors.fromErrno(Errno.ENOENT, IpvsOperation.REMOVE_REAL_SERVER, ServiceKey.fwmark(3), v6))
                .hasMessageStartingWith("remove real server FWM 3 -> [2001:db8::1]:443:");
    }

    @Test
    void errnoNames() {
        assertThat(Errno.name(Errno.EEXIST)).isEqualTo("EEXIST");
        assertThat(Errno.name(Errno.EOPNOTSUPP)).isEqualTo("EOPNOTSUPP");
        assertThat(Errno.name(0)).isEqualTo("errno 0");
    }

    @Test
    void unavailableIsAboutOpening() {
        IpvsUnavailableException e = new IpvsUnavailableException("no ip_vs", Errno.ENOENT, null);
        assertThat(e.operation()).contains(IpvsOperation.OPEN);
        assertThat(e.errno()).isEqualTo(Errno.ENOENT);
    }
}
