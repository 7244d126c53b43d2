package io.github.ipvs4j;

import java.net.InetSocketAddress;

/**
 * One change to the kernel's table, as submitted in a batch ({@link Ipvs#submit(java.util.List)}) or
 * produced by a plan.
 */
public sealed interface Change permits Change.CreateService, Change.UpdateService, Change.DeleteService,
        Change.AddRealServer, Change.UpdateRealServer, Change.RemoveRealServer {

    /** The service the change is about. */
    ServiceKey service();

    /** The operation this change performs. */
    IpvsOperation operation();

    /** The real server the change is about, or null for service changes. */
    default InetSocketAddress realServer() {
        return null;
    }

    /** Create a virtual service. */
    record CreateService(VirtualService definition) implements Change {
        /** Validates the component. */
        public CreateService {
            Check.notNull("service", definition);
        }

        @Override
        public ServiceKey service() {
            return definition.key();
        }

        @Override
        public IpvsOperation operation() {
            return IpvsOperation.CREATE_SERVICE;
        }
    }

    /** Edit a virtual service in place. */
    record UpdateService(VirtualService definition) implements Change {
        /** Validates the component. */
        public UpdateService {
            Check.notNull("service", definition);
        }

        @Override
        public ServiceKey service() {
            return definition.key();
        }

        @Override
        public IpvsOperation operation() {
            return IpvsOperation.UPDATE_SERVICE;
        }
    }

    /** Delete a virtual service and its real servers. */
    record DeleteService(ServiceKey service) implements Change {
        /** Validates the component. */
        public DeleteService {
            Check.notNull("service", service);
        }

        @Override
        public IpvsOperation operation() {
            return IpvsOperation.DELETE_SERVICE;
        }
    }

    /** Add a real server to a service. */
    record AddRealServer(ServiceKey service, RealServer server) implements Change {
        /** Validates the components, including that the server's family suits the service. */
        public AddRealServer {
            Check.notNull("service", service);
            Check.notNull("real server", server);
            server.checkCompatibleWith(service);
        }

        @Override
        public IpvsOperation operation() {
            return IpvsOperation.ADD_REAL_SERVER;
        }

        @Override
        public InetSocketAddress realServer() {
            return server.endpoint();
        }
    }

    /** Edit a real server in place (weight, thresholds, forwarding). */
    record UpdateRealServer(ServiceKey service, RealServer server) implements Change {
        /** Validates the components, including that the server's family suits the service. */
        public UpdateRealServer {
            Check.notNull("service", service);
            Check.notNull("real server", server);
            server.checkCompatibleWith(service);
        }

        @Override
        public IpvsOperation operation() {
            return IpvsOperation.UPDATE_REAL_SERVER;
        }

        @Override
        public InetSocketAddress realServer() {
            return server.endpoint();
        }
    }

    /** Remove a real server from a service. */
    record RemoveRealServer(ServiceKey service, InetSocketAddress endpoint) implements Change {
        /** Validates the components. */
        public RemoveRealServer {
            Check.notNull("service", service);
            Check.notNull("real server", endpoint);
            if (endpoint.isUnresolved()) {
                throw new InvalidConfigurationException("real server", endpoint, "an IP address and port");
            }
        }

        @Override
        public IpvsOperation operation() {
            return IpvsOperation.REMOVE_REAL_SERVER;
        }

        @Override
        public InetSocketAddress realServer() {
            return endpoint;
        }
    }
}
