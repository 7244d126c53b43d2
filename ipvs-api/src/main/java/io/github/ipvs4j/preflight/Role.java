package io.github.ipvs4j.preflight;

/** What a host is in an LVS cluster. */
public enum Role {
    /** The load balancer: holds the VIPs and the IPVS table. */
    DIRECTOR,
    /** A server behind the director, answering the clients' requests. */
    REAL_SERVER
}
