package io.github.ipvs4j.spi;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.model.AlreadyExistsException;
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.IpvsOperation;
import io.github.ipvs4j.model.KernelException;
import io.github.ipvs4j.model.PermissionDeniedException;
import io.github.ipvs4j.model.RealServerNotFoundException;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.ServiceNotFoundException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Objects;

/**
 * How a transport reports the kernel's refusals: one typed {@link IpvsException} per errno, with the
 * same message whichever transport (the real kernel, the testkit's fake) saw it.
 */
public final class KernelErrors {
    private KernelErrors() {
    }

    /**
     * Turns an errno reported by the kernel (or by a fake kernel) into the matching typed exception,
     * so every transport reports the same failure the same way.
     *
     * @param errno the positive error number
     * @param operation what was being done
     * @param service the service involved, or null
     * @param realServer the real server involved, or null
     * @return the exception to throw
     */
    public static IpvsException fromErrno(int errno, IpvsOperation operation, ServiceKey service,
            InetSocketAddress realServer) {
        Objects.requireNonNull(operation, "operation");
        String what = describe(operation, service, realServer);
        switch (errno) {
            case Errno.EPERM:
            case Errno.EACCES:
                return new PermissionDeniedException(what + ": permission denied (" + Errno.name(errno)
                        + "); managing IPVS needs CAP_NET_ADMIN (run as root or grant the capability)",
                        errno, operation, service, realServer);
            case Errno.EEXIST:
                return new AlreadyExistsException(what + ": " + (realServer != null && operation
                        == IpvsOperation.CREATE_REAL_SERVER ? "real server" : "virtual service")
                        + " already exists (EEXIST)", errno, operation, service, realServer);
            case Errno.ESRCH:
                if (operation == IpvsOperation.STOP_SYNC_DAEMON) {
                    return new KernelException(what + ": no synchronisation daemon runs in that role (ESRCH)",
                            errno, operation, service, realServer);
                }
                return new ServiceNotFoundException(what + ": no such virtual service (ESRCH)", errno,
                        operation, service, realServer);
            case Errno.ENOENT:
                if (operation == IpvsOperation.UPDATE_REAL_SERVER
                        || operation == IpvsOperation.REMOVE_REAL_SERVER) {
                    return new RealServerNotFoundException(what + ": no such real server (ENOENT)", errno,
                            operation, service, realServer);
                }
                if (operation == IpvsOperation.CREATE_SERVICE || operation == IpvsOperation.UPDATE_SERVICE) {
                    return new KernelException(what + ": the kernel has no such scheduler or persistence"
                            + " engine module (ENOENT)", errno, operation, service, realServer);
                }
                return new KernelException(what + ": not found (ENOENT)", errno, operation, service,
                        realServer);
            default:
                return new KernelException(what + ": kernel refused with " + Errno.name(errno)
                        + Errno.hint(errno), errno, operation, service, realServer);
        }
    }

    /**
     * Describes an operation on its objects for messages, e.g. {@code create real server TCP
     * 192.0.2.1:80 -> 198.51.100.1:80}.
     *
     * @param operation what was being done
     * @param service the service involved, or null
     * @param realServer the real server involved, or null
     * @return the description
     */
    public static String describe(IpvsOperation operation, ServiceKey service, InetSocketAddress realServer) {
        StringBuilder sb = new StringBuilder(operation.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        if (service != null) {
            sb.append(' ').append(service);
        }
        if (realServer != null) {
            sb.append(" -> ").append(Addresses.format(realServer.getAddress(), realServer.getPort()));
        }
        return sb.toString();
    }
}
