package io.github.ipvs4j.model;

/**
 * Traffic counters and rates, as the kernel's 64-bit statistics report them. Counters are unsigned
 * 64-bit values (use {@link Long#toUnsignedString(long)} past 2^63). Rates are per second, averaged
 * by the kernel's estimator, which updates them about every two seconds.
 *
 * @param connections connections scheduled
 * @param inPackets packets from clients
 * @param outPackets packets to clients
 * @param inBytes bytes from clients
 * @param outBytes bytes to clients
 * @param connectionRate connections per second
 * @param inPacketRate incoming packets per second
 * @param outPacketRate outgoing packets per second
 * @param inByteRate incoming bytes per second
 * @param outByteRate outgoing bytes per second
 */
public record Stats(long connections, long inPackets, long outPackets, long inBytes, long outBytes,
        long connectionRate, long inPacketRate, long outPacketRate, long inByteRate, long outByteRate) {

    /** All zero. */
    public static final Stats ZERO = new Stats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
