package io.github.ipvs4j.model;

import java.net.InetSocketAddress;

/** The object an operation names does not exist: see the two subtypes for service and real server. */
public abstract class NotFoundException extends IpvsException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; see {@link IpvsException#IpvsException(String, int, IpvsOperation, ServiceKey,
     * InetSocketAddress, Throwable)}.
     *
     * @param message what went wrong, for people
     * @param errno the kernel's error number, normally {@code ESRCH} (3) for a service or {@code ENOENT} (2)
     *     for a real server
     * @param operation the operation that was refused, or null when none had started
     * @param service the service involved, or null
     * @param realServer the real server involved, or null
     */
    protected NotFoundException(String message, int errno, IpvsOperation operation, ServiceKey service,
            InetSocketAddress realServer) {
        super(message, errno, operation, service, realServer, null);
    }
}
