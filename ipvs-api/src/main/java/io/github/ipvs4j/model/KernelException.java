package io.github.ipvs4j.model;

import java.net.InetSocketAddress;

/** The kernel refused an operation for another reason; {@link #errno()} says which. */
public class KernelException extends IpvsException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; see {@link IpvsException#IpvsException(String, int, IpvsOperation, ServiceKey,
     * InetSocketAddress, Throwable)}.
     *
     * @param message what went wrong, for people
     * @param errno the kernel's positive error number
     * @param operation the operation that was refused, or null when none had started
     * @param service the service involved, or null
     * @param realServer the real server involved, or null
     */
    public KernelException(String message, int errno, IpvsOperation operation, ServiceKey service,
            InetSocketAddress realServer) {
        super(message, errno, operation, service, realServer, null);
    }
}
