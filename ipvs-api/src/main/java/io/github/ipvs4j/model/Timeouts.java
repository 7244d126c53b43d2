package io.github.ipvs4j.model;

/**
 * Connection timeouts in seconds (ipvsadm {@code --set tcp tcpfin udp}). When setting, 0 leaves a
 * timeout unchanged, as the kernel does.
 *
 * <p>The kernel keeps timeouts in jiffies in a signed 32-bit int and refuses (EINVAL) more than
 * {@code INT_MAX / HZ} seconds: 8589934 with Debian's HZ=250, 2147483 with HZ=1000. The model refuses
 * what no kernel accepts (more than {@value #MAX_SECONDS}, the limit at the smallest HZ, 100).
 *
 * @param tcp established TCP connections, 0..21474836
 * @param tcpFin TCP connections after a FIN, 0..21474836
 * @param udp UDP "connections", 0..21474836
 */
public record Timeouts(int tcp, int tcpFin, int udp) {
    /** The largest timeout any kernel accepts: {@code INT_MAX / HZ} with the smallest HZ, 100. */
    public static final int MAX_SECONDS = Integer.MAX_VALUE / 100;

    /**
     * Validates the components.
     *
     * @param tcp established TCP connections, 0..{@value #MAX_SECONDS} seconds (0 = unchanged)
     * @param tcpFin TCP connections after a FIN, 0..{@value #MAX_SECONDS} seconds (0 = unchanged)
     * @param udp UDP "connections", 0..{@value #MAX_SECONDS} seconds (0 = unchanged)
     * @throws InvalidConfigurationException if a timeout is out of range
     */
    public Timeouts {
        Check.range("tcp timeout", tcp, 0, MAX_SECONDS);
        Check.range("tcpfin timeout", tcpFin, 0, MAX_SECONDS);
        Check.range("udp timeout", udp, 0, MAX_SECONDS);
    }
}
