package io.github.ipvs4j.model;

import java.net.InetSocketAddress;

/** The real server named by the operation does not exist in its service (ENOENT). */
public class RealServerNotFoundException extends NotFoundException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; see {@link IpvsException#IpvsException(String, int, IpvsOperation, ServiceKey,
     * InetSocketAddress, Throwable)}.
     *
     * @param message what went wrong, for people
     * @param errno the kernel's error number, normally {@code ENOENT} (2)
     * @param operation the operation that was refused, or null when none had started
     * @param service the service the real server was looked for in, or null
     * @param realServer the real server that was not found, or null
     */
    public RealServerNotFoundException(String message, int errno, IpvsOperation operation, ServiceKey service,
            InetSocketAddress realServer) {
        super(message, errno, operation, service, realServer);
    }
}
