package io.github.ipvs4j.testkit;

import io.github.ipvs4j.internal.Addresses;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What the fake kernel did with a client's first packet.
 *
 * @param client the packet
 * @param outcome how it was handled
 * @param realServer where the connection goes (the real server's address and the port packets are
 *     sent to), empty unless the packet was forwarded
 * @param handle the connection, for {@link FakeKernel#disconnect(ConnectionHandle)}; id 0 when no
 *     connection was created
 */
public record ConnectResult(Client client, Outcome outcome, Optional<InetSocketAddress> realServer,
        ConnectionHandle handle) {

    /** How a packet was handled. */
    public enum Outcome {
        /** A real server was scheduled and a connection created. */
        SCHEDULED,
        /** The packet belongs to a connection still in the table; it goes where that one went. */
        EXISTING_CONNECTION,
        /** No virtual service matches: IPVS does not touch the packet. */
        NO_SERVICE,
        /** The service has no real server that can take the connection; the kernel drops it. */
        NO_REAL_SERVER,
        /**
         * The packet matches a connection whose real server was removed; the kernel drops it
         * silently until the connection expires.
         */
        DROPPED
    }

    /**
     * Validates the components.
     *
     * @param client the packet
     * @param outcome how it was handled
     * @param realServer where the connection goes, empty unless the packet was forwarded
     * @param handle the connection; id 0 when no connection was created
     * @throws NullPointerException if a component is null
     */
    public ConnectResult {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(realServer, "realServer");
        Objects.requireNonNull(handle, "handle");
    }

    /**
     * Whether the packet was forwarded to a real server.
     *
     * @return true if {@link #realServer()} is present
     */
    public boolean forwarded() {
        return realServer.isPresent();
    }

    /**
     * Formats as the simulator prints it: {@code <client-ip> <client-port> -> <real-ip> <real-port>},
     * or {@code -> -} with the outcome when not forwarded.
     */
    @Override
    public String toString() {
        String from = Addresses.format(client.address()) + " " + client.port() + " -> ";
        return realServer.map(rs -> from + Addresses.format(rs.getAddress()) + " " + rs.getPort())
                .orElse(from + "- (" + outcome + ")");
    }
}
