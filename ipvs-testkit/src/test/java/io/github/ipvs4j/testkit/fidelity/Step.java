package io.github.ipvs4j.testkit.fidelity;

import io.github.ipvs4j.Addresses;
import io.github.ipvs4j.RealServer;
import io.github.ipvs4j.testkit.Client;
import java.net.InetSocketAddress;

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

    /** The service's real server is edited ({@code ipvsadm -e}), e.g. given another weight. */
    record Edit(RealServer realServer) implements Step {
        @Override
        public String toString() {
            return "edit " + realServer;
        }
    }

    /** The service's real server is removed ({@code ipvsadm -d}); it lingers in the kernel's trash. */
    record Remove(InetSocketAddress realServer) implements Step {
        @Override
        public String toString() {
            return "remove " + Addresses.format(realServer.getAddress(), realServer.getPort());
        }
    }

    /** A real server is added ({@code ipvsadm -a}), maybe one removed earlier (the kernel takes it back from its trash). */
    record Add(RealServer realServer) implements Step {
        @Override
        public String toString() {
            return "add " + realServer;
        }
    }
}
