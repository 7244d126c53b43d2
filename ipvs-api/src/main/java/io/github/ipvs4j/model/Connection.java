package io.github.ipvs4j.model;

import io.github.ipvs4j.internal.Addresses;
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

    /**
     * Formats as {@code TCP 203.0.113.5:40000 -> 192.0.2.1:80 -> 198.51.100.1:80 ESTABLISHED expires in
     * 899 s}: client, virtual service and real server, IPv6 ones as {@code [2001:db8::1]:80}.
     */
    @Override
    public String toString() {
        return protocol + " " + Addresses.format(clientAddress, clientPort) + " -> "
                + Addresses.format(virtualAddress, virtualPort) + " -> " + Addresses.format(realAddress, realPort) + " "
                + state + " expires in " + expiresInSeconds + " s";
    }
}
