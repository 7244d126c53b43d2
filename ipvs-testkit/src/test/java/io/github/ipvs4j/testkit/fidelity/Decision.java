package io.github.ipvs4j.testkit.fidelity;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.testkit.Client;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one connection went: the real server a kernel chose, or none (the kernel refused it).
 *
 * @param step the index of the {@link Step.Open} in its scenario
 * @param client the connection's first packet
 * @param realServer the real server's address and port, empty when the connection was refused
 * @param counters the real servers' connection counters just before the decision, for diagnosis
 */
record Decision(int step, Client client, Optional<InetSocketAddress> realServer, String counters) {

    Decision {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(realServer, "realServer");
        Objects.requireNonNull(counters, "counters");
    }

    /** Whether another kernel made the same choice for the same packet. */
    boolean agreesWith(Decision other) {
        return step == other.step && client.equals(other.client) && realServer.equals(other.realServer);
    }

    /** The choice alone: {@code 198.51.100.12:8080} or {@code refused}. */
    String choice() {
        return realServer.map(a -> Addresses.format(a.getAddress(), a.getPort())).orElse("refused");
    }

    @Override
    public String toString() {
        return "step " + step + ": " + client + " => " + choice();
    }
}
