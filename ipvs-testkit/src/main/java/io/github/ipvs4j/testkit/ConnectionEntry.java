package io.github.ipvs4j.testkit;

import io.github.ipvs4j.model.AddressFamily;
import io.github.ipvs4j.testkit.scheduler.Destination;
import java.net.InetAddress;

/** The fake kernel's {@code struct ip_vs_conn}: a connection or a persistence template. */
final class ConnectionEntry {
    /** Protocol number; 0 ({@code IPPROTO_IP}) for a firewall-mark template. */
    final int protocol;
    final long id;
    final AddressFamily family;
    final InetAddress clientAddress;
    int clientPort;
    final InetAddress virtualAddress;
    int virtualPort;
    final InetAddress realAddress;
    int realPort;
    final Destination dest;
    final boolean template;
    /** DR and tunnel connections: the director sees only the client's half of the traffic. */
    final boolean noOutput;
    boolean inactive;
    ConnectionState state;
    long timeoutMillis;
    long expiresAt;
    ConnectionEntry control;
    int controlled;
    /** A template whose real server went away: no longer found, left to expire. */
    boolean invalidated;

    ConnectionEntry(long id, int protocol, AddressFamily family, InetAddress clientAddress, int clientPort,
            InetAddress virtualAddress, int virtualPort, Destination dest, int realPort, boolean template,
            boolean noOutput) {
        this.id = id;
        this.protocol = protocol;
        this.family = family;
        this.clientAddress = clientAddress;
        this.clientPort = clientPort;
        this.virtualAddress = virtualAddress;
        this.virtualPort = virtualPort;
        this.dest = dest;
        this.realAddress = dest.address();
        this.realPort = realPort;
        this.template = template;
        this.noOutput = noOutput;
        this.inactive = true;
    }

    /** The key of a connection ({@code ip_vs_conn_in_get}) or a template ({@code ip_vs_ct_in_get}). */
    record Key(boolean template, int protocol, InetAddress clientAddress, int clientPort,
            InetAddress virtualAddress, int virtualPort) {
    }

    Key key() {
        return new Key(template, protocol, clientAddress, clientPort, virtualAddress, virtualPort);
    }
}
