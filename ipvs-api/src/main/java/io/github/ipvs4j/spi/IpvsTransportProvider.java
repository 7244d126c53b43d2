package io.github.ipvs4j.spi;

/**
 * Makes transports; found with {@link java.util.ServiceLoader}. {@link io.github.ipvs4j.Ipvs#open()}
 * takes the available provider with the highest {@link #priority()}, or the one named by the system
 * property {@value io.github.ipvs4j.Ipvs#TRANSPORT_PROPERTY}.
 */
public interface IpvsTransportProvider {

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
     * @return true if {@link #open(TransportOptions)} may be tried here
     */
    boolean isAvailable();

    /**
     * Why {@link #isAvailable()} is false, for the error message.
     *
     * @return the reason, for people; {@code ""} when available
     */
    default String unavailableReason() {
        return "";
    }

    /**
     * How strongly this provider is preferred among the available ones.
     *
     * @return 0..10, higher wins; the real-kernel transport uses 5
     */
    int priority();

    /**
     * Opens a transport.
     *
     * @param options the namespace to manage and the request timeout
     * @return the open transport, which the caller closes
     * @throws io.github.ipvs4j.model.IpvsUnavailableException if the kernel side is missing (no IPVS)
     * @throws io.github.ipvs4j.model.IpvsException for other failures
     */
    IpvsTransport open(TransportOptions options);
}
