package io.github.ipvs4j.testkit.fidelity;

import io.github.ipvs4j.RealServer;
import io.github.ipvs4j.testkit.Client;

/** One step of a fidelity scenario, played the same way through the real and the fake kernel. */
sealed interface Step {

    /** A client opens TCP connection number {@code connection}: a scheduling decision. */
    record Open(int connection, Client client) implements Step {
        @Override
        public String toString() {
            return "open #" + connection + " " + client;
        }
    }

    /** The client closes connection {@code connection} (FIN); the server then closes its side. */
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
}
