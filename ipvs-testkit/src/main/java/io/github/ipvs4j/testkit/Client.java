package io.github.ipvs4j.testkit;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.AddressFamily;
import io.github.ipvs4j.model.InvalidConfigurationException;
import io.github.ipvs4j.model.Protocol;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A client's first packet towards a virtual address: what {@link FakeKernel#connect(Client)}
 * schedules.
 *
 * @param protocol TCP, UDP or SCTP
 * @param address the client's address
 * @param port the client's source port, 0..65535
 * @param virtualAddress the address the client sends to; same family as {@code address}
 * @param virtualPort the port the client sends to, 0..65535
 * @param firewallMark the netfilter mark the packet carries, 0..4294967295 (0 = none); a marked
 *     packet goes to the firewall-mark service of that mark first, as in the kernel
 */
public record Client(Protocol protocol, InetAddress address, int port, InetAddress virtualAddress,
        int virtualPort, long firewallMark) {

    /**
     * Validates the components.
     *
     * @param protocol TCP, UDP or SCTP
     * @param address the client's address
     * @param port the client's source port, 0..65535
     * @param virtualAddress the address the client sends to; same family as {@code address}
     * @param virtualPort the port the client sends to, 0..65535
     * @param firewallMark the netfilter mark the packet carries, 0..4294967295 (0 = none)
     * @throws NullPointerException if {@code protocol} or an address is null
     * @throws InvalidConfigurationException if the families differ or a value is out of range
     */
    public Client {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(virtualAddress, "virtualAddress");
        if (AddressFamily.of(address) != AddressFamily.of(virtualAddress)) {
            throw new InvalidConfigurationException("client address", Addresses.format(address),
                    "an address of the same family as the virtual address " + Addresses.format(virtualAddress));
        }
        port(port, "client port");
        port(virtualPort, "virtual port");
        if (firewallMark < 0 || firewallMark > 0xFFFF_FFFFL) {
            throw new InvalidConfigurationException("firewall mark", firewallMark, "0..4294967295");
        }
    }

    private static void port(int port, String field) {
        if (port < 0 || port > 65535) {
            throw new InvalidConfigurationException(field, port, "0..65535");
        }
    }

    /**
     * A client of the given protocol; addresses are IP literals, never host names.
     *
     * @param protocol TCP, UDP or SCTP
     * @param address the client's address, an IPv4 or IPv6 literal
     * @param port the client's source port, 0..65535
     * @param virtualAddress the address the client sends to, a literal of the same family
     * @param virtualPort the port the client sends to, 0..65535
     * @return the client, without firewall mark
     * @throws NullPointerException if an argument is null
     * @throws InvalidConfigurationException if an address is not an IP literal, the families differ, or
     *     a port is out of range
     */
    public static Client of(Protocol protocol, String address, int port, String virtualAddress, int virtualPort) {
        return new Client(protocol, literal("client address", address), port,
                literal("virtual address", virtualAddress), virtualPort, 0);
    }

    private static InetAddress literal(String field, String text) {
        Objects.requireNonNull(text, field);
        return Addresses.parse(text, expected -> new InvalidConfigurationException(field, text, expected));
    }

    /**
     * A TCP client; addresses are IP literals, never host names.
     *
     * @param address the client's address, an IPv4 or IPv6 literal
     * @param port the client's source port, 0..65535
     * @param virtualAddress the address the client sends to, a literal of the same family
     * @param virtualPort the port the client sends to, 0..65535
     * @return the client, without firewall mark
     * @throws NullPointerException if an address is null
     * @throws InvalidConfigurationException if an address is not an IP literal, the families differ, or
     *     a port is out of range
     */
    public static Client tcp(String address, int port, String virtualAddress, int virtualPort) {
        return of(Protocol.TCP, address, port, virtualAddress, virtualPort);
    }

    /**
     * A UDP client; addresses are IP literals, never host names.
     *
     * @param address the client's address, an IPv4 or IPv6 literal
     * @param port the client's source port, 0..65535
     * @param virtualAddress the address the client sends to, a literal of the same family
     * @param virtualPort the port the client sends to, 0..65535
     * @return the client, without firewall mark
     * @throws NullPointerException if an address is null
     * @throws InvalidConfigurationException if an address is not an IP literal, the families differ, or
     *     a port is out of range
     */
    public static Client udp(String address, int port, String virtualAddress, int virtualPort) {
        return of(Protocol.UDP, address, port, virtualAddress, virtualPort);
    }

    /**
     * An SCTP client; addresses are IP literals, never host names.
     *
     * @param address the client's address, an IPv4 or IPv6 literal
     * @param port the client's source port, 0..65535
     * @param virtualAddress the address the client sends to, a literal of the same family
     * @param virtualPort the port the client sends to, 0..65535
     * @return the client, without firewall mark
     * @throws NullPointerException if an address is null
     * @throws InvalidConfigurationException if an address is not an IP literal, the families differ, or
     *     a port is out of range
     */
    public static Client sctp(String address, int port, String virtualAddress, int virtualPort) {
        return of(Protocol.SCTP, address, port, virtualAddress, virtualPort);
    }

    /**
     * The same packet carrying a firewall mark.
     *
     * @param mark the netfilter mark, 0..4294967295 (0 = none)
     * @return a copy with that mark
     * @throws InvalidConfigurationException if {@code mark} is out of range
     */
    public Client withFirewallMark(long mark) {
        return new Client(protocol, address, port, virtualAddress, virtualPort, mark);
    }

    /**
     * The same client from another source port.
     *
     * @param port the client's source port, 0..65535
     * @return a copy with that port
     * @throws InvalidConfigurationException if {@code port} is out of range
     */
    public Client withPort(int port) {
        return new Client(protocol, address, port, virtualAddress, virtualPort, firewallMark);
    }

    /**
     * The address family.
     *
     * @return the family of the client's address, which is also the virtual address's
     */
    public AddressFamily family() {
        return AddressFamily.of(address);
    }

    /** Formats as {@code tcp 203.0.113.5:40000 -> 192.0.2.1:80}. */
    @Override
    public String toString() {
        return protocol.name().toLowerCase(java.util.Locale.ROOT) + " " + Addresses.format(address, port) + " -> "
                + Addresses.format(virtualAddress, virtualPort) + (firewallMark != 0 ? " mark " + firewallMark : "");
    }
}
