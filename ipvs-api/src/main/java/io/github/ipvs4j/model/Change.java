package io.github.ipvs4j.model;

import io.github.ipvs4j.internal.Addresses;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One change to the kernel's table, as submitted in a batch ({@code Ipvs.submit}) or produced by a
 * plan. Code that acts on a change does so through {@link #accept(Visitor)}, the one place where the
 * kinds of change are told apart: a new kind of change is a new visitor method, and the compiler
 * finds every place that must handle it.
 */
public sealed interface Change permits Change.CreateService, Change.UpdateService, Change.RemoveService,
        Change.CreateRealServer, Change.UpdateRealServer, Change.RemoveRealServer {

    /**
     * The service the change is about.
     *
     * @return the service's key
     */
    ServiceKey service();

    /**
     * The operation this change performs.
     *
     * @return the operation, as named in errors
     */
    IpvsOperation operation();

    /**
     * The real server the change is about.
     *
     * @return its endpoint, or empty for a change to a service
     */
    default Optional<InetSocketAddress> realServer() {
        return Optional.empty();
    }

    /**
     * Hands this change's components to the visitor method of its kind.
     *
     * @param <R> what the visitor returns
     * @param visitor what to do with each kind of change
     * @return what the visitor returned
     * @throws NullPointerException if {@code visitor} is null
     */
    <R> R accept(Visitor<R> visitor);

    /**
     * Something done with a change, one method per kind: the methods are named, and take the same
     * arguments, as the {@code Ipvs} and transport methods that make the same change.
     *
     * @param <R> what each method returns
     */
    interface Visitor<R> {
        /**
         * Handles {@link CreateService}.
         *
         * @param service the service to create
         * @return the visitor's result
         */
        R createService(VirtualService service);

        /**
         * Handles {@link UpdateService}.
         *
         * @param service the service's new definition
         * @return the visitor's result
         */
        R updateService(VirtualService service);

        /**
         * Handles {@link RemoveService}.
         *
         * @param service the service to remove
         * @return the visitor's result
         */
        R removeService(ServiceKey service);

        /**
         * Handles {@link CreateRealServer}.
         *
         * @param service the service
         * @param server the real server to add to it
         * @return the visitor's result
         */
        R createRealServer(ServiceKey service, RealServer server);

        /**
         * Handles {@link UpdateRealServer}.
         *
         * @param service the service
         * @param server the real server's new definition
         * @return the visitor's result
         */
        R updateRealServer(ServiceKey service, RealServer server);

        /**
         * Handles {@link RemoveRealServer}.
         *
         * @param service the service
         * @param endpoint the real server to remove from it
         * @return the visitor's result
         */
        R removeRealServer(ServiceKey service, InetSocketAddress endpoint);
    }

    /**
     * Create a virtual service.
     *
     * @param definition the service
     */
    record CreateService(VirtualService definition) implements Change {
        /**
         * Validates the component.
         *
         * @param definition the service
         * @throws NullPointerException if {@code definition} is null
         */
        public CreateService {
            Objects.requireNonNull(definition, "service");
        }

        @Override
        public ServiceKey service() {
            return definition.key();
        }

        @Override
        public IpvsOperation operation() {
            return IpvsOperation.CREATE_SERVICE;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.createService(definition);
        }
    }

    /**
     * Edit a virtual service in place.
     *
     * @param definition the service's new definition
     */
    record UpdateService(VirtualService definition) implements Change {
        /**
         * Validates the component.
         *
         * @param definition the service's new definition
         * @throws NullPointerException if {@code definition} is null
         */
        public UpdateService {
            Objects.requireNonNull(definition, "service");
        }

        @Override
        public ServiceKey service() {
            return definition.key();
        }

        @Override
        public IpvsOperation operation() {
            return IpvsOperation.UPDATE_SERVICE;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.updateService(definition);
        }
    }

    /**
     * Remove a virtual service and its real servers.
     *
     * @param service the service
     */
    record RemoveService(ServiceKey service) implements Change {
        /**
         * Validates the component.
         *
         * @param service the service
         * @throws NullPointerException if {@code service} is null
         */
        public RemoveService {
            Objects.requireNonNull(service, "service");
        }

        @Override
        public IpvsOperation operation() {
            return IpvsOperation.REMOVE_SERVICE;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.removeService(service);
        }
    }

    /**
     * Add a real server to a service.
     *
     * @param service the service
     * @param server the real server
     */
    record CreateRealServer(ServiceKey service, RealServer server) implements Change {
        /**
         * Validates the components, including that the server's family suits the service.
         *
         * @param service the service
         * @param server the real server; of the service's family unless it forwards by tunnel
         * @throws NullPointerException if a component is null
         * @throws InvalidConfigurationException if the families differ and the server is not tunnelled
         */
        public CreateRealServer {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(server, "real server");
            server.checkCompatibleWith(service);
        }

        @Override
        public IpvsOperation operation() {
            return IpvsOperation.CREATE_REAL_SERVER;
        }

        @Override
        public Optional<InetSocketAddress> realServer() {
            return Optional.of(server.endpoint());
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.createRealServer(service, server);
        }
    }

    /**
     * Edit a real server in place (weight, thresholds, forwarding).
     *
     * @param service the service
     * @param server the real server's new definition
     */
    record UpdateRealServer(ServiceKey service, RealServer server) implements Change {
        /**
         * Validates the components, including that the server's family suits the service.
         *
         * @param service the service
         * @param server the real server's new definition; of the service's family unless it forwards by
         *     tunnel
         * @throws NullPointerException if a component is null
         * @throws InvalidConfigurationException if the families differ and the server is not tunnelled
         */
        public UpdateRealServer {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(server, "real server");
            server.checkCompatibleWith(service);
        }

        @Override
        public IpvsOperation operation() {
            return IpvsOperation.UPDATE_REAL_SERVER;
        }

        @Override
        public Optional<InetSocketAddress> realServer() {
            return Optional.of(server.endpoint());
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.updateRealServer(service, server);
        }
    }

    /**
     * Remove a real server from a service.
     *
     * @param service the service
     * @param endpoint the real server's address and port
     */
    record RemoveRealServer(ServiceKey service, InetSocketAddress endpoint) implements Change {
        /**
         * Validates the components.
         *
         * @param service the service
         * @param endpoint the real server's address and port; a resolved address, not a host name
         * @throws NullPointerException if a component is null
         * @throws InvalidConfigurationException if the endpoint is not an IP address and port
         */
        public RemoveRealServer {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(endpoint, "real server");
            if (endpoint.isUnresolved()) {
                throw new InvalidConfigurationException("real server", endpoint, "an IP address and port");
            }
        }

        @Override
        public IpvsOperation operation() {
            return IpvsOperation.REMOVE_REAL_SERVER;
        }

        @Override
        public Optional<InetSocketAddress> realServer() {
            return Optional.of(endpoint);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.removeRealServer(service, endpoint);
        }

        /** As a record's, with the endpoint as {@code 198.51.100.1:80} or {@code [2001:db8::1]:80}. */
        @Override
        public String toString() {
            return "RemoveRealServer[service=" + service + ", endpoint=" + Addresses.format(endpoint) + "]";
        }
    }
}
