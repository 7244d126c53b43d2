package io.github.ipvs4j.model;

import java.net.InetSocketAddress;

/** The virtual service named by the operation does not exist (ESRCH). */
public class ServiceNotFoundException extends NotFoundException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; see {@link IpvsException#IpvsException(String, int, IpvsOperation, ServiceKey,
     * InetSocketAddress, Throwable)}.
     */
    public ServiceNotFoundException(String message, int errno, IpvsOperation operation, ServiceKey service,
            InetSocketAddress realServer) {
        super(message, errno, operation, service, realServer);
    }
}
