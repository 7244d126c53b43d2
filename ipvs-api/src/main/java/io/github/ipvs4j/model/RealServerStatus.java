package io.github.ipvs4j.model;

/**
 * A real server as read from the kernel, with its connection counts and statistics.
 *
 * @param server the configuration
 * @param activeConnections connections in an established state ({@code ActiveConn})
 * @param inactiveConnections other connections still in the table ({@code InActConn})
 * @param persistentConnections persistence templates pointing at this server
 * @param stats traffic counters and rates
 */
public record RealServerStatus(RealServer server, long activeConnections, long inactiveConnections,
        long persistentConnections, Stats stats) {
    /**
     * Validates the components.
     *
     * @param server the configuration
     * @param activeConnections connections in an established state ({@code ActiveConn})
     * @param inactiveConnections other connections still in the table ({@code InActConn})
     * @param persistentConnections persistence templates pointing at this server
     * @param stats traffic counters and rates
     * @throws NullPointerException if {@code server} or {@code stats} is null
     */
    public RealServerStatus {
        Check.notNull("server", server);
        Check.notNull("stats", stats);
    }
}
