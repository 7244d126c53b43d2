package io.github.ipvs4j.spi;

/**
 * What every provider of a transport says about itself, so that the entry points choose among them
 * the same way: the available one with the highest {@link #priority()}, or the one named by a system
 * property ({@value io.github.ipvs4j.Ipvs#TRANSPORT_PROPERTY} for IPVS,
 * {@value io.github.ipvs4j.Host#TRANSPORT_PROPERTY} for the host).
 */
public interface TransportProvider {
    /**
     * A short unique name; what the system property selects.
     *
     * @return the name, e.g. {@code netlink}
     */
    String name();

    /**
     * Whether this provider can work here at all (right OS, native access). Cheap, and must not throw;
     * a provider that returns false explains why in {@link #unavailableReason()}.
     *
     * @return true if the provider's {@code open} may be tried here; by default, whether
     *     {@link #unavailableReason()} is empty
     */
    default boolean isAvailable() {
        return unavailableReason().isEmpty();
    }

    /**
     * Why {@link #isAvailable()} is false, for the error message.
     *
     * @return the reason, for people; {@code ""} when available (the default)
     */
    default String unavailableReason() {
        return "";
    }

    /**
     * How strongly this provider is preferred among the available ones.
     *
     * @return 0..10, higher wins; the real-kernel transports use 5
     */
    int priority();
}
