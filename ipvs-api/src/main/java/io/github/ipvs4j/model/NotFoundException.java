package io.github.ipvs4j.model;

import java.net.InetSocketAddress;

/** The object an operation names does not exist: see the two subtypes for service and real server. */
public abstract class NotFoundException extends IpvsException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    protected NotFoundException(String message, int errno, IpvsOperation operation, ServiceKey service,
            InetSocketAddress realServer) {
        super(message, errno, operation, service, realServer, null);
    }
}
