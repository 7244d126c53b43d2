package io.github.ipvs4j;

/**
 * Connection timeouts in seconds (ipvsadm {@code --set tcp tcpfin udp}). When setting, 0 leaves a
 * timeout unchanged, as the kernel does.
 *
 * @param tcp established TCP connections, 0..2147483
 * @param tcpFin TCP connections after a FIN, 0..2147483
 * @param udp UDP "connections", 0..2147483
 */
public record Timeouts(int tcp, int tcpFin, int udp) {
    /** The largest timeout accepted: the kernel keeps timeouts in jiffies in a 32-bit int. */
    public static final int MAX_SECONDS = Integer.MAX_VALUE / 1000;

    /** Validates the components. */
    public Timeouts {
        Check.range("tcp timeout", tcp, 0, MAX_SECONDS);
        Check.range("tcpfin timeout", tcpFin, 0, MAX_SECONDS);
        Check.range("udp timeout", udp, 0, MAX_SECONDS);
    }
}
