package io.github.ipvs4j.model;

/**
 * A virtual service as read from the kernel, with its statistics.
 *
 * @param service the configuration
 * @param stats traffic counters and rates
 */
public record VirtualServiceStatus(VirtualService service, Stats stats) {
    /**
     * Validates the components.
     *
     * @param service the configuration
     * @param stats traffic counters and rates
     * @throws NullPointerException if a component is null
     */
    public VirtualServiceStatus {
        Check.notNull("service", service);
        Check.notNull("stats", stats);
    }
}
