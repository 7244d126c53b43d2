package io.github.ipvs4j.testkit;

/**
 * The protocol state of a connection or persistence template in the fake kernel's connection table:
 * the subset of the kernel's TCP, UDP and SCTP states that the fake's traffic model reaches (and the
 * one more the kernel checks).
 */
enum ConnectionState {
    /** A template, or a connection before its first packet was handled. */
    NONE("NONE"),
    /** An open TCP or SCTP connection. */
    ESTABLISHED("ESTABLISHED"),
    /** A TCP connection the client closed, through a director that sees only the client's half (DR, tunnel). */
    FIN_WAIT("FIN_WAIT"),
    /** A TCP connection the client closed, through a director that sees both halves (NAT). */
    TIME_WAIT("TIME_WAIT"),
    /** TCP {@code CLOSE}: {@code is_new_conn_expected} checks it; the fake's traffic never enters it. */
    CLOSE("CLOSE"),
    /** A closed SCTP connection. */
    CLOSED("CLOSED"),
    /** A UDP "connection". */
    UDP("UDP");

    private final String kernelName;

    ConnectionState(String kernelName) {
        this.kernelName = kernelName;
    }

    /**
     * The state as the kernel names it in its connection table and as {@link io.github.ipvs4j.model.Connection#state()}
     * reports it, e.g. {@code ESTABLISHED}.
     *
     * @return the kernel's name of this state
     */
    String kernelName() {
        return kernelName;
    }
}
