package io.github.ipvs4j.model;

import java.net.InetSocketAddress;

/** The virtual service named by the operation does not exist (ESRCH). */
public class ServiceNotFoundException extends NotFoundException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; see {@link IpvsException#IpvsException(String, int, IpvsOperation, ServiceKey,
     * InetSocketAddress, Throwable)}.
     *
     * @param message what went wrong, for people
     * @param errno the kernel's error number, normally {@code ESRCH} (3)
     * @param operation the operation that was refused, or null when none had started
     * @param service the service that was not found, or null
     * @param realServer the real server involved, or null
     */
    public ServiceNotFoundException(String message, int errno, IpvsOperation operation, ServiceKey service,
            InetSocketAddress realServer) {
        super(message, errno, operation, service, realServer);
    }
}
