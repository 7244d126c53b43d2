package io.github.ipvs4j.model;

import java.net.InetSocketAddress;

/** The real server named by the operation does not exist in its service (ENOENT). */
public class RealServerNotFoundException extends NotFoundException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; see {@link IpvsException#IpvsException(String, int, IpvsOperation, ServiceKey,
     * InetSocketAddress, Throwable)}.
     */
    public RealServerNotFoundException(String message, int errno, IpvsOperation operation, ServiceKey service,
            InetSocketAddress realServer) {
        super(message, errno, operation, service, realServer);
    }
}
