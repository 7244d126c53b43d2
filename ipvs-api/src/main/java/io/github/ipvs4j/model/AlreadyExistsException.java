package io.github.ipvs4j.model;

import java.net.InetSocketAddress;

/** The virtual service or real server to create already exists (EEXIST). */
public class AlreadyExistsException extends IpvsException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; see {@link IpvsException#IpvsException(String, int, IpvsOperation, ServiceKey,
     * InetSocketAddress, Throwable)}.
     */
    public AlreadyExistsException(String message, int errno, IpvsOperation operation, ServiceKey service,
            InetSocketAddress realServer) {
        super(message, errno, operation, service, realServer, null);
    }
}
