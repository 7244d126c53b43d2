package io.github.ipvs4j.model;

import java.net.InetSocketAddress;

/** The caller lacks CAP_NET_ADMIN (EPERM): run as root or grant the capability. */
public class PermissionDeniedException extends IpvsException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; see {@link IpvsException#IpvsException(String, int, IpvsOperation, ServiceKey,
     * InetSocketAddress, Throwable)}.
     */
    public PermissionDeniedException(String message, int errno, IpvsOperation operation, ServiceKey service,
            InetSocketAddress realServer) {
        super(message, errno, operation, service, realServer, null);
    }
}
