package io.github.ipvs4j.model;

import java.net.InetAddress;

/**
 * One entry of the kernel's connection table ({@code ipvsadm -Lnc}).
 *
 * @param protocol TCP, UDP or SCTP
 * @param clientAddress source address of the client
 * @param clientPort source port of the client
 * @param virtualAddress the virtual address the client connected to
 * @param virtualPort the virtual port
 * @param realAddress the real server chosen
 * @param realPort the real server's port
 * @param state the protocol state as the kernel names it, e.g. {@code ESTABLISHED}, {@code FIN_WAIT}
 * @param expiresInSeconds seconds until the entry expires
 */
public record Connection(Protocol protocol, InetAddress clientAddress, int clientPort,
        InetAddress virtualAddress, int virtualPort, InetAddress realAddress, int realPort, String state,
        long expiresInSeconds) {
    /**
     * Validates the components.
     *
     * @param protocol TCP, UDP or SCTP
     * @param clientAddress source address of the client
     * @param clientPort source port of the client
     * @param virtualAddress the virtual address the client connected to
     * @param virtualPort the virtual port
     * @param realAddress the real server chosen
     * @param realPort the real server's port
     * @param state the protocol state as the kernel names it, e.g. {@code ESTABLISHED}, {@code FIN_WAIT}
     * @param expiresInSeconds seconds until the entry expires
     * @throws NullPointerException if {@code protocol}, an address or {@code state} is null
     */
    public Connection {
        Check.notNull("protocol", protocol);
        Check.notNull("client address", clientAddress);
        Check.notNull("virtual address", virtualAddress);
        Check.notNull("real address", realAddress);
        Check.notNull("state", state);
    }
}
