package io.github.ipvs4j.model;

import java.net.InetSocketAddress;

/** The caller lacks CAP_NET_ADMIN (EPERM): run as root or grant the capability. */
public class PermissionDeniedException extends IpvsException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; see {@link IpvsException#IpvsException(String, int, IpvsOperation, ServiceKey,
     * InetSocketAddress, Throwable)}.
     *
     * @param message what went wrong, for people
     * @param errno the kernel's error number, normally {@code EPERM} (1) or {@code EACCES} (13)
     * @param operation the operation that was refused, or null when none had started
     * @param service the service involved, or null
     * @param realServer the real server involved, or null
     */
    public PermissionDeniedException(String message, int errno, IpvsOperation operation, ServiceKey service,
            InetSocketAddress realServer) {
        super(message, errno, operation, service, realServer, null);
    }
}
