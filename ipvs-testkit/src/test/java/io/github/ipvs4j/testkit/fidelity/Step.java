package io.github.ipvs4j.testkit.fidelity;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.testkit.Client;
import java.net.InetSocketAddress;
import java.util.Set;

/** One step of a fidelity scenario, played the same way through the real and the fake kernel. */
sealed interface Step {

    /** A client opens TCP connection number {@code connection}: a scheduling decision. */
    record Open(int connection, Client client) implements Step {
        @Override
        public String toString() {
            return "open #" + connection + " " + client;
        }
    }

    /**
     * The client closes connection {@code connection} (FIN); the server then closes its side. When
     * the connection's real server has been removed, the director drops the client's packets and
     * leaves the connection as it was (it still counts as active); the client gives up (RST).
     */
    record Close(int connection) implements Step {
        @Override
        public String toString() {
            return "close #" + connection;
        }
    }

    /** A step that changes the service's real servers: played alike on both kernels. */
    sealed interface TableEdit extends Step {
        /** Makes the change through {@code ipvs} and keeps {@code present} (the servers in the list) up to date. */
        void applyTo(Ipvs ipvs, ServiceKey service, Set<InetSocketAddress> present);
    }

    /** The service's real server is edited ({@code ipvsadm -e}), e.g. given another weight. */
    record Edit(RealServer realServer) implements TableEdit {
        @Override
        public void applyTo(Ipvs ipvs, ServiceKey service, Set<InetSocketAddress> present) {
            ipvs.updateRealServer(service, realServer);
        }

        @Override
        public String toString() {
            return "edit " + realServer;
        }
    }

    /** The service's real server is removed ({@code ipvsadm -d}); it lingers in the kernel's trash. */
    record Remove(InetSocketAddress realServer) implements TableEdit {
        @Override
        public void applyTo(Ipvs ipvs, ServiceKey service, Set<InetSocketAddress> present) {
            ipvs.removeRealServer(service, realServer);
            present.remove(realServer);
        }

        @Override
        public String toString() {
            return "remove " + Addresses.format(realServer.getAddress(), realServer.getPort());
        }
    }

    /** A real server is added ({@code ipvsadm -a}), maybe one removed earlier (the kernel takes it back from its trash). */
    record Add(RealServer realServer) implements TableEdit {
        @Override
        public void applyTo(Ipvs ipvs, ServiceKey service, Set<InetSocketAddress> present) {
            ipvs.createRealServer(service, realServer);
            present.add(realServer.endpoint());
        }

        @Override
        public String toString() {
            return "add " + realServer;
        }
    }
}
