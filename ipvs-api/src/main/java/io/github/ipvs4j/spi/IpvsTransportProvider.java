package io.github.ipvs4j.spi;

/**
 * Makes transports; found with {@link java.util.ServiceLoader}. {@link io.github.ipvs4j.Ipvs#open()}
 * takes the available provider with the highest {@link #priority()}, or the one named by the system
 * property {@value io.github.ipvs4j.Ipvs#TRANSPORT_PROPERTY}.
 */
public interface IpvsTransportProvider {

    /** A short unique name, e.g. {@code netlink}; what the system property selects. */
    String name();

    /**
     * Whether this provider can work here at all (right OS, native access). Cheap, and must not throw;
     * a provider that returns false explains why in {@link #unavailableReason()}.
     */
    boolean isAvailable();

    /** Why {@link #isAvailable()} is false, for the error message; empty when available. */
    default String unavailableReason() {
        return "";
    }

    /** 0..10; higher wins. The real-kernel transport uses 5. */
    int priority();

    /**
     * Opens a transport.
     *
     * @throws io.github.ipvs4j.model.IpvsUnavailableException if the kernel side is missing (no IPVS)
     * @throws io.github.ipvs4j.model.IpvsException for other failures
     */
    IpvsTransport open(TransportOptions options);
}
