package io.github.ipvs4j.testkit.scheduler;

import java.net.InetAddress;

/**
 * The first packet of a new connection, as a scheduler sees it.
 *
 * @param sourceAddress the client's address
 * @param sourcePort the client's port
 * @param destinationAddress the address the client sent to (the virtual address)
 * @param destinationPort the port the client sent to
 */
public record Packet(InetAddress sourceAddress, int sourcePort, InetAddress destinationAddress, int destinationPort) {
}
