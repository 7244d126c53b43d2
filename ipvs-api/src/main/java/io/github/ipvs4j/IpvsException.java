package io.github.ipvs4j;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Root of every error ipvs4j reports. Unchecked: most callers cannot recover from a misconfigured or
 * missing kernel, and those that can catch the specific subtype.
 *
 * <p>Each instance says which {@linkplain #operation() operation} failed, on which
 * {@linkplain #service() service} and {@linkplain #realServer() real server} where one was involved,
 * and the kernel's {@linkplain #errno() errno} when the kernel refused (0 otherwise).
 */
public class IpvsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final transient IpvsOperation operation;
    private final transient ServiceKey service;
    private final transient InetSocketAddress realServer;

    /**
     * Creates an exception.
     *
     * @param message what went wrong, for people
     * @param errno the kernel's error number, or 0 when the error did not come from the kernel
     * @param operation the operation that failed, or null when none had started
     * @param service the service involved, or null
     * @param realServer the real server involved, or null
     * @param cause the underlying cause, or null
     */
    public IpvsException(String message, int errno, IpvsOperation operation, ServiceKey service,
            InetSocketAddress realServer, Throwable cause) {
        super(message, cause);
        this.errno = errno;
        this.operation = operation;
        this.service = service;
        this.realServer = realServer;
    }

    /** Creates an exception with only a message and optional cause. */
    public IpvsException(String message, Throwable cause) {
        this(message, 0, null, null, null, cause);
    }

    /** The kernel's positive error number ({@code errno}), or 0 if the kernel did not report this error. */
    public int errno() {
        return errno;
    }

    /** The operation that failed, if one was under way. */
    public Optional<IpvsOperation> operation() {
        return Optional.ofNullable(operation);
    }

    /** The virtual service the operation was about, if any. */
    public Optional<ServiceKey> service() {
        return Optional.ofNullable(service);
    }

    /** The real server the operation was about, if any. */
    public Optional<InetSocketAddress> realServer() {
        return Optional.ofNullable(realServer);
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
                        == IpvsOperation.ADD_REAL_SERVER ? "real server" : "virtual service")
                        + " already exists (EEXIST)", errno, operation, service, realServer);
            case Errno.ESRCH:
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

    static String describe(IpvsOperation operation, ServiceKey service, InetSocketAddress realServer) {
        StringBuilder sb = new StringBuilder(operation.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        if (service != null) {
            sb.append(' ').append(service);
        }
        if (realServer != null) {
            sb.append(" -> ").append(Addresses.format(realServer.getAddress(), realServer.getPort()));
        }
        return sb.toString();
    }
}
